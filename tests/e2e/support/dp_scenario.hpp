// End-to-end support for the data path: a runtime with the dp_mcm adapter and dp_client bound to
// it (tests/drivers/dp_*), the client's actions run on a simulated processor at PASSIVE_LEVEL,
// and what each side saw (DP_STATS).
#pragma once

#include <gtest/gtest.h>

#include <climits>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "condis/host.hpp"
#include "drivers/include/dp_test_driver.h"
#include "e2e/support/e2e_fixture.hpp"
#include "exec/scheduler.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::e2e::dp {

class DpScenario {
 public:
  explicit DpScenario(const Config& config) {
    auto created = Runtime::create(config);
    if (!created) {
      ADD_FAILURE() << "Runtime::create failed: " << created.error().message;
      return;
    }
    rt_ = std::move(created.value());
    mcm_ = load("dp_mcm");
    client_ = load("dp_client");
  }

  bool ok() const { return rt_ != nullptr && ok_; }
  Runtime& rt() { return *rt_; }

  void configure_mcm(ULONG complete_sends_after_ms) {
    DP_MCM_CONFIG c{};
    c.CompleteSendsAfterMs = complete_sends_after_ms;
    configure_mcm(c);
  }
  void configure_mcm(const DP_MCM_CONFIG& c) { symbol<DP_MCM_CONFIGURE>(mcm_, "DpMcmConfigure")(&c); }
  void configure_client(const DP_CLIENT_CONFIG& c) { symbol<DP_CLIENT_CONFIGURE>(client_, "DpClientConfigure")(&c); }

  // Adapter up (the MCM registers its AF), client bound (it opens the AF).
  void start() {
    auto adapter = rt_->create_adapter(mcm_);
    if (!adapter) {
      ADD_FAILURE() << "create_adapter failed: " << adapter.error().message;
      ok_ = false;
      return;
    }
    adapter_ = adapter.value();
    rt_->run_until_idle();
    auto b = rt_->bind(client_, adapter.value());
    if (!b) {
      ADD_FAILURE() << "bind(dp_client) failed: " << b.error().message;
      ok_ = false;
      return;
    }
    rt_->run_until_idle();
  }

  // Runs `action` on a simulated processor at PASSIVE_LEVEL, then until idle.
  NDIS_STATUS invoke(const std::function<NDIS_STATUS()>& action) {
    NDIS_STATUS status = INT_MIN;
    exec::TaskOptions options;
    options.irql = exec::kPassive;
    options.label = "dp action";
    rt_->core().scheduler().post([&] { status = action(); }, options);
    rt_->run_until_idle();
    return status;
  }
  NDIS_STATUS client(const char* action) {
    auto fn = symbol<DP_CLIENT_ACTION>(client_, action);
    return invoke([&] { return fn(); });
  }
  NDIS_STATUS make_call() { return client("DpClientMakeCall"); }
  NDIS_STATUS close_call() { return client("DpClientCloseCall"); }
  NDIS_STATUS delete_vc() { return client("DpClientDeleteVc"); }
  NDIS_STATUS close_af() { return client("DpClientCloseAf"); }
  NDIS_STATUS return_held() { return client("DpClientReturnHeld"); }
  NDIS_STATUS send(ULONG count) {
    auto fn = symbol<DP_CLIENT_SEND>(client_, "DpClientSend");
    return invoke([&] { return fn(count); });
  }
  // Sends `count` NBLs and closes the call in the same action, before any completion.
  NDIS_STATUS send_then_close(ULONG count) {
    auto send_fn = symbol<DP_CLIENT_SEND>(client_, "DpClientSend");
    auto close_fn = symbol<DP_CLIENT_ACTION>(client_, "DpClientCloseCall");
    return invoke([&] {
      const NDIS_STATUS sent = send_fn(count);
      return sent != NDIS_STATUS_SUCCESS ? sent : close_fn();
    });
  }
  // The MCM indicates `count` receives from a timer after `delay_ms`; runs until idle.
  NDIS_STATUS indicate(ULONG count, ULONG delay_ms) {
    auto fn = symbol<DP_MCM_INDICATE>(mcm_, "DpMcmIndicate");
    return invoke([&] { return fn(count, delay_ms); });
  }

