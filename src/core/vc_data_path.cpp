#include "core/vc_data_path.hpp"

#include <atomic>
#include <mutex>
#include <string>

#include "core/nbl_store.hpp"
#include "core/vc.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::core {

void report_vc_not_quiet(RuntimeCore& rt, const void* vc_handle, uint32_t sends, uint32_t receives,
                         const char* function) {
  if ((!sends && !receives) || !rt.verifier().enabled()) return;
  for (const char* rule : {"VC-011", "CM-047"})
    rt.verifier()
        .finding(rule, function)
        .handle("NdisVcHandle", vc_handle)
        .value("sends outstanding", std::to_string(sends))
        .value("receives not returned", std::to_string(receives))
        .message("the deactivation completed while data on the VC was still outstanding")
        .expected("every send completed and every indicated receive returned before the deactivation completes")
        .remedy("complete queued sends and wait for indicated NBLs to come back, then complete the deactivation");
}

void report_close_call_sends(RuntimeCore& rt, const void* vc_handle, uint32_t sends, const char* function) {
  if (!sends || !rt.verifier().enabled()) return;
  rt.verifier()
      .finding("CM-070", function)
      .handle("NdisVcHandle", vc_handle)
      .value("sends outstanding", std::to_string(sends))
      .message("the call is closed while sends on the VC have not come back to ProtocolCoSendNetBufferListsComplete")
      .expected("every send on the VC completed before NdisClCloseCall")
      .remedy("stop sending and wait for the send completions before closing the call");
}

void start_send_clocks(RuntimeCore& rt, const std::vector<PNET_BUFFER_LIST>& nbls, const void* vc_handle) {
  const VerifierOptions& options = rt.config().verifier_options;
  const uint64_t limit = uint64_t(options.send_completion_limit.count());
  if (!options.check_send_completion_time || limit == 0 || !rt.verifier().enabled()) return;
  static std::atomic<uint64_t> next_serial{0};
  const uint64_t due = rt.scheduler().now_ns() + limit;
  for (PNET_BUFFER_LIST nbl : nbls) {
    uint64_t serial = 0;
    {
      std::lock_guard lock(rt.nbls().mutex());
      NblRecord* r = rt.nbls().nbl(nbl);
      if (!r || r->where != NblWhere::SendAtMiniport) continue;
      serial = r->send_serial = ++next_serial;
    }
    const uint64_t timer = rt.scheduler().post_at(
        due,
        [&rt, nbl, serial, vc_handle, limit] {
          void* adapter = nullptr;
          {
            std::lock_guard lock(rt.nbls().mutex());
            NblRecord* r = rt.nbls().nbl(nbl);
            if (!r || r->where != NblWhere::SendAtMiniport || r->send_serial != serial) return;
            r->send_timer = 0;
            adapter = r->adapter;
          }
          rt.verifier()
              .finding("DP-018", "MiniportCoSendNetBufferLists")
              .handle("NetBufferList", nbl)
              .handle("NdisVcHandle", vc_handle)
              .handle("MiniportAdapterHandle", adapter)
              .value("limit_ms", std::to_string(limit / 1'000'000))
              .message("the miniport has held a sent NBL longer than the send-completion limit")
              .expected("NdisMCoSendNetBufferListsComplete within a bounded time of the send")
              .remedy("complete sends promptly; fail queued sends the hardware cannot transmit");
        },
        {exec::kPassive, exec::kAnyProcessor, "DP-018 send limit"});
    std::lock_guard lock(rt.nbls().mutex());
    if (NblRecord* r = rt.nbls().nbl(nbl); r && r->send_serial == serial && r->where == NblWhere::SendAtMiniport)
      r->send_timer = timer;
  }
}

void stop_send_clocks(RuntimeCore& rt, const std::vector<uint64_t>& timers) {
  for (uint64_t timer : timers) rt.scheduler().cancel(timer);
}

}  // namespace condis::core
