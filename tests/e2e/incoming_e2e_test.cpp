// End-to-end incoming calls (call-management.md 3.6) and remote closes (3.8) through the C test
// drivers, for both kinds of call manager: t_mcm, and t_cm over t_miniport. Each test runs the
// sequence under the Deterministic scheduler for many seeds and asserts each driver's exact log,
// the statuses, no finding and a clean teardown.
#include "e2e/support/event_sequences.hpp"

namespace condis::e2e {
namespace {

using events::Kind;

class IncomingE2e : public ::testing::TestWithParam<Kind> {
 protected:
  template <class Body>
  void seeds(Body body, uint64_t n = kSeeds) {
    for_each_seed(GetParam(), [&](Scenario& s, bool ordered) { body(s, ordered, GetParam()); }, n);
  }
};

std::string kind_name(const ::testing::TestParamInfo<Kind>& info) {
  return info.param == Kind::Mcm ? "Mcm" : "StandAloneCm";
}

TEST_P(IncomingE2e, AcceptedAtOnceThenClosedByTheClient) {
  seeds([](Scenario& s, bool ordered, Kind kind) { events::incoming_call_sequence(s, ordered, kind, {}); });
}

TEST_P(IncomingE2e, AcceptedFromATimerThenClosedByTheClientPended) {
  events::IncomingOptions o;
  o.answer = pend_timer(3);
  o.cm.close = pend_timer(2);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::incoming_call_sequence(s, ordered, kind, o); });
}

TEST_P(IncomingE2e, RejectedAtOnceTheCallManagerDeletesItsVc) {
  events::IncomingOptions o;
  o.answer = sync(NDIS_STATUS_NOT_ACCEPTED);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::incoming_call_sequence(s, ordered, kind, o); });
}

TEST_P(IncomingE2e, RejectedFromATimerWithNdisClIncomingCallComplete) {
  events::IncomingOptions o;
  o.answer = pend_timer(1, NDIS_STATUS_RESOURCES);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::incoming_call_sequence(s, ordered, kind, o); });
}

TEST_P(IncomingE2e, AcceptedThenClosedRemotely) {
  events::IncomingOptions o;
  o.remote_close = true;
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::incoming_call_sequence(s, ordered, kind, o); });
}

TEST_P(IncomingE2e, AcceptedLaterThenClosedRemotelyWithAFailureAndAPendedClose) {
  events::IncomingOptions o;
  o.answer = pend_work_item();
  o.remote_close = true;
  o.remote_status = NDIS_STATUS_DEST_OUT_OF_ORDER;
  o.cm.close = pend_timer(4);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::incoming_call_sequence(s, ordered, kind, o); });
}

TEST_P(IncomingE2e, RemoteCloseOfAnOutgoingCallTheClientDeletesItsVc) {
  seeds([](Scenario& s, bool ordered, Kind kind) {
    events::remote_close_of_outgoing_call(s, ordered, kind, {}, NDIS_STATUS_SUCCESS);
  });
}

TEST_P(IncomingE2e, RemoteCloseWithAFailureStatusAndAPendedClose) {
  events::Answers a;
  a.close = pend_timer(2);
  seeds([&](Scenario& s, bool ordered, Kind kind) {
    events::remote_close_of_outgoing_call(s, ordered, kind, a, NDIS_STATUS_DEST_OUT_OF_ORDER);
  });
}

INSTANTIATE_TEST_SUITE_P(CallManager, IncomingE2e, ::testing::Values(Kind::Mcm, Kind::StandAloneCm), kind_name);

// The stand-alone CM's activation and deactivation pend in t_miniport: the CM dispatches the
// call from ProtocolCmActivateVcComplete and deletes its VC from ProtocolCmDeactivateVcComplete.
TEST(IncomingE2eStandAloneCm, MiniportPendsActivationAndDeactivation) {
  events::IncomingOptions accepted;
  accepted.cm.activate = pend_timer(2);
  accepted.cm.deactivate = pend_work_item();
  for_each_seed(Kind::StandAloneCm, [&](Scenario& s, bool ordered) {
    events::incoming_call_sequence(s, ordered, Kind::StandAloneCm, accepted);
  });
  events::IncomingOptions rejected = accepted;
  rejected.answer = sync(NDIS_STATUS_NOT_ACCEPTED);
  for_each_seed(Kind::StandAloneCm, [&](Scenario& s, bool ordered) {
    events::incoming_call_sequence(s, ordered, Kind::StandAloneCm, rejected);
  });
}

}  // namespace
}  // namespace condis::e2e