  DP_STATS client_stats() { return stats("DpClientStats", client_); }
  DP_STATS mcm_stats() { return stats("DpMcmStats", mcm_); }

  std::vector<Finding> findings() const { return rt_->findings(); }
  LeakReport shutdown() { return rt_->shutdown(); }

  DriverId mcm_id() const { return mcm_; }
  AdapterId adapter_id() const { return adapter_; }
  DriverId client_id() const { return client_; }
  template <class Fn>
  Fn* symbol(DriverId id, const char* name) const {
    return TestDriver(rt_.get(), id).symbol<Fn>(name);
  }

 private:
  DP_STATS stats(const char* name, DriverId id) {
    DP_STATS s{};
    symbol<DP_GET_STATS>(id, name)(&s);
    return s;
  }
  DriverId load(const char* name) {
    const auto id = load_test_driver(*rt_, name);
    if (!id) ok_ = false;
    return id.value_or(DriverId{});
  }

  std::unique_ptr<Runtime> rt_;
  bool ok_ = true;
  DriverId mcm_{}, client_{};
  AdapterId adapter_{};
};

// The end every sequence below shares: delete the VC, close the AF, take the findings, and shut
// down with nothing leaked. Returns the findings for the sequence's own expectations.
inline std::vector<Finding> delete_close_and_shut_down(DpScenario& s) {
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  std::vector<Finding> findings = s.findings();
  const LeakReport leaks = s.shutdown();
  EXPECT_TRUE(leaks.empty()) << leaks.to_string();
  return findings;
}

// One call carrying `n` NBLs each way, closed with nothing outstanding: the payloads arrive
// intact and in order, every NBL comes back, no finding, an empty leak report.
inline void clean_call(DpScenario& s, ULONG n, ULONG complete_sends_after_ms, ULONG indicate_after_ms) {
  s.configure_mcm(complete_sends_after_ms);
  s.start();
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s.make_call(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.send(n), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.indicate(n, indicate_after_ms), NDIS_STATUS_SUCCESS);
  const DP_STATS c = s.client_stats(), m = s.mcm_stats();
  EXPECT_EQ(c.Sent, LONG(n));
  EXPECT_EQ(m.Received, LONG(n));
  EXPECT_EQ(m.Intact, LONG(n));
  EXPECT_EQ(m.OutOfOrder, 0);
  EXPECT_EQ(c.Completed, LONG(n));
  EXPECT_EQ(c.Failed, 0);
  EXPECT_EQ(m.Sent, LONG(n));
  EXPECT_EQ(c.Received, LONG(n));
  EXPECT_EQ(c.Intact, LONG(n));
  EXPECT_EQ(c.OutOfOrder, 0);
  EXPECT_EQ(m.Completed, LONG(n));  // every indicated NBL returned
  EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
  const auto findings = delete_close_and_shut_down(s);
  EXPECT_TRUE(findings.empty()) << Scenario::describe(findings);
}

// The client closes the call while its sends are still held by the MCM (completed from a timer
// that has not fired): CM-070. The MCM completes them in ProtocolCmCloseCall before it
// deactivates, so the teardown still ends with every NBL back and no leak.
inline void close_with_sends_outstanding(DpScenario& s, ULONG n) {
  s.configure_mcm(/*complete_sends_after_ms=*/50);
  s.start();
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s.make_call(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.send_then_close(n), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.client_stats().Completed, LONG(n));
  const auto findings = delete_close_and_shut_down(s);
  EXPECT_EQ(count_rule(findings, "CM-070"), 1u) << Scenario::describe(findings);
  EXPECT_EQ(findings.size(), 1u) << Scenario::describe(findings);
}

