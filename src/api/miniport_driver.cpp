// NdisMRegisterMiniportDriver / NdisMDeregisterMiniportDriver (driver-model.md 2.1).
// Caller: a miniport's DriverEntry / MiniportDriverUnload, at PASSIVE_LEVEL.
#include "api/dm_resolve.hpp"
#include "ndis.h"

using namespace condis;

extern "C" NDIS_STATUS NdisMRegisterMiniportDriver(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath,
                                                   NDIS_HANDLE MiniportDriverContext,
                                                   PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Characteristics,
                                                   PNDIS_HANDLE NdisMiniportDriverHandle) {
  (void)RegistryPath;
  RuntimeCore* rt = RuntimeCore::current();
  api::ModelGuard model(rt);
  if (!rt) return NDIS_STATUS_FAILURE;
  if (!Characteristics || !NdisMiniportDriverHandle) {
    rt->verifier()
        .finding("DRV-002", "NdisMRegisterMiniportDriver")
        .message("NULL characteristics or handle pointer")
        .expected("a filled NDIS_MINIPORT_DRIVER_CHARACTERISTICS and a place for the handle");
    return NDIS_STATUS_BAD_CHARACTERISTICS;
  }
  return rt->drivers().register_miniport(DriverObject, MiniportDriverContext, *Characteristics,
                                         NdisMiniportDriverHandle);
}

extern "C" VOID NdisMDeregisterMiniportDriver(NDIS_HANDLE NdisMiniportDriverHandle) {
  static const char* fn = "NdisMDeregisterMiniportDriver";
  RuntimeCore* rt = RuntimeCore::for_handle(NdisMiniportDriverHandle);
  api::ModelGuard model(rt);
  if (!rt) return;
  api::require_irql(*rt, api::at_passive(), "DRV-010", fn, "PASSIVE_LEVEL");
  core::Driver* d =
      api::resolve_driver(rt, NdisMiniportDriverHandle, ObjectType::MiniportDriver, "DRV-010", fn, "NdisMiniportDriverHandle");
  if (!d) return;
  rt->drivers().deregister(*d);
}
