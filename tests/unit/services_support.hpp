// Test support for the library-service tests: a runtime with stand-in owner handles (the driver
// model issues the real ones), made current on the test thread so handle-less calls find it.
#pragma once

// Pool tags are multi-character constants by WDK convention.
#pragma GCC diagnostic ignored "-Wmultichar"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "condis/host.hpp"
#include "core/adapter.hpp"
#include "core/binding.hpp"
#include "core/driver.hpp"
#include "runtime/runtime_core.hpp"
#include "services/services_state.hpp"

#include <ndis.h>

namespace condis::test {

class ServicesTest : public ::testing::Test {
 protected:
  explicit ServicesTest(SchedulerKind kind = SchedulerKind::Deterministic, unsigned processors = 2) {
    config_.scheduler = kind;
    config_.processors = processors;
    config_.seed = 7;
  }

  void SetUp() override {
    rt_ = std::make_unique<RuntimeCore>(config_);
    // Stand-ins for what the driver model registers; they only need what the services read
    // (the owner's driver name for traces).
    driver_object_.name = "test_miniport";
    protocol_object_.kind = core::DriverKind::Protocol;
    protocol_object_.name = "test_protocol";
    adapter_object_.driver = &driver_object_;
    binding_object_.protocol = &protocol_object_;
    scope_ = std::make_unique<CurrentRuntimeScope>(rt_.get());
    adapter = rt_->handles().insert(ObjectType::Adapter, &adapter_object_);
    driver = rt_->handles().insert(ObjectType::MiniportDriver, &driver_object_);
    protocol = rt_->handles().insert(ObjectType::ProtocolDriver, &protocol_object_);
    binding = rt_->handles().insert(ObjectType::Binding, &binding_object_);
  }

  void TearDown() override {
    rt_->scheduler().run_until_idle();
    for (void* h : {adapter, driver, protocol, binding}) rt_->handles().remove(h);
    scope_.reset();
    rt_.reset();
  }

  RuntimeCore& core() { return *rt_; }
  services::ServicesState& services() { return rt_->services(); }
  size_t count(std::string_view rule) const { return rt_->verifier().count(rule); }
  size_t total() const { return rt_->verifier().total(); }
  // All findings, printed when an expectation on them fails.
  std::string findings() const {
    std::string out;
    for (const Finding& f : rt_->verifier().findings()) out += f.to_string();
    return out;
  }

  Config config_;
  std::unique_ptr<RuntimeCore> rt_;
  std::unique_ptr<CurrentRuntimeScope> scope_;
  core::Driver driver_object_, protocol_object_;
  core::Adapter adapter_object_;
  core::Binding binding_object_;
  NDIS_HANDLE adapter = nullptr;
  NDIS_HANDLE driver = nullptr;
  NDIS_HANDLE protocol = nullptr;
  NDIS_HANDLE binding = nullptr;
};

// Expects exactly `n` findings of `rule` and no other finding.
#define EXPECT_ONLY_FINDINGS(rule, n)                      \
  do {                                                     \
    EXPECT_EQ(count(rule), size_t(n)) << findings();       \
    EXPECT_EQ(total(), size_t(n)) << findings();           \
  } while (0)
#define EXPECT_NO_FINDINGS() EXPECT_EQ(total(), 0u) << findings()

// Runs a block at a given IRQL on the test thread.
struct AtIrql {
  explicit AtIrql(exec::Irql irql) : scope(irql) {}
  exec::ExecutionScope scope;
};

}  // namespace condis::test
