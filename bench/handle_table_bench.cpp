// Handle resolve: the cost every Ndis* entry point pays first.
#include <benchmark/benchmark.h>

#include <vector>

#include "common/handle_table.hpp"

namespace {

using condis::HandleTable;
using condis::ObjectType;

void BM_HandleResolve(benchmark::State& state) {
  HandleTable table(1);
  std::vector<int> objects(size_t(state.range(0)));
  std::vector<void*> handles;
  for (auto& o : objects) handles.push_back(table.insert(ObjectType::Vc, &o));
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(table.resolve(handles[i], ObjectType::Vc));
    if (++i == handles.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HandleResolve)->Arg(1)->Arg(1024)->Arg(1 << 20);

void BM_HandleResolveStale(benchmark::State& state) {
  HandleTable table(1);
  int object = 0;
  void* handle = table.insert(ObjectType::Vc, &object);
  table.remove(handle);
  for (auto _ : state) benchmark::DoNotOptimize(table.resolve(handle, ObjectType::Vc));
}
BENCHMARK(BM_HandleResolveStale);

void BM_HandleInsertRemove(benchmark::State& state) {
  HandleTable table(1);
  int object = 0;
  for (auto _ : state) {
    void* h = table.insert(ObjectType::Vc, &object);
    benchmark::DoNotOptimize(h);
    table.remove(h);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HandleInsertRemove);

struct SharedTable {
  HandleTable table{1};
  std::vector<int> objects = std::vector<int>(1024);
  std::vector<void*> handles;
  SharedTable() {
    for (auto& o : objects) handles.push_back(table.insert(ObjectType::Vc, &o));
  }
};

void BM_HandleResolveThreaded(benchmark::State& state) {
  static SharedTable shared;  // initialised once, thread-safely, before any thread reads it
  size_t i = size_t(state.thread_index());
  for (auto _ : state) {
    benchmark::DoNotOptimize(shared.table.resolve(shared.handles[i % shared.handles.size()], ObjectType::Vc));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HandleResolveThreaded)->Threads(1)->Threads(2);

}  // namespace

BENCHMARK_MAIN();
