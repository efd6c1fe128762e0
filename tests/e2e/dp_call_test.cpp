// The CoNDIS data path end to end through C drivers (vc-data-requests.md 3.1-3.3, 3.6): dp_client
// makes a call on dp_mcm, sends NBLs it built over its own buffers, receives NBLs the MCM
// indicates from a timer, and tears the call down; run under the Deterministic scheduler for
// many seeds. Receives are also kept and returned later (3.2), indicated with the resources flag
// (3.3), and outstanding when the call is closed (3.6, MCM form). The faulty variants close the
// call with sends outstanding (CM-070), return NBLs indicated with resources (DP-026), and
// deactivate with receives outstanding (VC-011, CM-047).
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

TEST(DpCall, ReceivesKeptAndReturnedLaterTogether) {
  for_each_dp_seed([](DpScenario& s) { receives_returned_later(s, 8, 3); });
}

TEST(DpCall, ReceivesWithTheResourcesFlagAreReclaimedByTheMiniport) {
  for_each_dp_seed([](DpScenario& s) { receives_with_resources(s, 4, false); });
}

TEST(DpCall, ReturningReceivesIndicatedWithResourcesIsDp026) {
  for_each_dp_seed([](DpScenario& s) { receives_with_resources(s, 2, true); }, 50);
}

TEST(DpCall, CloseWaitsForTheReceivesBeforeDeactivating) {
  for_each_dp_seed([](DpScenario& s) { close_with_receives_outstanding(s, 2, true); });
}

TEST(DpCall, DeactivatingWithReceivesOutstandingIsVc011) {
  for_each_dp_seed([](DpScenario& s) { close_with_receives_outstanding(s, 2, false); }, 50);
}

}  // namespace
}  // namespace condis::e2e::dp
