#include "runtime/runtime_core.hpp"

#include <array>
#include <atomic>
#include <mutex>
#include <stdexcept>

#include "core/call_model.hpp"
#include "core/co_request.hpp"
#include "core/driver_model.hpp"
#include "core/nbl_store.hpp"
#include "services/services_state.hpp"

namespace condis {

std::array<std::atomic<RuntimeCore*>, detail::kRuntimeSlots> detail::g_runtimes{};

namespace {

using detail::g_runtimes;
constexpr uint32_t kSlots = detail::kRuntimeSlots;
std::mutex g_slots_mutex;
uint32_t g_next_slot = 1;  // slots are handed out round-robin so a dead runtime's handles stay dead longest

uint32_t claim_slot(RuntimeCore* rt) {
  std::lock_guard lock(g_slots_mutex);
  for (uint32_t tries = 0; tries < kSlots; ++tries) {
    uint32_t slot = g_next_slot;
    g_next_slot = g_next_slot + 1 == kSlots ? 1 : g_next_slot + 1;
    RuntimeCore* expected = nullptr;
    if (g_runtimes[slot].compare_exchange_strong(expected, rt)) return slot;
  }
  throw std::runtime_error("condis: too many live runtimes");
}

exec::Strategy to_exec(SchedulingStrategy s) {
  switch (s) {
    case SchedulingStrategy::Fifo: return exec::Strategy::Fifo;
    case SchedulingStrategy::Random: return exec::Strategy::Random;
    case SchedulingStrategy::Pct: return exec::Strategy::Pct;
  }
  return exec::Strategy::Random;
}

}  // namespace

RuntimeCore::RuntimeCore(Config config)
    : config_(std::move(config)),
      slot_(claim_slot(this)),
      handles_(slot_),
      verifier_(config_.verifier_mode, config_.verifier) {
  exec::SchedulerConfig sc;
  sc.processors = config_.processors == 0 ? 1 : config_.processors;
  sc.seed = config_.seed;
  sc.strategy = to_exec(config_.strategy);
  sc.runtime = this;
  scheduler_ = config_.scheduler == SchedulerKind::Deterministic ? exec::make_deterministic_scheduler(sc)
                                                                 : exec::make_threaded_scheduler(sc);
  auto clock = [this] { return scheduler_->now_ns(); };
  verifier_.set_clock(clock);
  verifier_.set_tracer(&tracer_);
  tracer_.set_clock(clock);
  for (auto& sink : config_.trace_sinks) tracer_.add_sink(sink);
  services_ = std::make_unique<services::ServicesState>(*this);
  drivers_ = std::make_unique<core::DriverModel>(*this);
  calls_ = std::make_unique<core::CallModel>(*this);
  nbls_ = std::make_unique<core::NblStore>(*this);
}

RuntimeCore::~RuntimeCore() {
  if (!shut_down_) shutdown();
  // No task may run while the layers it calls into are destroyed: drop queued work and join the
  // workers first. Layers go before the scheduler itself: their destructors may cancel timers.
  scheduler_->stop();
  nbls_.reset();
  calls_.reset();
  drivers_.reset();
  services_.reset();
  scheduler_.reset();
  g_runtimes[slot_].store(nullptr, std::memory_order_release);
}

LeakReport RuntimeCore::shutdown() {
  CurrentRuntimeScope scope(this);
  LeakReport report;
  if (shut_down_) return report;
  // Orderly teardown first (unbind, halt, unload), then whatever is still there is a leak.
  drivers_->shutdown();
  scheduler_->run_until_idle();
  report = leak_report();
  core::report_co_oid_follow_ups(*this);  // RQ-016 / RQ-017 at the end of the scenario
  calls_->release_all();
  nbls_->release_all();
  drivers_->release_all();
  services_->release_all();
  shut_down_ = true;
  tracer_.flush();
  return report;
}

LeakReport RuntimeCore::leak_report() const {
  LeakReport report;
  calls_->collect_leaks(report);
  nbls_->collect_leaks(report);
  drivers_->collect_leaks(report);
  services_->collect_leaks(report);
  return report;
}

}  // namespace condis
