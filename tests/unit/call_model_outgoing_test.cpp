// Outgoing calls end to end (call-management.md 3.1-3.5, 3.7, 3.12) through the call model, and
// the rules of 4.A-4.F and 4.K on that path: each rule broken (the finding is asserted by id) and
// kept (no finding).
#include "unit/call_model_support.hpp"

#include "exec/irql.hpp"

namespace cmtest {
namespace {

using condis::exec::ExecutionScope;

// Client, MCM: AF notify, open, VC, make-call pended, activate, complete, close, deactivate, delete.
TEST(CallModelOutgoing, McmCallCycleFollowsTheSpecSequenceWithoutFindings) {
  World w(/*mcm=*/true);
  w.register_all();
  w.register_af();
  EXPECT_EQ(record.last_af_notify_context, ctx(kClientBindingCtx));
  ASSERT_EQ(record.last_af->AddressFamily, CO_ADDRESS_FAMILY_Q2931);
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  EXPECT_EQ(record.vc_in_cm, vc);
  EXPECT_EQ(record.count("MpCreateVc"), 0u);  // CM-025: no MiniportCoCreateVc on an MCM

  NDIS_HANDLE party = (NDIS_HANDLE)0x99;
  EXPECT_EQ(NdisClMakeCall(vc, &w.params, nullptr, &party), NDIS_STATUS_PENDING);
  EXPECT_EQ(party, nullptr);
  EXPECT_EQ(record.count("ClMakeCallComplete"), 0u);  // CM-004
  EXPECT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr, nullptr, &w.params);
  EXPECT_EQ(record.make_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.make_complete_party, nullptr);
  EXPECT_EQ(record.make_complete_params, &w.params);

  EXPECT_EQ(NdisClCloseCall(vc, nullptr, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr);
  EXPECT_EQ(record.close_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.close_complete_party_context, nullptr);

  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("CmDeleteVc"), 1u);
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("CmCloseAf"), 1u);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

// Client, stand-alone CM, miniport: activation and deactivation pend in the miniport.
TEST(CallModelOutgoing, StandAloneCmCallCycleRoutesActivationThroughTheMiniport) {
  World w(/*mcm=*/false);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  EXPECT_EQ(record.count("CmCreateVc"), 1u);
  EXPECT_EQ(record.count("MpCreateVc"), 1u);
  EXPECT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_PENDING);

  behaviour.mp_activate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmActivateVc(vc, &w.params), NDIS_STATUS_PENDING);
  NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &w.params);
  EXPECT_EQ(record.activate_complete_status, NDIS_STATUS_SUCCESS);
  NdisCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr, nullptr, &w.params);
  EXPECT_EQ(record.make_complete_status, NDIS_STATUS_SUCCESS);

  EXPECT_EQ(NdisClCloseCall(vc, nullptr, nullptr, 0), NDIS_STATUS_PENDING);
  behaviour.mp_deactivate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_CLOSING);  // CM-042: deactivation pending
  NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc);
  EXPECT_EQ(record.deactivate_complete_status, NDIS_STATUS_SUCCESS);
  NdisCmCloseCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr);
  EXPECT_EQ(record.close_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  EXPECT_EQ(record.count("CmDeleteVc"), 1u);
  EXPECT_EQ(w.count("CM-042"), 1u);
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

TEST(CallModelOutgoing, SynchronousMakeCallReturnsTheStatusAndCallsNoCompletion) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  ASSERT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  behaviour.make_call = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("ClMakeCallComplete"), 0u);  // CM-004
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
}

// 3.12: a PVC make-call; the CM sets PERMANENT_VC in the returned parameters.
TEST(CallModelOutgoing, PvcMakeCallCompletesLikeASwitchedCall) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  w.params.Flags = PERMANENT_VC;
  w.params.MediaParameters = nullptr;
  EXPECT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_PENDING);
  w.params.MediaParameters = &w.media;
  ASSERT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr, nullptr, &w.params);
  EXPECT_TRUE(record.make_complete_flags & PERMANENT_VC);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
}

