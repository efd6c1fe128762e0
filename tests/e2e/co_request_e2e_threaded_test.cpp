// The request and status sequences of co_request_e2e_test.cpp under the Threaded scheduler: real
// threads, so completions from timers and work items race with the requester's own return
// (RQ-015) and with each other.
#include "e2e/support/co_request_sequences.hpp"

namespace condis::e2e::rq {
namespace {

constexpr int kRuns = 5;

template <class Body>
void repeat(Body body) {
  for (int i = 0; i < kRuns && !::testing::Test::HasFailure(); ++i) {
    SCOPED_TRACE("run " + std::to_string(i));
    RqScenario s(Scenario::threaded());
    body(s);
  }
}

RqCase make(DP_RQ_HANDLER target, DP_RQ_ANSWER answer, bool on_vc = true) {
  RqCase c;
  c.target = target;
  c.answer = answer;
  c.on_vc = on_vc;
  c.delay_ms = 0;  // due at once: the completion races the requester's return
  return c;
}

TEST(CoRequestE2eThreaded, ClientToCallManager) {
  repeat([](RqScenario& s) { request_sequence(s, make(DpRqCallManager, DpRqTimer)); });
  repeat([](RqScenario& s) { request_sequence(s, make(DpRqCallManager, DpRqWorkItem)); });
}

TEST(CoRequestE2eThreaded, ClientToMiniport) {
  repeat([](RqScenario& s) { request_sequence(s, make(DpRqMiniport, DpRqWorkItem)); });
  repeat([](RqScenario& s) { request_sequence(s, make(DpRqMiniport, DpRqTimer, false)); });
}

TEST(CoRequestE2eThreaded, MiniportTakesASecondRequestWhileOneIsPending) {
  repeat([](RqScenario& s) { two_requests_pending_in_the_miniport(s, DpRqWorkItem); });
}

TEST(CoRequestE2eThreaded, McmToClient) {
  repeat([](RqScenario& s) { request_sequence(s, make(DpRqClient, DpRqTimer)); });
}

TEST(CoRequestE2eThreaded, CompletedTwiceIsRq002) {
  RqScenario s(Scenario::threaded());
  RqCase c = make(DpRqCallManager, DpRqWorkItem);
  c.fault = DpRqFaultCompleteTwice;
  faulty_request_sequence(s, c, "RQ-002", 1);
}

TEST(CoStatusE2eThreaded, OnTheVcAndAdapterWide) {
  repeat([](RqScenario& s) { status_sequence(s, /*second_protocol=*/true); });
}

}  // namespace
}  // namespace condis::e2e::rq
