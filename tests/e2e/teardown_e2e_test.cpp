// End-to-end AF close on the call manager's request (call-management.md 3.11, rules CM-035..039):
// Ndis(M)CmNotifyCloseAddressFamily while calls are up, for both kinds of call manager. The
// client tears everything down in order (calls, its VC, the call manager's VC, the SAP, the AF)
// and completes the notification; nothing is reported and nothing leaks.
#include "e2e/support/event_sequences.hpp"

namespace condis::e2e {
namespace {

using events::Kind;

class TeardownE2e : public ::testing::TestWithParam<Kind> {
 protected:
  template <class Body>
  void seeds(Body body, uint64_t n = kSeeds) {
    for_each_seed(GetParam(), [&](Scenario& s, bool ordered) { body(s, ordered, GetParam()); }, n);
  }
};

std::string kind_name(const ::testing::TestParamInfo<Kind>& info) {
  return info.param == Kind::Mcm ? "Mcm" : "StandAloneCm";
}

TEST_P(TeardownE2e, NotifyCloseWithCallsUpPendedByTheClient) {
  seeds([](Scenario& s, bool ordered, Kind kind) { events::notify_close_sequence(s, ordered, kind, {}); });
}

// Answered inline, the notification still pends: the call manager deletes its VC later.
TEST_P(TeardownE2e, NotifyCloseWithCallsUpAnsweredInlineStillPends) {
  events::NotifyOptions o;
  o.notify = sync();
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::notify_close_sequence(s, ordered, kind, o); });
}

TEST_P(TeardownE2e, NotifyCloseWithPendedClosesInTheCallManager) {
  events::NotifyOptions o;
  o.cm.close = pend_timer(2);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::notify_close_sequence(s, ordered, kind, o); });
}

// Nothing but the SAP open: the client closes inline and answers SUCCESS.
TEST_P(TeardownE2e, NotifyCloseWithoutCallsFinishesInline) {
  events::NotifyOptions o;
  o.notify = sync();
  o.calls = false;
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::notify_close_sequence(s, ordered, kind, o); });
}

// CM-035: the client's own NdisClCloseAddressFamily fails while a call is up (the documented
// status, reported once); it succeeds once the call is closed and the VC deleted.
TEST_P(TeardownE2e, ClientCloseAfRefusedWithACallUp) {
  seeds([](Scenario& s, bool, Kind) {
    s.start();
    ASSERT_TRUE(s.ok());
    events::outgoing_call_up(s);
    EXPECT_EQ(s.close_af(), NDIS_STATUS_FAILURE);
    EXPECT_FALSE(s.cm().saw("ProtocolCmCloseAf"));
    events::expect_rule(s.findings(), "CM-035", 1);
    s.rt().clear_findings();
    EXPECT_EQ(s.close_call(0), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.delete_vc(0), NDIS_STATUS_SUCCESS);
    events::finish(s, false);
  }, 20);
}

// A stand-alone CM keeps its incoming call's VC after the call ([CM 3.8] step 5, "or keeps it for
// reuse") and deletes it at PASSIVE_LEVEL once the client is tearing its AF down; the miniport
// takes a while in MiniportCoDeleteVc (NdisMSleep, which VC-021 reports: a VC handler must not
// block). The client heard ProtocolCoDeleteVc, so its AF close (20 ms later, while
// MiniportCoDeleteVc still sleeps) must succeed.
TEST(TeardownE2eStandAloneCm, AfCloseAfterProtocolCoDeleteVcWhileTheMiniportStillDeletes) {
  for_each_seed(Kind::StandAloneCm, [](Scenario& s, bool) {
    TD_BEHAVIOR keep = never_complete();
    s.cm().set(TdOpDeleteVc, keep);
    TD_BEHAVIOR slow = sync();
    slow.DelayMs = 50;  // longer than the 20 ms after which t_client frees the slot
    s.client().set(TdOpNotifyCloseAf, pend_timer(1));
    events::start_with_sap(s);
    EXPECT_EQ(events::incoming_call(s), NDIS_STATUS_SUCCESS);
    NDIS_HANDLE vc = events::cm_vc(s, 0);
    EXPECT_EQ(s.close_call(events::kIncomingSlot), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(events::client_vc(s, events::kIncomingSlot), vc) << "the CM kept its VC";
    EXPECT_EQ(events::notify_close_af(s), NDIS_STATUS_PENDING);  // the client waits for the VC
    s.miniport().set(TdOpDeleteVc, slow);
    EXPECT_EQ(s.invoke([&] { return s.cm().symbol<TD_CM_VC_EVENT>("TdCmDeleteVc")(vc, NDIS_STATUS_SUCCESS); }),
              NDIS_STATUS_SUCCESS);
    EXPECT_TRUE(s.client().saw("NdisClCloseAddressFamily")) << ::testing::PrintToString(s.client().calls());
    EXPECT_TRUE(s.cm().saw("ProtocolCmNotifyCloseAfComplete"));
    events::expect_rule(s.findings(), "VC-021", 1);  // the miniport's deliberate sleep, nothing else
    s.rt().clear_findings();
    events::expect_clean_end(s);
  }, 20);
}

// VC-021 kept: the same teardown with a miniport that deletes its VC without waiting.
TEST(TeardownE2eStandAloneCm, Vc021MiniportDeletingWithoutWaitingHasNoFinding) {
  for_each_seed(Kind::StandAloneCm, [](Scenario& s, bool) {
    s.cm().set(TdOpDeleteVc, never_complete());
    s.client().set(TdOpNotifyCloseAf, pend_timer(1));
    events::start_with_sap(s);
    EXPECT_EQ(events::incoming_call(s), NDIS_STATUS_SUCCESS);
    NDIS_HANDLE vc = events::cm_vc(s, 0);
    EXPECT_EQ(s.close_call(events::kIncomingSlot), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(events::notify_close_af(s), NDIS_STATUS_PENDING);
    EXPECT_EQ(s.invoke([&] { return s.cm().symbol<TD_CM_VC_EVENT>("TdCmDeleteVc")(vc, NDIS_STATUS_SUCCESS); }),
              NDIS_STATUS_SUCCESS);
    EXPECT_TRUE(s.miniport().saw("MiniportCoDeleteVc")) << ::testing::PrintToString(s.miniport().calls());
    EXPECT_TRUE(s.findings().empty()) << Scenario::describe(s.findings());
    events::expect_clean_end(s);
  }, 20);
}

INSTANTIATE_TEST_SUITE_P(CallManager, TeardownE2e, ::testing::Values(Kind::Mcm, Kind::StandAloneCm), kind_name);

}  // namespace
}  // namespace condis::e2e