// A failed make-call leaves the VC idle; the client deletes it and the MCM's ProtocolCoDeleteVc runs.
TEST(CallModelOutgoing, FailedMakeCallLeavesAnIdleVcThatTheClientDeletes) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  ASSERT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_PENDING);
  NdisMCmMakeCallComplete(NDIS_STATUS_DEST_OUT_OF_ORDER, vc, nullptr, nullptr, &w.params);
  EXPECT_EQ(record.make_complete_status, NDIS_STATUS_DEST_OUT_OF_ORDER);
  EXPECT_EQ(record.make_complete_party, nullptr);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("CmDeleteVc"), 1u);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
}

// The CM changes the parameters in the client's buffer; the client rejects them by closing from
// inside ProtocolClMakeCallComplete.
TEST(CallModelOutgoing, ChangedParametersReachTheClientInItsBufferAndItMayCloseAtOnce) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  behaviour.change_parameters = true;
  behaviour.close_in_make_complete = true;
  behaviour.close_call = NDIS_STATUS_SUCCESS;
  ASSERT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_PENDING);
  ASSERT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr, nullptr, &w.params);
  EXPECT_EQ(record.make_complete_params, &w.params);
  EXPECT_TRUE(record.make_complete_flags & CALL_PARAMETERS_CHANGED);
  EXPECT_EQ(w.cm_params.Transmit.PeakBandwidth, 1000u);
  EXPECT_EQ(record.close_in_complete_status, NDIS_STATUS_SUCCESS);
  // The CM returned SUCCESS without deactivating: CM-074.
  EXPECT_EQ(w.count("CM-074"), 1u);
  ASSERT_EQ(NdisMCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
}

// The initial party of a multipoint call: handle to ProtocolCmMakeCall, CallMgrPartyContext kept
// and passed to ProtocolCmCloseCall, ProtocolPartyContext back in ProtocolClCloseCallComplete.
TEST(CallModelOutgoing, InitialPartyOfAMultipointCallIsTrackedThroughClose) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  behaviour.cm_party_context = ctx(0x2D00);
  NDIS_HANDLE party = nullptr;
  ASSERT_EQ(NdisClMakeCall(vc, &w.params, ctx(kClientPartyCtx), &party), NDIS_STATUS_PENDING);
  ASSERT_NE(record.cm_make_party, nullptr);
  ASSERT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, record.cm_make_party, ctx(0x2D00), &w.params);
  EXPECT_EQ(record.make_complete_party, record.cm_make_party);
  ASSERT_EQ(NdisClCloseCall(vc, record.make_complete_party, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(record.cm_close_party_context, ctx(0x2D00));
  ASSERT_EQ(NdisMCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, vc, record.cm_make_party);
  EXPECT_EQ(record.close_complete_party_context, ctx(kClientPartyCtx));
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
}

// ---- Rules on NdisMCmMakeCallComplete ----------------------------------------------------

struct PendingCall {
  World w{true};
  NDIS_HANDLE vc = nullptr;
  explicit PendingCall(NDIS_HANDLE party_ctx = nullptr) {
    w.register_all();
    w.register_af();
    w.open_af();
    vc = w.create_vc();
    EXPECT_EQ(NdisClMakeCall(vc, &w.params, party_ctx, nullptr), NDIS_STATUS_PENDING);
  }
};

TEST(CallModelRules, Cm001CompletionWithPendingIsReportedAndIgnored) {
  PendingCall c;
  ASSERT_EQ(NdisMCmActivateVc(c.vc, &c.w.params), NDIS_STATUS_SUCCESS);
  NdisMCmMakeCallComplete(NDIS_STATUS_PENDING, c.vc, nullptr, nullptr, &c.w.params);
  EXPECT_EQ(c.w.count("CM-001"), 1u);
  EXPECT_EQ(record.count("ClMakeCallComplete"), 0u);
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, c.vc, nullptr, nullptr, &c.w.params);  // still owed, still works
  EXPECT_EQ(record.make_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(c.w.total(), 1u) << c.w.findings_text();
}

TEST(CallModelRules, Cm002CompletionWithoutPendAndDoubleCompletionAreReported) {
  PendingCall c;
  ASSERT_EQ(NdisMCmActivateVc(c.vc, &c.w.params), NDIS_STATUS_SUCCESS);
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, c.vc, nullptr, nullptr, &c.w.params);
  EXPECT_EQ(c.w.count("CM-002"), 0u);
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, c.vc, nullptr, nullptr, &c.w.params);  // twice
  EXPECT_EQ(c.w.count("CM-002"), 1u);
  EXPECT_EQ(record.count("ClMakeCallComplete"), 1u);

  World w(true);  // completion on a VC whose ProtocolCmMakeCall never pended
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  NdisMCmMakeCallComplete(NDIS_STATUS_FAILURE, vc, nullptr, nullptr, &w.params);
  EXPECT_EQ(w.count("CM-002"), 1u);
}

