// The driver model under the threaded scheduler: bind/unbind, general OIDs and adapter
// pause/restart issued from several processors at once. The model lock serialises the object
// graph and is released around every upcall; these tests must stay clean under TSan
// (label "threaded"). No sleeps: tasks meet through the scheduler and atomics.
#include <atomic>
#include <thread>
#include <memory>
#include <vector>

#include "unit/driver_model_support.hpp"

namespace condis::test {
namespace {

constexpr unsigned kProcessors = 4;

class DriverModelThreaded : public DriverModelFixture {
 protected:
  void SetUp() override {
    DriverModelFixture::SetUp();
    rt.reset();
    Config config;
    config.scheduler = SchedulerKind::Threaded;
    config.processors = kProcessors;
    rt = std::move(Runtime::create(config).value());
  }
  // Runs body(i) as a PASSIVE task on each processor i and waits for all of them.
  template <class Body>
  void on_every_processor(Body body) {
    for (unsigned i = 0; i < kProcessors; ++i) {
      exec::TaskOptions options;
      options.processor = int(i);
      rt->core().scheduler().post([body, i] { body(i); }, options);
    }
    rt->run_until_idle();
  }
};

TEST_F(DriverModelThreaded, OidsFromEveryProcessorAreSerialisedAndAllComplete) {
  bound();
  constexpr int kPerProcessor = 200;
  std::vector<ULONG> values(kProcessors * kPerProcessor);
  std::vector<NDIS_OID_REQUEST> requests(values.size());
  std::atomic<int> pended{0}, answered{0};
  const NDIS_HANDLE b = binding_handle();
  on_every_processor([&](unsigned p) {
    for (int i = 0; i < kPerProcessor; ++i) {
      const size_t k = p * kPerProcessor + i;
      requests[k] = vendor_query(&values[k]);
      const NDIS_STATUS s = NdisOidRequest(b, &requests[k]);
      if (s == NDIS_STATUS_PENDING) ++pended;
      else if (s == NDIS_STATUS_SUCCESS) ++answered;
    }
  });
  rt->run_until_idle();
  EXPECT_EQ(pended + answered, int(values.size()));
  EXPECT_EQ(pstats->OidCompletes, pended.load());  // every queued request completed once
  EXPECT_EQ(mstats->Oids, int(values.size()));
  for (ULONG v : values) EXPECT_EQ(v, 0x00C0DE15u);
  EXPECT_TRUE(rt->findings().empty()) << all_findings();
}

TEST_F(DriverModelThreaded, BindUnbindRaceWithPauseRestartAndCondisOids) {
  up();
  constexpr int kRounds = 40;
  std::atomic<int> binds{0}, pause_rounds{0}, oids{0};
  core::DriverModel& m = model();
  const NDIS_HANDLE a = adapter_handle();
  auto bind_and_unbind = [&] {
    auto b = rt->bind(protocol, adapter);
    if (b) {
      ++binds;
      EXPECT_TRUE(rt->unbind(*b));
    }
  };
  on_every_processor([&](unsigned p) {
    for (int i = 0; i < kRounds; ++i) {
      switch (p) {
        case 0: {  // bind and unbind (host operations, as a harness thread would)
          bind_and_unbind();
          // Every attempt may meet a pause in progress and be refused; once the pauses are over
          // a bind must succeed.
          if (i == kRounds - 1 && !binds.load()) {
            while (pause_rounds.load() < kRounds) std::this_thread::yield();
            bind_and_unbind();
          }
          break;
        }
        case 1: {  // pause and restart the adapter
          std::lock_guard model(m.model_lock());
          if (core::Adapter* live = m.adapter_from_handle(a)) {
            m.pause_adapter(*live, NDIS_PAUSE_LOW_POWER);  // may meet a bind's pause: then no-op
            if (core::Adapter* again = m.adapter_from_handle(a)) m.restart_adapter(*again);
          }
          ++pause_rounds;
          break;
        }
        default: {  // condis-issued OIDs (own storage; completion may come later)
          auto value = std::make_shared<ULONG>(0);
          auto req = std::make_shared<NDIS_OID_REQUEST>(vendor_query(value.get()));
          std::lock_guard model(m.model_lock());
          if (core::Adapter* live = m.adapter_from_handle(a)) {
            const NDIS_STATUS s = m.issue_oid(*live, req.get(), nullptr,
                                              [value, req, &oids](PNDIS_OID_REQUEST, NDIS_STATUS) { ++oids; });
            if (s != NDIS_STATUS_PENDING) ++oids;
          }
          break;
        }
      }
    }
  });
  rt->run_until_idle();
  EXPECT_GT(binds.load(), 0);
  EXPECT_EQ(pause_rounds.load(), kRounds);
  EXPECT_EQ(oids.load(), int(kProcessors - 2) * kRounds);  // every request answered once
  EXPECT_EQ(pstats->Unbinds, binds.load());  // every successful bind was unbound once
  EXPECT_TRUE(model().bindings().empty());
  // Bring the adapter back to Running, then tear down cleanly.
  {
    std::lock_guard model(m.model_lock());
    core::Adapter* live = m.adapter_from_handle(a);
    ASSERT_NE(live, nullptr);
    EXPECT_TRUE(m.restart_adapter(*live));
  }
  EXPECT_TRUE(rt->shutdown().empty());
  EXPECT_TRUE(rt->findings().empty()) << all_findings();
}

TEST_F(DriverModelThreaded, PendedCompletionsFromOtherProcessors) {
  up();
  mcfg->PauseStatus = NDIS_STATUS_PENDING;  // the miniport completes its pauses from a task
  miniport_hook() = nullptr;
  std::atomic<int> bound_ok{0};
  std::atomic<bool> done{false};
  core::DriverModel& m = model();
  const NDIS_HANDLE a = adapter_handle();
  // Processor 0 binds and unbinds (each pauses the adapter); the others complete pauses.
  on_every_processor([&](unsigned p) {
    if (p == 0) {
      for (int i = 0; i < 10; ++i) {
        auto b = rt->bind(protocol, adapter);
        if (b) {
          ++bound_ok;
          EXPECT_TRUE(rt->unbind(*b));
        }
      }
      done = true;
      return;
    }
    while (!done.load()) {
      std::lock_guard model(m.model_lock());
      core::Adapter* live = m.adapter_from_handle(a);
      if (live && live->pause_pending) NdisMPauseComplete(a);
    }
  });
  rt->run_until_idle();
  mcfg->PauseStatus = NDIS_STATUS_SUCCESS;
  EXPECT_GT(bound_ok.load(), 0);
  EXPECT_EQ(rt->finding_count("DRV-027"), 0u) << all_findings();
}

}  // namespace
}  // namespace condis::test
