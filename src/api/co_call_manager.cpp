// NdisCm*: the stand-alone call manager's calls (call-management.md 2.3), and the operations
// the NdisMCm* names share with them (CmCaller tells which name was used, for CM-020/021).
// Called by call managers at IRQL <= DISPATCH_LEVEL, except the two PASSIVE_LEVEL ones
// (NdisCmRegisterAddressFamilyEx, NdisCmNotifyCloseAddressFamily).
#include <mutex>

#include "api/co_common.hpp"

using namespace condis;
using namespace condis::api;
using core::AfState;
using core::CallState;
using core::SapState;

namespace condis::api {

namespace {
const char* name_of(CmCaller caller, const char* cm_name, const char* mcm_name) {
  return caller == CmCaller::StandAlone ? cm_name : mcm_name;
}
const char* irql_rule(CmCaller caller) { return caller == CmCaller::StandAlone ? "CM-014" : "CM-015"; }
}  // namespace

NDIS_STATUS register_address_family(RuntimeCore& rt, const char* function, CoDriver* cm, void* adapter,
                                    void* cm_binding, void* cm_binding_context, bool mcm, PCO_ADDRESS_FAMILY af) {
  core::CallModel& calls = rt.calls();
  auto reg = std::make_unique<core::AfRegistration>();
  reg->adapter = adapter;
  reg->af = *af;
  reg->cm = cm;
  reg->cm_binding = cm_binding;
  reg->cm_binding_context = cm_binding_context;
  reg->mcm = mcm;
  if (!mcm) {
    core::AdapterView view;
    if (calls.topology().adapter(adapter, &view)) {
      reg->miniport = calls.find_driver(view.miniport_driver);
      reg->miniport_adapter_context = view.adapter_context;
    }
  }
  core::AfRegistration* added = calls.add_registration(std::move(reg));
  if (!added) {
    rt.verifier()
        .finding("CM-031", function)
        .value("AddressFamily", std::to_string(af->AddressFamily))
        .handle("adapter", adapter)
        .message("a call manager already registered this address family on the adapter")
        .expected("at most one call manager per AF type and adapter")
        .remedy("register each AF once per adapter");
    return NDIS_STATUS_FAILURE;
  }
  calls.notify_registration(*added);
  return NDIS_STATUS_SUCCESS;
}

void open_af_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE af_handle, NDIS_HANDLE cm_af_context) {
  const char* fn = name_of(caller, "NdisCmOpenAddressFamilyComplete", "NdisMCmOpenAddressFamilyComplete");
  RuntimeCore* rtp = runtime_for(af_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", status}, {{"NdisAfHandle", af_handle}});
  irql_at_most_dispatch(rt, irql_rule(caller), fn);
  AfOpen* af = resolve<AfOpen>(rt, af_handle, ObjectType::AfOpen, fn, "NdisAfHandle");
  if (!af) return;
  check_cm_role(rt, caller, af->reg->cm, fn, "NdisAfHandle", af_handle);
  if (!completion_status_ok(rt, status, fn, "NdisAfHandle", af_handle)) return;
  core::Acceptance taken;
  CoDriver* client;
  void* client_context;
  {
    std::lock_guard lock(af->lock);
    taken = core::accept_completion_ex(af->open_op);
    if (taken == core::Acceptance::Rejected) {
      report_unexpected_completion(rt, fn, "NdisAfHandle", af_handle, "ProtocolCmOpenAf", "address family",
                                   core::af_state_name(af->state));
      return;
    }
    if (status == NDIS_STATUS_SUCCESS) {
      af->cm_context = cm_af_context;
      af->state = AfState::Open;
    } else {
      af->state = AfState::Closed;
    }
    // Read under the lock: after an early completion the request side frees a failed open as soon
    // as its handler returns, so nothing of the object may be touched once the lock is released.
    client = af->client;
    client_context = af->client_context;
  }
  // ProtocolClOpenAfCompleteEx runs at PASSIVE_LEVEL (CM-018); the AF of a failed open is freed
  // once the handler ran (CM-034: it gets NULL for the handle).
  NDIS_HANDLE delivered = status == NDIS_STATUS_SUCCESS ? af_handle : nullptr;
  auto deliver = [&rt, client, client_context, delivered, status] {
    upcall(rt, {"ProtocolClOpenAfCompleteEx", client->name}, client->client.ClOpenAfCompleteHandlerEx, client_context,
           delivered, status);
  };
  // Completed while ProtocolCmOpenAf still runs: NdisClOpenAddressFamilyEx frees it on return.
  if (status != NDIS_STATUS_SUCCESS && taken == core::Acceptance::AfterPend) rt.calls().free_af_open(af);
  if (exec::current_irql() == exec::kPassive) {
    deliver();
  } else {
    exec::TaskOptions options;
    options.label = "ProtocolClOpenAfCompleteEx";
    rt.scheduler().post(deliver, options);
  }
}

void close_af_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE af_handle) {
  const char* fn = name_of(caller, "NdisCmCloseAddressFamilyComplete", "NdisMCmCloseAddressFamilyComplete");
  RuntimeCore* rtp = runtime_for(af_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", status}, {{"NdisAfHandle", af_handle}});
  irql_at_most_dispatch(rt, irql_rule(caller), fn);
  AfOpen* af = resolve<AfOpen>(rt, af_handle, ObjectType::AfOpen, fn, "NdisAfHandle");
  if (!af) return;
  check_cm_role(rt, caller, af->reg->cm, fn, "NdisAfHandle", af_handle);
  if (!completion_status_ok(rt, status, fn, "NdisAfHandle", af_handle)) return;
  bool free_now;
  CoDriver* client;
  void* client_context;
  {
    std::lock_guard lock(af->lock);
    const core::Acceptance taken = core::accept_completion_ex(af->close_op);
    if (taken == core::Acceptance::Rejected) {
      report_unexpected_completion(rt, fn, "NdisAfHandle", af_handle, "ProtocolCmCloseAf", "address family",
                                   core::af_state_name(af->state));
      return;
    }
    af->state = AfState::Closed;
    // Completed while ProtocolCmCloseAf still runs: NdisClCloseAddressFamily frees it on return.
    // A notify-close in progress keeps it until NdisClNotifyCloseAddressFamilyComplete.
    free_now = taken == core::Acceptance::AfterPend && !core::outstanding(af->notify_op);
    client = af->client;  // under the lock, as in open_af_complete
    client_context = af->client_context;
  }
  if (status != NDIS_STATUS_SUCCESS && checking(rt))
    rt.verifier()
        .finding("CM-037", fn)
        .handle("NdisAfHandle", af_handle)
        .value("Status", status_name(status))
        .message("the AF is closed anyway (OQ-07)")
        .expected("NDIS_STATUS_SUCCESS")
        .remedy("complete an AF close with NDIS_STATUS_SUCCESS after releasing the per-open state");
  if (free_now) rt.calls().free_af_open(af);
  upcall(rt, {"ProtocolClCloseAfComplete", client->name}, client->client.ClCloseAfCompleteHandler, status,
         client_context);
}

void register_sap_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE sap_handle, NDIS_HANDLE cm_sap_context) {
  const char* fn = name_of(caller, "NdisCmRegisterSapComplete", "NdisMCmRegisterSapComplete");
  RuntimeCore* rtp = runtime_for(sap_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", status}, {{"NdisSapHandle", sap_handle}});
  irql_at_most_dispatch(rt, irql_rule(caller), fn);
  core::Sap* sap = resolve<core::Sap>(rt, sap_handle, ObjectType::Sap, fn, "NdisSapHandle");
  if (!sap) return;
  check_cm_role(rt, caller, sap->af->reg->cm, fn, "NdisSapHandle", sap_handle);
  if (!completion_status_ok(rt, status, fn, "NdisSapHandle", sap_handle)) return;
  core::Acceptance taken;
  CoDriver* client;
  void* client_context;
  PCO_SAP buffer;
  core::AfOpen* af = sap->af;  // fixed for the SAP's life; outlives it
  {
    std::lock_guard lock(sap->lock);
    taken = core::accept_completion_ex(sap->register_op);
    if (taken == core::Acceptance::Rejected) {
      report_unexpected_completion(rt, fn, "NdisSapHandle", sap_handle, "ProtocolCmRegisterSap", "SAP",
                                   core::sap_state_name(sap->state));
      return;
    }
    if (status == NDIS_STATUS_SUCCESS) {
      sap->cm_context = cm_sap_context;
      sap->state = SapState::Registered;
    } else {
      sap->state = SapState::Gone;
    }
    // Under the lock: after an early completion NdisClRegisterSap frees a failed SAP on return.
    client = af->client;
    client_context = sap->client_context;
    buffer = sap->sap;
  }
  // CM-102: the handle is dead from this call on (freed by NdisClRegisterSap if it still runs).
  if (status != NDIS_STATUS_SUCCESS && taken == core::Acceptance::AfterPend) {
    af->saps.fetch_sub(1);
    rt.calls().free_sap(sap);
  }
  upcall(rt, {"ProtocolClRegisterSapComplete", client->name}, client->client.ClRegisterSapCompleteHandler, status,
         client_context, buffer, status == NDIS_STATUS_SUCCESS ? sap_handle : nullptr);
}

void deregister_sap_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE sap_handle) {
  const char* fn = name_of(caller, "NdisCmDeregisterSapComplete", "NdisMCmDeregisterSapComplete");
  RuntimeCore* rtp = runtime_for(sap_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", status}, {{"NdisSapHandle", sap_handle}});
  irql_at_most_dispatch(rt, irql_rule(caller), fn);
  core::Sap* sap = resolve<core::Sap>(rt, sap_handle, ObjectType::Sap, fn, "NdisSapHandle");
  if (!sap) return;
  check_cm_role(rt, caller, sap->af->reg->cm, fn, "NdisSapHandle", sap_handle);
  if (!completion_status_ok(rt, status, fn, "NdisSapHandle", sap_handle)) return;
  core::Acceptance taken;
  CoDriver* client;
  void* client_context;
  core::AfOpen* af = sap->af;
  {
    std::lock_guard lock(sap->lock);
    taken = core::accept_completion_ex(sap->deregister_op);
    if (taken == core::Acceptance::Rejected) {
      report_unexpected_completion(rt, fn, "NdisSapHandle", sap_handle, "ProtocolCmDeregisterSap", "SAP",
                                   core::sap_state_name(sap->state));
      return;
    }
    sap->state = SapState::Gone;
    client = af->client;  // under the lock: after an early completion NdisClDeregisterSap frees it
    client_context = sap->client_context;
  }
  if (status != NDIS_STATUS_SUCCESS && checking(rt))
    rt.verifier()
        .finding("CM-104", fn)
        .handle("NdisSapHandle", sap_handle)
        .value("Status", status_name(status))
        .message("the SAP is deregistered anyway (OQ-07)")
        .expected("NDIS_STATUS_SUCCESS")
        .remedy("complete a deregistration with NDIS_STATUS_SUCCESS after releasing the SAP state");
  if (taken == core::Acceptance::AfterPend) {  // else NdisClDeregisterSap frees it on return
    af->saps.fetch_sub(1);
    rt.calls().free_sap(sap);
  }
  upcall(rt, {"ProtocolClDeregisterSapComplete", client->name}, client->client.ClDeregisterSapCompleteHandler, status,
         client_context);
}

void make_call_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE vc_handle, NDIS_HANDLE party_handle,
                        NDIS_HANDLE cm_party_context, PCO_CALL_PARAMETERS parameters) {
  const char* fn = name_of(caller, "NdisCmMakeCallComplete", "NdisMCmMakeCallComplete");
  RuntimeCore* rtp = runtime_for(vc_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", status}, {{"NdisVcHandle", vc_handle}, {"NdisPartyHandle", party_handle}});
  irql_at_most_dispatch(rt, irql_rule(caller), fn);
  Vc* vc = resolve<Vc>(rt, vc_handle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return;
  if (party_handle) {
    // A party handle a failed completion already invalidated is a stale handle (CM-056/CM-007).
    if (!resolve<core::Party>(rt, party_handle, ObjectType::Party, fn, "NdisPartyHandle")) return;
  }
  check_cm_role(rt, caller, vc->cm, fn, "NdisVcHandle", vc_handle);
  if (!completion_status_ok(rt, status, fn, "NdisVcHandle", vc_handle)) return;
  core::Party* party;
  core::Activation activation;
  PCO_CALL_PARAMETERS recorded;
  {
    std::lock_guard lock(vc->lock);
    if (vc->call != CallState::Making || !core::accept_completion(vc->make_op)) {
      report_unexpected_completion(rt, fn, "NdisVcHandle", vc_handle, "ProtocolCmMakeCall", "call",
                                   core::call_state_name(vc->call));
      return;
    }
    party = vc->party;
    activation = vc->activation;
    recorded = vc->call_parameters;
    if (status == NDIS_STATUS_SUCCESS) {
      vc->call = CallState::Connected;
      if (party) {
        party->cm_context = cm_party_context;
        party->state = core::PartyState::Active;
      }
    } else {
      vc->call = CallState::Idle;  // the VC stays; its creator deletes or reuses it
      vc->party = nullptr;
    }
  }
  if (checking(rt)) {
    const NDIS_HANDLE expected_party = party ? party->handle : nullptr;
    if (party_handle != expected_party || (!party && cm_party_context))
      rt.verifier()
          .finding("CM-055", fn)
          .handle("NdisVcHandle", vc_handle)
          .handle("NdisPartyHandle", party_handle)
          .message(party_handle != expected_party ? "NdisPartyHandle is not the handle given to ProtocolCmMakeCall"
                                                  : "CallMgrPartyContext is set for a point-to-point call")
          .expected("the party handle passed to ProtocolCmMakeCall (NULL for point-to-point), and a NULL "
                    "CallMgrPartyContext with a NULL party handle")
          .remedy("complete with the handles of the make-call being completed");
    if (parameters != recorded)
      rt.verifier()
          .finding("CM-006", fn)
          .handle("NdisVcHandle", vc_handle)
          .message("CallParameters is not the client's make-call buffer")
          .expected("the CallParameters pointer ProtocolCmMakeCall received")
          .remedy("write any changes into the client's buffer and set CALL_PARAMETERS_CHANGED");
    if (status == NDIS_STATUS_SUCCESS && activation != core::Activation::Active)
      rt.verifier()
          .finding("CM-054", fn)
          .handle("NdisVcHandle", vc_handle)
          .state("VC activation", core::activation_name(activation))
          .message("a make-call completed with SUCCESS on a VC that is not activated")
          .expected(caller == CmCaller::StandAlone ? "NdisCmActivateVc completed with SUCCESS first"
                                                   : "NdisMCmActivateVc called first")
          .remedy("activate the VC before completing the make-call with SUCCESS");
  }
  CoDriver* client = vc->af->client;
  NDIS_HANDLE delivered_party = nullptr;
  if (status == NDIS_STATUS_SUCCESS) {
    delivered_party = party ? party->handle : nullptr;
  } else if (party) {
    rt.calls().free_party(party);  // CM-056: the handle is dead from this call on
  }
  upcall(rt, {"ProtocolClMakeCallComplete", client->name}, client->client.ClMakeCallCompleteHandler, status,
         vc->client_context, delivered_party, recorded ? recorded : parameters);
}

void close_call_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE vc_handle, NDIS_HANDLE party_handle) {
  const char* fn = name_of(caller, "NdisCmCloseCallComplete", "NdisMCmCloseCallComplete");
  RuntimeCore* rtp = runtime_for(vc_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", status}, {{"NdisVcHandle", vc_handle}, {"NdisPartyHandle", party_handle}});
  irql_at_most_dispatch(rt, irql_rule(caller), fn);
  Vc* vc = resolve<Vc>(rt, vc_handle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return;
  check_cm_role(rt, caller, vc->cm, fn, "NdisVcHandle", vc_handle);
  if (!completion_status_ok(rt, status, fn, "NdisVcHandle", vc_handle)) return;
  core::Party* party;
  core::Party* released = nullptr;
  core::Activation activation;
  uint32_t parties_left = 0;
  {
    std::lock_guard lock(vc->lock);
    if (vc->call != CallState::Closing || !core::accept_completion(vc->close_op)) {
      report_unexpected_completion(rt, fn, "NdisVcHandle", vc_handle, "ProtocolCmCloseCall", "call",
                                   core::call_state_name(vc->call));
      return;
    }
    party = core::find_party(vc, party_handle);
    if (!party) party = vc->party;
    activation = vc->activation;
    if (status == NDIS_STATUS_SUCCESS) {
      parties_left = vc->live_parties();
      vc->call = CallState::Closed;
      released = vc->party;
      vc->party = nullptr;
      vc->call_parameters = nullptr;
    } else {
      vc->call = CallState::Connected;  // OQ-22
    }
  }
  if (checking(rt)) {
    if (party_handle != (party ? party->handle : nullptr))
      rt.verifier()
          .finding("CM-075", fn)
          .handle("NdisVcHandle", vc_handle)
          .handle("NdisPartyHandle", party_handle)
          .expected("the party whose close was requested, or NULL for point-to-point")
          .remedy("complete with the party handle of the close being completed");
    if (status == NDIS_STATUS_SUCCESS && activation != core::Activation::Inactive)
      rt.verifier()
          .finding("CM-074", fn)
          .handle("NdisVcHandle", vc_handle)
          .state("VC activation", core::activation_name(activation))
          .message("a close completed with SUCCESS while the VC is still activated")
          .expected("the VC deactivated before the close completes")
          .remedy("deactivate the VC, then complete the close");
  }
  if (checking(rt) && parties_left > 1)
    rt.verifier()
        .finding("CM-072", fn)
        .handle("NdisVcHandle", vc_handle)
        .value("parties", std::to_string(parties_left))
        .message("the close of a multipoint call succeeded while more than one party was connected")
        .expected("NDIS_STATUS_FAILURE until only one party remains")
        .remedy("fail the close while other parties remain; the client drops them first");
  void* party_context = party ? party->client_context : nullptr;
  rt.calls().free_parties(released);
  CoDriver* client = vc->af->client;
  upcall(rt, {"ProtocolClCloseCallComplete", client->name}, client->client.ClCloseCallCompleteHandler, status,
         vc->client_context, party_context);
}

}  // namespace condis::api

extern "C" {

NDIS_STATUS NdisCmRegisterAddressFamilyEx(NDIS_HANDLE NdisBindingHandle, PCO_ADDRESS_FAMILY AddressFamily) {
  static constexpr const char* fn = "NdisCmRegisterAddressFamilyEx";
  RuntimeCore* rtp = runtime_for(NdisBindingHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisBindingHandle", NdisBindingHandle}});
  if (!irql_passive(rt, "CM-011", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  if (!AddressFamily) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  core::BindingView binding;
  if (!rt.calls().topology().binding(NdisBindingHandle, &binding) || !binding.usable) {
    rt.verifier()
        .finding("CM-030", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .message("not an open binding")
        .expected("an open binding that is not closing, normally inside ProtocolBindAdapterEx")
        .remedy("register the AF after NdisOpenAdapterEx succeeded, before unbinding");
    return trace.returns(NDIS_STATUS_FAILURE);
  }
  CoDriver* cm = rt.calls().find_driver(binding.protocol_driver);
  if (!cm || !cm->is_standalone_cm()) {
    rt.verifier()
        .finding("CM-020", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .message("the protocol registered no NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS")
        .expected("a stand-alone call manager")
        .remedy("register the call-manager handlers from ProtocolSetOptions");
    return trace.returns(NDIS_STATUS_FAILURE);
  }
  return trace.returns(register_address_family(rt, fn, cm, binding.adapter, NdisBindingHandle, binding.binding_context,
                                               false, AddressFamily));
}

VOID NdisCmOpenAddressFamilyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisAfHandle, NDIS_HANDLE CallMgrAfContext) {
  open_af_complete(CmCaller::StandAlone, Status, NdisAfHandle, CallMgrAfContext);
}

VOID NdisCmCloseAddressFamilyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisAfHandle) {
  close_af_complete(CmCaller::StandAlone, Status, NdisAfHandle);
}

VOID NdisCmRegisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE NdisSapHandle, NDIS_HANDLE CallMgrSapContext) {
  register_sap_complete(CmCaller::StandAlone, Status, NdisSapHandle, CallMgrSapContext);
}

VOID NdisCmDeregisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE NdisSapHandle) {
  deregister_sap_complete(CmCaller::StandAlone, Status, NdisSapHandle);
}

VOID NdisCmMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle,
                            NDIS_HANDLE CallMgrPartyContext, PCO_CALL_PARAMETERS CallParameters) {
  make_call_complete(CmCaller::StandAlone, Status, NdisVcHandle, NdisPartyHandle, CallMgrPartyContext, CallParameters);
}

VOID NdisCmCloseCallComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle) {
  close_call_complete(CmCaller::StandAlone, Status, NdisVcHandle, NdisPartyHandle);
}

NDIS_STATUS NdisCmNotifyCloseAddressFamily(NDIS_HANDLE NdisAfHandle) {
  return notify_close_address_family(CmCaller::StandAlone, NdisAfHandle);
}
NDIS_STATUS NdisCmDispatchIncomingCall(NDIS_HANDLE NdisSapHandle, NDIS_HANDLE NdisVcHandle,
                                       PCO_CALL_PARAMETERS CallParameters) {
  return dispatch_incoming_call(CmCaller::StandAlone, NdisSapHandle, NdisVcHandle, CallParameters);
}
VOID NdisCmDispatchCallConnected(NDIS_HANDLE NdisVcHandle) {
  dispatch_call_connected(CmCaller::StandAlone, NdisVcHandle);
}
VOID NdisCmDispatchIncomingCloseCall(NDIS_STATUS CloseStatus, NDIS_HANDLE NdisVcHandle, PVOID Buffer, UINT Size) {
  dispatch_incoming_close_call(CmCaller::StandAlone, CloseStatus, NdisVcHandle, Buffer, Size);
}
VOID NdisCmAddPartyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisPartyHandle, NDIS_HANDLE CallMgrPartyContext,
                            PCO_CALL_PARAMETERS CallParameters) {
  add_party_complete(CmCaller::StandAlone, Status, NdisPartyHandle, CallMgrPartyContext, CallParameters);
}
VOID NdisCmDropPartyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisPartyHandle) {
  drop_party_complete(CmCaller::StandAlone, Status, NdisPartyHandle);
}
VOID NdisCmDispatchIncomingDropParty(NDIS_STATUS DropStatus, NDIS_HANDLE NdisPartyHandle, PVOID Buffer, UINT Size) {
  dispatch_incoming_drop_party(CmCaller::StandAlone, DropStatus, NdisPartyHandle, Buffer, Size);
}
VOID NdisCmModifyCallQoSComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters) {
  modify_call_qos_complete(CmCaller::StandAlone, Status, NdisVcHandle, CallParameters);
}
VOID NdisCmDispatchIncomingCallQoSChange(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters) {
  dispatch_incoming_call_qos_change(CmCaller::StandAlone, NdisVcHandle, CallParameters);
}

}  // extern "C"
