// Scheduler costs: dispatching a task (post + run) and a timer (post_at + fire), on the
// deterministic scheduler under each strategy and on the threaded one.
#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>

#include "exec/scheduler.hpp"

namespace {

using namespace condis::exec;

std::unique_ptr<Scheduler> deterministic(Strategy strategy, unsigned processors = 4) {
  SchedulerConfig config;
  config.strategy = strategy;
  config.processors = processors;
  return make_deterministic_scheduler(config);
}

// range(0): tasks posted per batch before run_until_idle drains them.
void deterministic_dispatch(benchmark::State& state, Strategy strategy) {
  auto s = deterministic(strategy);
  const int64_t batch = state.range(0);
  uint64_t ran = 0;
  for (auto _ : state) {
    for (int64_t i = 0; i < batch; ++i) s->post([&ran] { ++ran; });
    s->run_until_idle();
  }
  benchmark::DoNotOptimize(ran);
  state.SetItemsProcessed(state.iterations() * batch);
}
void BM_DeterministicDispatchFifo(benchmark::State& state) { deterministic_dispatch(state, Strategy::Fifo); }
void BM_DeterministicDispatchRandom(benchmark::State& state) { deterministic_dispatch(state, Strategy::Random); }
void BM_DeterministicDispatchPct(benchmark::State& state) { deterministic_dispatch(state, Strategy::Pct); }
BENCHMARK(BM_DeterministicDispatchFifo)->Arg(1)->Arg(64)->Arg(1024);
BENCHMARK(BM_DeterministicDispatchRandom)->Arg(1)->Arg(64)->Arg(1024);
BENCHMARK(BM_DeterministicDispatchPct)->Arg(1)->Arg(64)->Arg(1024);

void BM_DeterministicTimer(benchmark::State& state) {
  auto s = deterministic(Strategy::Random);
  const int64_t batch = state.range(0);
  uint64_t fired = 0;
  for (auto _ : state) {
    // Timers spread over 1 ms of virtual time, fired by jumping time forward.
    for (int64_t i = 0; i < batch; ++i)
      s->post_at(s->now_ns() + uint64_t(1 + (i * 7919) % 1'000'000), [&fired] { ++fired; }, {kDispatch});
    s->run_until_idle();
  }
  benchmark::DoNotOptimize(fired);
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_DeterministicTimer)->Arg(1)->Arg(64)->Arg(1024);

void BM_DeterministicTimerCancel(benchmark::State& state) {
  auto s = deterministic(Strategy::Random);
  for (auto _ : state) {
    TaskId id = s->post_at(s->now_ns() + 1'000, [] {});
    benchmark::DoNotOptimize(s->cancel(id));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DeterministicTimerCancel);

// range(0): processors; range(1): tasks per batch.
void BM_ThreadedDispatch(benchmark::State& state) {
  SchedulerConfig config;
  config.processors = unsigned(state.range(0));
  auto s = make_threaded_scheduler(config);
  const int64_t batch = state.range(1);
  std::atomic<uint64_t> ran{0};
  for (auto _ : state) {
    for (int64_t i = 0; i < batch; ++i) s->post([&ran] { ran.fetch_add(1, std::memory_order_relaxed); });
    s->run_until_idle();
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_ThreadedDispatch)->Args({1, 1})->Args({1, 1024})->Args({2, 1024})->Args({4, 1024})->UseRealTime();

// Timers due now: the cost of the timer path (post_at, promotion, run) without real waiting.
void BM_ThreadedTimerDueNow(benchmark::State& state) {
  SchedulerConfig config;
  config.processors = 2;
  auto s = make_threaded_scheduler(config);
  const int64_t batch = state.range(0);
  std::atomic<uint64_t> fired{0};
  for (auto _ : state) {
    for (int64_t i = 0; i < batch; ++i)
      s->post_at(s->now_ns(), [&fired] { fired.fetch_add(1, std::memory_order_relaxed); }, {kDispatch});
    s->run_until_idle();
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_ThreadedTimerDueNow)->Arg(1)->Arg(1024)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