TEST(CallModelRules, Cm054SuccessOnlyOnAnActivatedVc) {
  PendingCall bad;
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, bad.vc, nullptr, nullptr, &bad.w.params);
  EXPECT_EQ(bad.w.count("CM-054"), 1u);
  PendingCall good;
  ASSERT_EQ(NdisMCmActivateVc(good.vc, &good.w.params), NDIS_STATUS_SUCCESS);
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, good.vc, nullptr, nullptr, &good.w.params);
  EXPECT_EQ(good.w.count("CM-054"), 0u);
}

// CM-056: the tests named Cm056... below check this rule.
TEST(CallModelRules, Cm056PartyHandleIsStaleAfterAFailedCompletion) {
  PendingCall c(ctx(kClientPartyCtx));
  NDIS_HANDLE party = record.cm_make_party;
  ASSERT_NE(party, nullptr);
  NdisMCmMakeCallComplete(NDIS_STATUS_FAILURE, c.vc, party, nullptr, &c.w.params);
  EXPECT_EQ(record.make_complete_party, nullptr);
  EXPECT_EQ(c.w.total(), 0u) << c.w.findings_text();
  NdisMCmMakeCallComplete(NDIS_STATUS_FAILURE, c.vc, party, nullptr, &c.w.params);  // stale party handle
  EXPECT_EQ(c.w.count("CM-007"), 1u);
  EXPECT_EQ(record.count("ClMakeCallComplete"), 1u);
}

TEST(CallModelRules, Cm003PendedMakeCallNeverCompletedIsALeak) {
  PendingCall c;
  condis::LeakReport report = c.w.rt.leak_report();
  bool found = false;
  for (auto& leak : report.leaks) found |= leak.rule == "CM-003" && leak.kind == "pending make-call";
  EXPECT_TRUE(found) << report.to_string();
  NdisMCmMakeCallComplete(NDIS_STATUS_FAILURE, c.vc, nullptr, nullptr, &c.w.params);
  ASSERT_EQ(NdisCoDeleteVc(c.vc), NDIS_STATUS_SUCCESS);
  ASSERT_EQ(NdisClCloseAddressFamily(c.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_TRUE(c.w.rt.leak_report().empty()) << c.w.rt.leak_report().to_string();
}

TEST(CallModelRules, Cm020And021NamesMatchTheKindOfCallManager) {
  PendingCall mcm;  // an MCM using the stand-alone name
  ASSERT_EQ(NdisMCmActivateVc(mcm.vc, &mcm.w.params), NDIS_STATUS_SUCCESS);
  NdisCmMakeCallComplete(NDIS_STATUS_SUCCESS, mcm.vc, nullptr, nullptr, &mcm.w.params);
  EXPECT_EQ(mcm.w.count("CM-020"), 1u);
  EXPECT_EQ(mcm.w.count("CM-021"), 0u);

  World w(false);  // a stand-alone CM using the MCM name
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  ASSERT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_PENDING);
  ASSERT_EQ(NdisCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr, nullptr, &w.params);
  EXPECT_EQ(w.count("CM-021"), 1u);
  EXPECT_EQ(w.count("CM-020"), 0u);
}

TEST(CallModelRules, Cm015CompletionAboveDispatchIsReported) {
  PendingCall c;
  ASSERT_EQ(NdisMCmActivateVc(c.vc, &c.w.params), NDIS_STATUS_SUCCESS);
  {
    ExecutionScope high(3);
    NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, c.vc, nullptr, nullptr, &c.w.params);
  }
  EXPECT_EQ(c.w.count("CM-015"), 1u);
  PendingCall ok;
  ASSERT_EQ(NdisMCmActivateVc(ok.vc, &ok.w.params), NDIS_STATUS_SUCCESS);
  {
    ExecutionScope dispatch(condis::exec::kDispatch);
    NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, ok.vc, nullptr, nullptr, &ok.w.params);
  }
  EXPECT_EQ(ok.w.total(), 0u) << ok.w.findings_text();
}

