// NdisCl*: the CoNDIS client's requests (call-management.md 2.1). Each validates its handles,
// IRQL and the object's state, moves the state machine, then calls the call manager's handler
// with no lock held and applies a non-PENDING result itself (0.3: no completion callback then).
// Called by client drivers at IRQL <= DISPATCH_LEVEL (NdisClOpenAddressFamilyEx: PASSIVE_LEVEL).
#include <mutex>

#include "api/co_common.hpp"
#include "api/co_request.hpp"  // RQ-016 / RQ-017 hook
#include "core/vc_data_path.hpp"

using namespace condis;
using namespace condis::api;
using core::AfState;
using core::CallState;
using core::SapState;

namespace {

// CM-022 / CM-036: a client request on an AF it may no longer use.
NDIS_STATUS af_not_usable(RuntimeCore& rt, const char* function, const AfOpen* af) {
  const bool closing = af->state == AfState::Closing || af->state == AfState::Closed;
  rt.verifier()
      .finding(closing ? "CM-036" : "CM-033", function)
      .handle("NdisAfHandle", af->handle)
      .state("address family", core::af_state_name(af->state))
      .message(closing ? "the AF handle is used after NdisClCloseAddressFamily" : "the AF open has not completed")
      .expected("an AF instance that is OPEN")
      .remedy(closing ? "do not use the AF handle after closing it"
                      : "wait for SUCCESS from NdisClOpenAddressFamilyEx or ProtocolClOpenAfCompleteEx");
  return NDIS_STATUS_FAILURE;
}

}  // namespace

