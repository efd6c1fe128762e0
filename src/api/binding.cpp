// The protocol side of the binding life cycle (driver-model.md 2.4): open, bind completion,
// close, unbind completion, NdisUnbindAdapter.
#include "api/dm_resolve.hpp"
#include "ndis.h"

using namespace condis;

// Caller: ProtocolBindAdapterEx, at PASSIVE_LEVEL.
extern "C" NDIS_STATUS NdisOpenAdapterEx(NDIS_HANDLE NdisProtocolHandle, NDIS_HANDLE ProtocolBindingContext,
                                         PNDIS_OPEN_PARAMETERS OpenParameters, NDIS_HANDLE BindContext,
                                         PNDIS_HANDLE NdisBindingHandle) {
  static const char* fn = "NdisOpenAdapterEx";
  RuntimeCore* rt = RuntimeCore::for_handle(NdisProtocolHandle);
  api::ModelGuard model(rt);
  if (!rt) return NDIS_STATUS_FAILURE;
  if (!api::require_irql(*rt, api::at_passive(), "DRV-050", fn, "PASSIVE_LEVEL")) return NDIS_STATUS_FAILURE;
  core::Driver* d = api::resolve_driver(rt, NdisProtocolHandle, ObjectType::ProtocolDriver, "DRV-050", fn, "NdisProtocolHandle");
  if (!d) return NDIS_STATUS_FAILURE;
  auto* op = api::resolve_dm<core::BindOperation>(rt, BindContext, ObjectType::BindContext, "DRV-050", fn, "BindContext");
  if (!op) return NDIS_STATUS_FAILURE;
  if (!OpenParameters || !NdisBindingHandle) {
    rt->verifier().finding("DRV-051", fn).message("NULL OpenParameters or NdisBindingHandle")
        .expected("valid NDIS_OPEN_PARAMETERS and a place for the binding handle");
    return NDIS_STATUS_INVALID_PARAMETER;
  }
  return rt->drivers().open_adapter(*d, *op, ProtocolBindingContext, *OpenParameters, NdisBindingHandle);
}

// Caller: the protocol, after ProtocolBindAdapterEx returned PENDING; IRQL <= DISPATCH_LEVEL.
extern "C" VOID NdisCompleteBindAdapterEx(NDIS_HANDLE BindAdapterContext, NDIS_STATUS Status) {
  RuntimeCore* rt = RuntimeCore::for_handle(BindAdapterContext);
  api::ModelGuard model(rt);
  auto* op = api::resolve_dm<core::BindOperation>(rt, BindAdapterContext, ObjectType::BindContext, "DRV-040",
                                                  "NdisCompleteBindAdapterEx", "BindAdapterContext");
  if (op) rt->drivers().complete_bind(*op, Status);
}

// Caller: ProtocolUnbindAdapterEx (or ProtocolBindAdapterEx to undo an open), PASSIVE_LEVEL.
extern "C" NDIS_STATUS NdisCloseAdapterEx(NDIS_HANDLE NdisBindingHandle) {
  static const char* fn = "NdisCloseAdapterEx";
  RuntimeCore* rt = RuntimeCore::for_handle(NdisBindingHandle);
  api::ModelGuard model(rt);
  if (!rt) return NDIS_STATUS_FAILURE;
  if (!api::require_irql(*rt, api::at_passive(), "DRV-056", fn, "PASSIVE_LEVEL")) return NDIS_STATUS_FAILURE;
  auto* b = api::resolve_dm<core::Binding>(rt, NdisBindingHandle, ObjectType::Binding, "DRV-056", fn, "NdisBindingHandle");
  if (!b) return NDIS_STATUS_FAILURE;
  return rt->drivers().close_adapter(*b);
}

// Caller: the protocol, after ProtocolUnbindAdapterEx returned PENDING; IRQL <= DISPATCH_LEVEL.
extern "C" VOID NdisCompleteUnbindAdapterEx(NDIS_HANDLE UnbindContext) {
  RuntimeCore* rt = RuntimeCore::for_handle(UnbindContext);
  api::ModelGuard model(rt);
  auto* op = api::resolve_dm<core::UnbindOperation>(rt, UnbindContext, ObjectType::UnbindContext, "DRV-041",
                                                    "NdisCompleteUnbindAdapterEx", "UnbindContext");
  if (op) rt->drivers().complete_unbind(*op);
}

// Caller: the protocol, outside its bind/unbind handlers; IRQL <= DISPATCH_LEVEL.
extern "C" NDIS_STATUS NdisUnbindAdapter(NDIS_HANDLE NdisBindingHandle) {
  static const char* fn = "NdisUnbindAdapter";
  RuntimeCore* rt = RuntimeCore::for_handle(NdisBindingHandle);
  api::ModelGuard model(rt);
  if (!rt) return NDIS_STATUS_FAILURE;
  api::require_irql(*rt, api::at_most_dispatch(), "DRV-059", fn, "IRQL <= DISPATCH_LEVEL");
  auto* b = api::resolve_dm<core::Binding>(rt, NdisBindingHandle, ObjectType::Binding, "DRV-059", fn, "NdisBindingHandle");
  if (!b) return NDIS_STATUS_FAILURE;
  if (core::find_frame(rt, core::Callback::ProtocolBind) || core::find_frame(rt, core::Callback::ProtocolUnbind)) {
    rt->verifier()
        .finding("DRV-059", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .message("NdisUnbindAdapter called inside ProtocolBindAdapterEx / ProtocolUnbindAdapterEx")
        .expected("NdisUnbindAdapter only outside the bind and unbind handlers")
        .remedy("in ProtocolUnbindAdapterEx call NdisCloseAdapterEx; in a failing bind close the open directly");
    return NDIS_STATUS_FAILURE;
  }
  rt->drivers().request_unbind(*b);
  return NDIS_STATUS_SUCCESS;
}
