// The call cycle - create VC, make call (PENDING), activate, complete, close, deactivate, delete -
// through condis with the verifier off and on, beside the floor (the same driver handlers called
// directly), and beside the kernel's loopback TCP connect+accept+close, all in one run. Also the
// bytes condis holds per idle VC, a million VCs created and deleted, and cycles per second on the
// Threaded scheduler from 1 to 16 processors.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <vector>

#include "bench_drivers.h"
#include "condis/host.hpp"
#include "runtime/runtime_core.hpp"
#include "support/loopback_tcp.hpp"

namespace {

using condis::Config;
using condis::Runtime;

// One runtime with the bench MCM's adapter up and the bench client bound with its AF open.
std::unique_ptr<Runtime> make_runtime(bool verifier, condis::SchedulerKind kind = condis::SchedulerKind::Deterministic,
                                      unsigned processors = 1) {
  Config config;
  config.verifier = verifier;
  config.scheduler = kind;
  config.processors = processors;
  auto rt = Runtime::create(config);
  if (!rt) throw std::runtime_error(rt.error().message);
  auto runtime = std::move(*rt);
  auto mcm = runtime->register_driver(reinterpret_cast<CondisDriverEntry>(&BenchMcmDriverEntry), "bench_mcm");
  auto client = runtime->register_driver(reinterpret_cast<CondisDriverEntry>(&BenchClientDriverEntry), "bench_client");
  if (!mcm) throw std::runtime_error("bench_mcm: " + mcm.error().message);
  if (!client) {
    std::string why = "bench_client: " + client.error().message;
    for (auto& f : runtime->findings()) why += "\n" + f.to_string();
    throw std::runtime_error(why);
  }
  auto adapter = runtime->create_adapter(*mcm);
  if (!adapter) throw std::runtime_error(adapter.error().message);
  auto binding = runtime->bind(*client, *adapter);
  if (!binding) throw std::runtime_error(binding.error().message);
  runtime->run_until_idle();
  if (!BenchClientReady()) throw std::runtime_error("the client has no open address family");
  return runtime;
}

void run_condis_cycles(benchmark::State& state, bool verifier) {
  auto rt = make_runtime(verifier);
  condis::CurrentRuntimeScope scope(&rt->core());
  for (auto _ : state) {
    if (BenchClientCallCycle() != NDIS_STATUS_SUCCESS) {
      state.SkipWithError("call cycle failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["findings"] = double(rt->findings().size());
  if (getenv("CONDIS_BENCH_SHOW_FINDINGS"))
    for (auto& f : rt->findings()) {
      fprintf(stderr, "%s", f.to_string().c_str());
      break;
    }
  rt->shutdown();
}

void BM_CallCycle_Condis_VerifierOff(benchmark::State& state) { run_condis_cycles(state, false); }
void BM_CallCycle_Condis_VerifierOn(benchmark::State& state) { run_condis_cycles(state, true); }

// The floor: the same handlers, called in the order NDIS would call them, with the MCM's NDIS
// calls pointed at stubs that deliver the completion straight to the client.
struct DirectVc {
  NDIS_HANDLE client_context;  // stands for the NdisVcHandle: the stub maps it to the client
  NDIS_HANDLE mcm_context;
};
NDIS_STATUS direct_activate(NDIS_HANDLE, PCO_CALL_PARAMETERS) { return NDIS_STATUS_SUCCESS; }
NDIS_STATUS direct_deactivate(NDIS_HANDLE) { return NDIS_STATUS_SUCCESS; }
VOID direct_make_call_complete(NDIS_STATUS status, NDIS_HANDLE vc, NDIS_HANDLE party, NDIS_HANDLE,
                               PCO_CALL_PARAMETERS params) {
  BenchClMakeCallComplete(status, vc, party, params);
}

void BM_CallCycle_Direct(benchmark::State& state) {
  auto rt = make_runtime(false);  // the MCM's pools are set up by its MiniportInitializeEx
  condis::CurrentRuntimeScope scope(&rt->core());
  const BENCH_MCM_OPS saved = BenchMcmOps;
  BenchMcmOps = {direct_activate, direct_deactivate, direct_make_call_complete};
  struct {
    NDIS_HANDLE handle;
    volatile LONG connected;
    NDIS_HANDLE party;
  } client_vc{};  // laid out like the client's own VC context
  CO_CALL_PARAMETERS params{};
  for (auto _ : state) {
    NDIS_HANDLE mcm_vc = nullptr;
    client_vc.connected = 0;
    if (BenchMcmCmCreateVc(nullptr, &client_vc, &mcm_vc) != NDIS_STATUS_SUCCESS) break;
    NDIS_HANDLE party = nullptr;
    if (BenchMcmCmMakeCall(mcm_vc, &params, nullptr, &party) == NDIS_STATUS_PENDING) BenchMcmCompletePendingCalls();
    BenchMcmCmCloseCall(mcm_vc, nullptr, nullptr, 0);
    BenchMcmCmDeleteVc(mcm_vc);
    benchmark::DoNotOptimize(client_vc.connected);
  }
  BenchMcmOps = saved;
  state.SetItemsProcessed(state.iterations());
  rt->shutdown();
}

void BM_TcpLoopback_ConnectAcceptClose(benchmark::State& state) {
  condis::bench::LoopbackTcpListener listener;
  for (auto _ : state) {
    if (!listener.cycle()) {
      state.SkipWithError("loopback connect failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

size_t heap_in_use() { return mallinfo2().uordblks; }

// Bytes condis holds per idle VC: heap growth while N VCs exist, divided by N (the drivers'
// own VC contexts come from static pools, so the heap growth is condis's alone).
void BM_IdleVc_Memory(benchmark::State& state) {
  auto rt = make_runtime(true);
  condis::CurrentRuntimeScope scope(&rt->core());
  const ULONG count = ULONG(state.range(0));
  std::vector<NDIS_HANDLE> handles(count);
  double bytes_per_vc = 0;
  for (auto _ : state) {
    size_t before = heap_in_use();
    if (BenchClientCreateIdleVcs(count, handles.data()) != NDIS_STATUS_SUCCESS) {
      state.SkipWithError("create VC failed");
      break;
    }
    bytes_per_vc = double(heap_in_use() - before) / double(count);
    if (BenchClientDeleteVcs(count, handles.data()) != NDIS_STATUS_SUCCESS) {
      state.SkipWithError("delete VC failed");
      break;
    }
  }
  state.counters["bytes_per_vc"] = bytes_per_vc;
  state.counters["vcs"] = double(count);
  state.SetItemsProcessed(int64_t(state.iterations()) * count);
  rt->shutdown();
}

// Bytes condis holds per party: heap growth while N parties are added to one connected
// point-to-multipoint call, divided by N (the drivers keep no per-party state of their own).
void BM_Party_Memory(benchmark::State& state) {
  auto rt = make_runtime(true);
  condis::CurrentRuntimeScope scope(&rt->core());
  const ULONG count = ULONG(state.range(0));
  std::vector<NDIS_HANDLE> parties(count);
  double bytes_per_party = 0;
  for (auto _ : state) {
    NDIS_HANDLE vc = nullptr;
    NDIS_HANDLE initial_party = nullptr;
    if (BenchClientOpenMultipointCall(&vc, &initial_party) != NDIS_STATUS_SUCCESS) {
      state.SkipWithError("multipoint make-call failed");
      break;
    }
    size_t before = heap_in_use();
    if (BenchClientAddParties(vc, count, parties.data()) != NDIS_STATUS_SUCCESS) {
      state.SkipWithError("add party failed");
      break;
    }
    bytes_per_party = double(heap_in_use() - before) / double(count);
    if (BenchClientDropParties(count, parties.data()) != NDIS_STATUS_SUCCESS ||
        BenchClientCloseMultipointCall(vc, initial_party) != NDIS_STATUS_SUCCESS) {
      state.SkipWithError("drop party or close failed");
      break;
    }
  }
  state.counters["bytes_per_party"] = bytes_per_party;
  state.counters["parties"] = double(count);
  state.counters["findings"] = double(rt->findings().size());
  if (getenv("CONDIS_BENCH_SHOW_FINDINGS"))
    for (auto& f : rt->findings()) fprintf(stderr, "%s", f.to_string().c_str());
  state.SetItemsProcessed(int64_t(state.iterations()) * count);
  rt->shutdown();
}

// Call cycles per second on the Threaded scheduler: P processors each run a share of the
// cycles as one task.
void BM_CallCycle_Threaded(benchmark::State& state) {
  const unsigned processors = unsigned(state.range(0));
  auto rt = make_runtime(true, condis::SchedulerKind::Threaded, processors);
  const int cycles_per_processor = 2000;
  std::atomic<int> failures{0};
  for (auto _ : state) {
    for (unsigned p = 0; p < processors; ++p) {
      condis::exec::TaskOptions options;
      options.processor = int(p);
      options.label = "bench.cycles";
      rt->core().scheduler().post(
          [&] {
            for (int i = 0; i < cycles_per_processor; ++i)
              if (BenchClientCallCycle() != NDIS_STATUS_SUCCESS) failures++;
          },
          options);
    }
    rt->run_until_idle();
  }
  if (failures) state.SkipWithError("call cycles failed");
  state.SetItemsProcessed(int64_t(state.iterations()) * processors * cycles_per_processor);
  state.counters["processors"] = processors;
  rt->shutdown();
}

BENCHMARK(BM_CallCycle_Direct);
BENCHMARK(BM_CallCycle_Condis_VerifierOff);
BENCHMARK(BM_CallCycle_Condis_VerifierOn);
BENCHMARK(BM_TcpLoopback_ConnectAcceptClose);
BENCHMARK(BM_IdleVc_Memory)->Arg(1 << 10)->Arg(1 << 20)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Party_Memory)->Arg(1 << 10)->Arg(1 << 16)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CallCycle_Threaded)->DenseRange(1, 2)->Arg(4)->Arg(8)->Arg(16)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
