// End-to-end support: loads the condis test drivers (tests/drivers/t_*), configures them through
// their exported functions, runs test actions on a simulated processor, and reads back what each
// driver saw. A scenario runs under the Deterministic scheduler for many seeds, or once under the
// Threaded scheduler.
//
//   auto s = e2e::Scenario::mcm(config);          // t_mcm adapter + bound t_client
//   s.mcm().set(TdOpMakeCall, e2e::pend_timer(5));
//   EXPECT_EQ(s.client_vc(&TdClientMakeCall... )
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "condis/host.hpp"
#include "drivers/include/condis_test_driver.h"
#include "exec/scheduler.hpp"
#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"

namespace condis::e2e {

inline std::string test_driver_path(const char* name) {
  return std::string(CONDIS_TEST_DRIVER_DIR) + "/" + name + ".so";
}

// Loads tests/drivers/<name>.so into `rt`; a failure fails the test and returns nullopt.
inline std::optional<DriverId> load_test_driver(Runtime& rt, const char* name) {
  auto id = rt.load_driver(test_driver_path(name), name);
  if (!id) {
    ADD_FAILURE() << "load_driver(" << name << ") failed: " << id.error().message;
    return std::nullopt;
  }
  return id.value();
}

// Behaviours, by how the operation is answered.
inline TD_BEHAVIOR sync(NDIS_STATUS status = NDIS_STATUS_SUCCESS) {
  TD_BEHAVIOR b{};
  b.Completion = TdCompleteSync;
  b.Status = status;
  return b;
}
inline TD_BEHAVIOR pend_work_item(NDIS_STATUS status = NDIS_STATUS_SUCCESS) {
  TD_BEHAVIOR b = sync(status);
  b.Completion = TdCompleteWorkItem;
  return b;
}
inline TD_BEHAVIOR pend_timer(ULONG delay_ms, NDIS_STATUS status = NDIS_STATUS_SUCCESS) {
  TD_BEHAVIOR b = sync(status);
  b.Completion = TdCompleteTimer;
  b.DelayMs = delay_ms;
  return b;
}
inline TD_BEHAVIOR never_complete() {
  TD_BEHAVIOR b = sync();
  b.Completion = TdCompleteNever;
  return b;
}
inline TD_BEHAVIOR with_fault(TD_BEHAVIOR b, TD_FAULT fault) {
  b.Fault = fault;
  return b;
}

// One driver of a runtime, seen through its exported test interface.
class TestDriver {
 public:
  TestDriver() = default;
  TestDriver(Runtime* rt, DriverId id) : rt_(rt), id_(id) {}

  DriverId id() const { return id_; }

  template <class Fn>
  Fn* symbol(const char* name) const {
    void* p = rt_->driver_symbol(id_, name);
    EXPECT_NE(p, nullptr) << "driver does not export " << name;
    return reinterpret_cast<Fn*>(p);
  }

  void reset() const { symbol<TD_RESET>("TdReset")(); }
  void set(TD_OPERATION op, const TD_BEHAVIOR& behavior) const {
    symbol<TD_SET_BEHAVIOR>("TdSetBehavior")(op, &behavior);
  }

  std::vector<TD_LOG_ENTRY> entries() const {
    std::vector<TD_LOG_ENTRY> out;
    auto count = symbol<TD_LOG_COUNT>("TdLogCount");
    auto get = symbol<TD_LOG_GET>("TdLogGet");
    const ULONG n = count();
    for (ULONG i = 0; i < n; ++i) {
      TD_LOG_ENTRY e{};
      if (get(i, &e)) out.push_back(e);
    }
    return out;
  }

  // The log as "Name=STATUS" strings ("Name" alone for SUCCESS), the form the tests compare.
  std::vector<std::string> calls() const {
    std::vector<std::string> out;
    for (const auto& e : entries()) out.push_back(format(e));
    return out;
  }

  // The log from the first record named `from` on (inclusive).
  std::vector<std::string> calls_from(const std::string& from) const {
    auto all = calls();
    auto it = std::find_if(all.begin(), all.end(), [&](const std::string& s) {
      return s == from || s.rfind(from + "=", 0) == 0;
    });
    return std::vector<std::string>(it, all.end());
  }

  // The log from record `n` on: slice with the length taken before a request, since a completion
  // on another processor may be logged before the request's own record.
  std::vector<std::string> calls_since(size_t n) const {
    auto all = calls();
    return n < all.size() ? std::vector<std::string>(all.begin() + static_cast<std::ptrdiff_t>(n), all.end())
                          : std::vector<std::string>{};
  }

  bool saw(const std::string& call) const {
    auto all = calls();
    return std::find(all.begin(), all.end(), call) != all.end();
  }

  // The Flags of the last record named `name`.
  ULONG flags_of(const std::string& name) const {
    ULONG flags = 0;
    for (const auto& e : entries())
      if (name == e.Name) flags = e.Flags;
    return flags;
  }

  static std::string format(const TD_LOG_ENTRY& e) {
    std::string s = e.Name;
    if (e.Status != NDIS_STATUS_SUCCESS) s += "=" + status_name(e.Status);
    return s;
  }

 private:
  Runtime* rt_ = nullptr;
  DriverId id_{};
};

// A runtime with a call manager (t_mcm, or t_cm over t_miniport) and t_client bound to it.
class Scenario {
 public:
  enum class Kind { Mcm, StandAloneCm };

  static Config deterministic(uint64_t seed, unsigned processors = 2) {
    Config c;
    c.name = "e2e";
    c.scheduler = SchedulerKind::Deterministic;
    c.processors = processors;
    c.seed = seed;
    c.strategy = SchedulingStrategy::Random;
    return c;
  }
  static Config threaded(unsigned processors = 4) {
    Config c;
    c.name = "e2e-threaded";
    c.scheduler = SchedulerKind::Threaded;
    c.processors = processors;
    return c;
  }

