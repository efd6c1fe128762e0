// Rules of call-management.md 4.A-4.F and 4.K not covered by the flow tests: for each, a call
// that breaks it (the finding is asserted by rule id, with the documented status and the state
// left behind) and one that keeps it (no finding).
//
// Rules on the data path (CM-026, CM-045, CM-047, CM-057) need NdisCoSendNetBufferLists and the
// miniport indications, which the call model does not implement; they are not tested here.
#include "unit/call_model_flows.hpp"

#include "exec/irql.hpp"

namespace cmtest {
namespace {

using condis::exec::ExecutionScope;
constexpr condis::exec::Irql kAboveDispatch = 3;

// A world with the AF open (MCM unless told otherwise).
struct Open {
  World w;
  explicit Open(bool mcm = true) : w(mcm) {
    w.register_all();
    w.register_af();
    w.open_af();
  }
};

// An MCM world with a make-call pended in the MCM on an activated client VC.
struct Pending {
  Open o;
  NDIS_HANDLE vc = nullptr;
  explicit Pending(NDIS_HANDLE party_ctx = nullptr) {
    vc = o.w.create_vc();
    EXPECT_EQ(NdisMCmActivateVc(vc, &o.w.params), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(NdisClMakeCall(vc, &o.w.params, party_ctx, nullptr), NDIS_STATUS_PENDING);
  }
};

// ---- 4.A ------------------------------------------------------------------------------------

TEST(CallModelRuleCoverage, Cm006CompletionWithAnotherParameterBufferIsReported) {
  Pending bad;
  CO_CALL_PARAMETERS copy = bad.o.w.params;
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, bad.vc, nullptr, nullptr, &copy);
  EXPECT_EQ(bad.o.w.count("CM-006"), 1u);
  // The client still gets its own buffer back, and the call is connected.
  EXPECT_EQ(record.make_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.make_complete_params, &bad.o.w.params);

  Pending good;
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, good.vc, nullptr, nullptr, &good.o.w.params);
  EXPECT_EQ(good.o.w.total(), 0u) << good.o.w.findings_text();
}

// ---- 4.B IRQL ------------------------------------------------------------------------------

TEST(CallModelRuleCoverage, Cm011CmRegisterAddressFamilyOnlyAtPassive) {
  World w(/*mcm=*/false);
  w.register_all();
  {
    ExecutionScope dispatch(condis::exec::kDispatch);
    EXPECT_EQ(NdisCmRegisterAddressFamilyEx(w.cm_binding.handle, &w.q2931), NDIS_STATUS_FAILURE);
  }
  EXPECT_EQ(w.count("CM-011"), 1u);
  EXPECT_EQ(record.count("CoAfRegisterNotify"), 0u);  // nothing was registered
  w.register_af();                                     // at PASSIVE_LEVEL: registers
  EXPECT_EQ(record.count("CoAfRegisterNotify"), 1u);
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

TEST(CallModelRuleCoverage, Cm013ClientCallAboveDispatchFailsWithoutReachingTheCm) {
  Open bad;
  NDIS_HANDLE vc = bad.w.create_vc();
  {
    ExecutionScope high(kAboveDispatch);
    EXPECT_EQ(NdisClMakeCall(vc, &bad.w.params, nullptr, nullptr), NDIS_STATUS_FAILURE);
  }
  EXPECT_EQ(bad.w.count("CM-013"), 1u);
  EXPECT_EQ(record.count("CmMakeCall"), 0u);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);  // the VC is still idle

  Open good;
  NDIS_HANDLE vc2 = good.w.create_vc();
  {
    ExecutionScope dispatch(condis::exec::kDispatch);
    EXPECT_EQ(NdisClMakeCall(vc2, &good.w.params, nullptr, nullptr), NDIS_STATUS_PENDING);
  }
  EXPECT_EQ(good.w.total(), 0u) << good.w.findings_text();
}

TEST(CallModelRuleCoverage, Cm014CmActivateAboveDispatchFailsAndLeavesTheVcInactive) {
  Open bad(/*mcm=*/false);
  NDIS_HANDLE vc = bad.w.create_vc();
  {
    ExecutionScope high(kAboveDispatch);
    EXPECT_EQ(NdisCmActivateVc(vc, &bad.w.params), NDIS_STATUS_FAILURE);
  }
  EXPECT_EQ(bad.w.count("CM-014"), 1u);
  EXPECT_EQ(record.count("MpActivateVc"), 0u);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);  // not active, so deletable

