// The deterministic scheduler: posting, strategies, processors, IRQL, virtual-time timers,
// cancel, advance, wait_until (nested), and replay: one seed, one run.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "condis/host.hpp"
#include "condis/trace_sinks.hpp"
#include "exec/scheduler.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::exec {
namespace {

std::unique_ptr<Scheduler> make(Strategy strategy, uint64_t seed = 1, unsigned processors = 1) {
  SchedulerConfig config;
  config.strategy = strategy;
  config.seed = seed;
  config.processors = processors;
  return make_deterministic_scheduler(config);
}

// Posts n tasks that record their index, runs them, and returns the order they ran in.
std::vector<int> run_order(Scheduler& s, int n) {
  std::vector<int> order;
  for (int i = 0; i < n; ++i) s.post([&order, i] { order.push_back(i); });
  s.run_until_idle();
  return order;
}

std::vector<int> sorted(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<int> iota(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) v.push_back(i);
  return v;
}

TEST(DeterministicScheduler, RunsTaskAtItsIrqlProcessorAndRuntime) {
  int runtime_tag = 0;
  SchedulerConfig config;
  config.processors = 4;
  config.runtime = &runtime_tag;
  auto s = make_deterministic_scheduler(config);
  EXPECT_TRUE(s->deterministic());
  EXPECT_EQ(s->processors(), 4u);
  Irql irql = kPassive;
  unsigned processor = 99;
  void* runtime = nullptr;
  s->post(
      [&] {
        irql = current_irql();
        processor = current_processor();
        runtime = current_runtime();
      },
      {kDispatch, 2, "timer-like"});
  EXPECT_EQ(s->pending(), 1u);
  s->run_until_idle();
  EXPECT_EQ(irql, kDispatch);
  EXPECT_EQ(processor, 2u);
  EXPECT_EQ(runtime, &runtime_tag);
  // The host thread is back at its own level and runtime.
  EXPECT_EQ(current_irql(), kPassive);
  EXPECT_EQ(current_runtime(), nullptr);
  EXPECT_EQ(s->pending(), 0u);
}

TEST(DeterministicScheduler, TaskIdsAreNonZeroAndDistinct) {
  auto s = make(Strategy::Fifo);
  TaskId a = s->post([] {});
  TaskId b = s->post_at(10, [] {});
  EXPECT_NE(a, 0u);
  EXPECT_NE(b, 0u);
  EXPECT_NE(a, b);
}

TEST(DeterministicScheduler, FifoRunsInPostOrderIncludingNestedPosts) {
  auto s = make(Strategy::Fifo, 7);
  std::vector<int> order;
  for (int i = 0; i < 5; ++i) {
    s->post([&, i] {
      order.push_back(i);
      s->post([&, i] { order.push_back(100 + i); });
    });
  }
  s->run_until_idle();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 100, 101, 102, 103, 104}));
}

TEST(DeterministicScheduler, FifoIgnoresTheSeedAndRoundRobinsProcessors) {
  for (uint64_t seed : {1, 2, 3}) {
    auto s = make(Strategy::Fifo, seed, 3);
    std::vector<unsigned> processors;
    for (int i = 0; i < 6; ++i) s->post([&] { processors.push_back(current_processor()); });
    s->run_until_idle();
    EXPECT_EQ(processors, (std::vector<unsigned>{0, 1, 2, 0, 1, 2})) << "seed " << seed;
  }
}

TEST(DeterministicScheduler, RandomSpreadsTasksOverAllProcessors) {
  auto s = make(Strategy::Random, 5, 4);
  std::set<unsigned> used;
  for (int i = 0; i < 200; ++i) s->post([&] { used.insert(current_processor()); });
  s->run_until_idle();
  EXPECT_EQ(used, (std::set<unsigned>{0, 1, 2, 3}));
}

TEST(DeterministicScheduler, RequestedProcessorIsHonouredUnderEveryStrategy) {
  for (Strategy strategy : {Strategy::Fifo, Strategy::Random, Strategy::Pct}) {
    auto s = make(strategy, 3, 4);
    int wrong = 0;
    for (int i = 0; i < 40; ++i) {
      const int p = i % 4;
      s->post([&, p] { wrong += current_processor() != unsigned(p); }, {kPassive, p, "pinned"});
    }
    s->run_until_idle();
    EXPECT_EQ(wrong, 0);
  }
}

class SeededStrategy : public ::testing::TestWithParam<Strategy> {};

TEST_P(SeededStrategy, SameSeedGivesTheSameOrder) {
  auto a = make(GetParam(), 42, 4);
  auto b = make(GetParam(), 42, 4);
  EXPECT_EQ(run_order(*a, 50), run_order(*b, 50));
}

