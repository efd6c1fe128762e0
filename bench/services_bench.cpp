// Library-service costs: lookaside allocate/free against malloc/free (ratio in the same run),
// spin-lock acquire/release, and NdisQueueIoWorkItem dispatch on both schedulers.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>

#include "core/adapter.hpp"
#include "core/binding.hpp"
#include "core/driver.hpp"
#include "runtime/runtime_core.hpp"
#include "services/services_state.hpp"

#include <ndis.h>

using namespace condis;

namespace {

constexpr size_t kEntrySize = 64;  // a typical VC context
constexpr int kBatch = 16;         // entries in flight per round, as a driver holds several

struct Runtime {
  explicit Runtime(SchedulerKind kind = SchedulerKind::Deterministic, unsigned processors = 1, bool verifier = true) {
    Config config;
    config.scheduler = kind;
    config.processors = processors;
    config.verifier = verifier;
    core = std::make_unique<RuntimeCore>(config);
    scope = std::make_unique<CurrentRuntimeScope>(core.get());
    driver_object.name = "bench_miniport";
    adapter_object.driver = &driver_object;
    adapter = core->handles().insert(ObjectType::Adapter, &adapter_object);
  }
  ~Runtime() {
    core->scheduler().run_until_idle();
    core->handles().remove(adapter);
    scope.reset();
    core.reset();
  }
  core::Driver driver_object;  // stand-ins for what the driver model registers
  core::Adapter adapter_object;
  std::unique_ptr<RuntimeCore> core;
  std::unique_ptr<CurrentRuntimeScope> scope;
  void* adapter = nullptr;
};

template <class Alloc, class Free>
inline void round_trip(Alloc alloc, Free free) {
  void* entries[kBatch];
  for (auto& e : entries) {
    e = alloc();
    static_cast<volatile char*>(e)[0] = 1;
  }
  for (int i = kBatch - 1; i >= 0; --i) free(entries[i]);
  benchmark::ClobberMemory();
}

void BM_LookasideAllocateFree(benchmark::State& state) {
  Runtime rt(SchedulerKind::Deterministic, 1, state.range(0) != 0);
  NPAGED_LOOKASIDE_LIST list;
  NdisInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, kEntrySize, 'hcnB', 0);
  for (auto _ : state)
    round_trip([&] { return NdisAllocateFromNPagedLookasideList(&list); },
               [&](void* e) { NdisFreeToNPagedLookasideList(&list, e); });
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetLabel(state.range(0) ? "verifier on" : "verifier off");
  NdisDeleteNPagedLookasideList(&list);
}
BENCHMARK(BM_LookasideAllocateFree)->Arg(1)->Arg(0);

void BM_MallocFree(benchmark::State& state) {
  for (auto _ : state) round_trip([] { return std::malloc(kEntrySize); }, [](void* e) { std::free(e); });
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_MallocFree);

// Both in one benchmark, interleaved, so the ratio compares like with like on the same machine
// state: ratio_lookaside_vs_malloc < 1 means the lookaside list is cheaper than the allocator.
void BM_LookasideVsMalloc(benchmark::State& state) {
  Runtime rt(SchedulerKind::Deterministic, 1, state.range(0) != 0);
  NPAGED_LOOKASIDE_LIST list;
  NdisInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, kEntrySize, 'hcnB', 0);
  using clock = std::chrono::steady_clock;
  clock::duration lookaside{}, heap{};
  constexpr int kRounds = 64;
  for (auto _ : state) {
    auto t0 = clock::now();
    for (int r = 0; r < kRounds; ++r)
      round_trip([&] { return NdisAllocateFromNPagedLookasideList(&list); },
                 [&](void* e) { NdisFreeToNPagedLookasideList(&list, e); });
    auto t1 = clock::now();
    for (int r = 0; r < kRounds; ++r)
      round_trip([] { return std::malloc(kEntrySize); }, [](void* e) { std::free(e); });
    auto t2 = clock::now();
    lookaside += t1 - t0;
    heap += t2 - t1;
  }
  const double pairs = double(state.iterations()) * kRounds * kBatch;
  state.counters["lookaside_ns_per_pair"] = std::chrono::duration<double, std::nano>(lookaside).count() / pairs;
  state.counters["malloc_ns_per_pair"] = std::chrono::duration<double, std::nano>(heap).count() / pairs;
  state.counters["ratio_lookaside_vs_malloc"] = double(lookaside.count()) / double(heap.count());
  state.SetLabel(state.range(0) ? "verifier on" : "verifier off");
  NdisDeleteNPagedLookasideList(&list);
}
BENCHMARK(BM_LookasideVsMalloc)->Arg(1)->Arg(0);

void BM_SpinLockAcquireRelease(benchmark::State& state) {
  Runtime rt;
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  for (auto _ : state) {
    NdisAcquireSpinLock(&lock);
    NdisReleaseSpinLock(&lock);
  }
  state.SetItemsProcessed(state.iterations());
  NdisFreeSpinLock(&lock);
}
BENCHMARK(BM_SpinLockAcquireRelease);

void BM_DprSpinLockAcquireRelease(benchmark::State& state) {
  Runtime rt;
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  exec::ExecutionScope at_dispatch(DISPATCH_LEVEL);
  for (auto _ : state) {
    NdisDprAcquireSpinLock(&lock);
    NdisDprReleaseSpinLock(&lock);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DprSpinLockAcquireRelease);

std::atomic<int64_t> g_runs{0};
void CountingRoutine(PVOID, NDIS_HANDLE) { g_runs.fetch_add(1, std::memory_order_relaxed); }

// Queue kBatch work items and run them to completion: the cost of one dispatch, routine included.
void work_item_dispatch(benchmark::State& state, SchedulerKind kind) {
  Runtime rt(kind, kind == SchedulerKind::Threaded ? 4 : 1);
  NDIS_HANDLE items[kBatch];
  for (auto& item : items) item = NdisAllocateIoWorkItem(rt.adapter);
  g_runs = 0;
  for (auto _ : state) {
    for (auto item : items) NdisQueueIoWorkItem(item, &CountingRoutine, nullptr);
    rt.core->scheduler().run_until_idle();
  }
  if (g_runs.load() != int64_t(state.iterations()) * kBatch) state.SkipWithError("a work item did not run");
  for (auto item : items) NdisFreeIoWorkItem(item);
  state.SetItemsProcessed(state.iterations() * kBatch);
}
void BM_WorkItemDispatchDeterministic(benchmark::State& state) { work_item_dispatch(state, SchedulerKind::Deterministic); }
void BM_WorkItemDispatchThreaded(benchmark::State& state) { work_item_dispatch(state, SchedulerKind::Threaded); }
BENCHMARK(BM_WorkItemDispatchDeterministic);
BENCHMARK(BM_WorkItemDispatchThreaded)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
