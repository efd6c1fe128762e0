// Quality-of-service changes (call-management.md 3.10; rules 4.J): NdisClModifyCallQoS ->
// ProtocolCmModifyCallQoS -> Ndis(M)CmModifyCallQoSComplete -> ProtocolClModifyCallQoSComplete,
// and Ndis(M)CmDispatchIncomingCallQoSChange -> ProtocolClIncomingCallQoSChange. All at IRQL <=
// DISPATCH_LEVEL. One modify may be outstanding per VC (OQ-23).
#include <mutex>

#include "api/co_common.hpp"
#include "api/co_request.hpp"  // RQ-016 / RQ-017 hook

using namespace condis;
using namespace condis::api;
using core::CallState;

namespace condis::api {

namespace {
void report_not_reactivated(RuntimeCore& rt, const char* where, const void* vc_handle) {
  rt.verifier()
      .finding("CM-091", where)
      .handle("NdisVcHandle", vc_handle)
      .message("a QoS change was reported as accepted but the VC was not reactivated with the new parameters")
      .expected("Ndis(M)CmActivateVc with the new parameters before SUCCESS")
      .remedy("reactivate the VC, then complete the modify with SUCCESS");
}
}  // namespace

void modify_call_qos_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE vc_handle,
                              PCO_CALL_PARAMETERS parameters) {
  const char* fn = cm_name(caller, "NdisCmModifyCallQoSComplete", "NdisMCmModifyCallQoSComplete");
  RuntimeCore* rtp = runtime_for(vc_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", status}, {{"NdisVcHandle", vc_handle}});
  if (!irql_at_most_dispatch(rt, cm_irql_rule(caller), fn)) return;
  Vc* vc = resolve<Vc>(rt, vc_handle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return;
  check_cm_role(rt, caller, vc->cm, fn, "NdisVcHandle", vc_handle);
  if (!completion_status_ok(rt, status, fn, "NdisVcHandle", vc_handle)) return;
  bool reactivated;
  {
    std::lock_guard lock(vc->lock);
    if (core::accept_completion_ex(vc->qos_op) == core::Acceptance::Rejected) {
      report_unexpected_completion(rt, fn, "NdisVcHandle", vc_handle, "ProtocolCmModifyCallQoS", "call",
                                   core::call_state_name(vc->call));
      return;
    }
    reactivated = vc->reactivated;
  }
  if (status == NDIS_STATUS_SUCCESS && !reactivated && checking(rt)) report_not_reactivated(rt, fn, vc_handle);
  CoDriver* client = vc->af->client;
  upcall(rt, {"ProtocolClModifyCallQoSComplete", client->name}, client->client.ClModifyCallQoSCompleteHandler, status,
         vc->client_context, parameters);
}

void dispatch_incoming_call_qos_change(CmCaller caller, NDIS_HANDLE vc_handle, PCO_CALL_PARAMETERS parameters) {
  const char* fn = cm_name(caller, "NdisCmDispatchIncomingCallQoSChange", "NdisMCmDispatchIncomingCallQoSChange");
  RuntimeCore* rtp = runtime_for(vc_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", vc_handle}});
  if (!irql_at_most_dispatch(rt, cm_irql_rule(caller), fn)) return;
  Vc* vc = resolve<Vc>(rt, vc_handle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc || !vc->af) return;
  check_cm_role(rt, caller, vc->cm, fn, "NdisVcHandle", vc_handle);
  {
    std::lock_guard lock(vc->lock);
    const bool established = vc->call == CallState::Connected || vc->call == CallState::Accepted;
    const bool reactivated = vc->activation == core::Activation::Active && vc->activation_parameters == parameters;
    if (!established || !reactivated) {
      rt.verifier()
          .finding(established ? "CM-093" : "CM-007", fn)
          .handle("NdisVcHandle", vc_handle)
          .state("call", core::call_state_name(vc->call))
          .state("VC activation", core::activation_name(vc->activation))
          .message(established ? "the VC was not reactivated with these parameters before the dispatch"
                               : "the VC carries no established call")
          .expected("an established call whose VC was reactivated (Ndis(M)CmActivateVc) with the new parameters")
          .remedy("reactivate with the new parameters, wait for success, then dispatch them");
      return;
    }
  }
  CoDriver* client = vc->af->client;
  upcall(rt, {"ProtocolClIncomingCallQoSChange", client->name}, client->client.ClIncomingCallQoSChangeHandler,
         vc->client_context, parameters);
}

}  // namespace condis::api

extern "C" {

// Called by the client at IRQL <= DISPATCH_LEVEL on a CONNECTED call, or on an offered incoming
// call it is still deciding about (OQ-17).
NDIS_STATUS NdisClModifyCallQoS(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters) {
  static constexpr const char* fn = "NdisClModifyCallQoS";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  if (!irql_at_most_dispatch(rt, "CM-013", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  if (!CallParameters || !vc->af) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  {
    std::lock_guard lock(vc->lock);
    const bool call_ok = vc->call == CallState::Connected || vc->call == CallState::Offered;
    if (!call_ok || core::outstanding(vc->qos_op)) {
      rt.verifier()
          .finding("CM-090", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .state("call", core::call_state_name(vc->call))
          .message(call_ok ? "a QoS modification is already pending on this VC (OQ-23)"
                           : "the call is not CONNECTED (or an offered incoming call)")
          .expected("a CONNECTED call, or an incoming call being decided, with no other modify pending")
          .remedy("wait for ProtocolClModifyCallQoSComplete, and modify only an established call");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    vc->qos_op = core::PendingOp::InHandler;
    vc->reactivated = false;
  }
  check_oid_follow_ups(rt, vc->af, fn);  // RQ-016 / RQ-017
  CoDriver* cm = vc->cm;
  NDIS_STATUS status =
      upcall(rt, {"ProtocolCmModifyCallQoS", cm->name}, cm->cm.CmModifyCallQoSHandler, vc->cm_context, CallParameters);
  bool early = false, apply, reactivated;
  bool frees = false;
  {
    std::lock_guard lock(vc->lock);
    apply = core::finish_handler(vc->qos_op, status == NDIS_STATUS_PENDING, &early);
    reactivated = vc->reactivated;
    frees = vc->request_frees();
  }
  if (frees) rt.calls().destroy_vc(vc);  // deleted while this request held it
  if (early) report_completed_without_pend(rt, "ProtocolCmModifyCallQoS", NdisVcHandle, status);
  if (apply && status == NDIS_STATUS_SUCCESS && !reactivated && checking(rt))
    report_not_reactivated(rt, "ProtocolCmModifyCallQoS", NdisVcHandle);
  return trace.returns(status);
}

}  // extern "C"