// 3.2 with receives kept: the client holds `hold` of `n` indicated NBLs and returns them later,
// together and newest first; only then are all back at the MCM. No finding, no leak.
inline void receives_returned_later(DpScenario& s, ULONG n, ULONG hold) {
  s.start();
  ASSERT_TRUE(s.ok());
  DP_CLIENT_CONFIG c{};
  c.HoldReceives = hold;
  s.configure_client(c);
  ASSERT_EQ(s.make_call(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.indicate(n, 1), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.client_stats().Received, LONG(n));
  EXPECT_EQ(s.client_stats().Intact, LONG(n));
  EXPECT_EQ(s.client_stats().Held, LONG(hold));
  EXPECT_EQ(s.mcm_stats().Completed, LONG(n - hold));
  EXPECT_EQ(s.return_held(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.mcm_stats().Completed, LONG(n));
  EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
  const auto findings = delete_close_and_shut_down(s);
  EXPECT_TRUE(findings.empty()) << Scenario::describe(findings);
}

// 3.3: receives indicated with NDIS_RECEIVE_FLAGS_RESOURCES. The client reads them in its handler
// and returns nothing; the MCM owns them again when the indication returns and reclaims them;
// MiniportReturnNetBufferLists never runs. With `client_returns_them` the client returns them
// anyway: DP-026 for each, and still nothing reaches MiniportReturnNetBufferLists.
inline void receives_with_resources(DpScenario& s, ULONG n, bool client_returns_them) {
  DP_MCM_CONFIG m{};
  m.IndicateWithResources = TRUE;
  s.configure_mcm(m);
  s.start();
  ASSERT_TRUE(s.ok());
  DP_CLIENT_CONFIG c{};
  c.ReturnResourcesReceives = client_returns_them;
  s.configure_client(c);
  ASSERT_EQ(s.make_call(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.indicate(n, 1), NDIS_STATUS_SUCCESS);
  const DP_STATS cl = s.client_stats(), mcm = s.mcm_stats();
  EXPECT_EQ(cl.Received, LONG(n));
  EXPECT_EQ(cl.Intact, LONG(n));
  EXPECT_EQ(cl.OutOfOrder, 0);
  EXPECT_EQ(mcm.Sent, LONG(n));
  EXPECT_EQ(mcm.Reclaimed, LONG(n));
  EXPECT_EQ(mcm.Completed, 0);  // no MiniportReturnNetBufferLists
  EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
  const auto findings = delete_close_and_shut_down(s);
  EXPECT_EQ(count_rule(findings, "DP-026"), client_returns_them ? n : 0u) << Scenario::describe(findings);
  EXPECT_EQ(findings.size(), client_returns_them ? n : 0u) << Scenario::describe(findings);
}

// 3.6 in its MCM form: the client still holds `held` indicated NBLs when it closes the call. A
// careful MCM (`close_when_quiet`) pends ProtocolCmCloseCall and deactivates only once the client
// has returned them: no finding. A careless one deactivates at once: VC-011 and CM-047, and the
// late return is still accepted. Either way every NBL comes back and nothing leaks.
inline void close_with_receives_outstanding(DpScenario& s, ULONG held, bool close_when_quiet) {
  DP_MCM_CONFIG m{};
  m.CloseWhenQuiet = close_when_quiet;
  s.configure_mcm(m);
  s.start();
  ASSERT_TRUE(s.ok());
  DP_CLIENT_CONFIG c{};
  c.HoldReceives = held;
  s.configure_client(c);
  ASSERT_EQ(s.make_call(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.indicate(held, 1), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.client_stats().Held, LONG(held));
  EXPECT_EQ(s.close_call(), close_when_quiet ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.return_held(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.mcm_stats().Completed, LONG(held));
  const auto findings = delete_close_and_shut_down(s);  // the close has completed
  const size_t expected = close_when_quiet ? 0u : 1u;
  EXPECT_EQ(count_rule(findings, "VC-011"), expected) << Scenario::describe(findings);
  EXPECT_EQ(count_rule(findings, "CM-047"), expected) << Scenario::describe(findings);
  EXPECT_EQ(findings.size(), 2 * expected) << Scenario::describe(findings);
}

}  // namespace condis::e2e::dp
