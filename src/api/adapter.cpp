// The miniport side of the adapter life cycle (driver-model.md 2.2): attributes, pause and
// restart completions.
#include "api/dm_resolve.hpp"
#include "ndis.h"

using namespace condis;

// Caller: MiniportInitializeEx, at PASSIVE_LEVEL.
extern "C" NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE NdisMiniportHandle,
                                                  PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes) {
  static const char* fn = "NdisMSetMiniportAttributes";
  RuntimeCore* rt = RuntimeCore::for_handle(NdisMiniportHandle);
  api::ModelGuard model(rt);
  if (!rt) return NDIS_STATUS_FAILURE;
  if (!api::require_irql(*rt, api::at_passive(), "DRV-023", fn, "PASSIVE_LEVEL")) return NDIS_STATUS_FAILURE;
  auto* a = api::resolve_dm<core::Adapter>(rt, NdisMiniportHandle, ObjectType::Adapter, "DRV-023", fn, "NdisMiniportHandle");
  if (!a) return NDIS_STATUS_FAILURE;
  const core::CallbackFrame* f = core::find_frame(rt, core::Callback::MiniportInitialize);
  if (!a->in_initialize || !f || f->adapter != a) {
    rt->verifier()
        .finding("DRV-023", fn)
        .handle("NdisMiniportHandle", NdisMiniportHandle)
        .message("NdisMSetMiniportAttributes called outside MiniportInitializeEx of this adapter")
        .expected("attributes are set only from MiniportInitializeEx, with the handle it was given")
        .remedy("set the attributes in MiniportInitializeEx");
    return NDIS_STATUS_FAILURE;
  }
  if (!MiniportAttributes) return NDIS_STATUS_INVALID_PARAMETER;
  return rt->drivers().set_attributes(*a, *MiniportAttributes);
}

// Caller: the miniport, after MiniportPause returned PENDING; IRQL <= DISPATCH_LEVEL.
extern "C" VOID NdisMPauseComplete(NDIS_HANDLE MiniportAdapterHandle) {
  RuntimeCore* rt = RuntimeCore::for_handle(MiniportAdapterHandle);
  api::ModelGuard model(rt);
  auto* a = api::resolve_dm<core::Adapter>(rt, MiniportAdapterHandle, ObjectType::Adapter, "DRV-027",
                                           "NdisMPauseComplete", "MiniportAdapterHandle");
  if (a) rt->drivers().pause_complete(*a);
}

// Caller: the miniport, after MiniportRestart returned PENDING; IRQL <= DISPATCH_LEVEL.
extern "C" VOID NdisMRestartComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status) {
  RuntimeCore* rt = RuntimeCore::for_handle(MiniportAdapterHandle);
  api::ModelGuard model(rt);
  auto* a = api::resolve_dm<core::Adapter>(rt, MiniportAdapterHandle, ObjectType::Adapter, "DRV-028",
                                           "NdisMRestartComplete", "MiniportAdapterHandle");
  if (a) rt->drivers().restart_complete(*a, Status);
}