  // Loads the drivers and resets their configuration. `configure` runs before the adapter
  // comes up, so it can choose how the AF open is answered. Bind happens in start().
  explicit Scenario(Kind kind, const Config& config) : kind_(kind) {
    auto created = Runtime::create(config);
    if (!created) {
      ADD_FAILURE() << "Runtime::create failed: " << created.error().message;
      return;
    }
    rt_ = std::move(created.value());
    if (kind == Kind::Mcm) {
      cm_ = load("t_mcm");
    } else {
      miniport_ = load("t_miniport");
      cm_ = load("t_cm");
    }
    client_ = load("t_client");
    client_auto_open(true);
  }

  Runtime& rt() { return *rt_; }
  bool ok() const { return rt_ != nullptr && ok_; }
  const TestDriver& cm() const { return cm_; }
  const TestDriver& miniport() const { return miniport_; }
  const TestDriver& client() const { return client_; }

  void client_auto_open(bool on) { client_.symbol<TD_CLIENT_SET_AUTO_OPEN>("TdClientSetAutoOpen")(on ? 1 : 0); }

  // Brings the adapter up (the MCM registers its AF), binds the CM (stand-alone case; it
  // registers the AF) and the client, and runs until idle.
  void start() {
    auto adapter = rt_->create_adapter(kind_ == Kind::Mcm ? cm_.id() : miniport_.id());
    if (!adapter) {
      ADD_FAILURE() << "create_adapter failed: " << adapter.error().message;
      ok_ = false;
      return;
    }
    adapter_ = adapter.value();
    rt_->run_until_idle();
    if (kind_ == Kind::StandAloneCm) {
      auto b = rt_->bind(cm_.id(), adapter_);
      if (!b) {
        ADD_FAILURE() << "bind(t_cm) failed: " << b.error().message;
        ok_ = false;
        return;
      }
      rt_->run_until_idle();
    }
    auto b = rt_->bind(client_.id(), adapter_);
    if (!b) {
      ADD_FAILURE() << "bind(t_client) failed: " << b.error().message;
      ok_ = false;
      return;
    }
    rt_->run_until_idle();
  }

  // Runs a driver action on a simulated processor at PASSIVE_LEVEL (as a request from user mode
  // reaches a driver), then runs until idle. Returns what the action returned.
  NDIS_STATUS invoke(const std::function<NDIS_STATUS()>& action) {
    NDIS_STATUS status = INT_MIN;
    exec::TaskOptions options;
    options.irql = exec::kPassive;
    options.label = "e2e action";
    rt_->core().scheduler().post([&] { status = action(); }, options);
    rt_->run_until_idle();
    return status;
  }

  // Client actions.
  NDIS_STATUS open_af() { return invoke([&] { return client_.symbol<TD_CLIENT_ACTION>("TdClientOpenAf")(); }); }
  NDIS_STATUS close_af() { return invoke([&] { return client_.symbol<TD_CLIENT_ACTION>("TdClientCloseAf")(); }); }
  NDIS_STATUS register_sap() {
    return invoke([&] { return client_.symbol<TD_CLIENT_ACTION>("TdClientRegisterSap")(); });
  }
  NDIS_STATUS deregister_sap() {
    return invoke([&] { return client_.symbol<TD_CLIENT_ACTION>("TdClientDeregisterSap")(); });
  }
  NDIS_STATUS create_vc(ULONG slot = 0) {
    return invoke([&] { return client_.symbol<TD_CLIENT_VC_ACTION>("TdClientCreateVc")(slot); });
  }
  NDIS_STATUS delete_vc(ULONG slot = 0) {
    return invoke([&] { return client_.symbol<TD_CLIENT_VC_ACTION>("TdClientDeleteVc")(slot); });
  }
  NDIS_STATUS make_call(ULONG slot = 0, ULONG flags = 0) {
    return invoke([&] { return client_.symbol<TD_CLIENT_MAKE_CALL>("TdClientMakeCall")(slot, flags); });
  }
  NDIS_STATUS close_call(ULONG slot = 0) {
    return invoke([&] { return client_.symbol<TD_CLIENT_VC_ACTION>("TdClientCloseCall")(slot); });
  }

  // Findings other than the ones a test provoked on purpose.
  std::vector<Finding> findings() const { return rt_->findings(); }
  static std::string describe(const std::vector<Finding>& findings) {
    std::string s;
    for (const auto& f : findings) s += f.to_string() + "\n";
    return s;
  }

  LeakReport shutdown() { return rt_->shutdown(); }

 private:
  TestDriver load(const char* name) {
    const auto id = load_test_driver(*rt_, name);
    if (!id) {
      ok_ = false;
      return {};
    }
    TestDriver d(rt_.get(), *id);
    d.reset();
    return d;
  }

  Kind kind_;
  std::unique_ptr<Runtime> rt_;
  bool ok_ = true;
  TestDriver cm_, miniport_, client_;
  AdapterId adapter_{};
};

// The number of seeds a deterministic sequence test runs.
inline constexpr uint64_t kSeeds = 200;

// Asserts that the run left no finding and that shutdown reports no leak.
inline void expect_clean_shutdown(Scenario& s) {
  const auto findings = s.findings();
  EXPECT_TRUE(findings.empty()) << Scenario::describe(findings);
  const LeakReport leaks = s.shutdown();
  EXPECT_TRUE(leaks.empty()) << leaks.to_string();
}

inline size_t count_rule(const std::vector<Finding>& findings, const std::string& rule) {
  return static_cast<size_t>(
      std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == rule; }));
}

using Calls = std::vector<std::string>;

}  // namespace condis::e2e