extern "C" {

NDIS_STATUS NdisClOpenAddressFamilyEx(NDIS_HANDLE NdisBindingHandle, PCO_ADDRESS_FAMILY AddressFamily,
                                      NDIS_HANDLE ClientAfContext, PNDIS_HANDLE NdisAfHandle) {
  static constexpr const char* fn = "NdisClOpenAddressFamilyEx";
  RuntimeCore* rtp = runtime_for(NdisBindingHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisBindingHandle", NdisBindingHandle}});
  trace.out("NdisAfHandle", NdisAfHandle);
  if (!irql_passive(rt, "CM-010", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  if (!AddressFamily || !NdisAfHandle) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  *NdisAfHandle = nullptr;
  core::CallModel& calls = rt.calls();

  core::BindingView binding;
  if (!calls.topology().binding(NdisBindingHandle, &binding) || !binding.usable) {
    rt.verifier()
        .finding("CM-032", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .message("not an open binding")
        .expected("an open CoNDIS binding of the caller that is not closing")
        .remedy("open the AF from ProtocolCoAfRegisterNotify on the binding it was called for");
    return trace.returns(NDIS_STATUS_FAILURE);
  }
  CoDriver* client = calls.find_driver(binding.protocol_driver);
  if (!client || !client->has_client) {
    rt.verifier()
        .finding("CM-022", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .message("the bound protocol registered no NDIS_CO_CLIENT_OPTIONAL_HANDLERS")
        .expected("a CoNDIS client")
        .remedy("register the client handlers with NdisSetOptionalHandlers from ProtocolSetOptions");
    return trace.returns(NDIS_STATUS_FAILURE);
  }
  core::AfRegistration* reg = calls.find_registration(binding.adapter, AddressFamily->AddressFamily);
  if (!reg) {
    rt.verifier()
        .finding("CM-032", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .value("AddressFamily", std::to_string(AddressFamily->AddressFamily))
        .message("no call manager registered this address family on the binding's adapter")
        .expected("an AF announced by ProtocolCoAfRegisterNotify for this binding")
        .remedy("pass the CO_ADDRESS_FAMILY pointer ProtocolCoAfRegisterNotify received");
    return trace.returns(NDIS_STATUS_FAILURE);
  }

  AfOpen* af = calls.new_af_open();
  if (!af) return trace.returns(NDIS_STATUS_RESOURCES);
  af->reg = reg;
  af->client = client;
  af->client_binding = NdisBindingHandle;
  af->client_context = ClientAfContext;
  af->open_op = core::PendingOp::InHandler;
  *NdisAfHandle = af->handle;

  NDIS_HANDLE const af_handle = af->handle;
  NDIS_HANDLE cm_context = nullptr;
  NDIS_STATUS status = upcall(rt, {"ProtocolCmOpenAf", reg->cm->name}, reg->cm->cm.CmOpenAfHandler,
                              reg->cm_binding_context, AddressFamily, af_handle, &cm_context);
  const auto releases = rt.calls().hold_releases();  // a binding's release waits until this is done
  bool early = false;
  bool apply, failed_early, released, frees = false;
  {
    std::lock_guard lock(af->lock);
    // A failing completion that ran while the handler did left the AF for this side to free.
    failed_early = af->open_op == core::PendingOp::CompletedEarly && af->state == AfState::Closed;
    apply = core::finish_handler(af->open_op, status == NDIS_STATUS_PENDING, &early);
    // The binding was released while the handler ran: the handle is dead, this request frees.
    released = af->free_deferred;
    if (released) frees = af->drop_hold();
    if (!released && apply && status == NDIS_STATUS_SUCCESS) {
      af->cm_context = cm_context;
      af->state = AfState::Open;
    }
  }
  if (early) report_completed_without_pend(rt, "ProtocolCmOpenAf", af_handle, status);
  if (released) {
    if (failed_early || (apply && status != NDIS_STATUS_SUCCESS)) *NdisAfHandle = nullptr;
    if (frees) calls.destroy_af_open(af);
  } else if (failed_early) {
    *NdisAfHandle = nullptr;
    calls.free_af_open(af);
  } else if (apply && status != NDIS_STATUS_SUCCESS) {
    *NdisAfHandle = nullptr;
    calls.free_af_open(af);
  }
  return trace.returns(status);
}

NDIS_STATUS NdisClCloseAddressFamily(NDIS_HANDLE NdisAfHandle) {
  static constexpr const char* fn = "NdisClCloseAddressFamily";
  RuntimeCore* rtp = runtime_for(NdisAfHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisAfHandle", NdisAfHandle}});
  if (!irql_at_most_dispatch(rt, "CM-013", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  AfOpen* af = resolve<AfOpen>(rt, NdisAfHandle, ObjectType::AfOpen, fn, "NdisAfHandle");
  if (!af) return trace.returns(NDIS_STATUS_FAILURE);
  {
    std::lock_guard lock(af->lock);
    const bool closing = af->state == AfState::Closing;
    const uint32_t saps = af->saps.load();
    const int64_t vcs = af->vcs.total();
    if (closing || saps || vcs || !af->usable_by_client()) {
      if (!af->usable_by_client() && !closing) return trace.returns(af_not_usable(rt, fn, af));
      rt.verifier()
          .finding("CM-035", fn)
          .handle("NdisAfHandle", NdisAfHandle)
          .state("address family", core::af_state_name(af->state))
          .value("SAPs", std::to_string(saps))
          .value("VCs", std::to_string(vcs))
          .message(closing ? "the AF is already closing" : "SAPs or VCs remain on the AF")
          .expected("deregister every SAP and delete every VC first, and close once")
          .remedy("close calls, delete VCs and deregister SAPs, then close the AF a single time");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    af->state = AfState::Closing;
    af->close_op = core::PendingOp::InHandler;
  }
  CoDriver* cm = af->reg->cm;
  NDIS_STATUS status = upcall(rt, {"ProtocolCmCloseAf", cm->name}, cm->cm.CmCloseAfHandler, af->cm_context);
  const auto releases = rt.calls().hold_releases();  // a binding's release waits until this is done
  bool early = false;
  bool apply, freed, released, frees = false;
  {
    std::lock_guard lock(af->lock);
    // NdisMCmCloseAddressFamilyComplete may have run on another processor before the handler
    // returned: it delivered ProtocolClCloseAfComplete and left the free to this side.
    const bool completed_early = af->close_op == core::PendingOp::CompletedEarly;
    apply = core::finish_handler(af->close_op, status == NDIS_STATUS_PENDING, &early);
    // The binding was released while the handler ran: the handle is dead, this request frees.
    released = af->free_deferred;
    if (released) frees = af->drop_hold();
    if (apply && !released) {
      if (status == NDIS_STATUS_SUCCESS) af->state = AfState::Closed;
      else af->state = AfState::Open;  // OQ-06: the client may retry
    }
    // A notify-close in progress keeps the AF until NdisClNotifyCloseAddressFamilyComplete.
    freed = !released && (completed_early || apply) && af->state == AfState::Closed && !core::outstanding(af->notify_op);
  }
  if (early) report_completed_without_pend(rt, "ProtocolCmCloseAf", NdisAfHandle, status);
  if (freed) rt.calls().free_af_open(af);
  if (frees) rt.calls().destroy_af_open(af);
  return trace.returns(status);
}

NDIS_STATUS NdisClRegisterSap(NDIS_HANDLE NdisAfHandle, NDIS_HANDLE ProtocolSapContext, PCO_SAP Sap,
                              PNDIS_HANDLE NdisSapHandle) {
  static constexpr const char* fn = "NdisClRegisterSap";
  RuntimeCore* rtp = runtime_for(NdisAfHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisAfHandle", NdisAfHandle}});
  trace.out("NdisSapHandle", NdisSapHandle);
  if (!irql_at_most_dispatch(rt, "CM-013", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  AfOpen* af = resolve<AfOpen>(rt, NdisAfHandle, ObjectType::AfOpen, fn, "NdisAfHandle");
  if (!af) return trace.returns(NDIS_STATUS_FAILURE);
  if (!Sap || !NdisSapHandle) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  *NdisSapHandle = nullptr;
  {
    std::lock_guard lock(af->lock);
    if (!af->usable_by_client()) {
      if (af->state == AfState::Closing) return trace.returns(af_not_usable(rt, fn, af));
      rt.verifier()
          .finding("CM-100", fn)
          .handle("NdisAfHandle", NdisAfHandle)
          .state("address family", core::af_state_name(af->state))
          .expected("an AF instance that is OPEN for the calling client")
          .remedy("register SAPs after the AF open completed with SUCCESS");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    af->saps.fetch_add(1);
  }
  check_oid_follow_ups(rt, af, fn);  // RQ-016 / RQ-017
  core::Sap* sap = rt.calls().new_sap();
  if (!sap) {
    af->saps.fetch_sub(1);
    return trace.returns(NDIS_STATUS_RESOURCES);
  }
  sap->af = af;
  sap->client_context = ProtocolSapContext;
  sap->sap = Sap;
  sap->register_op = core::PendingOp::InHandler;
  *NdisSapHandle = sap->handle;

  CoDriver* cm = af->reg->cm;
  NDIS_HANDLE cm_context = nullptr;
  NDIS_HANDLE const sap_handle = sap->handle;
  NDIS_STATUS status = upcall(rt, {"ProtocolCmRegisterSap", cm->name}, cm->cm.CmRegisterSapHandler, af->cm_context,
                              Sap, sap_handle, &cm_context);
  const auto releases = rt.calls().hold_releases();  // a binding's release waits until this is done
  bool early = false, apply, failed_early, released, frees;
  {
    std::lock_guard lock(sap->lock);
    failed_early = sap->register_op == core::PendingOp::CompletedEarly && sap->state == SapState::Gone;
    apply = core::finish_handler(sap->register_op, status == NDIS_STATUS_PENDING, &early);
    // The AF's binding was released while the handler ran: the handle is dead, this request frees.
    released = sap->free_deferred;
    frees = sap->request_frees();
    if (apply && !released && status == NDIS_STATUS_SUCCESS) {
      sap->cm_context = cm_context;
      sap->state = SapState::Registered;
    }
  }
  if (early) report_completed_without_pend(rt, "ProtocolCmRegisterSap", sap_handle, status);
  if (released) {
    if (failed_early || (apply && status != NDIS_STATUS_SUCCESS)) *NdisSapHandle = nullptr;
    if (frees) rt.calls().destroy_sap(sap);  // and the AF, released with it, if this held it last
  } else if (failed_early || (apply && status != NDIS_STATUS_SUCCESS)) {
    *NdisSapHandle = nullptr;
    af->saps.fetch_sub(1);
    rt.calls().free_sap(sap);
  }
  return trace.returns(status);
}

NDIS_STATUS NdisClDeregisterSap(NDIS_HANDLE NdisSapHandle) {
  static constexpr const char* fn = "NdisClDeregisterSap";
  RuntimeCore* rtp = runtime_for(NdisSapHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisSapHandle", NdisSapHandle}});
  if (!irql_at_most_dispatch(rt, "CM-013", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  core::Sap* sap = resolve<core::Sap>(rt, NdisSapHandle, ObjectType::Sap, fn, "NdisSapHandle");
  if (!sap) return trace.returns(NDIS_STATUS_FAILURE);
  {
    std::lock_guard lock(sap->lock);
    if (sap->state != SapState::Registered) {
      rt.verifier()
          .finding("CM-103", fn)
          .handle("NdisSapHandle", NdisSapHandle)
          .state("SAP", core::sap_state_name(sap->state))
          .message(sap->state == SapState::Deregistering ? "the SAP is already being deregistered"
                                                         : "the SAP registration has not completed")
          .expected("a REGISTERED SAP, deregistered once")
          .remedy("deregister a SAP once, after its registration succeeded");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    sap->state = SapState::Deregistering;
    sap->deregister_op = core::PendingOp::InHandler;
  }
  CoDriver* cm = sap->af->reg->cm;
  NDIS_STATUS status = upcall(rt, {"ProtocolCmDeregisterSap", cm->name}, cm->cm.CmDeregisterSapHandler, sap->cm_context);
  const auto releases = rt.calls().hold_releases();  // a binding's release waits until this is done
  bool early = false, apply, freed = false, frees;
  {
    std::lock_guard lock(sap->lock);
    const bool completed_early = sap->deregister_op == core::PendingOp::CompletedEarly;
    apply = core::finish_handler(sap->deregister_op, status == NDIS_STATUS_PENDING, &early);
    // The AF's binding was released while the handler ran: the handle is dead, this request frees.
    frees = sap->request_frees();
    if (!sap->free_deferred) {
      if (apply) {
        if (status == NDIS_STATUS_SUCCESS) freed = true;
        else sap->state = SapState::Registered;
      }
      if (completed_early) freed = true;  // the completion left the free to this side
    }
  }
  if (early) report_completed_without_pend(rt, "ProtocolCmDeregisterSap", NdisSapHandle, status);
  if (frees) rt.calls().destroy_sap(sap);  // and the AF, released with it, if this held it last
  if (freed) {
    sap->af->saps.fetch_sub(1);
    rt.calls().free_sap(sap);
  }
  return trace.returns(status);
}

NDIS_STATUS NdisClMakeCall(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters,
                           NDIS_HANDLE ProtocolPartyContext, PNDIS_HANDLE NdisPartyHandle) {
  static constexpr const char* fn = "NdisClMakeCall";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  if (!irql_at_most_dispatch(rt, "CM-013", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  if (!CallParameters) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  if (NdisPartyHandle) *NdisPartyHandle = nullptr;
  if (vc->owner != core::VcOwner::Client || !vc->af) {
    rt.verifier()
        .finding("CM-050", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .message("the VC was created by the call manager, not by the client")
        .expected("a VC this client created with NdisCoCreateVc on an open AF")
        .remedy("create a VC with NdisCoCreateVc for each outgoing call");
    return trace.returns(NDIS_STATUS_FAILURE);
  }
  {
    std::lock_guard lock(vc->lock);
    if (vc->remote_failed && vc->call == CallState::Closed) {
      rt.verifier()
          .finding("CM-078", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .message("the VC's previous call was closed by the remote side with a failure status")
          .expected("NdisCoDeleteVc for a VC whose incoming close carried a failure CloseStatus")
          .remedy("delete the VC and create a new one for the next call");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    if (!vc->can_make_call()) {
      const bool busy = vc->has_call() || core::outstanding(vc->make_op);
      rt.verifier()
          .finding(busy ? "CM-052" : "CM-050", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .state("call", core::call_state_name(vc->call))
          .message(busy ? "the VC already carries a call or a pending make-call" : "the VC is being deleted")
          .expected("an idle VC with no call and no pending make-call")
          .remedy("close the current call first, or create another VC");
      return trace.returns(busy ? NDIS_STATUS_CALL_ACTIVE : NDIS_STATUS_FAILURE);
    }
    vc->call = CallState::Making;
    vc->make_op = core::PendingOp::InHandler;
    vc->call_parameters = CallParameters;
  }
  core::Party* party = nullptr;
  if (ProtocolPartyContext) {
    party = rt.calls().new_party(vc, ProtocolPartyContext);
    if (!party) {
      std::lock_guard lock(vc->lock);
      vc->call = CallState::Idle;
      vc->make_op = core::PendingOp::Idle;
      return trace.returns(NDIS_STATUS_RESOURCES);
    }
    vc->party = party;
  }
  check_oid_follow_ups(rt, vc->af, fn);  // RQ-016 / RQ-017
  CoDriver* cm = vc->cm;
  NDIS_HANDLE party_handle = party ? party->handle : nullptr;
  NDIS_HANDLE cm_party_context = nullptr;
  NDIS_STATUS status = upcall(rt, {"ProtocolCmMakeCall", cm->name}, cm->cm.CmMakeCallHandler, vc->cm_context,
                              CallParameters, party_handle, &cm_party_context);
  bool early = false, apply;
  core::Activation activation;
  bool frees = false;
  {
    std::lock_guard lock(vc->lock);
    apply = core::finish_handler(vc->make_op, status == NDIS_STATUS_PENDING, &early);
    activation = vc->activation;
    if (apply) {
      if (status == NDIS_STATUS_SUCCESS) {
        vc->call = CallState::Connected;
        if (party) {
          party->cm_context = cm_party_context;
          party->state = core::PartyState::Active;
        }
      } else {
        vc->call = CallState::Idle;
        vc->party = nullptr;
      }
    }
    frees = vc->request_frees();
  }
  if (frees) rt.calls().destroy_vc(vc);  // deleted while this request held it
  if (early) report_completed_without_pend(rt, "ProtocolCmMakeCall", NdisVcHandle, status);
  if (!apply) return trace.returns(status);
  if (status == NDIS_STATUS_SUCCESS) {
    if (checking(rt) && activation != core::Activation::Active)
      rt.verifier()
          .finding("CM-054", "ProtocolCmMakeCall")
          .handle("NdisVcHandle", NdisVcHandle)
          .state("VC activation", core::activation_name(activation))
          .message("the make-call succeeded on a VC that is not activated")
          .expected("activate the VC (Ndis(M)CmActivateVc) before reporting SUCCESS")
          .remedy("activate first, or return NDIS_STATUS_PENDING and complete after the activation");
    if (checking(rt) && !party && cm_party_context)
      rt.verifier()
          .finding("CM-053", "ProtocolCmMakeCall")
          .handle("NdisVcHandle", NdisVcHandle)
          .message("*CallMgrPartyContext was set for a point-to-point call")
          .expected("NULL when NdisPartyHandle is NULL")
          .remedy("write NULL to *CallMgrPartyContext unless the call is multipoint");
    if (NdisPartyHandle) *NdisPartyHandle = party_handle;
  } else if (party) {
    rt.calls().free_party(party);
  }
  return trace.returns(status);
}

NDIS_STATUS NdisClCloseCall(NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle, PVOID Buffer, UINT Size) {
  static constexpr const char* fn = "NdisClCloseCall";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}, {"NdisPartyHandle", NdisPartyHandle}});
  if (!irql_at_most_dispatch(rt, "CM-013", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  core::Party* party;
  CallState previous;
  {
    std::lock_guard lock(vc->lock);
    // CM-070 under the lock the state change takes anyway (one acquisition before the handler).
    if (vc->sends_outstanding) [[unlikely]]
      core::report_close_call_sends(rt, NdisVcHandle, vc->sends_outstanding, fn);
    if (!vc->can_close_call()) {
      rt.verifier()
          .finding("CM-007", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .state("call", core::call_state_name(vc->call))
          .message(vc->call == CallState::Closing   ? "a close is already pending on this VC (OQ-21)"
                   : vc->call == CallState::Making ? "the make-call has not completed yet (OQ-20)"
                                                   : "the VC carries no call")
          .expected("an established call (CONNECTED, ACCEPTED or REMOTE_CLOSING)")
          .remedy("close a call once, after its make-call completed");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    // OQ-19: a wrong party is reported and the close still goes to the (M)CM, which fails it (CM-072).
    party = core::find_party(vc, NdisPartyHandle);
    const bool multipoint = vc->is_multipoint();
    if (multipoint && !party) party = vc->party;
    const bool party_ok = multipoint ? party->handle == NdisPartyHandle && party->state == core::PartyState::Active &&
                                           vc->live_parties() == 1
                                     : NdisPartyHandle == nullptr;
    if (!party_ok && checking(rt))
      rt.verifier()
          .finding("CM-071", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .handle("NdisPartyHandle", NdisPartyHandle)
          .value("parties", std::to_string(vc->live_parties()))
          .message(multipoint ? "the call is multipoint and this is not its one remaining party"
                              : "a party handle was passed for a point-to-point call")
          .expected(party ? "the handle of the one remaining party" : "NULL for a point-to-point call")
          .remedy("pass the last party's handle on a multipoint VC, NULL otherwise");
    previous = vc->call;
    vc->call = CallState::Closing;
    vc->close_op = core::PendingOp::InHandler;
  }
  CoDriver* cm = vc->cm;
  NDIS_STATUS status = upcall(rt, {"ProtocolCmCloseCall", cm->name}, cm->cm.CmCloseCallHandler, vc->cm_context,
                              party ? party->cm_context : nullptr, Buffer, Size);
  bool early = false, apply;
  core::Activation activation;
  core::Party* released = nullptr;
  uint32_t parties_left = 0;
  bool frees = false;
  {
    std::lock_guard lock(vc->lock);
    apply = core::finish_handler(vc->close_op, status == NDIS_STATUS_PENDING, &early);
    activation = vc->activation;
    if (apply) {
      if (status == NDIS_STATUS_SUCCESS) {
        parties_left = vc->live_parties();
        vc->call = CallState::Closed;
        released = vc->party;  // the last party, and any the (M)CM closed with it (CM-072)
        vc->party = nullptr;
        vc->call_parameters = nullptr;
      } else {
        vc->call = previous;  // OQ-22
      }
    }
    frees = vc->request_frees();
  }
  if (frees) rt.calls().destroy_vc(vc);  // deleted while this request held it
  if (early) report_completed_without_pend(rt, "ProtocolCmCloseCall", NdisVcHandle, status);
  if (apply && status == NDIS_STATUS_SUCCESS) {
    if (checking(rt) && activation != core::Activation::Inactive)
      rt.verifier()
          .finding("CM-074", "ProtocolCmCloseCall")
          .handle("NdisVcHandle", NdisVcHandle)
          .state("VC activation", core::activation_name(activation))
          .message("the close succeeded while the VC is still activated")
          .expected("deactivate the VC (Ndis(M)CmDeactivateVc) before reporting SUCCESS")
          .remedy("deactivate first, or return NDIS_STATUS_PENDING and complete after the deactivation");
    if (checking(rt) && parties_left > 1)
      rt.verifier()
          .finding("CM-072", "ProtocolCmCloseCall")
          .handle("NdisVcHandle", NdisVcHandle)
          .value("parties", std::to_string(parties_left))
          .message("the close of a multipoint call succeeded while more than one party was connected")
          .expected("NDIS_STATUS_FAILURE until only one party remains")
          .remedy("fail the close while other parties remain; the client drops them first");
    rt.calls().free_parties(released);
  }
  return trace.returns(status);
}

// No TAPI call ids exist in condis, so the lookup always fails; the IRQL rule is still checked
// (CM-016: exactly DISPATCH_LEVEL per the SDV rule, OQ-25) against the runtime of the calling thread.
NDIS_STATUS NdisClGetProtocolVcContextFromTapiCallId(UNICODE_STRING, PNDIS_HANDLE ProtocolVcContext) {
  static constexpr const char* fn = "NdisClGetProtocolVcContextFromTapiCallId";
  if (ProtocolVcContext) *ProtocolVcContext = nullptr;
  RuntimeCore* rtp = RuntimeCore::current();
  if (rtp && checking(*rtp) && exec::current_irql() != exec::kDispatch)
    rtp->verifier()
        .finding("CM-016", fn)
        .value("IRQL", std::to_string(exec::current_irql()))
        .expected("IRQL == DISPATCH_LEVEL")
        .remedy("call it while holding a spin lock or after raising the IRQL to DISPATCH_LEVEL");
  return NDIS_STATUS_FAILURE;
}

}  // extern "C"
