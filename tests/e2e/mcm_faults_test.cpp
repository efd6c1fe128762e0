// Faulty miniport call managers: t_mcm breaks one completion rule on purpose. Each test asserts
// the finding by rule id, that nothing else was reported, and that the objects stay usable: the
// call can still be closed, the VC deleted and the AF closed, and shutdown reports only what the
// fault left behind. The faults a stand-alone CM can commit as well are run for both kinds in
// call_faults_test.cpp.
#include "e2e/support/mcm_sequences.hpp"

namespace condis::e2e {
namespace {

constexpr auto kMcm = Scenario::Kind::Mcm;
constexpr uint64_t kFaultSeeds = 20;

// Closes what a call test opened and checks the teardown itself is clean.
void teardown_after_fault(Scenario& s) {
  s.rt().clear_findings();
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  expect_clean_shutdown(s);
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
