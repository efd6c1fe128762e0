// Point-to-multipoint parties (call-management.md 1.8, 3.9; rules 4.I): NdisClAddParty ->
// ProtocolCmAddParty -> Ndis(M)CmAddPartyComplete -> ProtocolClAddPartyComplete; NdisClDropParty ->
// ProtocolCmDropParty -> Ndis(M)CmDropPartyComplete -> ProtocolClDropPartyComplete; and
// Ndis(M)CmDispatchIncomingDropParty -> ProtocolClIncomingDropParty. All at IRQL <= DISPATCH_LEVEL.
// A VC's parties and their states are guarded by the VC's lock.
#include <mutex>

#include "api/co_common.hpp"
#include "api/co_request.hpp"  // RQ-016 / RQ-017 hook

using namespace condis;
using namespace condis::api;
using core::CallState;
using core::Party;
using core::PartyState;

namespace condis::api {

void add_party_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE party_handle, NDIS_HANDLE cm_party_context,
                        PCO_CALL_PARAMETERS parameters) {
  const char* fn = cm_name(caller, "NdisCmAddPartyComplete", "NdisMCmAddPartyComplete");
  RuntimeCore* rtp = runtime_for(party_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", status}, {{"NdisPartyHandle", party_handle}});
  if (!irql_at_most_dispatch(rt, cm_irql_rule(caller), fn)) return;
  Party* party = resolve<Party>(rt, party_handle, ObjectType::Party, fn, "NdisPartyHandle");
  if (!party) return;
  Vc* vc = party->vc;
  check_cm_role(rt, caller, vc->cm, fn, "NdisPartyHandle", party_handle);
  if (!completion_status_ok(rt, status, fn, "NdisPartyHandle", party_handle)) return;
  core::Acceptance taken;
  void* client_context;
  CoDriver* client;
  {
    std::lock_guard lock(vc->lock);
    taken = party->state == PartyState::Adding ? core::accept_completion_ex(party->op) : core::Acceptance::Rejected;
    if (taken == core::Acceptance::Rejected) {
      report_unexpected_completion(rt, fn, "NdisPartyHandle", party_handle, "ProtocolCmAddParty", "party",
                                   core::party_state_name(party->state));
      return;
    }
    if (status == NDIS_STATUS_SUCCESS) {
      party->cm_context = cm_party_context;
      party->state = PartyState::Active;
    } else {
      party->state = PartyState::Gone;
      vc->unlink_party(party);
    }
    // Read under the lock: after an early completion the request side frees the party as soon as
    // its handler returns, so nothing of it may be touched once the lock is released.
    client_context = party->client_context;
    client = vc->af->client;
  }
  if (status == NDIS_STATUS_SUCCESS && !cm_party_context && checking(rt))
    rt.verifier()
        .finding("CM-081", fn)
        .handle("NdisPartyHandle", party_handle)
        .message("the add-party succeeded with a NULL CallMgrPartyContext")
        .expected("a non-NULL CallMgrPartyContext with NDIS_STATUS_SUCCESS")
        .remedy("pass the context of the party state you allocated in ProtocolCmAddParty");
  // CM-082 / OQ-18: a failed add delivers NULL and the handle is dead from here (NdisClAddParty
  // frees it when the completion ran while ProtocolCmAddParty still did).
  if (status != NDIS_STATUS_SUCCESS && taken == core::Acceptance::AfterPend) rt.calls().free_party(party);
  upcall(rt, {"ProtocolClAddPartyComplete", client->name}, client->client.ClAddPartyCompleteHandler, status,
         client_context, status == NDIS_STATUS_SUCCESS ? party_handle : nullptr, parameters);
}

void drop_party_complete(CmCaller caller, NDIS_STATUS status, NDIS_HANDLE party_handle) {
  const char* fn = cm_name(caller, "NdisCmDropPartyComplete", "NdisMCmDropPartyComplete");
  RuntimeCore* rtp = runtime_for(party_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", status}, {{"NdisPartyHandle", party_handle}});
  if (!irql_at_most_dispatch(rt, cm_irql_rule(caller), fn)) return;
  Party* party = resolve<Party>(rt, party_handle, ObjectType::Party, fn, "NdisPartyHandle");
  if (!party) return;
  Vc* vc = party->vc;
  check_cm_role(rt, caller, vc->cm, fn, "NdisPartyHandle", party_handle);
  if (!completion_status_ok(rt, status, fn, "NdisPartyHandle", party_handle)) return;
  core::Acceptance taken;
  void* client_context;
  CoDriver* client;
  {
    std::lock_guard lock(vc->lock);
    taken = party->state == PartyState::Dropping ? core::accept_completion_ex(party->op) : core::Acceptance::Rejected;
    if (taken == core::Acceptance::Rejected) {
      report_unexpected_completion(rt, fn, "NdisPartyHandle", party_handle, "ProtocolCmDropParty", "party",
                                   core::party_state_name(party->state));
      return;
    }
    if (status == NDIS_STATUS_SUCCESS) {
      party->state = PartyState::Gone;
      vc->unlink_party(party);
    } else {
      party->state = PartyState::Active;
    }
    client_context = party->client_context;  // under the lock, as in add_party_complete
    client = vc->af->client;
  }
  if (status == NDIS_STATUS_SUCCESS && taken == core::Acceptance::AfterPend) rt.calls().free_party(party);
  upcall(rt, {"ProtocolClDropPartyComplete", client->name}, client->client.ClDropPartyCompleteHandler, status,
         client_context);
}

void dispatch_incoming_drop_party(CmCaller caller, NDIS_STATUS drop_status, NDIS_HANDLE party_handle, PVOID buffer,
                                  UINT size) {
  const char* fn = cm_name(caller, "NdisCmDispatchIncomingDropParty", "NdisMCmDispatchIncomingDropParty");
  RuntimeCore* rtp = runtime_for(party_handle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"DropStatus", drop_status}, {{"NdisPartyHandle", party_handle}});
  if (!irql_at_most_dispatch(rt, cm_irql_rule(caller), fn)) return;
  Party* party = resolve<Party>(rt, party_handle, ObjectType::Party, fn, "NdisPartyHandle");
  if (!party) return;
  Vc* vc = party->vc;
  check_cm_role(rt, caller, vc->cm, fn, "NdisPartyHandle", party_handle);
  void* client_context;
  CoDriver* client;
  {
    std::lock_guard lock(vc->lock);
    if (party->state != PartyState::Active || !vc->several_live_parties()) {
      const uint32_t parties = vc->live_parties();
      rt.verifier()
          .finding("CM-085", fn)
          .handle("NdisPartyHandle", party_handle)
          .state("party", core::party_state_name(party->state))
          .value("parties", std::to_string(parties))
          .message(parties < 2 ? "the party is the last one on the VC" : "the party is not ACTIVE")
          .expected("an ACTIVE party on a VC with more than one party")
          .remedy("for the last party dispatch an incoming close (Ndis(M)CmDispatchIncomingCloseCall) instead");
      return;
    }
    party->remote_dropping = true;
    client_context = party->client_context;
    client = vc->af->client;
  }
  upcall(rt, {"ProtocolClIncomingDropParty", client->name}, client->client.ClIncomingDropPartyHandler, drop_status,
         client_context, buffer, size);
}

}  // namespace condis::api