TEST(CallModelRules, Cm010OpenAddressFamilyOnlyAtPassive) {
  World w(true);
  w.register_all();
  w.register_af();
  NDIS_HANDLE af = nullptr;
  {
    ExecutionScope dispatch(condis::exec::kDispatch);
    EXPECT_EQ(NdisClOpenAddressFamilyEx(w.client_binding.handle, record.last_af, ctx(kClientAfCtx), &af),
              NDIS_STATUS_FAILURE);
  }
  EXPECT_EQ(w.count("CM-010"), 1u);
  w.open_af();
  EXPECT_EQ(w.count("CM-010"), 1u);
}

TEST(CallModelRules, Cm007ForgedStaleAndWrongTypeHandlesFailCleanly) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  EXPECT_EQ(NdisClMakeCall(w.af, &w.params, nullptr, nullptr), NDIS_STATUS_INVALID_PARAMETER);  // wrong type
  NDIS_HANDLE vc = w.create_vc();
  ASSERT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_INVALID_PARAMETER);  // stale
  {
    condis::CurrentRuntimeScope in_driver(&w.rt);  // as inside a handler: a forged handle names no runtime
    NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, (NDIS_HANDLE)0x1234, nullptr, nullptr, &w.params);  // forged
  }
  EXPECT_EQ(w.count("CM-007"), 3u);
}

TEST(CallModelRules, Cm052SecondMakeCallOnABusyVcGetsCallActive) {
  PendingCall c;
  EXPECT_EQ(NdisClMakeCall(c.vc, &c.w.params, nullptr, nullptr), NDIS_STATUS_CALL_ACTIVE);
  EXPECT_EQ(c.w.count("CM-052"), 1u);
  EXPECT_EQ(record.count("CmMakeCall"), 1u);
}

TEST(CallModelRules, Cm042DeletingAnActiveVcIsNotAccepted) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  ASSERT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_NOT_ACCEPTED);
  EXPECT_EQ(w.count("CM-042"), 1u);
  EXPECT_EQ(NdisMCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisMCmDeactivateVc(vc), NDIS_STATUS_NOT_ACCEPTED);  // CM-046
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

TEST(CallModelRules, Cm035ClosingAnAfWithVcsFails) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_FAILURE);
  EXPECT_EQ(w.count("CM-035"), 1u);
  EXPECT_EQ(record.count("CmCloseAf"), 0u);
  ASSERT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

TEST(CallModelRules, Cm031SecondRegistrationOfAnAfFails) {
  World w(true);
  w.register_all();
  w.register_af();
  EXPECT_EQ(NdisMCmRegisterAddressFamilyEx(w.mcm_adapter.handle, &w.q2931), NDIS_STATUS_FAILURE);
  EXPECT_EQ(w.count("CM-031"), 1u);
}

