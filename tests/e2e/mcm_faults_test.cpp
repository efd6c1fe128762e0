// Faulty miniport call managers: t_mcm breaks one completion rule on purpose. Each test asserts
// the finding by rule id, that nothing else was reported, and that the objects stay usable: the
// call can still be closed, the VC deleted and the AF closed, and shutdown reports only what the
// fault left behind.
#include "e2e/support/mcm_sequences.hpp"

namespace condis::e2e {
namespace {

constexpr auto kMcm = Scenario::Kind::Mcm;
constexpr uint64_t kFaultSeeds = 20;

// Every finding names `rule`, and there is at least one.
void expect_only_rule(const std::vector<Finding>& findings, const std::string& rule) {
  EXPECT_GE(count_rule(findings, rule), 1u) << "expected " << rule << "; got:\n" << Scenario::describe(findings);
  EXPECT_EQ(count_rule(findings, rule), findings.size()) << Scenario::describe(findings);
}

// Closes what a call test opened and checks the teardown itself is clean.
void teardown_after_fault(Scenario& s) {
  s.rt().clear_findings();
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  expect_clean_shutdown(s);
}

// CM-054: NdisMCmMakeCallComplete(SUCCESS) before NdisMCmActivateVc.
TEST(McmFault, Cm054MakeCallSucceedsBeforeActivation) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.cm().set(TdOpMakeCall, with_fault(pend_timer(5), TdFaultSuccessBeforeActivate));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    EXPECT_FALSE(s.cm().saw("NdisMCmActivateVc"));
    expect_only_rule(s.findings(), "CM-054");
    // The call is torn down normally afterwards.
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  }, kFaultSeeds);
}

// CM-054, synchronous form: ProtocolCmMakeCall returns SUCCESS without activating.
TEST(McmFault, Cm054SynchronousSuccessBeforeActivation) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.cm().set(TdOpMakeCall, with_fault(sync(), TdFaultSuccessBeforeActivate));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    (void)s.make_call();
    expect_only_rule(s.findings(), "CM-054");
    s.rt().clear_findings();
    (void)s.close_call();
    teardown_after_fault(s);
  }, kFaultSeeds);
}

// CM-001: NDIS_STATUS_PENDING passed to NdisMCmMakeCallComplete (then the real completion).
TEST(McmFault, Cm001MakeCallCompletedWithPending) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.cm().set(TdOpMakeCall, with_fault(pend_timer(2), TdFaultCompleteWithPending));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    expect_only_rule(s.findings(), "CM-001");
    // The PENDING completion was ignored; the real one connected the call exactly once.
    const auto client = s.client().calls();
    EXPECT_EQ(std::count(client.begin(), client.end(), "ProtocolClMakeCallComplete"), 1);
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  }, kFaultSeeds);
}

// CM-001 on an AF completion.
TEST(McmFault, Cm001OpenAfCompletedWithPending) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.cm().set(TdOpOpenAf, with_fault(pend_work_item(), TdFaultCompleteWithPending));
    s.start();
    ASSERT_TRUE(s.ok());
    expect_only_rule(s.findings(), "CM-001");
    EXPECT_TRUE(s.client().saw("ProtocolClOpenAfCompleteEx"));
    s.rt().clear_findings();
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    expect_clean_shutdown(s);
  }, kFaultSeeds);
}

// CM-002: the make-call completed twice.
TEST(McmFault, Cm002MakeCallCompletedTwice) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.cm().set(TdOpMakeCall, with_fault(pend_timer(2), TdFaultCompleteTwice));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    expect_only_rule(s.findings(), "CM-002");
    const auto client = s.client().calls();
    EXPECT_EQ(std::count(client.begin(), client.end(), "ProtocolClMakeCallComplete"), 1);
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  }, kFaultSeeds);
}

// CM-002: a completion for a make-call that returned SUCCESS synchronously.
TEST(McmFault, Cm002MakeCallCompletedWithoutPending) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.cm().set(TdOpMakeCall, with_fault(sync(), TdFaultCompleteWithoutPending));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_SUCCESS);
    expect_only_rule(s.findings(), "CM-002");
    EXPECT_FALSE(s.client().saw("ProtocolClMakeCallComplete"));
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  }, kFaultSeeds);
}

// CM-002 on a SAP completion.
TEST(McmFault, Cm002RegisterSapCompletedTwice) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.cm().set(TdOpRegisterSap, with_fault(pend_timer(1), TdFaultCompleteTwice));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.register_sap(), NDIS_STATUS_PENDING);
    expect_only_rule(s.findings(), "CM-002");
    s.rt().clear_findings();
    EXPECT_EQ(s.deregister_sap(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    expect_clean_shutdown(s);
  }, kFaultSeeds);
}

// CM-003: the make-call pends and is never completed; shutdown reports it.
TEST(McmFault, Cm003MakeCallNeverCompletedIsALeak) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.cm().set(TdOpMakeCall, never_complete());
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    // The VC cannot be deleted while the make-call is pending.
    EXPECT_NE(s.delete_vc(), NDIS_STATUS_SUCCESS);
    const LeakReport leaks = s.shutdown();
    const bool reported = std::any_of(leaks.leaks.begin(), leaks.leaks.end(),
                                      [](const Leak& l) { return l.rule == "CM-003"; });
    EXPECT_TRUE(reported) << leaks.to_string();
  }, kFaultSeeds);
}

// CM-020: an MCM completes with the stand-alone CM's function (NdisCmMakeCallComplete).
TEST(McmFault, Cm020McmUsesTheStandAloneCompletion) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.cm().set(TdOpMakeCall, with_fault(pend_timer(2), TdFaultWrongCompletion));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    expect_only_rule(s.findings(), "CM-020");
    // The ABI accepts the call: the client's make-call still completes.
    EXPECT_TRUE(s.client().saw("ProtocolClMakeCallComplete"));
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  }, kFaultSeeds);
}

// CM-056 / CM-007: after failing a multipoint make-call the MCM uses the party handle again.
TEST(McmFault, PartyHandleUsedAfterFailedMakeCallIsStale) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.cm().set(TdOpMakeCall,
               with_fault(pend_timer(2, NDIS_STATUS_VC_NOT_AVAILABLE), TdFaultUsePartyAfterFailure));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(0, TD_CALL_MULTIPOINT), NDIS_STATUS_PENDING);
    EXPECT_TRUE(s.cm().saw("NdisMCmDispatchIncomingDropParty"));
    const auto findings = s.findings();
    const size_t stale = count_rule(findings, "CM-056") + count_rule(findings, "CM-007");
    EXPECT_GE(stale, 1u) << Scenario::describe(findings);
    EXPECT_EQ(stale, findings.size()) << Scenario::describe(findings);
    // The stale handle reached no client callback.
    EXPECT_FALSE(s.client().saw("ProtocolClIncomingDropParty"));
    teardown_after_fault(s);
  }, kFaultSeeds);
}

}  // namespace
}  // namespace condis::e2e
