// Faulty drivers in the incoming-call, party, QoS and notify-close sequences, for both kinds of
// call manager: one driver pends an operation and never completes it. Each test asserts the
// finding or leak the spec names (CM-003 for an operation pended and never completed), that
// nothing else is reported while running, and that condis stays consistent through shutdown.
#include "e2e/support/event_sequences.hpp"

namespace condis::e2e {
namespace {

using events::Kind;
constexpr uint64_t kFaultSeeds = 20;

class CallEventsFault : public ::testing::TestWithParam<Kind> {
 protected:
  template <class Body>
  void seeds(Body body) {
    for_each_seed(GetParam(), [&](Scenario& s, bool) { body(s, GetParam()); }, kFaultSeeds);
  }
};

std::string kind_name(const ::testing::TestParamInfo<Kind>& info) {
  return info.param == Kind::Mcm ? "Mcm" : "StandAloneCm";
}

bool leak_names(const LeakReport& leaks, const std::string& rule, const std::string& what) {
  return std::any_of(leaks.leaks.begin(), leaks.leaks.end(), [&](const Leak& l) {
    return l.rule == rule && (l.detail.find(what) != std::string::npos || l.kind.find(what) != std::string::npos);
  });
}

std::string describe(const LeakReport& leaks) { return leaks.to_string(); }

// CM-003: the client pends ProtocolClIncomingCall and never calls NdisClIncomingCallComplete.
TEST_P(CallEventsFault, Cm003IncomingCallNeverAnswered) {
  seeds([](Scenario& s, Kind) {
    s.client().set(TdOpIncomingCall, never_complete());
    events::start_with_sap(s);
    EXPECT_EQ(events::incoming_call(s), NDIS_STATUS_SUCCESS);
    EXPECT_TRUE(s.client().saw(pending("ProtocolClIncomingCall")));
    EXPECT_TRUE(s.findings().empty()) << Scenario::describe(s.findings());
    const LeakReport leaks = s.shutdown();
    EXPECT_TRUE(leak_names(leaks, "CM-003", "ProtocolClIncomingCall")) << describe(leaks);
  });
}

// CM-003: the (M)CM pends ProtocolCmModifyCallQoS and never completes it.
TEST_P(CallEventsFault, Cm003ModifyQoSNeverCompleted) {
  seeds([](Scenario& s, Kind) {
    s.cm().set(TdOpModifyQoS, never_complete());
    s.start();
    ASSERT_TRUE(s.ok());
    events::outgoing_call_up(s);
    EXPECT_EQ(events::modify_qos(s, 0), NDIS_STATUS_PENDING);
    EXPECT_TRUE(s.findings().empty()) << Scenario::describe(s.findings());
    const LeakReport leaks = s.shutdown();
    EXPECT_TRUE(leak_names(leaks, "CM-003", "ProtocolCmModifyCallQoS")) << describe(leaks);
  });
}

// CM-003: the (M)CM pends ProtocolCmAddParty and never completes it.
TEST_P(CallEventsFault, Cm003AddPartyNeverCompleted) {
  seeds([](Scenario& s, Kind) {
    s.cm().set(TdOpAddParty, never_complete());
    s.start();
    ASSERT_TRUE(s.ok());
    events::outgoing_call_up(s, TD_CALL_MULTIPOINT);
    EXPECT_EQ(events::add_party(s, 0, 1), NDIS_STATUS_PENDING);
    EXPECT_TRUE(s.findings().empty()) << Scenario::describe(s.findings());
    const LeakReport leaks = s.shutdown();
    EXPECT_TRUE(leak_names(leaks, "CM-003", "ProtocolCmAddParty")) << describe(leaks);
  });
}

// CM-003: the client pends ProtocolClNotifyCloseAf and never completes it.
TEST_P(CallEventsFault, Cm003NotifyCloseNeverCompleted) {
  seeds([](Scenario& s, Kind) {
    s.client().set(TdOpNotifyCloseAf, never_complete());
    events::start_with_sap(s);
    EXPECT_EQ(events::notify_close_af(s), NDIS_STATUS_PENDING);
    EXPECT_TRUE(s.findings().empty()) << Scenario::describe(s.findings());
    const LeakReport leaks = s.shutdown();
    EXPECT_TRUE(leak_names(leaks, "CM-003", "ProtocolClNotifyCloseAf")) << describe(leaks);
  });
}

// CM-085: the (M)CM dispatches an incoming drop for the last party of a multipoint call (it must
// dispatch an incoming close instead). condis refuses it: the client hears nothing, the call stays
// up and closes normally.
TEST_P(CallEventsFault, Cm085IncomingDropOfTheLastParty) {
  seeds([](Scenario& s, Kind kind) {
    s.start();
    ASSERT_TRUE(s.ok());
    events::outgoing_call_up(s, TD_CALL_MULTIPOINT);
    EXPECT_EQ(events::remote_drop(s, events::client_party(s, 0, 0)), NDIS_STATUS_SUCCESS);
    EXPECT_TRUE(s.cm().saw(events::ndis_cm(kind, "DispatchIncomingDropParty")));
    EXPECT_FALSE(s.client().saw("ProtocolClIncomingDropParty"));
    events::expect_rule(s.findings(), "CM-085", 1);
    s.rt().clear_findings();
    EXPECT_EQ(s.close_call(0), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(s.delete_vc(0), NDIS_STATUS_SUCCESS);
    events::finish(s, false);
  });
}

INSTANTIATE_TEST_SUITE_P(CallManager, CallEventsFault, ::testing::Values(Kind::Mcm, Kind::StandAloneCm), kind_name);

}  // namespace
}  // namespace condis::e2e
