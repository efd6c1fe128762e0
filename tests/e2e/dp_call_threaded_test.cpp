// The data-path calls of dp_call_test.cpp under the Threaded scheduler: real threads, so the
// send completions and receive indications from timers race with the client's actions.
#include "e2e/support/dp_scenario.hpp"

namespace condis::e2e::dp {
namespace {

constexpr int kRuns = 5;
constexpr ULONG kNbls = 32;

TEST(DpCallThreaded, SendsCompletedInsideTheSendHandler) {
  for (int i = 0; i < kRuns && !::testing::Test::HasFailure(); ++i) {
    DpScenario s(Scenario::threaded());
    clean_call(s, kNbls, 0, 0);
  }
}

TEST(DpCallThreaded, SendsCompletedAndReceivesIndicatedFromTimers) {
  for (int i = 0; i < kRuns && !::testing::Test::HasFailure(); ++i) {
    DpScenario s(Scenario::threaded());
    clean_call(s, kNbls, 1, 1);
  }
}

TEST(DpCallThreaded, ReceivesKeptAndReturnedLaterTogether) {
  for (int i = 0; i < kRuns && !::testing::Test::HasFailure(); ++i) {
    DpScenario s(Scenario::threaded());
    receives_returned_later(s, 8, 3);
  }
}

TEST(DpCallThreaded, ReceivesWithTheResourcesFlagAreReclaimedByTheMiniport) {
  for (int i = 0; i < kRuns && !::testing::Test::HasFailure(); ++i) {
    DpScenario s(Scenario::threaded());
    receives_with_resources(s, 4, false);
  }
}

TEST(DpCallThreaded, CloseWaitsForTheReceivesBeforeDeactivating) {
  for (int i = 0; i < kRuns && !::testing::Test::HasFailure(); ++i) {
    DpScenario s(Scenario::threaded());
    close_with_receives_outstanding(s, 2, true);
  }
}

TEST(DpCallThreaded, ClosingWithSendsOutstandingIsCm070) {
  DpScenario s(Scenario::threaded());
  close_with_sends_outstanding(s, 4);
}

}  // namespace
}  // namespace condis::e2e::dp
