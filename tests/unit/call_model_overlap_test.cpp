// Overlapping operations (call_model_overlap.hpp) under the deterministic scheduler, each across
// 1000 seeds on two simulated processors: the seed picks the order of the client's requests, the
// call manager's completions and its remote events.
#include "unit/call_model_overlap.hpp"

namespace cmtest::overlap {
namespace {

constexpr uint64_t kSeeds = 1000;

// Runs `scenario` once per seed; stops at the first seed that fails (it is in the message).
template <class F>
void over_seeds(F scenario) {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    world_scheduling = {condis::SchedulerKind::Deterministic, 2, seed};
    SCOPED_TRACE("seed " + std::to_string(seed));
    scenario();
    if (::testing::Test::HasFailure()) break;
  }
  world_scheduling = {};
}

TEST(CallModelOverlap, RemoteCloseWhileLocalClosePending) { over_seeds(remote_close_while_local_close_pending); }
TEST(CallModelOverlap, DropWhileAddPending) { over_seeds(drop_while_add_pending); }
TEST(CallModelOverlap, IncomingCallWhileSapDeregistering) { over_seeds(incoming_call_while_sap_deregistering); }
TEST(CallModelOverlap, CloseAfWithCallsUp) { over_seeds(close_af_with_calls_up); }
TEST(CallModelOverlap, CloseWhileMakeCallPending) { over_seeds(close_while_make_call_pending); }
TEST(CallModelOverlap, MakeCallSucceedingBeforeOrAfterItsHandlerReturned) {
  over_seeds([] { completion_before_handler_returned(false); });
}
TEST(CallModelOverlap, MakeCallFailingBeforeOrAfterItsHandlerReturnedAndDeletedInCompletion) {
  over_seeds([] { completion_before_handler_returned(true); });
}

}  // namespace
}  // namespace cmtest::overlap
