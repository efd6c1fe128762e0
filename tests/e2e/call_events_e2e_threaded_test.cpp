// The incoming-call, remote-close, party, QoS and notify-close sequences and the overlap cases,
// for both kinds of call manager, under the Threaded scheduler (real threads as processors; run
// under TSan by `make test-tsan`). Logs are compared as multisets: a request may return after
// its completion ran on another processor.
#include "e2e/support/event_sequences.hpp"

namespace condis::e2e {
namespace {

using events::Kind;
constexpr int kRuns = 10;

class CallEventsThreaded : public ::testing::TestWithParam<Kind> {
 protected:
  template <class Body>
  void runs(Body body, int n = kRuns) {
    for_threaded_runs(GetParam(), [&](Scenario& s, bool ordered) { body(s, ordered, GetParam()); }, n);
  }
};

std::string kind_name(const ::testing::TestParamInfo<Kind>& info) {
  return info.param == Kind::Mcm ? "Mcm" : "StandAloneCm";
}

TEST_P(CallEventsThreaded, IncomingCallAcceptedLaterClosedByTheClient) {
  events::IncomingOptions o;
  o.answer = pend_timer(1);
  o.cm.close = pend_timer(1);
  runs([&](Scenario& s, bool ordered, Kind kind) { events::incoming_call_sequence(s, ordered, kind, o); });
}

TEST_P(CallEventsThreaded, IncomingCallRejectedLater) {
  events::IncomingOptions o;
  o.answer = pend_timer(1, NDIS_STATUS_NOT_ACCEPTED);
  runs([&](Scenario& s, bool ordered, Kind kind) { events::incoming_call_sequence(s, ordered, kind, o); });
}

TEST_P(CallEventsThreaded, IncomingCallClosedRemotely) {
  events::IncomingOptions o;
  o.remote_close = true;
  runs([&](Scenario& s, bool ordered, Kind kind) { events::incoming_call_sequence(s, ordered, kind, o); });
}

TEST_P(CallEventsThreaded, PartiesPended) {
  events::PartyOptions o;
  o.add = pend_timer(1);
  o.drop = pend_timer(1);
  runs([&](Scenario& s, bool ordered, Kind kind) { events::party_sequence(s, ordered, kind, o); });
}

TEST_P(CallEventsThreaded, RemoteDrop) {
  events::PartyOptions o;
  o.remote_drop = true;
  runs([&](Scenario& s, bool ordered, Kind kind) { events::party_sequence(s, ordered, kind, o); });
}

TEST_P(CallEventsThreaded, ModifyQoSPended) {
  events::QoSOptions o;
  o.modify = pend_timer(1);
  runs([&](Scenario& s, bool ordered, Kind kind) { events::qos_sequence(s, ordered, kind, o); });
}

TEST_P(CallEventsThreaded, NetworkQoSChange) {
  events::QoSOptions o;
  o.remote = true;
  runs([&](Scenario& s, bool ordered, Kind kind) { events::qos_sequence(s, ordered, kind, o); });
}

TEST_P(CallEventsThreaded, NotifyCloseWithCallsUp) {
  runs([](Scenario& s, bool ordered, Kind kind) { events::notify_close_sequence(s, ordered, kind, {}); });
}

TEST_P(CallEventsThreaded, OverlapRemoteCloseWhileLocalClosePending) {
  runs(events::remote_close_while_local_close_pending, 20);
}

TEST_P(CallEventsThreaded, OverlapDropWhileAddPending) { runs(events::drop_while_add_pending, 20); }

TEST_P(CallEventsThreaded, OverlapIncomingCallWhileSapDeregistering) {
  runs(events::incoming_call_while_sap_deregistering, 20);
}

TEST_P(CallEventsThreaded, OverlapNotifyCloseAfWithCallsUpAndClosing) {
  runs(events::notify_close_with_calls_closing, 20);
}

INSTANTIATE_TEST_SUITE_P(CallManager, CallEventsThreaded, ::testing::Values(Kind::Mcm, Kind::StandAloneCm),
                         kind_name);

}  // namespace
}  // namespace condis::e2e