  Open good(/*mcm=*/false);
  NDIS_HANDLE vc2 = good.w.create_vc();
  {
    ExecutionScope dispatch(condis::exec::kDispatch);
    EXPECT_EQ(NdisCmActivateVc(vc2, &good.w.params), NDIS_STATUS_SUCCESS);
  }
  EXPECT_EQ(record.count("MpActivateVc"), 1u);
  EXPECT_EQ(good.w.total(), 0u) << good.w.findings_text();
}

// condis knows no TAPI call ids: the lookup always fails with a NULL context; the IRQL is checked.
TEST(CallModelRuleCoverage, Cm016TapiLookupOnlyAtDispatch) {
  World w(true);
  condis::CurrentRuntimeScope in_driver(&w.rt);
  NDIS_HANDLE context = ctx(0x77);
  UNICODE_STRING id{};
  EXPECT_EQ(NdisClGetProtocolVcContextFromTapiCallId(id, &context), NDIS_STATUS_FAILURE);  // at PASSIVE_LEVEL
  EXPECT_EQ(context, nullptr);
  EXPECT_EQ(w.count("CM-016"), 1u);
  {
    ExecutionScope dispatch(condis::exec::kDispatch);
    EXPECT_EQ(NdisClGetProtocolVcContextFromTapiCallId(id, &context), NDIS_STATUS_FAILURE);
  }
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

TEST(CallModelRuleCoverage, Cm017CreateVcAboveDispatchFailsAndCreatesNothing) {
  Open bad;
  NDIS_HANDLE vc = nullptr;
  {
    ExecutionScope high(kAboveDispatch);
    EXPECT_EQ(NdisCoCreateVc(bad.w.client_binding.handle, bad.w.af, ctx(kClientVcCtx), &vc), NDIS_STATUS_FAILURE);
  }
  EXPECT_EQ(vc, nullptr);
  EXPECT_EQ(bad.w.count("CM-017"), 1u);
  EXPECT_EQ(record.count("CmCreateVc"), 0u);
  EXPECT_EQ(NdisClCloseAddressFamily(bad.w.af), NDIS_STATUS_SUCCESS);  // no VC left on the AF

  Open good;
  {
    ExecutionScope dispatch(condis::exec::kDispatch);
    EXPECT_EQ(NdisCoCreateVc(good.w.client_binding.handle, good.w.af, ctx(kClientVcCtx), &vc), NDIS_STATUS_SUCCESS);
  }
  EXPECT_NE(vc, nullptr);
  EXPECT_EQ(good.w.total(), 0u) << good.w.findings_text();
}

// CM-018 is the library's: ProtocolCoAfRegisterNotify and ProtocolClOpenAfCompleteEx run at PASSIVE_LEVEL.
condis::exec::Irql notify_irql = -1, open_complete_irql = -1;
VOID IrqlAfNotify(NDIS_HANDLE c, PCO_ADDRESS_FAMILY af) {
  notify_irql = condis::exec::current_irql();
  handlers::CoAfRegisterNotify(c, af);
}
VOID IrqlOpenComplete(NDIS_HANDLE c, NDIS_HANDLE af, NDIS_STATUS s) {
  open_complete_irql = condis::exec::current_irql();
  handlers::ClOpenAfComplete(c, af, s);
}

TEST(CallModelRuleCoverage, Cm018AfNotifyAndOpenCompleteRunAtPassive) {
  World w(true);
  w.register_all();
  auto* cl = w.rt.calls().find_driver(w.client.handle);
  ASSERT_NE(cl, nullptr);
  cl->protocol_co.CoAfRegisterNotifyHandler = IrqlAfNotify;
  cl->client.ClOpenAfCompleteHandlerEx = IrqlOpenComplete;
  notify_irql = open_complete_irql = -1;
  w.register_af();
  EXPECT_EQ(notify_irql, condis::exec::kPassive);
  behaviour.open_af = NDIS_STATUS_PENDING;
  NDIS_HANDLE af = nullptr;
  ASSERT_EQ(NdisClOpenAddressFamilyEx(w.client_binding.handle, record.last_af, ctx(kClientAfCtx), &af),
            NDIS_STATUS_PENDING);
  NdisMCmOpenAddressFamilyComplete(NDIS_STATUS_SUCCESS, af, ctx(kCmAfCtx));
  EXPECT_EQ(open_complete_irql, condis::exec::kPassive);
  EXPECT_EQ(record.open_complete_af, af);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
}

// CM-019 (heuristic: a notify-close callback blocking on its own AF close) has no check site in
// condis. Documented behaviour: a client that closes its AF from inside ProtocolClNotifyCloseAf
// without waiting does not deadlock; the close completes and nothing is reported.
TEST(CallModelRuleCoverage, Cm019CloseFromNotifyCloseWithoutBlockingCompletes) {
  Open o;
  flows::install(o.w);
  flows::st.af = o.w.af;
  flows::st.close_af_in_notify = true;
  EXPECT_EQ(NdisMCmNotifyCloseAddressFamily(o.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(flows::st.count("ClNotifyCloseAf"), 1u);
  EXPECT_NE(flows::st.last_status, -1);
  EXPECT_EQ(o.w.count("CM-019"), 0u);
  EXPECT_EQ(o.w.total(), 0u) << o.w.findings_text();
}

// ---- 4.C roles and registration -----------------------------------------------------------

TEST(CallModelRuleCoverage, Cm022OpenOnABindingOfANonClientFails) {
  World w(/*mcm=*/false);
  w.register_all();
  w.register_af();
  NDIS_HANDLE af = nullptr;
  // The CM's own binding: the CM registered no client handlers.
  EXPECT_EQ(NdisClOpenAddressFamilyEx(w.cm_binding.handle, record.last_af, ctx(kClientAfCtx), &af),
            NDIS_STATUS_FAILURE);
  EXPECT_EQ(af, nullptr);
  EXPECT_EQ(w.count("CM-022"), 1u);
  EXPECT_EQ(record.count("CmOpenAf"), 0u);
  w.open_af();  // the client on its binding
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

TEST(CallModelRuleCoverage, Cm023TableRegisteredByTheWrongKindOfDriverIsRejected) {
  World w(true);
  NDIS_CO_CLIENT_OPTIONAL_HANDLERS cl;
  fill_client_table(&cl);
  EXPECT_NE(NdisSetOptionalHandlers(w.mcm_driver.handle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&cl), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.count("CM-023"), 1u);
  EXPECT_FALSE(w.mcm_driver.optional_tables & condis::core::kClientTable);
  EXPECT_EQ(NdisSetOptionalHandlers(w.client.handle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&cl), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

// ---- 4.D address families -----------------------------------------------------------------

TEST(CallModelRuleCoverage, Cm030CmRegistersOnlyOnAnOpenBinding) {
  World w(/*mcm=*/false);
  w.register_all();
  w.cm_binding.state = condis::core::BindingState::Closing;
  EXPECT_EQ(NdisCmRegisterAddressFamilyEx(w.cm_binding.handle, &w.q2931), NDIS_STATUS_FAILURE);
  EXPECT_EQ(w.count("CM-030"), 1u);
  EXPECT_EQ(record.count("CoAfRegisterNotify"), 0u);
  w.cm_binding.state = condis::core::BindingState::Running;
  w.register_af();
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

TEST(CallModelRuleCoverage, Cm032OpenOfAnUnregisteredAddressFamilyFails) {
  World w(true);
  w.register_all();
  w.register_af();
  CO_ADDRESS_FAMILY other{CO_ADDRESS_FAMILY_Q2931 + 7, 3, 1};
  NDIS_HANDLE af = nullptr;
  EXPECT_EQ(NdisClOpenAddressFamilyEx(w.client_binding.handle, &other, ctx(kClientAfCtx), &af), NDIS_STATUS_FAILURE);
  EXPECT_EQ(af, nullptr);
  EXPECT_EQ(w.count("CM-032"), 1u);
  EXPECT_EQ(record.count("CmOpenAf"), 0u);
  w.open_af();
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

TEST(CallModelRuleCoverage, Cm033CreateVcBeforeTheOpenCompletedFails) {
  World w(true);
  w.register_all();
  w.register_af();
  behaviour.open_af = NDIS_STATUS_PENDING;
  NDIS_HANDLE af = nullptr;
  ASSERT_EQ(NdisClOpenAddressFamilyEx(w.client_binding.handle, record.last_af, ctx(kClientAfCtx), &af),
            NDIS_STATUS_PENDING);
  NDIS_HANDLE vc = nullptr;
  EXPECT_EQ(NdisCoCreateVc(w.client_binding.handle, af, ctx(kClientVcCtx), &vc), NDIS_STATUS_FAILURE);
  EXPECT_EQ(vc, nullptr);
  EXPECT_EQ(w.count("CM-033"), 1u);
  NdisMCmOpenAddressFamilyComplete(NDIS_STATUS_SUCCESS, af, ctx(kCmAfCtx));
  EXPECT_EQ(NdisCoCreateVc(w.client_binding.handle, af, ctx(kClientVcCtx), &vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

// CM-034 is the library's: a failed open hands the client a NULL AF handle and frees the instance.
TEST(CallModelRuleCoverage, Cm034FailedOpenGivesANullHandleAndDestroysTheInstance) {
  World w(true);
  w.register_all();
  w.register_af();
  behaviour.open_af = NDIS_STATUS_PENDING;
  NDIS_HANDLE af = nullptr;
  ASSERT_EQ(NdisClOpenAddressFamilyEx(w.client_binding.handle, record.last_af, ctx(kClientAfCtx), &af),
            NDIS_STATUS_PENDING);
  NdisMCmOpenAddressFamilyComplete(NDIS_STATUS_RESOURCES, af, ctx(kCmAfCtx));  // the context is ignored
  EXPECT_EQ(record.open_complete_status, NDIS_STATUS_RESOURCES);
  EXPECT_EQ(record.open_complete_af, nullptr);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  NDIS_HANDLE vc = nullptr;  // the handle is gone
  EXPECT_NE(NdisCoCreateVc(w.client_binding.handle, af, ctx(kClientVcCtx), &vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.count("CM-007"), 1u);
  behaviour.open_af = NDIS_STATUS_SUCCESS;
  w.open_af();  // a new open works
}

TEST(CallModelRuleCoverage, Cm036AfHandleUsedAfterCloseIsReported) {
  Open bad;
  behaviour.close_af = NDIS_STATUS_PENDING;
  ASSERT_EQ(NdisClCloseAddressFamily(bad.w.af), NDIS_STATUS_PENDING);
  NDIS_HANDLE vc = nullptr;
  EXPECT_EQ(NdisCoCreateVc(bad.w.client_binding.handle, bad.w.af, ctx(kClientVcCtx), &vc), NDIS_STATUS_FAILURE);
  EXPECT_EQ(vc, nullptr);
  EXPECT_EQ(bad.w.count("CM-036"), 1u);
  NdisMCmCloseAddressFamilyComplete(NDIS_STATUS_SUCCESS, bad.w.af);
  EXPECT_EQ(record.close_af_complete_status, NDIS_STATUS_SUCCESS);

  Open good;
  EXPECT_EQ(NdisClCloseAddressFamily(good.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(good.w.total(), 0u) << good.w.findings_text();
}

TEST(CallModelRuleCoverage, Cm037CloseCompletedWithAFailureIsReportedAndTheAfClosesAnyway) {
  Open bad;
  behaviour.close_af = NDIS_STATUS_PENDING;
  ASSERT_EQ(NdisClCloseAddressFamily(bad.w.af), NDIS_STATUS_PENDING);
  NdisMCmCloseAddressFamilyComplete(NDIS_STATUS_FAILURE, bad.w.af);
  EXPECT_EQ(bad.w.count("CM-037"), 1u);
  EXPECT_EQ(record.count("ClCloseAfComplete"), 1u);  // OQ-07: closed anyway

  Open good;
  behaviour.close_af = NDIS_STATUS_PENDING;
  ASSERT_EQ(NdisClCloseAddressFamily(good.w.af), NDIS_STATUS_PENDING);
  NdisMCmCloseAddressFamilyComplete(NDIS_STATUS_SUCCESS, good.w.af);
  EXPECT_EQ(record.close_af_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(good.w.total(), 0u) << good.w.findings_text();
}

// ---- 4.E virtual connections --------------------------------------------------------------

TEST(CallModelRuleCoverage, Cm040NonNullHandleVariableOnCreateIsReported) {
  Open o;
  NDIS_HANDLE vc = ctx(0x5555);
  EXPECT_EQ(NdisCoCreateVc(o.w.client_binding.handle, o.w.af, ctx(kClientVcCtx), &vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(o.w.count("CM-040"), 1u);
  EXPECT_NE(vc, ctx(0x5555));  // the variable holds the new VC
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  vc = nullptr;
  EXPECT_EQ(NdisCoCreateVc(o.w.client_binding.handle, o.w.af, ctx(kClientVcCtx), &vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(o.w.total(), 1u) << o.w.findings_text();
}

TEST(CallModelRuleCoverage, Cm041ClientDeletingAnMcmVcIsNotAccepted) {
  Open o;
  NDIS_HANDLE vc = nullptr;
  ASSERT_EQ(NdisMCmCreateVc(o.w.mcm_adapter.handle, o.w.af, ctx(kCmVcCtx), &vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_NOT_ACCEPTED);
  EXPECT_EQ(o.w.count("CM-041"), 1u);
  EXPECT_EQ(NdisMCmDeleteVc(vc), NDIS_STATUS_SUCCESS);  // the creator may
  EXPECT_EQ(o.w.total(), 1u) << o.w.findings_text();
}

// CM-043: the handle of a deleted VC is stale for every driver; condis reports it as a stale
// handle (CM-007) and fails the call.
TEST(CallModelRuleCoverage, Cm043DeletedVcHandleIsInvalidForTheCmToo) {
  Open o;
  NDIS_HANDLE vc = o.w.create_vc();
  ASSERT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("CmDeleteVc"), 1u);  // the non-creator learns of it
  EXPECT_EQ(o.w.total(), 0u) << o.w.findings_text();
  EXPECT_NE(NdisMCmActivateVc(vc, &o.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(o.w.count("CM-007"), 1u);
}

// CM-044: a client that activates a VC uses a call-manager function; condis reports the role
// (CM-020: the caller is not a stand-alone call manager) and fails it.
TEST(CallModelRuleCoverage, Cm044ClientActivatingAVcIsRejected) {
  World w(true);  // the client's VC lives on the MCM: no stand-alone CM exists
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  EXPECT_NE(NdisCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  EXPECT_GE(w.total(), 1u);
  EXPECT_EQ(w.count("CM-020"), 1u) << w.findings_text();
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);  // still inactive

  Open good;
  NDIS_HANDLE vc2 = good.w.create_vc();
  EXPECT_EQ(NdisMCmActivateVc(vc2, &good.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(good.w.total(), 0u) << good.w.findings_text();
}

// CM-048: a failed reactivation leaves the VC ACTIVE (a SUCCESS make-call completion afterwards is
// no CM-054).
TEST(CallModelRuleCoverage, Cm048FailedReactivationKeepsTheVcActive) {
  Open o(/*mcm=*/false);
  NDIS_HANDLE vc = o.w.create_vc();
  ASSERT_EQ(NdisClMakeCall(vc, &o.w.params, nullptr, nullptr), NDIS_STATUS_PENDING);
  ASSERT_EQ(NdisCmActivateVc(vc, &o.w.params), NDIS_STATUS_SUCCESS);
  behaviour.mp_activate = NDIS_STATUS_FAILURE;
  EXPECT_EQ(NdisCmActivateVc(vc, &o.w.params), NDIS_STATUS_FAILURE);
  NdisCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr, nullptr, &o.w.params);
  EXPECT_EQ(record.make_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(o.w.count("CM-054"), 0u);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_NOT_ACCEPTED);  // still active and connected (CM-042)
}

// ---- 4.F outgoing calls -------------------------------------------------------------------

TEST(CallModelRuleCoverage, Cm050MakeCallOnAnMcmCreatedVcFails) {
  Open o;
  NDIS_HANDLE vc = nullptr;
  ASSERT_EQ(NdisMCmCreateVc(o.w.mcm_adapter.handle, o.w.af, ctx(kCmVcCtx), &vc), NDIS_STATUS_SUCCESS);
  EXPECT_NE(NdisClMakeCall(vc, &o.w.params, nullptr, nullptr), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(o.w.count("CM-050"), 1u);
  EXPECT_EQ(record.count("CmMakeCall"), 0u);
  EXPECT_EQ(NdisMCmDeleteVc(vc), NDIS_STATUS_SUCCESS);
  NDIS_HANDLE own = o.w.create_vc();
  EXPECT_EQ(NdisClMakeCall(own, &o.w.params, nullptr, nullptr), NDIS_STATUS_PENDING);
  EXPECT_EQ(o.w.total(), 1u) << o.w.findings_text();
}

TEST(CallModelRuleCoverage, Cm053PartyContextForAPointToPointCallIsReported) {
  Open bad;
  NDIS_HANDLE vc = bad.w.create_vc();
  ASSERT_EQ(NdisMCmActivateVc(vc, &bad.w.params), NDIS_STATUS_SUCCESS);
  behaviour.make_call = NDIS_STATUS_SUCCESS;
  behaviour.cm_party_context = ctx(0x2D00);
  EXPECT_EQ(NdisClMakeCall(vc, &bad.w.params, nullptr, nullptr), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(bad.w.count("CM-053"), 1u);

  Open good;
  NDIS_HANDLE vc2 = good.w.create_vc();
  ASSERT_EQ(NdisMCmActivateVc(vc2, &good.w.params), NDIS_STATUS_SUCCESS);
  behaviour.make_call = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClMakeCall(vc2, &good.w.params, nullptr, nullptr), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(good.w.total(), 0u) << good.w.findings_text();
}

TEST(CallModelRuleCoverage, Cm055WrongPartyHandleOrContextOnCompletionIsReported) {
  Pending bad;
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, bad.vc, nullptr, ctx(0x2D00), &bad.o.w.params);
  EXPECT_EQ(bad.o.w.count("CM-055"), 1u);
  EXPECT_EQ(record.make_complete_party, nullptr);  // the client sees a point-to-point call

  Pending good(ctx(kClientPartyCtx));
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, good.vc, record.cm_make_party, ctx(0x2D00), &good.o.w.params);
  EXPECT_EQ(record.make_complete_party, record.cm_make_party);
  EXPECT_EQ(good.o.w.total(), 0u) << good.o.w.findings_text();
}

// CM-058: changes go into the client's buffer; a completion naming a different buffer is how
// condis sees the rule broken, and it reports it as CM-006.
TEST(CallModelRuleCoverage, Cm058ChangedParametersInAnotherBufferAreReported) {
  Pending bad;
  CO_CALL_PARAMETERS changed = bad.o.w.params;
  changed.Flags |= CALL_PARAMETERS_CHANGED;
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, bad.vc, nullptr, nullptr, &changed);
  EXPECT_EQ(bad.o.w.count("CM-006"), 1u);

  Pending good;
  good.o.w.params.Flags |= CALL_PARAMETERS_CHANGED;
  good.o.w.cm_params.Transmit.PeakBandwidth = 1000;
  NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, good.vc, nullptr, nullptr, &good.o.w.params);
  EXPECT_TRUE(record.make_complete_flags & CALL_PARAMETERS_CHANGED);
  EXPECT_EQ(good.o.w.total(), 0u) << good.o.w.findings_text();
}

// CM-059 is the library's: NULL party variable for a NULL party context; a valid handle otherwise.
TEST(CallModelRuleCoverage, Cm059PartyVariableFollowsThePartyContext) {
  Open o;
  NDIS_HANDLE vc = o.w.create_vc();
  ASSERT_EQ(NdisMCmActivateVc(vc, &o.w.params), NDIS_STATUS_SUCCESS);
  behaviour.make_call = NDIS_STATUS_SUCCESS;
  NDIS_HANDLE party = ctx(0x99);
  EXPECT_EQ(NdisClMakeCall(vc, &o.w.params, nullptr, &party), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(party, nullptr);

  Open m;
  NDIS_HANDLE vc2 = m.w.create_vc();
  ASSERT_EQ(NdisMCmActivateVc(vc2, &m.w.params), NDIS_STATUS_SUCCESS);
  behaviour.make_call = NDIS_STATUS_SUCCESS;
  behaviour.cm_party_context = ctx(0x2D00);
  NDIS_HANDLE party2 = nullptr;
  EXPECT_EQ(NdisClMakeCall(vc2, &m.w.params, ctx(kClientPartyCtx), &party2), NDIS_STATUS_SUCCESS);
  EXPECT_NE(party2, nullptr);
  EXPECT_EQ(party2, record.cm_make_party);
  EXPECT_EQ(o.w.total() + m.w.total(), 0u);
}

// ---- 4.K SAPs -----------------------------------------------------------------------------

// CM-101 (the CM must fail a SAP another client already holds) has no check site: condis passes
// the registration to ProtocolCmRegisterSap and reports its answer. A CM that fails a duplicate
// with NDIS_STATUS_INVALID_DATA has the failure reported to the client, with a NULL SAP handle.
TEST(CallModelRuleCoverage, Cm101CmFailingAnInUseSapIsPassedToTheClient) {
  Open o;
  CO_SAP sap{SAP_TYPE_NSAP, 1, {7}};
  NDIS_HANDLE first = nullptr, second = nullptr;
  ASSERT_EQ(NdisClRegisterSap(o.w.af, ctx(kClientSapCtx), &sap, &first), NDIS_STATUS_SUCCESS);
  behaviour.reg_sap = NDIS_STATUS_INVALID_DATA;
  EXPECT_EQ(NdisClRegisterSap(o.w.af, ctx(kClientSapCtx + 1), &sap, &second), NDIS_STATUS_INVALID_DATA);
  EXPECT_EQ(second, nullptr);
  EXPECT_EQ(o.w.count("CM-101"), 0u);
  EXPECT_EQ(o.w.total(), 0u) << o.w.findings_text();
  behaviour.dereg_sap = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClDeregisterSap(first), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(o.w.af), NDIS_STATUS_SUCCESS);  // the failed SAP left nothing behind
}

NDIS_HANDLE reg_complete_sap = ctx(1);
VOID RecordingRegSapComplete(NDIS_STATUS s, NDIS_HANDLE c, PCO_SAP sap, NDIS_HANDLE h) {
  reg_complete_sap = h;
  handlers::ClRegSapComplete(s, c, sap, h);
}

// CM-102: the tests named Cm102... below check this rule.
TEST(CallModelRuleCoverage, Cm102SapHandleIsDeadAfterAFailedCompletion) {
  Open o;
  auto* cl = o.w.rt.calls().find_driver(o.w.client.handle);
  ASSERT_NE(cl, nullptr);
  cl->client.ClRegisterSapCompleteHandler = RecordingRegSapComplete;
  CO_SAP sap{SAP_TYPE_NSAP, 1, {7}};
  NDIS_HANDLE h = nullptr;
  behaviour.reg_sap = NDIS_STATUS_PENDING;
  ASSERT_EQ(NdisClRegisterSap(o.w.af, ctx(kClientSapCtx), &sap, &h), NDIS_STATUS_PENDING);
  NdisMCmRegisterSapComplete(NDIS_STATUS_FAILURE, h, ctx(kCmSapCtx));
  EXPECT_EQ(record.reg_sap_complete_status, NDIS_STATUS_FAILURE);
  EXPECT_EQ(reg_complete_sap, nullptr);
  EXPECT_EQ(o.w.total(), 0u) << o.w.findings_text();
  NdisMCmRegisterSapComplete(NDIS_STATUS_SUCCESS, h, ctx(kCmSapCtx));  // the (M)CM uses the dead handle
  EXPECT_EQ(o.w.count("CM-007"), 1u);
  EXPECT_EQ(record.count("ClRegisterSapComplete"), 1u);
  EXPECT_EQ(NdisClCloseAddressFamily(o.w.af), NDIS_STATUS_SUCCESS);  // no SAP remains on the AF
}

}  // namespace
}  // namespace cmtest
