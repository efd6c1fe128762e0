// VC-005: the NdisMCo* functions that take only an NdisVcHandle (activation and deactivation
// completions, send completions, receive indications) may be given only a VC of the calling
// miniport's own adapter. They carry no adapter handle, so the caller is known only when it calls
// from inside one of its own handlers (current_upcall_driver()); it must then be the VC's
// miniport, or the MCM for an MCM's VC. NdisMCoOidRequestComplete and NdisMCoIndicateStatusEx
// name their adapter and check the VC against it (their own rules, ST-004).
#pragma once

#include <string_view>

#include "api/co_common.hpp"

namespace condis::api {

// False (after the finding) when a driver other than the VC's miniport is calling `fn`.
inline bool vc_of_calling_miniport(RuntimeCore& rt, const Vc& vc, const char* fn, const void* vc_handle) {
  const std::string_view caller = current_upcall_driver();
  if (caller.empty() || caller == "driver" || !checking(rt)) return true;  // caller unknown
  const CoDriver* owner = vc.miniport ? vc.miniport : vc.cm;
  if (!owner || caller == owner->name) return true;
  rt.verifier()
      .finding("VC-005", fn)
      .handle("NdisVcHandle", vc_handle)
      .value("caller", std::string(caller))
      .value("VC's miniport", owner->name)
      .message("the VC is not on the calling miniport's adapter; the call is ignored")
      .expected("an NdisVcHandle the caller got in MiniportCoCreateVc, created with NdisMCmCreateVc, or that a "
                "client created on its adapter (for an MCM)")
      .remedy("keep each VC handle with the adapter state it belongs to and pass only your own VCs");
  return false;
}

}  // namespace condis::api
