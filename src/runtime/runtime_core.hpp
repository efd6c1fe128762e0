// RuntimeCore: one instance of "NDIS". It owns the handle table, verifier, tracer, scheduler
// and the state of every layer. Ndis* entry points find it from a handle's runtime slot
// (owner_of) or, for handle-less calls, from the calling thread (current).
#pragma once

#include <array>
#include <atomic>
#include <memory>

#include "common/handle_table.hpp"
#include "condis/host.hpp"
#include "exec/scheduler.hpp"
#include "trace/tracer.hpp"
#include "verify/verifier.hpp"

namespace condis {

namespace services { class ServicesState; }
namespace core { class DriverModel; class CallModel; class NblStore; }
class RuntimeCore;

namespace detail {
// Live runtimes by handle slot (slot 0 is never used, so a handle with slot 0 is not ours).
// Defined in runtime_core.cpp; read inline by owner_of, the first step of every Ndis* call.
constexpr uint32_t kRuntimeSlots = uint32_t(HandleBits::kSlotMask + 1);
extern std::array<std::atomic<RuntimeCore*>, kRuntimeSlots> g_runtimes;
}  // namespace detail

class RuntimeCore {
 public:
  explicit RuntimeCore(Config config);
  ~RuntimeCore();
  RuntimeCore(const RuntimeCore&) = delete;
  RuntimeCore& operator=(const RuntimeCore&) = delete;

  // The runtime a handle belongs to, or nullptr for NULL, forged or dead runtimes' handles.
  static RuntimeCore* owner_of(const void* handle) {
    const uint32_t slot = handle_runtime_slot(handle);
    return slot ? detail::g_runtimes[slot].load(std::memory_order_acquire) : nullptr;
  }
  // The runtime the calling thread works for (set while condis runs driver code or tasks).
  static RuntimeCore* current() { return static_cast<RuntimeCore*>(exec::current_runtime()); }
  // owner_of(handle) if that names a runtime, else current().
  static RuntimeCore* for_handle(const void* handle) {
    RuntimeCore* rt = owner_of(handle);
    return rt ? rt : current();
  }

  const Config& config() const { return config_; }
  // Tests and tools may tune the timing checks after creation; later checks read the new values.
  VerifierOptions& verifier_options() { return config_.verifier_options; }
  uint32_t slot() const { return slot_; }
  HandleTable& handles() { return handles_; }
  Verifier& verifier() { return verifier_; }
  Tracer& tracer() { return tracer_; }
  exec::Scheduler& scheduler() { return *scheduler_; }
  services::ServicesState& services() { return *services_; }
  core::DriverModel& drivers() { return *drivers_; }
  core::CallModel& calls() { return *calls_; }
  core::NblStore& nbls() { return *nbls_; }  // NBLs, NBs, MDLs and their pools

  // Tears everything down in the spec's order and returns what was left behind.
  LeakReport shutdown();
  LeakReport leak_report() const;
  bool is_shut_down() const { return shut_down_; }

 private:
  Config config_;
  uint32_t slot_;
  HandleTable handles_;
  Verifier verifier_;
  Tracer tracer_;
  std::unique_ptr<exec::Scheduler> scheduler_;
  std::unique_ptr<services::ServicesState> services_;
  std::unique_ptr<core::DriverModel> drivers_;
  std::unique_ptr<core::CallModel> calls_;
  std::unique_ptr<core::NblStore> nbls_;
  bool shut_down_ = false;
};

// Makes rt the calling thread's runtime for the scope (host calls into the runtime use it).
using CurrentRuntimeScope = exec::RuntimeScope;

}  // namespace condis
