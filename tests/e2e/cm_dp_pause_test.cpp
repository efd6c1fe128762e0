// A pause with sends outstanding under a stand-alone call manager: the CM's sends on its
// signalling VC (created with a NULL AF handle) count on its binding and on the adapter exactly as
// a client's sends on its call VC do. Each test runs both senders through the same steps and
// asserts the same rule ids: DRV-063 when the sender's binding reaches Paused with a send not
// completed (the first step of an unbind), or when it sends while Paused (the send comes back
// with NDIS_STATUS_PAUSED); DRV-026 when the adapter's pause completes with a send in the
// miniport; DP-039 too when a real unbind closes the binding; and none of them once the sends
// were completed before the pause.
#include "e2e/support/cm_dp_sequences.hpp"

#include "core/driver_model.hpp"
#include "verify/verifier.hpp"

namespace condis::e2e::cmdp {
namespace {

enum class Sender { Client, CallManager };

std::string sender_name(const ::testing::TestParamInfo<Sender>& info) {
  return info.param == Sender::Client ? "ClientOnItsCallVc" : "CallManagerOnItsSignallingVc";
}

class CmDpPause : public ::testing::TestWithParam<Sender> {
 protected:
  // Adapter, both protocols bound, the client's call and the CM's signalling VC, both active;
  // the miniport holds every send until complete_sends().
  void SetUp() override {
    s_ = std::make_unique<CmDpScenario>(Scenario::deterministic(GetParam() == Sender::Client ? 3 : 4));
    ASSERT_TRUE(s_->ok());
    s_->configure_miniport(miniport_config(DpMpSendsHeld));
    ASSERT_TRUE(s_->start_with_call());
    ASSERT_EQ(s_->open_signalling(), NDIS_STATUS_SUCCESS);
    ASSERT_TRUE(s_->findings().empty()) << Scenario::describe(s_->findings());
  }

  CmDpScenario& s() { return *s_; }
  core::DriverModel& model() { return s_->rt().core().drivers(); }
  bool client() const { return GetParam() == Sender::Client; }

  NDIS_STATUS send(ULONG n) { return client() ? s_->client_send(n) : s_->cm_send(n); }
  DP_STATS sender_stats() { return client() ? s_->client_stats() : s_->cm_stats(); }
  // The sender's NdisBindingHandle, and the other protocol's.
  NDIS_HANDLE binding_of(bool of_client) {
    const DP_CONTEXTS c = of_client ? s_->client_contexts() : s_->signalling_contexts();
    return *static_cast<NDIS_HANDLE*>(c.BindingContext);
  }
  core::Binding* sender_binding() { return model().binding_from_handle(binding_of(client())); }
  core::Binding* other_binding() { return model().binding_from_handle(binding_of(!client())); }
  core::Adapter* adapter() { return model().adapter_from_handle(s_->miniport_contexts().AdapterHandle); }

  // The binding's NetEventPause / NetEventRestart, as an unbind or a host pause sends them.
  void pause(core::Binding* b) {
    ASSERT_NE(b, nullptr);
    model().net_pnp_event(*b->protocol, b, NetEventPause);
    s_->rt().run_until_idle();
  }
  void restart(core::Binding* b) {
    ASSERT_NE(b, nullptr);
    model().net_pnp_event(*b->protocol, b, NetEventRestart);
    s_->rt().run_until_idle();
  }

  // The findings of `rule`, each naming `handle`.
  size_t findings_naming(const std::string& rule, const void* handle) {
    size_t n = 0;
    const std::string name = format_handle(handle);
    for (const Finding& f : s_->findings())
      if (f.rule == rule) {
        bool named = false;
        for (const auto& h : f.handles) named = named || h.second == name;
        EXPECT_TRUE(named) << rule << " does not name " << name << ":\n" << Scenario::describe({f});
        ++n;
      }
    return n;
  }

