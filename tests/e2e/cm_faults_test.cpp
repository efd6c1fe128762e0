// Faulty stand-alone call managers and miniports under them: t_cm or t_miniport breaks one
// completion or role rule on purpose. Each test asserts the finding by rule id, that nothing
// else was reported, and that the objects stay usable: the call can still be closed, the VC
// deleted and the AF closed, and shutdown reports only what the fault left behind. The faults an
// MCM can commit as well are run for both kinds in call_faults_test.cpp.
#include "e2e/support/cm_sequences.hpp"

namespace condis::e2e {
namespace {

using cm::kStandAlone;
constexpr uint64_t kFaultSeeds = 20;

// Closes what a call test opened and checks the teardown itself is clean.
void teardown_after_fault(Scenario& s) {
  s.rt().clear_findings();
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  cm::expect_clean_teardown(s);
}

bool leak_reported(const LeakReport& leaks, const std::string& rule, const std::string& what) {
  return std::any_of(leaks.leaks.begin(), leaks.leaks.end(),
                     [&](const Leak& l) { return l.rule == rule && l.detail.find(what) != std::string::npos; });
}

// ---- The call manager ------------------------------------------------------------------------

// CM-021: a stand-alone CM completes with the miniport call manager's function.
TEST(CmFault, Cm021StandAloneCmUsesTheMcmMakeCallCompletion) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.cm().set(TdOpMakeCall, with_fault(pend_timer(2), TdFaultWrongCompletion));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    EXPECT_TRUE(s.cm().saw("NdisMCmMakeCallComplete"));
    expect_only_rule(s.findings(), "CM-021");
    // The ABI accepts the call: the client's make-call still completes.
    EXPECT_TRUE(s.client().saw("ProtocolClMakeCallComplete"));
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  }, kFaultSeeds);
}

TEST(CmFault, Cm021StandAloneCmUsesTheMcmOpenAfCompletion) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.cm().set(TdOpOpenAf, with_fault(pend_timer(1), TdFaultWrongCompletion));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(s.cm().saw("NdisMCmOpenAddressFamilyComplete"));
    expect_only_rule(s.findings(), "CM-021");
    EXPECT_TRUE(s.client().saw("ProtocolClOpenAfCompleteEx"));
    s.rt().clear_findings();
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    cm::expect_clean_teardown(s);
  }, kFaultSeeds);
}

// ---- The miniport under the call manager ([CM 4.E], vc-data-requests.md 2.2) ----------------

// CM-002: NdisMCoActivateVcComplete for an activation that MiniportCoActivateVc already
// finished synchronously (no activation pending).
TEST(CmFault, Cm002ActivateVcCompleteWithoutPendingActivation) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.miniport().set(TdOpActivateVc, with_fault(sync(), TdFaultCompleteWithoutPending));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_SUCCESS);
    EXPECT_TRUE(s.miniport().saw("NdisMCoActivateVcComplete"));
    expect_only_rule(s.findings(), "CM-002");
    // The stray completion reached no call manager handler.
    EXPECT_FALSE(s.cm().saw("ProtocolCmActivateVcComplete"));
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  }, kFaultSeeds);
}

// CM-001: NDIS_STATUS_PENDING passed to NdisMCoActivateVcComplete (then the real completion).
TEST(CmFault, Cm001ActivateVcCompletedWithPending) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.miniport().set(TdOpActivateVc, with_fault(pend_work_item(), TdFaultCompleteWithPending));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    expect_only_rule(s.findings(), "CM-001");
    const auto cm = s.cm().calls();
    EXPECT_EQ(std::count(cm.begin(), cm.end(), "ProtocolCmActivateVcComplete"), 1);
    EXPECT_TRUE(s.client().saw("ProtocolClMakeCallComplete"));
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  }, kFaultSeeds);
}

// CM-002: the activation completed twice; the CM hears of it once.
TEST(CmFault, Cm002ActivateVcCompletedTwice) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.miniport().set(TdOpActivateVc, with_fault(pend_timer(1), TdFaultCompleteTwice));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    expect_only_rule(s.findings(), "CM-002");
    const auto cm = s.cm().calls();
    EXPECT_EQ(std::count(cm.begin(), cm.end(), "ProtocolCmActivateVcComplete"), 1);
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  }, kFaultSeeds);
}

// CM-002: the deactivation completed twice.
TEST(CmFault, Cm002DeactivateVcCompletedTwice) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.miniport().set(TdOpDeactivateVc, with_fault(pend_work_item(), TdFaultCompleteTwice));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.close_call(), NDIS_STATUS_PENDING);
    expect_only_rule(s.findings(), "CM-002");
    const auto cm = s.cm().calls();
    EXPECT_EQ(std::count(cm.begin(), cm.end(), "ProtocolCmDeactivateVcComplete"), 1);
    EXPECT_TRUE(s.client().saw("ProtocolClCloseCallComplete"));
    teardown_after_fault(s);
  }, kFaultSeeds);
}

// CM-003: the miniport pends the activation and never completes it; the make-call that waits
// for it stays pending too, and shutdown reports the activation. Fails for the same reason as
// Cm003MakeCallNeverCompletedIsALeak (the VC is released, not reported as a pending activation).
TEST(CmFault, Cm003ActivationNeverCompletedIsALeak) {
  for_each_seed(kStandAlone, [](Scenario& s, bool) {
    s.miniport().set(TdOpActivateVc, never_complete());
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    EXPECT_FALSE(s.client().saw("ProtocolClMakeCallComplete"));
    const LeakReport leaks = s.shutdown();
    EXPECT_TRUE(leak_reported(leaks, "CM-003", "MiniportCoActivateVc"))
        << leaks.to_string() << "findings:\n" << Scenario::describe(s.findings());
  }, kFaultSeeds);
}

}  // namespace
}  // namespace condis::e2e
