// A request on an AF open or a SAP inside a handler while the client's binding is released on
// another thread (call_model_af_teardown.hpp). The handler returns once the teardown thread has
// started, so the request's work after the handler and the release run at the same time, in
// either order. Run under TSan (ctest label "threaded") and ASan: an AF open or SAP freed under
// the request, or touched without its lock, is reported there.
#include <latch>
#include <memory>
#include <thread>

#include "unit/call_model_af_teardown.hpp"

namespace cmtest::af_teardown {
namespace {

constexpr int kRounds = 30;

std::thread teardown_thread;

void concurrent_teardown(const std::function<void()>& teardown) {
  auto started = std::make_shared<std::latch>(1);
  teardown_thread = std::thread([teardown, started] {
    started->count_down();
    teardown();
  });
  started->wait();
}

void join_teardown() {
  if (teardown_thread.joinable()) teardown_thread.join();
}

template <class Scenario>
void rounds(Scenario scenario) {
  interleaving.settle = join_teardown;
  interleaving.exact = false;
  for (int i = 0; i < kRounds && !::testing::Test::HasFailure(); ++i)
    for (NDIS_STATUS answer : {NDIS_STATUS_SUCCESS, NDIS_STATUS_FAILURE, NDIS_STATUS_PENDING})
      scenario(answer, concurrent_teardown);
  join_teardown();
  interleaving.settle = {};
  interleaving.exact = true;
}

TEST(CallModelAfTeardownThreaded, OpenAfWhileTheBindingCloses) { rounds(open_af); }
TEST(CallModelAfTeardownThreaded, CloseAfWhileTheBindingCloses) { rounds(close_af); }
TEST(CallModelAfTeardownThreaded, RegisterSapWhileTheBindingCloses) { rounds(register_sap); }
TEST(CallModelAfTeardownThreaded, DeregisterSapWhileTheBindingCloses) { rounds(deregister_sap); }
TEST(CallModelAfTeardownThreaded, NotifyCloseAfWhileTheBindingCloses) { rounds(notify_close_af); }

}  // namespace
}  // namespace cmtest::af_teardown
