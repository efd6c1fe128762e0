// NdisRegisterProtocolDriver / NdisDeregisterProtocolDriver (driver-model.md 2.3).
// Caller: a protocol's DriverEntry / Unload routine, at PASSIVE_LEVEL.
#include "api/dm_resolve.hpp"
#include "ndis.h"

using namespace condis;

extern "C" NDIS_STATUS NdisRegisterProtocolDriver(NDIS_HANDLE ProtocolDriverContext,
                                                  PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Characteristics,
                                                  PNDIS_HANDLE NdisProtocolHandle) {
  RuntimeCore* rt = RuntimeCore::current();
  api::ModelGuard model(rt);
  if (!rt) return NDIS_STATUS_FAILURE;
  if (!Characteristics || !NdisProtocolHandle) {
    rt->verifier()
        .finding("DRV-002", "NdisRegisterProtocolDriver")
        .message("NULL characteristics or handle pointer")
        .expected("a filled NDIS_PROTOCOL_DRIVER_CHARACTERISTICS and a place for the handle");
    return NDIS_STATUS_BAD_CHARACTERISTICS;
  }
  return rt->drivers().register_protocol(ProtocolDriverContext, *Characteristics, NdisProtocolHandle);
}

extern "C" VOID NdisDeregisterProtocolDriver(NDIS_HANDLE NdisProtocolHandle) {
  static const char* fn = "NdisDeregisterProtocolDriver";
  RuntimeCore* rt = RuntimeCore::for_handle(NdisProtocolHandle);
  api::ModelGuard model(rt);
  if (!rt) return;
  api::require_irql(*rt, api::at_passive(), "DRV-010", fn, "PASSIVE_LEVEL");
  core::Driver* d = api::resolve_driver(rt, NdisProtocolHandle, ObjectType::ProtocolDriver, "DRV-010", fn, "NdisProtocolHandle");
  if (!d) return;
  // DRV-011: it waits for unbinds, so it must not run inside an entry point NDIS called.
  const core::CallbackFrame* f = core::current_frame();
  if (f && f->kind != core::Callback::DriverEntry && f->kind != core::Callback::DriverUnload) {
    rt->verifier()
        .finding("DRV-011", fn)
        .handle("NdisProtocolHandle", NdisProtocolHandle)
        .value("called from", core::callback_name(f->kind))
        .message("NdisDeregisterProtocolDriver called from an entry point NDIS called")
        .expected("only from the driver's Unload routine, or from DriverEntry on a failure path")
        .remedy("deregister from the Unload routine");
    return;
  }
  rt->drivers().deregister(*d);
}
