// The call-model side of the VC data path: the checks that need a VC's data counters
// (Vc::sends_outstanding, Vc::receives_outstanding), called where a deactivation completes and
// where a client closes its call. The data path itself is src/api/co_data_path.cpp.
#pragma once

#include <ndis.h>

#include <cstdint>
#include <vector>

namespace condis {
class RuntimeCore;
namespace core {

struct Vc;

// VC-011 and CM-047: a deactivation completed with sends or receives still outstanding. Called
// with the counts read under the VC's lock; nothing happens when both are 0.
void report_vc_not_quiet(RuntimeCore& rt, const void* vc_handle, uint32_t sends, uint32_t receives,
                         const char* function);

// CM-070: NdisClCloseCall while sends on the VC are still outstanding; `sends` is read under the
// VC's lock by the caller. Nothing happens when it is 0.
void report_close_call_sends(RuntimeCore& rt, const void* vc_handle, uint32_t sends, const char* function);

// DP-018 (VerifierOptions::check_send_completion_time): starts one scheduler timer per NBL just
// handed to the miniport (records in SendAtMiniport). Call before MiniportCoSendNetBufferLists,
// without the NblStore lock; the timer reports an NBL still held by that hand-over when
// send_completion_limit passes.
void start_send_clocks(RuntimeCore& rt, const std::vector<PNET_BUFFER_LIST>& nbls, const void* vc_handle);
// The timers of NBLs just completed (taken from their records under the NblStore lock), cancelled.
void stop_send_clocks(RuntimeCore& rt, const std::vector<uint64_t>& timers);

}  // namespace core
}  // namespace condis
