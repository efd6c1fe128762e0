// NDIS I/O work items (driver-model.md 2.8.5). All at IRQL <= DISPATCH_LEVEL; the routine runs
// later at PASSIVE_LEVEL on a scheduler processor.
#include "condis/ndis/services.h"
#include "runtime/runtime_core.hpp"
#include "services/checks.hpp"
#include "services/services_state.hpp"

using namespace condis;

extern "C" {

NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle) {
  static constexpr const char* kFn = "NdisAllocateIoWorkItem";
  RuntimeCore* rt = services::resolve_owner(NdisObjectHandle, kFn);
  if (!rt) return nullptr;
  services::require_at_most_dispatch(rt, kFn);
  const ObjectType type = HandleBits::type(reinterpret_cast<uintptr_t>(NdisObjectHandle));
  if ((type == ObjectType::ProtocolDriver || type == ObjectType::Binding) &&
      rt->services().first_protocol_work_item(NdisObjectHandle)) {
    // OQ-D22: accepted so that such drivers run, with a portability warning.
    if (Verifier* v = services::checking(rt))
      v->finding("SVC-033", kFn)
          .severity(Severity::Warning)
          .handle("NdisObjectHandle", NdisObjectHandle)
          .message("a protocol driver allocated an NDIS I/O work item; Windows associates no device object with "
                   "protocol drivers, so this does not port")
          .expected("work items are allocated with a miniport adapter or miniport driver handle")
          .remedy("on Windows, use a system work item (IoAllocateWorkItem on a device the driver owns)");
  }
  return rt->services().work_items().allocate(NdisObjectHandle);
}

VOID NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle, NDIS_IO_WORKITEM_ROUTINE Routine, PVOID WorkItemContext) {
  RuntimeCore* rt = RuntimeCore::for_handle(NdisIoWorkItemHandle);
  if (!rt) return;
  rt->services().work_items().queue(NdisIoWorkItemHandle, Routine, WorkItemContext);
}

VOID NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle) {
  RuntimeCore* rt = RuntimeCore::for_handle(NdisIoWorkItemHandle);
  if (!rt) return;
  rt->services().work_items().free(NdisIoWorkItemHandle);
}

}  // extern "C"
