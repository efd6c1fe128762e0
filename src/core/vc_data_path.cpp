#include "core/vc_data_path.hpp"

#include <mutex>
#include <string>

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

}  // namespace condis::core
