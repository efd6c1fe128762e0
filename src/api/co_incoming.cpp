// Incoming calls and remote closes (call-management.md 3.6, 3.8; rules 4.G, 4.H):
// Ndis(M)CmDispatchIncomingCall -> ProtocolClIncomingCall, NdisClIncomingCallComplete ->
// ProtocolCmIncomingCallComplete, Ndis(M)CmDispatchCallConnected -> ProtocolClCallConnected and
// Ndis(M)CmDispatchIncomingCloseCall -> ProtocolClIncomingCloseCall. Called by call managers and
// clients at IRQL <= DISPATCH_LEVEL; the client handlers run at the caller's IRQL.
#include <mutex>

#include "api/co_common.hpp"

using namespace condis;
using namespace condis::api;
using core::CallState;
using core::SapState;

namespace condis::api {

namespace {

NDIS_STATUS refuse_dispatch(RuntimeCore& rt, const char* fn, const void* sap, const void* vc, const char* problem,
                            std::string_view call_state) {
  rt.verifier()
      .finding("CM-060", fn)
      .handle("NdisSapHandle", sap)
      .handle("NdisVcHandle", vc)
      .state("call", call_state)
      .message(problem)
      .expected("a REGISTERED (or REGISTERING) SAP, and an idle, ACTIVE VC this call manager created on the SAP's AF")
      .remedy("create and activate a VC on the AF that owns the SAP, then dispatch the call once");
  return NDIS_STATUS_FAILURE;
}

}  // namespace

NDIS_STATUS dispatch_incoming_call(CmCaller caller, NDIS_HANDLE sap_handle, NDIS_HANDLE vc_handle,
                                   PCO_CALL_PARAMETERS parameters) {
  const char* fn = cm_name(caller, "NdisCmDispatchIncomingCall", "NdisMCmDispatchIncomingCall");
  RuntimeCore* rtp = runtime_for(vc_handle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisSapHandle", sap_handle}, {"NdisVcHandle", vc_handle}});
  if (!irql_at_most_dispatch(rt, cm_irql_rule(caller), fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, vc_handle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  Sap* sap = resolve<Sap>(rt, sap_handle, ObjectType::Sap, fn, "NdisSapHandle");
  if (!sap) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  check_cm_role(rt, caller, vc->cm, fn, "NdisVcHandle", vc_handle);
  if (vc->owner == core::VcOwner::Client || !vc->af || vc->af != sap->af)
    return trace.returns(refuse_dispatch(rt, fn, sap_handle, vc_handle,
                                         vc->owner == core::VcOwner::Client
                                             ? "the VC was created by the client"
                                             : "the VC is not on the AF instance that owns the SAP",
                                         core::call_state_name(vc->call)));
  void* sap_context;
  {
    // The SAP's state at the moment of the dispatch decides (a dispatch racing a deregistration
    // either sees REGISTERED and offers the call, which then lives on its own per CM-106, or sees
    // DEREGISTERING and is refused).
    std::lock_guard lock(sap->lock);
    if (sap->state != SapState::Registered && sap->state != SapState::Registering)
      return trace.returns(refuse_dispatch(rt, fn, sap_handle, vc_handle, "the SAP is being deregistered",
                                           core::sap_state_name(sap->state)));
    sap_context = sap->client_context;
  }
  {
    std::lock_guard lock(vc->lock);
    if (vc->activation != core::Activation::Active)
      return trace.returns(
          refuse_dispatch(rt, fn, sap_handle, vc_handle, "the VC is not activated", core::call_state_name(vc->call)));
    if (!vc->can_make_call() || core::outstanding(vc->incoming_op))
      return trace.returns(refuse_dispatch(rt, fn, sap_handle, vc_handle, "the VC already carries a call",
                                           core::call_state_name(vc->call)));
    vc->call = CallState::Offered;
    vc->incoming_op = core::PendingOp::InHandler;
    vc->call_parameters = parameters;  // the CM's buffer (CM-066)
    vc->remote_failed = false;
  }
  CoDriver* client = vc->af->client;
  NDIS_STATUS status = upcall(rt, {"ProtocolClIncomingCall", client->name}, client->client.ClIncomingCallHandler,
                              sap_context, vc->client_context, parameters);
  bool early = false;
  bool frees = false;
  {
    std::lock_guard lock(vc->lock);
    if (core::finish_handler(vc->incoming_op, status == NDIS_STATUS_PENDING, &early)) {
      // CM-067: a synchronous answer is the final one; the CM runs its completion logic itself.
      if (status == NDIS_STATUS_SUCCESS) {
        vc->call = CallState::Accepted;
      } else {
        vc->call = CallState::Idle;
        vc->call_parameters = nullptr;
      }
    }
    frees = vc->request_frees();
  }
  if (frees) rt.calls().destroy_vc(vc);  // deleted while this request held it
  if (early) report_completed_without_pend(rt, "ProtocolClIncomingCall", vc_handle, status);
  return trace.returns(status);
}

void dispatch_call_connected(CmCaller caller, NDIS_HANDLE vc_handle) {
  const char* fn = cm_name(caller, "NdisCmDispatchCallConnected", "NdisMCmDispatchCallConnected");
  RuntimeCore* rtp = runtime_for(vc_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", vc_handle}});
  if (!irql_at_most_dispatch(rt, cm_irql_rule(caller), fn)) return;
  Vc* vc = resolve<Vc>(rt, vc_handle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return;
  check_cm_role(rt, caller, vc->cm, fn, "NdisVcHandle", vc_handle);
  {
    std::lock_guard lock(vc->lock);
    if (vc->call != CallState::Accepted || vc->owner == core::VcOwner::Client) {
      const bool rejected = vc->call == CallState::Idle || vc->call == CallState::Closed;
      rt.verifier()
          .finding(rejected ? "CM-065" : "CM-064", fn)
          .handle("NdisVcHandle", vc_handle)
          .state("call", core::call_state_name(vc->call))
          .message(rejected ? "the client rejected (or never accepted) this incoming call"
                   : vc->call == CallState::Offered ? "the client has not accepted the call yet"
                                                    : "the call is not an accepted incoming call (connected once already?)")
          .expected("once per incoming call, after the client accepted it")
          .remedy(rejected ? "after a rejection deactivate the VC and delete or reuse it"
                           : "wait for the client's acceptance, and dispatch call-connected once");
      return;
    }
    vc->call = CallState::Connected;
  }
  CoDriver* client = vc->af->client;
  upcall(rt, {"ProtocolClCallConnected", client->name}, client->client.ClCallConnectedHandler, vc->client_context);
}

void dispatch_incoming_close_call(CmCaller caller, NDIS_STATUS close_status, NDIS_HANDLE vc_handle, PVOID buffer,
                                  UINT size) {
  const char* fn = cm_name(caller, "NdisCmDispatchIncomingCloseCall", "NdisMCmDispatchIncomingCloseCall");
  RuntimeCore* rtp = runtime_for(vc_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"CloseStatus", close_status}, {{"NdisVcHandle", vc_handle}});
  if (!irql_at_most_dispatch(rt, cm_irql_rule(caller), fn)) return;
  Vc* vc = resolve<Vc>(rt, vc_handle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return;
  check_cm_role(rt, caller, vc->cm, fn, "NdisVcHandle", vc_handle);
  if (!vc->af) return;  // a signalling VC carries no client call
  uint32_t parties;
  {
    std::lock_guard lock(vc->lock);
    parties = vc->live_parties();
    switch (vc->call) {
      case CallState::Connected:
      case CallState::Accepted:
        vc->call = CallState::RemoteClosing;
        break;
      case CallState::Closing:
        break;  // OQ-21: informative only; the client's pending close completes normally
      default:
        rt.verifier()
            .finding("CM-007", fn)
            .handle("NdisVcHandle", vc_handle)
            .state("call", core::call_state_name(vc->call))
            .message(vc->call == CallState::RemoteClosing ? "an incoming close was already dispatched on this VC"
                                                          : "the VC carries no established call")
            .expected("a CONNECTED or ACCEPTED call, closed remotely once")
            .remedy("dispatch the incoming close once, on an established call");
        return;
    }
    if (close_status != NDIS_STATUS_SUCCESS && vc->owner == core::VcOwner::Client) vc->remote_failed = true;
  }
  if (parties > 1 && checking(rt))
    rt.verifier()
        .finding("CM-085", fn)
        .handle("NdisVcHandle", vc_handle)
        .value("parties", std::to_string(parties))
        .message("a multipoint call with several parties was closed remotely as a whole")
        .expected("Ndis(M)CmDispatchIncomingDropParty for each departing party while more than one remains")
        .remedy("dispatch incoming drops first; close the call only for the last party");
  CoDriver* client = vc->af->client;
  upcall(rt, {"ProtocolClIncomingCloseCall", client->name}, client->client.ClIncomingCloseCallHandler, close_status,
         vc->client_context, buffer, size);
}

}  // namespace condis::api

extern "C" {

// Called by the client at IRQL <= DISPATCH_LEVEL after its ProtocolClIncomingCall pended.
VOID NdisClIncomingCallComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters) {
  static constexpr const char* fn = "NdisClIncomingCallComplete";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", Status}, {{"NdisVcHandle", NdisVcHandle}});
  if (!irql_at_most_dispatch(rt, "CM-013", fn)) return;
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return;
  if (!completion_status_ok(rt, Status, fn, "NdisVcHandle", NdisVcHandle)) return;
  {
    std::lock_guard lock(vc->lock);
    if (vc->call != CallState::Offered || core::accept_completion_ex(vc->incoming_op) == core::Acceptance::Rejected) {
      rt.verifier()
          .finding("CM-061", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .state("call", core::call_state_name(vc->call))
          .message("no ProtocolClIncomingCall is pending on this VC; the completion is ignored")
          .expected("exactly one NdisClIncomingCallComplete, after ProtocolClIncomingCall returned NDIS_STATUS_PENDING")
          .remedy("complete an offered call once; a non-PENDING return from ProtocolClIncomingCall is final");
      return;
    }
    if (Status == NDIS_STATUS_SUCCESS) {
      vc->call = CallState::Accepted;
    } else {
      vc->call = CallState::Idle;
      vc->call_parameters = nullptr;
    }
  }
  CoDriver* cm = vc->cm;
  upcall(rt, {"ProtocolCmIncomingCallComplete", cm->name}, cm->cm.CmIncomingCallCompleteHandler, Status,
         vc->cm_context, CallParameters);
}

}  // extern "C"
