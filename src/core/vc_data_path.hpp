// The call-model side of the VC data path: the checks that need a VC's data counters
// (Vc::sends_outstanding, Vc::receives_outstanding), called where a deactivation completes and
// where a client closes its call. The data path itself is src/api/co_data_path.cpp.
#pragma once

#include <cstdint>

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

}  // namespace core
}  // namespace condis
