// The CoNDIS data path end to end through C drivers (vc-data-requests.md 3.1-3.3, 3.6): dp_client
// makes a call on dp_mcm, sends NBLs it built over its own buffers, receives NBLs the MCM
// indicates from a timer, and tears the call down; run under the Deterministic scheduler for
// many seeds. The faulty variant closes the call with sends outstanding (CM-070).
#include "e2e/support/dp_scenario.hpp"

namespace condis::e2e::dp {
namespace {

constexpr uint64_t kDpSeeds = 100;
constexpr ULONG kNbls = 16;

template <class Body>
void for_each_dp_seed(Body body, uint64_t seeds = kDpSeeds) {
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    DpScenario s(Scenario::deterministic(seed));
    body(s);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(DpCall, SendsCompletedInsideTheSendHandler) {
  for_each_dp_seed([](DpScenario& s) { clean_call(s, kNbls, 0, 0); });
}

TEST(DpCall, SendsCompletedAndReceivesIndicatedFromTimers) {
  for_each_dp_seed([](DpScenario& s) { clean_call(s, kNbls, 2, 3); });
}

TEST(DpCall, ClosingWithSendsOutstandingIsCm070) {
  for_each_dp_seed([](DpScenario& s) { close_with_sends_outstanding(s, 4); }, 50);
}

}  // namespace
}  // namespace condis::e2e::dp