TEST(CallModelRules, Cm009TablesWithNullHandlersAreRejected) {
  World w(true);
  NDIS_CO_CLIENT_OPTIONAL_HANDLERS cl;
  fill_client_table(&cl);
  cl.ClMakeCallCompleteHandler = nullptr;
  EXPECT_EQ(NdisSetOptionalHandlers(w.client.handle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&cl),
            NDIS_STATUS_BAD_CHARACTERISTICS);
  EXPECT_EQ(w.count("CM-009"), 1u);
  fill_client_table(&cl);
  EXPECT_EQ(NdisSetOptionalHandlers(w.client.handle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&cl), NDIS_STATUS_SUCCESS);
  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS cmt;
  fill_cm_table(&cmt);
  cmt.Header.Size = NDIS_SIZEOF_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1;  // OQ-10: the WDK size is accepted
  cmt.CmNotifyCloseAfCompleteHandler = nullptr;
  EXPECT_EQ(NdisSetOptionalHandlers(w.cm.handle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&cmt), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
  EXPECT_TRUE(w.client.optional_tables & condis::core::kClientTable);
}

// ---- SAPs (4.K) ----------------------------------------------------------------------------

TEST(CallModelSap, PendedRegistrationAndDeregistrationComplete) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  CO_SAP sap{SAP_TYPE_NSAP, 1, {7}};
  NDIS_HANDLE h = nullptr;
  behaviour.reg_sap = NDIS_STATUS_PENDING;
  ASSERT_EQ(NdisClRegisterSap(w.af, ctx(kClientSapCtx), &sap, &h), NDIS_STATUS_PENDING);
  NdisMCmRegisterSapComplete(NDIS_STATUS_SUCCESS, h, ctx(kCmSapCtx));
  EXPECT_EQ(record.reg_sap_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_FAILURE);  // CM-035: a SAP remains
  behaviour.dereg_sap = NDIS_STATUS_PENDING;
  ASSERT_EQ(NdisClDeregisterSap(h), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisClDeregisterSap(h), NDIS_STATUS_FAILURE);  // CM-103
  NdisMCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, h);
  EXPECT_EQ(record.dereg_sap_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.count("CM-035"), 1u);
  EXPECT_EQ(w.count("CM-103"), 1u);
  EXPECT_EQ(w.total(), 2u) << w.findings_text();
}

TEST(CallModelSap, Cm104DeregistrationCompletedWithAFailureIsReported) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  CO_SAP sap{SAP_TYPE_NSAP, 1, {7}};
  NDIS_HANDLE h = nullptr;
  ASSERT_EQ(NdisClRegisterSap(w.af, ctx(kClientSapCtx), &sap, &h), NDIS_STATUS_SUCCESS);
  behaviour.dereg_sap = NDIS_STATUS_PENDING;
  ASSERT_EQ(NdisClDeregisterSap(h), NDIS_STATUS_PENDING);
  NdisMCmDeregisterSapComplete(NDIS_STATUS_FAILURE, h);
  EXPECT_EQ(w.count("CM-104"), 1u);
  NdisMCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, h);  // the handle is gone now
  EXPECT_EQ(w.count("CM-007"), 1u);
}

TEST(CallModelSap, Cm100RegisterSapNeedsAnOpenAf) {
  World w(true);
  w.register_all();
  w.register_af();
  behaviour.open_af = NDIS_STATUS_PENDING;
  NDIS_HANDLE af = nullptr;
  ASSERT_EQ(NdisClOpenAddressFamilyEx(w.client_binding.handle, record.last_af, ctx(kClientAfCtx), &af),
            NDIS_STATUS_PENDING);
  CO_SAP sap{SAP_TYPE_NSAP, 1, {7}};
  NDIS_HANDLE h = nullptr;
  EXPECT_EQ(NdisClRegisterSap(af, ctx(kClientSapCtx), &sap, &h), NDIS_STATUS_FAILURE);
  EXPECT_EQ(w.count("CM-100"), 1u);
  NdisMCmOpenAddressFamilyComplete(NDIS_STATUS_SUCCESS, af, ctx(kCmAfCtx));
  EXPECT_EQ(record.open_complete_af, af);
  EXPECT_EQ(NdisClRegisterSap(af, ctx(kClientSapCtx), &sap, &h), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

}  // namespace
}  // namespace cmtest
