// The interleaving the teardown-race tests share (call_model_af_teardown*, call_model_party_teardown*):
// the handler under test runs the teardown (the binding closing) at the point where another
// processor would, then answers. The deterministic tests run the teardown inline; the threaded
// ones start it on another thread (threaded_teardown_rounds) so that the request's work after the
// handler and the release race in either order.
#pragma once

#include <functional>
#include <latch>
#include <memory>
#include <thread>

#include <gtest/gtest.h>
#include <ndis.h>

namespace cmtest {

struct Interleaving {
  std::function<void()> teardown;
  NDIS_STATUS answer = NDIS_STATUS_SUCCESS;
  int handler_calls = 0;
  // Waits for a teardown running on another thread (before the checks); exact: the teardown
  // certainly released the objects while the request was in the handler (else an object the
  // request freed first is not among the DRV-057 findings).
  std::function<void()> settle;
  bool exact = true;
};
inline Interleaving interleaving;

inline NDIS_STATUS answer_after_teardown() {
  ++interleaving.handler_calls;
  interleaving.teardown();
  return interleaving.answer;
}

namespace detail {
inline std::thread teardown_thread;
inline void join_teardown() {
  if (teardown_thread.joinable()) teardown_thread.join();
}
inline void concurrent_teardown(const std::function<void()>& teardown) {
  auto started = std::make_shared<std::latch>(1);
  teardown_thread = std::thread([teardown, started] {
    started->count_down();
    teardown();
  });
  started->wait();
}
}  // namespace detail

// Runs scenario(answer, run_teardown) `rounds` times for each answer, the teardown on another thread.
template <class Scenario>
void threaded_teardown_rounds(Scenario scenario, int rounds = 30) {
  interleaving.settle = detail::join_teardown;
  interleaving.exact = false;
  for (int i = 0; i < rounds && !::testing::Test::HasFailure(); ++i)
    for (NDIS_STATUS answer : {NDIS_STATUS_SUCCESS, NDIS_STATUS_FAILURE, NDIS_STATUS_PENDING})
      scenario(answer, detail::concurrent_teardown);
  detail::join_teardown();
  interleaving.settle = {};
  interleaving.exact = true;
}

}  // namespace cmtest