TEST_P(SeededStrategy, DifferentSeedsGiveDifferentOrdersOfTheSameTasks) {
  std::set<std::vector<int>> orders;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    auto s = make(GetParam(), seed, 4);
    auto order = run_order(*s, 50);
    EXPECT_EQ(sorted(order), iota(50)) << "every task runs exactly once, seed " << seed;
    orders.insert(order);
  }
  EXPECT_GT(orders.size(), 4u);
  EXPECT_FALSE(orders.count(iota(50))) << "a seeded strategy is not FIFO for every seed";
}

INSTANTIATE_TEST_SUITE_P(Strategies, SeededStrategy, ::testing::Values(Strategy::Random, Strategy::Pct),
                         [](const auto& info) { return info.param == Strategy::Random ? "Random" : "Pct"; });

TEST(DeterministicScheduler, PctChangePointDemotesTheTaskAboutToRun) {
  // Depth 1 has no change point: tasks run by their seeded priorities. Depth 2 with the change
  // point on step 1 demotes the task that would have run first below all the others.
  SchedulerConfig config;
  config.strategy = Strategy::Pct;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    config.seed = seed;
    config.pct_depth = 1;
    auto by_priority = run_order(*make_deterministic_scheduler(config), 10);
    config.pct_depth = 2;
    config.pct_steps = 1;
    auto demoted = run_order(*make_deterministic_scheduler(config), 10);
    EXPECT_EQ(sorted(by_priority), iota(10));
    std::rotate(by_priority.begin(), by_priority.begin() + 1, by_priority.end());
    EXPECT_EQ(demoted, by_priority) << "seed " << seed;
  }
}

TEST(DeterministicScheduler, RandomDrawsDoNotShiftTheSchedule) {
  auto plain = make(Strategy::Random, 9, 2);
  auto drawing = make(Strategy::Random, 9, 2);
  std::vector<int> a = run_order(*plain, 30);
  std::vector<int> b;
  for (int i = 0; i < 30; ++i)
    drawing->post([&, i] {
      b.push_back(i);
      (void)drawing->random();
    });
  drawing->run_until_idle();
  EXPECT_EQ(a, b);
}

TEST(DeterministicScheduler, RandomIsAFunctionOfTheSeed) {
  auto a = make(Strategy::Random, 11);
  auto b = make(Strategy::Random, 11);
  auto c = make(Strategy::Random, 12);
  std::vector<uint64_t> va, vb, vc;
  for (int i = 0; i < 8; ++i) {
    va.push_back(a->random());
    vb.push_back(b->random());
    vc.push_back(c->random());
  }
  EXPECT_EQ(va, vb);
  EXPECT_NE(va, vc);
}

TEST(DeterministicScheduler, TimerFiresWhenVirtualTimeReachesItsDueTime) {
  auto s = make(Strategy::Fifo);
  uint64_t fired_at = 0;
  Irql irql = kPassive;
  s->post_at(1'000, [&] {
    fired_at = s->now_ns();
    irql = current_irql();
  }, {kDispatch, kAnyProcessor, "timer"});
  s->run_until_idle(500);  // not far enough
  EXPECT_EQ(fired_at, 0u);
  EXPECT_EQ(s->now_ns(), 0u) << "no timer within the bound: time stays";
  EXPECT_EQ(s->pending(), 1u);
  s->run_until_idle();
  EXPECT_EQ(fired_at, 1'000u);
  EXPECT_EQ(irql, kDispatch);
  EXPECT_EQ(s->now_ns(), 1'000u);
}

TEST(DeterministicScheduler, TimersFireInDueOrderThenPostOrder) {
  auto s = make(Strategy::Fifo);
  std::vector<int> order;
  s->post_at(300, [&] { order.push_back(3); });
  s->post_at(100, [&] { order.push_back(1); });
  s->post_at(200, [&] { order.push_back(20); });
  s->post_at(200, [&] { order.push_back(21); });
  s->post_at(0, [&] { order.push_back(0); });  // already due
  s->run_until_idle();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 20, 21, 3}));
}

