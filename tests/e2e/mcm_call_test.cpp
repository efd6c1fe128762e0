// End-to-end sequences through a miniport call manager (call-management.md 3.2, 3.3, 3.5, 3.7,
// 3.11, 3.12), each run under the Deterministic scheduler for kSeeds seeds, asserting the exact
// callback sequence each driver saw, no finding, and an empty leak report.
#include "e2e/support/mcm_sequences.hpp"

namespace condis::e2e {
namespace {

constexpr auto kMcm = Scenario::Kind::Mcm;

TEST(McmSequence, AfRegisterOpenCloseSynchronous) {
  for_each_seed(kMcm, [](Scenario& s, bool ordered) { mcm::af_open_close(s, ordered, false); });
}

TEST(McmSequence, AfRegisterOpenClosePended) {
  for_each_seed(kMcm, [](Scenario& s, bool ordered) { mcm::af_open_close(s, ordered, true); });
}

TEST(McmSequence, SapRegisterDeregisterSynchronous) {
  for_each_seed(kMcm, [](Scenario& s, bool ordered) { mcm::sap_register_deregister(s, ordered, false); });
}

TEST(McmSequence, SapRegisterDeregisterPended) {
  for_each_seed(kMcm, [](Scenario& s, bool ordered) { mcm::sap_register_deregister(s, ordered, true); });
}

TEST(McmSequence, OutgoingCallSynchronous) {
  for_each_seed(kMcm, [](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, {}); });
}

TEST(McmSequence, OutgoingCallPendedActivatedAndCompletedFromTimer) {
  mcm::CallOptions o;
  o.make = pend_timer(10);
  o.close = pend_timer(3);
  for_each_seed(kMcm, [&](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, o); });
}

TEST(McmSequence, OutgoingCallPendedCompletedFromWorkItem) {
  mcm::CallOptions o;
  o.make = pend_work_item();
  o.close = pend_work_item();
  for_each_seed(kMcm, [&](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, o); });
}

TEST(McmSequence, OutgoingCallWithChangedParameters) {
  mcm::CallOptions o;
  o.make = pend_timer(1);
  o.make.ChangeParameters = TRUE;
  for_each_seed(kMcm, [&](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, o); });
}

TEST(McmSequence, OutgoingMultipointCallWithFirstParty) {
  mcm::CallOptions o;
  o.make = pend_timer(2);
  o.close = pend_work_item();
  o.flags = TD_CALL_MULTIPOINT;
  for_each_seed(kMcm, [&](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, o); });
}

TEST(McmSequence, OutgoingCallFailsSynchronously) {
  for_each_seed(kMcm, [](Scenario& s, bool ordered) {
    mcm::failed_call(s, ordered, sync(NDIS_STATUS_RESOURCES), 0);
  });
}

TEST(McmSequence, OutgoingCallFailsFromTimer) {
  for_each_seed(kMcm, [](Scenario& s, bool ordered) {
    mcm::failed_call(s, ordered, pend_timer(4, NDIS_STATUS_DEST_OUT_OF_ORDER), 0);
  });
}

TEST(McmSequence, MultipointCallFailsFromTimerAndReleasesTheParty) {
  for_each_seed(kMcm, [](Scenario& s, bool ordered) {
    mcm::failed_call(s, ordered, pend_timer(4, NDIS_STATUS_VC_NOT_AVAILABLE), TD_CALL_MULTIPOINT);
  });
}

TEST(McmSequence, PvcCallSynchronous) {
  mcm::CallOptions o;
  o.flags = TD_CALL_PVC;
  for_each_seed(kMcm, [&](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, o); });
}

TEST(McmSequence, PvcCallPended) {
  mcm::CallOptions o;
  o.make = pend_timer(5);
  o.close = pend_timer(5);
  o.flags = TD_CALL_PVC;
  for_each_seed(kMcm, [&](Scenario& s, bool ordered) { mcm::outgoing_call(s, ordered, o); });
}

// 3.12 step 2: no PVC with that identifier: the MCM fails with NDIS_STATUS_FAILURE.
TEST(McmSequence, PvcCallToUnknownPvcFails) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.start();
    ASSERT_TRUE(s.ok());
    const ULONG unknown_pvc_slot = TD_PVC_COUNT + 1;
    EXPECT_EQ(s.create_vc(unknown_pvc_slot), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.make_call(unknown_pvc_slot, TD_CALL_PVC), NDIS_STATUS_FAILURE);
    EXPECT_EQ(s.delete_vc(unknown_pvc_slot), NDIS_STATUS_SUCCESS);
    expect_calls(s.cm().calls_from("ProtocolCoCreateVc"),
                 {"ProtocolCoCreateVc", failed("ProtocolCmMakeCall", NDIS_STATUS_FAILURE), "ProtocolCoDeleteVc"},
                 true);
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    expect_clean_shutdown(s);
  });
}

// 3.11 with a refusal: the AF cannot close while a VC exists (CM-035); after deleting the VC it
// closes. The close failure is the documented status, not a finding of the MCM.
TEST(McmSequence, AfCloseRefusedWhileVcExists) {
  for_each_seed(kMcm, [](Scenario& s, bool) {
    s.start();
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.create_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.close_af(), NDIS_STATUS_FAILURE);
    EXPECT_FALSE(s.cm().saw("ProtocolCmCloseAf"));
    EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
    s.rt().clear_findings();  // the refused close is reported as CM-035
    EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
    expect_clean_shutdown(s);
  }, 20);
}

}  // namespace
}  // namespace condis::e2e
