// The threaded scheduler: real worker threads as processors. Run under TSan by `make test-tsan`.
// No sleeps for synchronisation: every test waits through the scheduler (run_until_idle,
// wait_until) and asserts on what the tasks recorded.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "condis/host.hpp"
#include "exec/scheduler.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::exec {
namespace {

constexpr uint64_t kMs = 1'000'000;

std::unique_ptr<Scheduler> make(unsigned processors, void* runtime = nullptr) {
  SchedulerConfig config;
  config.processors = processors;
  config.runtime = runtime;
  return make_threaded_scheduler(config);
}

TEST(ThreadedScheduler, RunsEveryTaskAtItsIrqlOnAProcessor) {
  int runtime_tag = 0;
  auto s = make(4, &runtime_tag);
  EXPECT_FALSE(s->deterministic());
  EXPECT_EQ(s->processors(), 4u);
  std::atomic<int> ran{0};
  std::atomic<int> wrong{0};
  for (int i = 0; i < 1000; ++i) {
    const Irql irql = i % 2 ? kDispatch : kPassive;
    s->post([&, irql] {
      if (current_irql() != irql || current_processor() >= 4 || current_runtime() != &runtime_tag) ++wrong;
      ++ran;
    }, {irql, kAnyProcessor, "t"});
  }
  s->run_until_idle();
  EXPECT_EQ(ran.load(), 1000);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(s->pending(), 0u);
  EXPECT_EQ(current_runtime(), nullptr) << "the host thread is untouched";
}

TEST(ThreadedScheduler, PinnedTasksRunOnTheirProcessorsThread) {
  auto s = make(3);
  std::mutex mutex;
  std::vector<std::set<std::thread::id>> threads(3);
  std::atomic<int> wrong{0};
  for (int i = 0; i < 300; ++i) {
    const int p = i % 3;
    s->post([&, p] {
      if (current_processor() != unsigned(p)) ++wrong;
      std::lock_guard lock(mutex);
      threads[size_t(p)].insert(std::this_thread::get_id());
    }, {kPassive, p, "pinned"});
  }
  s->run_until_idle();
  EXPECT_EQ(wrong.load(), 0);
  for (auto& t : threads) EXPECT_EQ(t.size(), 1u) << "one worker per processor";
  EXPECT_NE(*threads[0].begin(), *threads[1].begin());
}

TEST(ThreadedScheduler, TasksPostingTasksAreAllAwaitedByRunUntilIdle) {
  auto s = make(4);
  std::atomic<int> ran{0};
  std::function<void(int)> spawn = [&](int depth) {
    ++ran;
    if (depth == 0) return;
    for (int i = 0; i < 3; ++i) s->post([&, depth] { spawn(depth - 1); });
  };
  s->post([&] { spawn(7); });
  s->run_until_idle();
  EXPECT_EQ(ran.load(), 3280);  // (3^8 - 1) / 2
}

TEST(ThreadedScheduler, ManyHostThreadsPostConcurrently) {
  auto s = make(4);
  std::atomic<int> ran{0};
  std::vector<std::thread> posters;
  for (int t = 0; t < 4; ++t)
    posters.emplace_back([&] {
      for (int i = 0; i < 500; ++i) s->post([&] { ++ran; });
    });
  for (auto& t : posters) t.join();
  s->run_until_idle();
  EXPECT_EQ(ran.load(), 2000);
}

TEST(ThreadedScheduler, TimerFiresNoEarlierThanDueAtItsIrql) {
  auto s = make(2);
  std::atomic<uint64_t> fired_at{0};
  std::atomic<int> irql{-1};
  const uint64_t due = s->now_ns() + 2 * kMs;
  s->post_at(due, [&] {
    fired_at = s->now_ns();
    irql = current_irql();
  }, {kDispatch});
  s->run_until_idle();  // waits for the pending timer
  EXPECT_GE(fired_at.load(), due);
  EXPECT_EQ(irql.load(), kDispatch);
}

TEST(ThreadedScheduler, PeriodicTimerRepostsUntilItStops) {
  auto s = make(2);
  std::atomic<int> fired{0};
  std::function<void()> tick = [&] {
    if (++fired < 5) s->post_at(s->now_ns() + 100'000, tick, {kDispatch});
  };
  s->post_at(s->now_ns() + 100'000, tick, {kDispatch});
  s->run_until_idle();
  EXPECT_EQ(fired.load(), 5);
}

TEST(ThreadedScheduler, CancelledTimerNeverRunsAndIdleDoesNotWaitForIt) {
  auto s = make(2);
  std::atomic<bool> ran{false};
  TaskId id = s->post_at(s->now_ns() + 3'600'000 * kMs, [&] { ran = true; });
  EXPECT_EQ(s->pending(), 1u);
  EXPECT_TRUE(s->cancel(id));
  EXPECT_FALSE(s->cancel(id));
  EXPECT_EQ(s->pending(), 0u);
  s->run_until_idle();
  EXPECT_FALSE(ran.load());
}

TEST(ThreadedScheduler, CancelAfterRunFails) {
  auto s = make(1);
  TaskId id = s->post([] {});
  s->run_until_idle();
  EXPECT_FALSE(s->cancel(id));
  EXPECT_FALSE(s->cancel(999999));
}

TEST(ThreadedScheduler, RunUntilIdleGivesUpAtItsBound) {
  auto s = make(1);
  std::atomic<bool> ran{false};
  s->post_at(s->now_ns() + 3'600'000 * kMs, [&] { ran = true; });
  const uint64_t start = s->now_ns();
  s->run_until_idle(5 * kMs);
  EXPECT_GE(s->now_ns() - start, 5 * kMs);
  EXPECT_FALSE(ran.load());
  EXPECT_EQ(s->pending(), 1u);
}

TEST(ThreadedScheduler, AdvanceWaitsThatLongWhileTasksRun) {
  auto s = make(2);
  std::atomic<int> ran{0};
  for (int i = 0; i < 10; ++i) s->post([&] { ++ran; });
  const uint64_t start = s->now_ns();
  s->advance(3 * kMs);
  EXPECT_GE(s->now_ns() - start, 3 * kMs);
  s->run_until_idle();
  EXPECT_EQ(ran.load(), 10);
}

TEST(ThreadedScheduler, HostWaitEndsWhenATaskSetsTheConditionAndNotifies) {
  auto s = make(2);
  std::atomic<bool> flag{false};
  s->post_at(s->now_ns() + kMs, [&] {
    flag = true;
    s->notify_waiters();
  });
  EXPECT_TRUE(s->wait_until([&] { return flag.load(); }, UINT64_MAX));
}

TEST(ThreadedScheduler, HostWaitTimesOut) {
  auto s = make(1);
  const uint64_t start = s->now_ns();
  EXPECT_FALSE(s->wait_until([] { return false; }, 2 * kMs));
  EXPECT_GE(s->now_ns() - start, 2 * kMs);
}

TEST(ThreadedScheduler, WaitingTaskOnTheOnlyProcessorRunsTheTaskItWaitsFor) {
  // A work item waiting for an event another work item sets: with one worker, the waiter runs
  // the setter from inside its wait.
  auto s = make(1);
  std::atomic<bool> flag{false};
  std::atomic<bool> waited{false};
  s->post([&] {
    s->post([&] {
      flag = true;
      s->notify_waiters();
    });
    waited = s->wait_until([&] { return flag.load(); }, UINT64_MAX);
  });
  s->run_until_idle();
  EXPECT_TRUE(waited.load());
}

TEST(ThreadedScheduler, TaskMayRunUntilIdle) {
  auto s = make(2);
  std::atomic<int> inner{0};
  std::atomic<bool> checked{false};
  s->post([&] {
    for (int i = 0; i < 20; ++i) s->post([&] { ++inner; });
    s->run_until_idle();
    checked = inner.load() == 20;
  });
  s->run_until_idle();
  EXPECT_TRUE(checked.load());
}

TEST(ThreadedScheduler, TwoTasksInRunUntilIdleDoNotWaitForEachOther) {
  SchedulerConfig config;
  config.processors = 2;
  config.idle_horizon_ns = 3'600'000 * kMs;  // a mutual wait would show as a hang, not a pass
  auto s = make_threaded_scheduler(config);
  std::atomic<int> entered{0};
  std::atomic<int> done{0};
  for (int p = 0; p < 2; ++p)
    s->post([&] {
      ++entered;
      s->notify_waiters();
      // Both tasks are inside run_until_idle at once.
      s->wait_until([&] { return entered.load() == 2; }, UINT64_MAX);
      s->run_until_idle();
      ++done;
    }, {kPassive, p, "idler"});
  s->run_until_idle();
  EXPECT_EQ(done.load(), 2);
}

TEST(ThreadedScheduler, DestructorJoinsWithWorkQueuedAndTimersPending) {
  std::atomic<int> ran{0};
  {
    auto s = make(4);
    for (int i = 0; i < 100; ++i) s->post([&] { ++ran; });
    for (int i = 0; i < 10; ++i) s->post_at(s->now_ns() + 3'600'000 * kMs, [&] { ++ran; });
  }
  EXPECT_LE(ran.load(), 100);
}

TEST(ThreadedScheduler, StopWaitsForRunningTasksAndDropsTheRest) {
  auto s = make(1);
  std::atomic<bool> started{false};
  std::atomic<bool> release{false};
  std::atomic<bool> finished{false};
  std::atomic<int> later{0};
  s->post([&] {
    started = true;
    s->notify_waiters();
    while (!release.load()) std::this_thread::yield();
    finished = true;
  });
  for (int i = 0; i < 10; ++i) s->post([&] { ++later; });
  ASSERT_TRUE(s->wait_until([&] { return started.load(); }, UINT64_MAX));
  std::thread stopper([&] { s->stop(); });
  // Once stop has begun, posts are refused; only then may the running task finish.
  while (s->post([] {}) != 0) std::this_thread::yield();
  release = true;
  stopper.join();
  EXPECT_TRUE(finished.load()) << "stop returned only after the running task";
  EXPECT_EQ(later.load(), 0) << "queued tasks were dropped";
  EXPECT_EQ(s->post([&] { ++later; }), 0u);
  EXPECT_EQ(s->pending(), 0u);
}

TEST(ThreadedScheduler, RandomDiffersBetweenDraws) {
  auto s = make(1);
  EXPECT_NE(s->random(), s->random());
}

TEST(ThreadedScheduler, RuntimeWithThreadedSchedulerRunsItsTasks) {
  Config config;
  config.scheduler = SchedulerKind::Threaded;
  config.processors = 4;
  auto rt = std::move(Runtime::create(config).value());
  RuntimeCore& core = rt->core();
  std::atomic<int> wrong{0};
  std::atomic<int> ran{0};
  for (int i = 0; i < 100; ++i)
    core.scheduler().post([&] {
      if (RuntimeCore::current() != &core) ++wrong;
      ++ran;
    });
  rt->run_until_idle();
  EXPECT_EQ(ran.load(), 100);
  EXPECT_EQ(wrong.load(), 0);
  rt->shutdown();
}

}  // namespace
}  // namespace condis::exec