TEST(DeterministicScheduler, PeriodicTimerStopsAtTheBound) {
  auto s = make(Strategy::Random);
  int fired = 0;
  std::function<void()> tick = [&] {
    ++fired;
    s->post_at(s->now_ns() + 100, tick, {kDispatch});
  };
  s->post_at(100, tick, {kDispatch});
  s->run_until_idle(1'000);
  EXPECT_EQ(fired, 10);  // 100, 200, ..., 1000
  EXPECT_EQ(s->now_ns(), 1'000u);
  EXPECT_EQ(s->pending(), 1u);
  s->advance(250);
  EXPECT_EQ(fired, 12);
  EXPECT_EQ(s->now_ns(), 1'250u);
}

TEST(DeterministicScheduler, UnboundedRunUntilIdleEndsAtTheHorizon) {
  SchedulerConfig config;
  config.idle_horizon_ns = 10'000;
  auto s = make_deterministic_scheduler(config);
  int fired = 0;
  std::function<void()> tick = [&] {
    ++fired;
    s->post_at(s->now_ns() + 1'000, tick);
  };
  s->post_at(1'000, tick);
  s->run_until_idle();
  EXPECT_EQ(fired, 10);
}

TEST(DeterministicScheduler, AdvanceRunsWhatIsDueAndLeavesTimeAtTheTarget) {
  auto s = make(Strategy::Fifo);
  std::vector<uint64_t> fired;
  for (uint64_t due : {50, 100, 150})
    s->post_at(due, [&] { fired.push_back(s->now_ns()); });
  bool ran = false;
  s->post([&] { ran = true; });
  s->advance(120);
  EXPECT_TRUE(ran);
  EXPECT_EQ(fired, (std::vector<uint64_t>{50, 100}));
  EXPECT_EQ(s->now_ns(), 120u);
  s->advance(0);
  EXPECT_EQ(s->now_ns(), 120u);
  s->advance(30);
  EXPECT_EQ(fired, (std::vector<uint64_t>{50, 100, 150}));
  EXPECT_EQ(s->now_ns(), 150u);
}

TEST(DeterministicScheduler, CancelRemovesOnlyTasksThatHaveNotStarted) {
  auto s = make(Strategy::Fifo);
  int ran = 0;
  TaskId queued = s->post([&] { ran += 1; });
  TaskId timer = s->post_at(100, [&] { ran += 10; });
  TaskId done = s->post([&] { ran += 100; });
  EXPECT_TRUE(s->cancel(queued));
  EXPECT_TRUE(s->cancel(timer));
  EXPECT_FALSE(s->cancel(queued)) << "twice";
  s->run_until_idle();
  EXPECT_EQ(ran, 100);
  EXPECT_FALSE(s->cancel(done)) << "already ran";
  EXPECT_FALSE(s->cancel(12345)) << "unknown";
  EXPECT_FALSE(s->cancel(0));
  EXPECT_EQ(s->now_ns(), 0u) << "a cancelled timer does not move time";
}

TEST(DeterministicScheduler, TaskMayCancelAnotherAndNotItself) {
  auto s = make(Strategy::Fifo);
  bool victim_ran = false;
  bool self_cancel = true;
  TaskId self = 0;
  TaskId victim = 0;
  self = s->post([&] {
    self_cancel = s->cancel(self);
    EXPECT_TRUE(s->cancel(victim));
  });
  victim = s->post([&] { victim_ran = true; });
  s->run_until_idle();
  EXPECT_FALSE(self_cancel) << "a running task cannot be cancelled";
  EXPECT_FALSE(victim_ran);
}

TEST(DeterministicScheduler, WaitRunsOtherTasksUntilThePredicateHolds) {
  auto s = make(Strategy::Fifo, 1, 2);
  bool flag = false;
  bool waited = false;
  std::vector<std::string> log;
  s->post([&] {
    log.push_back("waiter");
    waited = s->wait_until([&] { return flag; }, 1'000'000);
    log.push_back("waiter resumed");
  });
  s->post([&] {
    log.push_back("setter");
    flag = true;
  });
  s->run_until_idle();
  EXPECT_TRUE(waited);
  EXPECT_EQ(log, (std::vector<std::string>{"waiter", "setter", "waiter resumed"}));
  EXPECT_EQ(s->now_ns(), 0u) << "satisfied without waiting in virtual time";
}

TEST(DeterministicScheduler, WaitTimesOutInVirtualTime) {
  auto s = make(Strategy::Random);
  bool result = true;
  s->post([&] { result = s->wait_until([] { return false; }, 5'000); });
  s->run_until_idle();
  EXPECT_FALSE(result);
  EXPECT_EQ(s->now_ns(), 5'000u);
}

TEST(DeterministicScheduler, WaitIsSatisfiedByATimer) {
  auto s = make(Strategy::Random);
  bool flag = false;
  s->post_at(2'000, [&] { flag = true; }, {kDispatch});
  EXPECT_TRUE(s->wait_until([&] { return flag; }, 10'000));
  EXPECT_EQ(s->now_ns(), 2'000u);
}

TEST(DeterministicScheduler, InfiniteWaitThatNothingCanEndReturnsFalse) {
  auto s = make(Strategy::Fifo);
  EXPECT_FALSE(s->wait_until([] { return false; }, UINT64_MAX));
  EXPECT_EQ(s->now_ns(), 0u);
}

TEST(DeterministicScheduler, WaitsNestLikeAStack) {
  // A waits for a; B (run inside A's wait) waits for b; C (inside B's wait) sets both.
  auto s = make(Strategy::Fifo);
  bool a = false, b = false;
  std::vector<std::string> log;
  s->post([&] {
    EXPECT_TRUE(s->wait_until([&] { return a; }, UINT64_MAX));
    log.push_back("A");
  });
  s->post([&] {
    EXPECT_TRUE(s->wait_until([&] { return b; }, UINT64_MAX));
    log.push_back("B");
  });
  s->post([&] {
    a = b = true;
    log.push_back("C");
  });
  s->run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"C", "B", "A"}));
}

TEST(DeterministicScheduler, TaskMayRunUntilIdleItself) {
  auto s = make(Strategy::Random, 3);
  int inner = 0;
  s->post([&] {
    for (int i = 0; i < 5; ++i) s->post([&] { ++inner; });
    s->run_until_idle();
    EXPECT_EQ(inner, 5);
  });
  s->run_until_idle();
  EXPECT_EQ(inner, 5);
}

TEST(DeterministicScheduler, ManyTasksInATreeOfPosts) {
  auto s = make(Strategy::Random, 77, 8);
  int ran = 0;
  std::function<void(int)> spawn = [&](int depth) {
    ++ran;
    if (depth == 0) return;
    for (int i = 0; i < 4; ++i) s->post([&, depth] { spawn(depth - 1); });
  };
  s->post([&] { spawn(6); });
  s->run_until_idle();
  EXPECT_EQ(ran, 5461);  // 1 + 4 + ... + 4^6 = (4^7 - 1) / 3
  EXPECT_EQ(s->pending(), 0u);
}

TEST(DeterministicScheduler, StopDropsQueuedWorkAndRefusesMore) {
  auto s = make(Strategy::Random);
  int ran = 0;
  s->post([&] { ++ran; });
  s->post_at(100, [&] { ++ran; });
  s->stop();
  EXPECT_EQ(s->pending(), 0u);
  EXPECT_EQ(s->post([&] { ++ran; }), 0u);
  EXPECT_EQ(s->post_at(1, [&] { ++ran; }), 0u);
  s->run_until_idle();
  EXPECT_EQ(ran, 0);
  s->stop();  // idempotent
}

// A scenario on a whole runtime: many tasks on several processors, some timers, each task
// tracing itself. Its JSON Lines trace is the run's fingerprint.
std::string traced_scenario(uint64_t seed) {
  Config config;
  config.processors = 4;
  config.seed = seed;
  config.strategy = SchedulingStrategy::Random;
  std::ostringstream jsonl;
  config.trace_sinks.push_back(make_jsonl_sink(jsonl));
  {
    auto rt = std::move(Runtime::create(config).value());
    RuntimeCore& core = rt->core();
    Scheduler& s = core.scheduler();
    auto trace = [&core](std::string name, int i) {
      TraceEvent e;
      e.name = std::move(name);
      e.from = "task";
      e.fields.emplace_back("i", std::to_string(i));
      core.tracer().emit(std::move(e));
    };
    for (int i = 0; i < 40; ++i) {
      s.post([&, i] {
        trace("work", i);
        if (i % 3 == 0) s.post([&, i] { trace("follow-up", i); });
        if (i % 5 == 0) s.post_at(s.now_ns() + 1'000 * uint64_t(i), [&, i] { trace("timer", i); }, {kDispatch});
      });
    }
    rt->run_until_idle();
    rt->shutdown();
  }
  return jsonl.str();
}

TEST(DeterministicScheduler, SameSeedGivesAByteIdenticalTrace) {
  const std::string first = traced_scenario(2024);
  const std::string second = traced_scenario(2024);
  size_t task_events = 0;
  for (size_t at = first.find("\"from\":\"task\""); at != std::string::npos; at = first.find("\"from\":\"task\"", at + 1))
    ++task_events;
  EXPECT_EQ(task_events, 40u + 14u + 8u);
  EXPECT_EQ(first, second);
  // Several processors took part.
  for (int p = 0; p < 4; ++p)
    EXPECT_NE(first.find("\"processor\":" + std::to_string(p)), std::string::npos) << p;
}

TEST(DeterministicScheduler, DifferentSeedsGiveDifferentTraces) {
  EXPECT_NE(traced_scenario(1), traced_scenario(2));
}

}  // namespace
}  // namespace condis::exec