extern "C" {

// Called by the client at IRQL <= DISPATCH_LEVEL on a CONNECTED multipoint call it made.
NDIS_STATUS NdisClAddParty(NDIS_HANDLE NdisVcHandle, NDIS_HANDLE ProtocolPartyContext,
                           PCO_CALL_PARAMETERS CallParameters, PNDIS_HANDLE NdisPartyHandle) {
  static constexpr const char* fn = "NdisClAddParty";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  trace.out("NdisPartyHandle", NdisPartyHandle);
  if (!irql_at_most_dispatch(rt, "CM-013", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  if (!NdisPartyHandle || !CallParameters) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  *NdisPartyHandle = nullptr;
  Party* party = rt.calls().new_party(vc, ProtocolPartyContext);
  if (!party) return trace.returns(NDIS_STATUS_RESOURCES);
  {
    std::lock_guard lock(vc->lock);
    const char* problem = nullptr;
    if (!ProtocolPartyContext) problem = "ProtocolPartyContext is NULL";
    else if (vc->owner != core::VcOwner::Client) problem = "the VC was not created by the client";
    else if (!vc->is_multipoint()) problem = "the call on the VC is not multipoint";
    else if (vc->call != CallState::Connected) problem = "the multipoint call is not CONNECTED (OQ-20)";
    if (problem) {
      rt.verifier()
          .finding("CM-080", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .state("call", core::call_state_name(vc->call))
          .message(problem)
          .expected("a CONNECTED multipoint call the client made with a non-NULL ProtocolPartyContext, and a non-NULL "
                    "ProtocolPartyContext for the new party")
          .remedy("add parties once the multipoint make-call completed with SUCCESS");
      // (freed below, outside the lock)
    } else {
      party->op = core::PendingOp::InHandler;
      vc->link_party_after_head(party);
    }
    if (problem) party->state = PartyState::Gone;
  }
  if (party->state == PartyState::Gone) {
    rt.calls().free_party(party);
    return trace.returns(NDIS_STATUS_FAILURE);
  }
  check_oid_follow_ups(rt, vc->af, fn);  // RQ-016 / RQ-017
  CoDriver* cm = vc->cm;
  NDIS_HANDLE cm_party_context = nullptr;
  NDIS_HANDLE handle = party->handle;
  NDIS_STATUS status = upcall(rt, {"ProtocolCmAddParty", cm->name}, cm->cm.CmAddPartyHandler, vc->cm_context,
                              CallParameters, handle, &cm_party_context);
  bool early = false, apply, free_now = false, frees_vc;
  {
    std::lock_guard lock(vc->lock);
    const bool completed_early = party->op == core::PendingOp::CompletedEarly;
    apply = core::finish_handler(party->op, status == NDIS_STATUS_PENDING, &early);
    if (apply) {
      if (status == NDIS_STATUS_SUCCESS) {
        party->cm_context = cm_party_context;
        party->state = PartyState::Active;
      } else {
        party->state = PartyState::Gone;
        vc->unlink_party(party);
      }
    }
    free_now = party->state == PartyState::Gone && (apply || completed_early);
    // The binding went away while ProtocolCmAddParty ran (the VC and its parties were released
    // with it, their handles dead): the last request holding the VC frees it with its parties.
    frees_vc = vc->request_frees();
  }
  if (frees_vc) rt.calls().destroy_vc(vc);  // a party still linked goes with it
  if (early) report_completed_without_pend(rt, "ProtocolCmAddParty", handle, status);
  if (apply && status == NDIS_STATUS_SUCCESS && !cm_party_context && checking(rt))
    rt.verifier()
        .finding("CM-081", "ProtocolCmAddParty")
        .handle("NdisPartyHandle", handle)
        .message("the add-party succeeded with a NULL *CallMgrPartyContext")
        .expected("a non-NULL CallMgrPartyContext with NDIS_STATUS_SUCCESS")
        .remedy("set *CallMgrPartyContext to the party state you allocated");
  if (free_now) {
    rt.calls().free_party(party);  // unlinked: never among what destroy_vc frees
    return trace.returns(status);
  }
  if (status == NDIS_STATUS_SUCCESS || status == NDIS_STATUS_PENDING) *NdisPartyHandle = handle;
  return trace.returns(status);
}

// Called by the client at IRQL <= DISPATCH_LEVEL for an ACTIVE party that is not the last one.
NDIS_STATUS NdisClDropParty(NDIS_HANDLE NdisPartyHandle, PVOID Buffer, UINT Size) {
  static constexpr const char* fn = "NdisClDropParty";
  RuntimeCore* rtp = runtime_for(NdisPartyHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisPartyHandle", NdisPartyHandle}});
  if (!irql_at_most_dispatch(rt, "CM-013", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Party* party = resolve<Party>(rt, NdisPartyHandle, ObjectType::Party, fn, "NdisPartyHandle");
  if (!party) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  Vc* vc = party->vc;
  bool last_party;
  {
    std::lock_guard lock(vc->lock);
    last_party = !vc->several_live_parties();
    if (party->state != PartyState::Active || core::outstanding(party->op)) {
      const bool dropping = party->state == PartyState::Dropping;
      rt.verifier()
          .finding(dropping ? "CM-083" : "CM-080", fn)
          .handle("NdisPartyHandle", NdisPartyHandle)
          .state("party", core::party_state_name(party->state))
          .message(dropping ? "the party handle was already given up by NdisClDropParty"
                            : "the party's add has not completed (OQ-23: one add or drop per party at a time)")
          .expected("an ACTIVE party, dropped once")
          .remedy(dropping ? "do not use a party handle after dropping it"
                           : "wait for ProtocolClAddPartyComplete before dropping the party");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    party->state = PartyState::Dropping;  // the client's handle is dead from here on (CM-083)
    party->op = core::PendingOp::InHandler;
  }
  // OQ-19: dropping the last party is reported and still forwarded; the (M)CM must fail it (CM-084).
  if (last_party && checking(rt))
    rt.verifier()
        .finding("CM-084", fn)
        .handle("NdisPartyHandle", NdisPartyHandle)
        .message("the last party of a multipoint call is being dropped")
        .expected("NdisClCloseCall with the last party's handle")
        .remedy("close the call instead of dropping its last party");
  CoDriver* cm = vc->cm;
  NDIS_STATUS status = upcall(rt, {"ProtocolCmDropParty", cm->name}, cm->cm.CmDropPartyHandler, party->cm_context,
                              Buffer, Size);
  bool early = false, apply, free_now, frees_vc;
  {
    std::lock_guard lock(vc->lock);
    const bool completed_early = party->op == core::PendingOp::CompletedEarly;
    apply = core::finish_handler(party->op, status == NDIS_STATUS_PENDING, &early);
    if (apply) {
      if (status == NDIS_STATUS_SUCCESS) {
        party->state = PartyState::Gone;
        vc->unlink_party(party);
      } else {
        party->state = PartyState::Active;
      }
    }
    free_now = party->state == PartyState::Gone && (apply || completed_early);
    frees_vc = vc->request_frees();  // released with its binding meanwhile, as in NdisClAddParty
  }
  if (frees_vc) rt.calls().destroy_vc(vc);
  if (early) report_completed_without_pend(rt, "ProtocolCmDropParty", NdisPartyHandle, status);
  if (free_now) rt.calls().free_party(party);
  return trace.returns(status);
}

}  // extern "C"
