// The condis host API: create a runtime, load CoNDIS drivers into it, bring adapters up, bind
// protocols, run the scheduler, and read findings and the leak report.
//
//   condis::Config config;                       // deterministic, 1 processor, seed 1
//   auto rt = condis::Runtime::create(config).value();
//   auto mcm = rt->load_driver("drivers/atm_mcm.so").value();
//   auto client = rt->load_driver("drivers/atm_client.so").value();
//   auto nic = rt->create_adapter(mcm).value();   // MiniportInitializeEx
//   rt->bind(client, nic);                        // ProtocolBindAdapterEx
//   rt->run_until_idle();
//   for (auto& f : rt->findings()) std::cout << f.to_string();
//   std::cout << rt->shutdown().to_string();      // the leak report
//
// Several runtimes may live in one process; a driver's Ndis* call reaches the runtime that
// owns the handle it passes. Errors are values; nothing throws into driver code.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "condis/expected.hpp"
#include "condis/trace.hpp"
#include "condis/verify.hpp"

// The driver entry point every NDIS driver exports (ndis.h declares the real signature).
struct _DRIVER_OBJECT;
struct _UNICODE_STRING;
using CondisDriverEntry = int32_t (*)(struct _DRIVER_OBJECT*, struct _UNICODE_STRING*);

namespace condis {

enum class SchedulerKind : uint8_t { Deterministic, Threaded };
enum class SchedulingStrategy : uint8_t { Fifo, Random, Pct };

// Timing checks of the verifier, in scheduler time (virtual in Deterministic mode).
struct VerifierOptions {
  // RQ-013: how long a miniport has to complete a request after MiniportCancelOidRequest; 0 turns
  // the check off.
  std::chrono::nanoseconds cancel_completion_limit = std::chrono::seconds(5);
  // DP-018 (off by default, a "should"): report a send NBL the miniport holds longer than
  // send_completion_limit.
  bool check_send_completion_time = false;
  std::chrono::nanoseconds send_completion_limit = std::chrono::seconds(30);
};

struct Config {
  std::string name = "condis";
  SchedulerKind scheduler = SchedulerKind::Deterministic;
  unsigned processors = 1;
  uint64_t seed = 1;
  SchedulingStrategy strategy = SchedulingStrategy::Random;
  bool verifier = true;  // false: skip rule checks (handles are still validated)
  VerifierMode verifier_mode = VerifierMode::Report;
  VerifierOptions verifier_options;
  std::vector<std::shared_ptr<TraceSink>> trace_sinks;
};

// Opaque references to objects of a runtime (their NDIS handle values).
struct DriverId {
  uint64_t value = 0;
  friend bool operator==(DriverId, DriverId) = default;
};
struct AdapterId {
  uint64_t value = 0;
  friend bool operator==(AdapterId, AdapterId) = default;
};
struct BindingId {
  uint64_t value = 0;
  friend bool operator==(BindingId, BindingId) = default;
};

struct AdapterOptions {
  std::string name;         // the adapter's name (bind parameters, traces); default "<driver>-<n>"
  uint32_t medium = ~0u;    // NDIS_MEDIUM the adapter reports; default: what the miniport says
  std::vector<std::pair<std::string, std::string>> registry;  // keywords NdisReadConfiguration sees
};

class RuntimeCore;

class Runtime {
 public:
  static Expected<std::unique_ptr<Runtime>> create(Config config = {});
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  const Config& config() const;

  // Loads a driver built as a shared object (dlopen, its symbols private) and calls its
  // DriverEntry(DriverObject, RegistryPath).
  Expected<DriverId> load_driver(const std::filesystem::path& path, std::string name = {});
  // The same for a driver linked into the host: DriverEntry given by pointer.
  Expected<DriverId> register_driver(CondisDriverEntry entry, std::string name);
  // An exported symbol of a driver loaded from a shared object (dlsym on its module), for tests
  // and tools that configure a driver; nullptr if absent or the driver was registered by pointer.
  void* driver_symbol(DriverId driver, const char* symbol) const;
  // Calls the driver's unload handler after halting its adapters and closing its bindings.
  Expected<void> unload_driver(DriverId driver);

  // Creates an adapter of a miniport driver: MiniportInitializeEx, then restart.
  Expected<AdapterId> create_adapter(DriverId miniport, AdapterOptions options = {});
  // Pauses, then halts the adapter (unbinding every protocol first).
  Expected<void> halt_adapter(AdapterId adapter);
  // Offers the adapter to the protocol (ProtocolBindAdapterEx); completes when the open does.
  Expected<BindingId> bind(DriverId protocol, AdapterId adapter);
  // Asks the protocol to unbind (ProtocolUnbindAdapterEx).
  Expected<void> unbind(BindingId binding);
  // Uninstalls a protocol: unbinds its bindings, then calls its ProtocolUninstall (if any).
  Expected<void> uninstall_protocol(DriverId protocol);

  // Runs queued work until nothing is runnable (deterministic: jumping virtual time to timers).
  void run_until_idle();
  // Runs work and moves time forward.
  void advance(std::chrono::nanoseconds duration);
  uint64_t now_ns() const;

  std::vector<Finding> findings() const;
  size_t finding_count(std::string_view rule) const;
  void clear_findings();
  void add_trace_sink(std::shared_ptr<TraceSink> sink);

  // Halts every adapter, unloads every driver, and returns what was left behind.
  LeakReport shutdown();
  // What would be reported if the runtime shut down now (nothing is torn down).
  LeakReport leak_report() const;

  RuntimeCore& core() { return *core_; }

 private:
  explicit Runtime(std::unique_ptr<RuntimeCore> core);
  std::unique_ptr<RuntimeCore> core_;
};

}  // namespace condis
