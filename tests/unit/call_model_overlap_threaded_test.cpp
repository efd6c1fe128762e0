// Overlapping operations (call_model_overlap.hpp) on the threaded scheduler: four worker threads
// run the client's requests, the call manager's completions and its remote events, so a
// completion can run on one processor while its request's handler still runs on another. Run
// under TSan (ctest label "threaded").
#include "unit/call_model_overlap.hpp"

namespace cmtest::overlap {
namespace {

constexpr int kRounds = 50;

template <class F>
void threaded(F scenario) {
  world_scheduling = {condis::SchedulerKind::Threaded, 4, 1};
  for (int i = 0; i < kRounds && !::testing::Test::HasFailure(); ++i) scenario();
  world_scheduling = {};
}

TEST(CallModelOverlapThreaded, RemoteCloseWhileLocalClosePending) { threaded(remote_close_while_local_close_pending); }
TEST(CallModelOverlapThreaded, DropWhileAddPending) { threaded(drop_while_add_pending); }
TEST(CallModelOverlapThreaded, IncomingCallWhileSapDeregistering) { threaded(incoming_call_while_sap_deregistering); }
TEST(CallModelOverlapThreaded, CloseAfWithCallsUp) { threaded(close_af_with_calls_up); }
TEST(CallModelOverlapThreaded, CloseWhileMakeCallPending) { threaded(close_while_make_call_pending); }
TEST(CallModelOverlapThreaded, MakeCallCompletedEarlyOrLate) {
  threaded([] { completion_before_handler_returned(false); });
}
TEST(CallModelOverlapThreaded, MakeCallFailedEarlyOrLateAndDeletedInCompletion) {
  threaded([] { completion_before_handler_returned(true); });
}

}  // namespace
}  // namespace cmtest::overlap
