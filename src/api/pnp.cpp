// NdisCompleteNetPnPEvent (driver-model.md 2.5.3). Caller: the protocol, after
// ProtocolNetPnPEvent returned PENDING, at PASSIVE_LEVEL.
#include "api/dm_resolve.hpp"
#include "ndis.h"

using namespace condis;

extern "C" VOID NdisCompleteNetPnPEvent(NDIS_HANDLE NdisBindingHandle, PNET_PNP_EVENT_NOTIFICATION Notification,
                                        NDIS_STATUS Status) {
  static const char* fn = "NdisCompleteNetPnPEvent";
  RuntimeCore* rt = RuntimeCore::for_handle(NdisBindingHandle);
  api::ModelGuard model(rt);
  if (!rt) return;
  // OQ-D19: NULL (or any binding of the protocol) is accepted; the notification names the event.
  core::PnpOperation* op = rt->drivers().pnp_from_notification(Notification);
  if (!op) {
    rt->verifier()
        .finding("DRV-042", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .value("NetPnPEventNotification", format_handle(Notification))
        .message("no pended network PnP event has this notification pointer")
        .expected("the pointer NDIS passed to ProtocolNetPnPEvent, for an event that returned PENDING")
        .remedy("keep the notification pointer and complete that event once");
    return;
  }
  if (NdisBindingHandle) {
    auto* b = rt->drivers().binding_from_handle(NdisBindingHandle);
    if (!b || b->protocol != op->protocol) {
      rt->verifier()
          .finding("DRV-042", fn)
          .handle("NdisBindingHandle", NdisBindingHandle)
          .message("the binding handle is not a live binding of the protocol that got the event")
          .expected("the binding the event was indicated on, or NULL");
      return;
    }
  }
  rt->drivers().complete_net_pnp(*op, Status);
}
