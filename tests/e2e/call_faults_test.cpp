// Faulty call managers, the faults both kinds can commit: t_mcm or t_cm breaks one completion rule
// on purpose. Each test asserts the finding by rule id, that nothing else was reported, and that
// the objects stay usable: the call can still be closed, the VC deleted and the AF closed, and
// shutdown reports only what the fault left behind. Faults of one kind only (the other kind's
// completion function, a miniport under a stand-alone CM) are in mcm_faults_test.cpp and
// cm_faults_test.cpp.
#include "e2e/support/cm_sequences.hpp"

namespace condis::e2e {
namespace {

using Kind = Scenario::Kind;
constexpr uint64_t kFaultSeeds = 20;

class CallFault : public ::testing::TestWithParam<Kind> {
 protected:
  bool mcm() const { return GetParam() == Kind::Mcm; }
  template <class Body>
  void seeds(Body body) {
    for_each_seed(GetParam(), [&](Scenario& s, bool) { body(s); }, kFaultSeeds);
  }
  // A clean end: nothing leaks; under a stand-alone CM the unbinds and halt report nothing either.
  void clean_end(Scenario& s) const {
    if (mcm()) expect_clean_shutdown(s);
    else cm::expect_clean_teardown(s);
  }
  // Closes what a call test opened and checks the teardown itself is clean.
  void teardown_after_fault(Scenario& s) const {
    s.rt().clear_findings();
    EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    clean_end(s);
  }
};

std::string kind_name(const ::testing::TestParamInfo<Kind>& info) {
  return info.param == Kind::Mcm ? "Mcm" : "StandAloneCm";
}

size_t make_call_completions(const Scenario& s) {
  const auto client = s.client().calls();
  return size_t(std::count(client.begin(), client.end(), "ProtocolClMakeCallComplete"));
}

// CM-054: Ndis(M)CmMakeCallComplete(SUCCESS) before Ndis(M)CmActivateVc.
TEST_P(CallFault, Cm054MakeCallSucceedsBeforeActivation) {
  seeds([&](Scenario& s) {
    s.cm().set(TdOpMakeCall, with_fault(pend_timer(5), TdFaultSuccessBeforeActivate));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    EXPECT_FALSE(s.cm().saw(mcm() ? "NdisMCmActivateVc" : "NdisCmActivateVc"));
    if (!mcm()) {
      EXPECT_FALSE(s.miniport().saw("MiniportCoActivateVc"));
    }
    expect_only_rule(s.findings(), "CM-054");
    // The call is torn down normally afterwards (nothing to deactivate).
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  });
}

// CM-054, synchronous form: ProtocolCmMakeCall returns SUCCESS without activating.
TEST_P(CallFault, Cm054SynchronousSuccessBeforeActivation) {
  seeds([&](Scenario& s) {
    s.cm().set(TdOpMakeCall, with_fault(sync(), TdFaultSuccessBeforeActivate));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    (void)s.make_call();
    expect_only_rule(s.findings(), "CM-054");
    s.rt().clear_findings();
    (void)s.close_call();
    teardown_after_fault(s);
  });
}

// CM-001: NDIS_STATUS_PENDING passed to the make-call completion (then the real completion).
TEST_P(CallFault, Cm001MakeCallCompletedWithPending) {
  seeds([&](Scenario& s) {
    s.cm().set(TdOpMakeCall, with_fault(pend_timer(2), TdFaultCompleteWithPending));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    expect_only_rule(s.findings(), "CM-001");
    // The PENDING completion was ignored; the real one connected the call exactly once.
    EXPECT_EQ(make_call_completions(s), 1u);
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  });
}

// CM-001 on an AF completion (from a work item for an MCM, a timer for a stand-alone CM).
TEST_P(CallFault, Cm001OpenAfCompletedWithPending) {
  seeds([&](Scenario& s) {
    s.cm().set(TdOpOpenAf, with_fault(mcm() ? pend_work_item() : pend_timer(1), TdFaultCompleteWithPending));
    s.start();
    ASSERT_TRUE(s.ok());
    expect_only_rule(s.findings(), "CM-001");
    EXPECT_TRUE(s.client().saw("ProtocolClOpenAfCompleteEx"));
    s.rt().clear_findings();
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    clean_end(s);
  });
}

// CM-002: the make-call completed twice.
TEST_P(CallFault, Cm002MakeCallCompletedTwice) {
  seeds([&](Scenario& s) {
    s.cm().set(TdOpMakeCall, with_fault(pend_timer(2), TdFaultCompleteTwice));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    expect_only_rule(s.findings(), "CM-002");
    EXPECT_EQ(make_call_completions(s), 1u);
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  });
}

// CM-002: a completion for a make-call that returned SUCCESS synchronously.
TEST_P(CallFault, Cm002MakeCallCompletedWithoutPending) {
  seeds([&](Scenario& s) {
    s.cm().set(TdOpMakeCall, with_fault(sync(), TdFaultCompleteWithoutPending));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_SUCCESS);
    expect_only_rule(s.findings(), "CM-002");
    EXPECT_FALSE(s.client().saw("ProtocolClMakeCallComplete"));
    EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
    teardown_after_fault(s);
  });
}

// CM-002 on a SAP completion.
TEST_P(CallFault, Cm002RegisterSapCompletedTwice) {
  seeds([&](Scenario& s) {
    s.cm().set(TdOpRegisterSap, with_fault(pend_timer(1), TdFaultCompleteTwice));
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.register_sap(), NDIS_STATUS_PENDING);
    expect_only_rule(s.findings(), "CM-002");
    s.rt().clear_findings();
    EXPECT_EQ(s.deregister_sap(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    clean_end(s);
  });
}

// CM-003: the make-call pends and is never completed; shutdown reports it.
TEST_P(CallFault, Cm003MakeCallNeverCompletedIsALeak) {
  seeds([&](Scenario& s) {
    s.cm().set(TdOpMakeCall, never_complete());
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(), NDIS_STATUS_PENDING);
    // The VC cannot be deleted while the make-call is pending.
    EXPECT_NE(s.delete_vc(), NDIS_STATUS_SUCCESS);
    const LeakReport leaks = s.shutdown();
    const bool reported = std::any_of(leaks.leaks.begin(), leaks.leaks.end(), [](const Leak& l) {
      return l.rule == "CM-003" && l.detail.find("ProtocolCmMakeCall") != std::string::npos;
    });
    EXPECT_TRUE(reported) << leaks.to_string() << "findings:\n" << Scenario::describe(s.findings());
  });
}

INSTANTIATE_TEST_SUITE_P(CallManager, CallFault, ::testing::Values(Kind::Mcm, Kind::StandAloneCm), kind_name);

}  // namespace
}  // namespace condis::e2e
