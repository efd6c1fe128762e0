// Address-family close notification (call-management.md 3.11; rules CM-038, CM-039):
// Ndis(M)CmNotifyCloseAddressFamily -> ProtocolClNotifyCloseAf, and for a pended notify
// NdisClNotifyCloseAddressFamilyComplete -> ProtocolCmNotifyCloseAfComplete. The notify is called
// at PASSIVE_LEVEL (CM-011/012) from the CM's unbind or the MCM's halt; the completion at <=
// DISPATCH_LEVEL. An AF the client closes while the notify is outstanding stays allocated in
// state CLOSED until the notify finishes, so its handle still names it for the completion.
#include <mutex>

#include "api/co_common.hpp"

using namespace condis;
using namespace condis::api;
using core::AfState;

namespace condis::api {

NDIS_STATUS notify_close_address_family(CmCaller caller, NDIS_HANDLE af_handle) {
  const char* fn = cm_name(caller, "NdisCmNotifyCloseAddressFamily", "NdisMCmNotifyCloseAddressFamily");
  RuntimeCore* rtp = runtime_for(af_handle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisAfHandle", af_handle}});
  if (!irql_passive(rt, caller == CmCaller::StandAlone ? "CM-011" : "CM-012", fn))
    return trace.returns(NDIS_STATUS_FAILURE);
  AfOpen* af = resolve<AfOpen>(rt, af_handle, ObjectType::AfOpen, fn, "NdisAfHandle");
  if (!af) return trace.returns(NDIS_STATUS_FAILURE);
  check_cm_role(rt, caller, af->reg->cm, fn, "NdisAfHandle", af_handle);
  {
    std::lock_guard lock(af->lock);
    if (af->state != AfState::Open || core::outstanding(af->notify_op)) {
      rt.verifier()
          .finding("CM-038", fn)
          .handle("NdisAfHandle", af_handle)
          .state("address family", core::af_state_name(af->state))
          .message(af->state == AfState::NotifyClosing ? "a close notification is already outstanding on this AF"
                                                       : "the AF instance is not OPEN")
          .expected("an OPEN AF instance, notified once")
          .remedy("notify each open AF instance once; an instance the client is closing needs no notification");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    af->state = AfState::NotifyClosing;
    af->notify_op = core::PendingOp::InHandler;
  }
  CoDriver* client = af->client;
  NDIS_STATUS status =
      upcall(rt, {"ProtocolClNotifyCloseAf", client->name}, client->client.ClNotifyCloseAfHandler, af->client_context);
  const auto releases = rt.calls().hold_releases();  // a binding's release waits until this is done
  bool early = false, free_now = false, frees = false;
  {
    std::lock_guard lock(af->lock);
    const bool completed_early = af->notify_op == core::PendingOp::CompletedEarly;
    const bool apply = core::finish_handler(af->notify_op, status == NDIS_STATUS_PENDING, &early);
    if (af->free_deferred) {
      frees = af->drop_hold();  // the client's binding was released while the handler ran
    } else {
      // OQ-24: a refused notify leaves the AF as the client's actions left it (OPEN if it did nothing).
      if (apply && status != NDIS_STATUS_SUCCESS && af->state == AfState::NotifyClosing) af->state = AfState::Open;
      free_now = (apply || completed_early) && af->state == AfState::Closed && !core::outstanding(af->close_op);
    }
  }
  if (early) report_completed_without_pend(rt, "ProtocolClNotifyCloseAf", af_handle, status);
  if (free_now) rt.calls().free_af_open(af);
  if (frees) rt.calls().destroy_af_open(af);
  return trace.returns(status);
}

}  // namespace condis::api

extern "C" {

// Called by the client at IRQL <= DISPATCH_LEVEL, once, after its ProtocolClNotifyCloseAf pended.
VOID NdisClNotifyCloseAddressFamilyComplete(NDIS_HANDLE NdisAfHandle, NDIS_STATUS Status) {
  static constexpr const char* fn = "NdisClNotifyCloseAddressFamilyComplete";
  RuntimeCore* rtp = runtime_for(NdisAfHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", Status}, {{"NdisAfHandle", NdisAfHandle}});
  if (!irql_at_most_dispatch(rt, "CM-013", fn)) return;
  AfOpen* af = resolve<AfOpen>(rt, NdisAfHandle, ObjectType::AfOpen, fn, "NdisAfHandle");
  if (!af) return;
  if (!completion_status_ok(rt, Status, fn, "NdisAfHandle", NdisAfHandle)) return;
  bool free_now;
  {
    std::lock_guard lock(af->lock);
    const core::Acceptance taken = core::accept_completion_ex(af->notify_op);
    if (taken == core::Acceptance::Rejected) {
      rt.verifier()
          .finding("CM-039", fn)
          .handle("NdisAfHandle", NdisAfHandle)
          .state("address family", core::af_state_name(af->state))
          .message("no ProtocolClNotifyCloseAf is pending on this AF; the completion is ignored")
          .expected("exactly one completion, after ProtocolClNotifyCloseAf returned NDIS_STATUS_PENDING")
          .remedy("complete only a notify you pended; a non-PENDING return is already final");
      return;
    }
    if (Status != NDIS_STATUS_SUCCESS && af->state == AfState::NotifyClosing) af->state = AfState::Open;  // OQ-24
    free_now = taken == core::Acceptance::AfterPend && af->state == AfState::Closed && !core::outstanding(af->close_op);
  }
  core::AfRegistration* reg = af->reg;
  void* cm_context = af->cm_context;
  if (free_now) rt.calls().free_af_open(af);
  CoDriver* cm = reg->cm;
  // CM-039: only for a pended notify; an old-size CM table has no such handler (OQ-10).
  if (cm->cm_has_notify_close_complete && cm->cm.CmNotifyCloseAfCompleteHandler)
    upcall(rt, {"ProtocolCmNotifyCloseAfComplete", cm->name}, cm->cm.CmNotifyCloseAfCompleteHandler, cm_context,
           Status);
}

}  // extern "C"
