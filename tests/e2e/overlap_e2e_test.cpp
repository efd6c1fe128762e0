// Overlapping call-management operations end to end through the C test drivers, for both kinds
// of call manager: the client's request and the call manager's remote event (or completion) are
// runnable at once, and each of kOverlapSeeds deterministic seeds picks an order. Every order
// must end in an outcome docs/decisions.md documents (OQ-21, OQ-23, an incoming call against its
// SAP's deregistration, a notify-close with calls up), with exactly the findings that outcome
// implies and a clean teardown.
#include "e2e/support/event_sequences.hpp"

namespace condis::e2e {
namespace {

using events::Kind;
constexpr uint64_t kOverlapSeeds = 1000;

class OverlapE2e : public ::testing::TestWithParam<Kind> {
 protected:
  template <class Body>
  void seeds(Body body) {
    for_each_seed(GetParam(), [&](Scenario& s, bool ordered) { body(s, ordered, GetParam()); }, kOverlapSeeds);
  }
};

std::string kind_name(const ::testing::TestParamInfo<Kind>& info) {
  return info.param == Kind::Mcm ? "Mcm" : "StandAloneCm";
}

TEST_P(OverlapE2e, RemoteCloseWhileLocalClosePending) { seeds(events::remote_close_while_local_close_pending); }

TEST_P(OverlapE2e, DropWhileAddPending) { seeds(events::drop_while_add_pending); }

TEST_P(OverlapE2e, IncomingCallWhileSapDeregistering) { seeds(events::incoming_call_while_sap_deregistering); }

TEST_P(OverlapE2e, NotifyCloseAfWithCallsUpAndClosing) { seeds(events::notify_close_with_calls_closing); }

INSTANTIATE_TEST_SUITE_P(CallManager, OverlapE2e, ::testing::Values(Kind::Mcm, Kind::StandAloneCm), kind_name);

}  // namespace
}  // namespace condis::e2e