  // Completes what the miniport holds, closes everything and shuts down without leaks.
  void finish() {
    EXPECT_EQ(s_->complete_sends(NDIS_STATUS_SUCCESS, 1), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(sender_stats().Completed, sender_stats().Sent);
    EXPECT_EQ(sender_binding()->sends_outstanding, 0);
    EXPECT_EQ(adapter()->sends_outstanding, 0);
    EXPECT_EQ(s_->close_signalling(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s_->close_call(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s_->delete_vc(), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s_->close_af(), NDIS_STATUS_SUCCESS);
    expect_no_leak(*s_);
  }

  std::unique_ptr<CmDpScenario> s_;
};

TEST_P(CmDpPause, ASendInTheMiniportCountsOnTheSendersBindingAndTheAdapter) {
  ASSERT_EQ(send(2), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s().miniport_stats().Received, 2);
  EXPECT_EQ(sender_binding()->sends_outstanding, 2);
  EXPECT_EQ(other_binding()->sends_outstanding, 0);
  EXPECT_EQ(adapter()->sends_outstanding, 2);
  finish();
}

// The first step of an unbind: NetEventPause completes while the send is still in the miniport.
TEST_P(CmDpPause, BindingPausedWithASendOutstandingIsDrv063) {
  ASSERT_EQ(send(1), NDIS_STATUS_SUCCESS);
  pause(sender_binding());
  EXPECT_EQ(findings_naming("DRV-063", binding_of(client())), 1u) << Scenario::describe(s().findings());
  EXPECT_EQ(s().rt().finding_count("DRV-026"), 0u);
  restart(sender_binding());
  s().rt().clear_findings();
  finish();
}

TEST_P(CmDpPause, SendWhileTheBindingIsPausedIsDrv063AndComesBackPaused) {
  pause(sender_binding());
  ASSERT_TRUE(s().findings().empty()) << Scenario::describe(s().findings());
  ASSERT_EQ(send(1), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(findings_naming("DRV-063", binding_of(client())), 1u) << Scenario::describe(s().findings());
  EXPECT_EQ(s().miniport_stats().Received, 0);  // never reached the miniport
  EXPECT_EQ(sender_stats().Completed, 1);
  EXPECT_EQ(sender_stats().Failed, 1);  // NDIS_STATUS_PAUSED
  EXPECT_EQ(sender_binding()->sends_outstanding, 0);
  restart(sender_binding());
  s().rt().clear_findings();
  finish();
}

TEST_P(CmDpPause, AdapterPausedWithASendInTheMiniportIsDrv026) {
  ASSERT_EQ(send(1), NDIS_STATUS_SUCCESS);
  core::Adapter* a = adapter();
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(model().pause_adapter(*a, NDIS_PAUSE_UNBIND_PROTOCOL));
  s().rt().run_until_idle();
  EXPECT_EQ(findings_naming("DRV-026", s().miniport_contexts().AdapterHandle), 1u)
      << Scenario::describe(s().findings());
  EXPECT_TRUE(model().restart_adapter(*a));
  s().rt().run_until_idle();
  s().rt().clear_findings();
  finish();
}

// Following the rules: the sends completed first, then both pauses: nothing to report.
TEST_P(CmDpPause, PausesAfterTheSendsCompletedReportNothing) {
  ASSERT_EQ(send(2), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s().complete_sends(NDIS_STATUS_SUCCESS, 1), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(sender_stats().Completed, 2);
  pause(sender_binding());
  core::Adapter* a = adapter();
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(model().pause_adapter(*a, NDIS_PAUSE_UNBIND_PROTOCOL));
  EXPECT_TRUE(model().restart_adapter(*a));
  restart(sender_binding());
  s().rt().run_until_idle();
  EXPECT_TRUE(s().findings().empty()) << Scenario::describe(s().findings());
  ASSERT_EQ(send(1), NDIS_STATUS_SUCCESS);  // running again: reaches the miniport
  EXPECT_EQ(s().miniport_stats().Received, 3);
  finish();
}

// A real unbind of the sender's binding (the host asks; ProtocolUnbindAdapterEx follows the
// pauses) while its send is still in the miniport: the binding's pause, the adapter's pause
// (NDIS_PAUSE_UNBIND_PROTOCOL) and the binding's close all report it. (What else the drivers
// leave open at this unbind differs between the two and is not compared.)
TEST_P(CmDpPause, UnbindWithASendInTheMiniportIsDrv063Drv026AndDp039) {
  ASSERT_EQ(send(1), NDIS_STATUS_SUCCESS);
  const NDIS_HANDLE binding = binding_of(client());
  const NDIS_HANDLE adapter_handle = s().miniport_contexts().AdapterHandle;
  EXPECT_TRUE(s().rt().unbind(BindingId{reinterpret_cast<uint64_t>(binding)}));
  s().rt().run_until_idle();
  const std::string all = Scenario::describe(s().findings());
  EXPECT_EQ(findings_naming("DRV-063", binding), 1u) << all;
  EXPECT_EQ(findings_naming("DRV-026", adapter_handle), 1u) << all;
  EXPECT_EQ(findings_naming("DP-039", binding), 1u) << all;
  EXPECT_EQ(s().complete_sends(NDIS_STATUS_SUCCESS, 1), NDIS_STATUS_SUCCESS);  // after the close: no crash
  (void)s().shutdown();
}

INSTANTIATE_TEST_SUITE_P(Senders, CmDpPause, ::testing::Values(Sender::Client, Sender::CallManager), sender_name);

}  // namespace
}  // namespace condis::e2e::cmdp
