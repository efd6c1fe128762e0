// General OID requests (driver-model.md 2.2.10): NdisOidRequest from a protocol, and the
// miniport's NdisMOidRequestComplete.
#include "api/dm_resolve.hpp"
#include "ndis.h"

using namespace condis;

// Caller: a protocol, on an open binding; IRQL <= DISPATCH_LEVEL.
extern "C" NDIS_STATUS NdisOidRequest(NDIS_HANDLE NdisBindingHandle, PNDIS_OID_REQUEST OidRequest) {
  static const char* fn = "NdisOidRequest";
  RuntimeCore* rt = RuntimeCore::for_handle(NdisBindingHandle);
  api::ModelGuard model(rt);
  if (!rt) return NDIS_STATUS_INVALID_PARAMETER;
  api::require_irql(*rt, api::at_most_dispatch(), "DRV-053", fn, "IRQL <= DISPATCH_LEVEL");
  auto* b = api::resolve_dm<core::Binding>(rt, NdisBindingHandle, ObjectType::Binding, "DRV-053", fn, "NdisBindingHandle");
  if (!b) return NDIS_STATUS_INVALID_PARAMETER;
  if (!OidRequest || OidRequest->Header.Type != NDIS_OBJECT_TYPE_OID_REQUEST) return NDIS_STATUS_INVALID_PARAMETER;
  if (b->state == core::BindingState::Closing || b->closed) {
    rt->verifier()
        .finding("DRV-053", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .state("binding", core::binding_state_name(b->state))
        .message("OID request on a binding that is closing")
        .expected("OID requests only between the open's completion and NdisCloseAdapterEx");
    return NDIS_STATUS_CLOSING;
  }
  return rt->drivers().issue_oid(*b->adapter, OidRequest, b);
}

// Caller: the miniport, for a request its MiniportOidRequest pended; IRQL <= DISPATCH_LEVEL.
extern "C" VOID NdisMOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle, PNDIS_OID_REQUEST OidRequest,
                                        NDIS_STATUS Status) {
  RuntimeCore* rt = RuntimeCore::for_handle(MiniportAdapterHandle);
  api::ModelGuard model(rt);
  auto* a = api::resolve_dm<core::Adapter>(rt, MiniportAdapterHandle, ObjectType::Adapter, "DRV-032",
                                           "NdisMOidRequestComplete", "MiniportAdapterHandle");
  if (a) rt->drivers().oid_complete(*a, OidRequest, Status);
}
