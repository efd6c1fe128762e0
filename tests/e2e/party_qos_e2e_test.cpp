// End-to-end multipoint parties (call-management.md 3.9) and QoS changes (3.10) through the C
// test drivers, for both kinds of call manager, under the Deterministic scheduler for many seeds:
// each driver's exact log, the statuses, no finding and a clean teardown.
#include "e2e/support/event_sequences.hpp"

namespace condis::e2e {
namespace {

using events::Kind;

class PartyQoSE2e : public ::testing::TestWithParam<Kind> {
 protected:
  template <class Body>
  void seeds(Body body, uint64_t n = kSeeds) {
    for_each_seed(GetParam(), [&](Scenario& s, bool ordered) { body(s, ordered, GetParam()); }, n);
  }
};

std::string kind_name(const ::testing::TestParamInfo<Kind>& info) {
  return info.param == Kind::Mcm ? "Mcm" : "StandAloneCm";
}

// ---- 3.9 ----

TEST_P(PartyQoSE2e, AddAndDropPartyAtOnce) {
  seeds([](Scenario& s, bool ordered, Kind kind) { events::party_sequence(s, ordered, kind, {}); });
}

TEST_P(PartyQoSE2e, AddAndDropPartyPended) {
  events::PartyOptions o;
  o.add = pend_timer(2);
  o.drop = pend_work_item();
  o.cm.close = pend_timer(1);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::party_sequence(s, ordered, kind, o); });
}

TEST_P(PartyQoSE2e, AddPartyRefusedAtOnce) {
  events::PartyOptions o;
  o.add = sync(NDIS_STATUS_FAILURE);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::party_sequence(s, ordered, kind, o); });
}

TEST_P(PartyQoSE2e, AddPartyFailsFromATimerAndReleasesTheParty) {
  events::PartyOptions o;
  o.add = pend_timer(3, NDIS_STATUS_DEST_OUT_OF_ORDER);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::party_sequence(s, ordered, kind, o); });
}

TEST_P(PartyQoSE2e, RemoteDropAnsweredWithNdisClDropParty) {
  events::PartyOptions o;
  o.remote_drop = true;
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::party_sequence(s, ordered, kind, o); });
}

TEST_P(PartyQoSE2e, RemoteDropWithAPendedDrop) {
  events::PartyOptions o;
  o.add = pend_work_item();
  o.drop = pend_timer(2);
  o.remote_drop = true;
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::party_sequence(s, ordered, kind, o); });
}

// ---- 3.10 ----

TEST_P(PartyQoSE2e, ModifyQoSAcceptedAtOnceReactivatesTheVc) {
  seeds([](Scenario& s, bool ordered, Kind kind) { events::qos_sequence(s, ordered, kind, {}); });
}

TEST_P(PartyQoSE2e, ModifyQoSPendedAndCompleted) {
  events::QoSOptions o;
  o.modify = pend_timer(2);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::qos_sequence(s, ordered, kind, o); });
}

TEST_P(PartyQoSE2e, ModifyQoSRefusedAtOnce) {
  events::QoSOptions o;
  o.modify = sync(NDIS_STATUS_INVALID_DATA);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::qos_sequence(s, ordered, kind, o); });
}

TEST_P(PartyQoSE2e, ModifyQoSRefusedFromATimer) {
  events::QoSOptions o;
  o.modify = pend_work_item(NDIS_STATUS_FAILURE);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::qos_sequence(s, ordered, kind, o); });
}

TEST_P(PartyQoSE2e, ModifyQoSOnAnIncomingCall) {
  events::QoSOptions o;
  o.incoming = true;
  o.modify = pend_timer(1);
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::qos_sequence(s, ordered, kind, o); });
}

TEST_P(PartyQoSE2e, NetworkQoSChangeReactivatesThenDispatches) {
  events::QoSOptions o;
  o.remote = true;
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::qos_sequence(s, ordered, kind, o); });
}

TEST_P(PartyQoSE2e, NetworkQoSChangeOnAnIncomingCall) {
  events::QoSOptions o;
  o.remote = true;
  o.incoming = true;
  seeds([&](Scenario& s, bool ordered, Kind kind) { events::qos_sequence(s, ordered, kind, o); });
}

INSTANTIATE_TEST_SUITE_P(CallManager, PartyQoSE2e, ::testing::Values(Kind::Mcm, Kind::StandAloneCm), kind_name);

// The stand-alone CM's reactivations pend in t_miniport: a synchronous modify pends too and
// completes from ProtocolCmActivateVcComplete; a network change is dispatched from there.
TEST(PartyQoSE2eStandAloneCm, MiniportPendsTheReactivation) {
  for (bool remote : {false, true}) {
    events::QoSOptions o;
    o.remote = remote;
    o.cm.activate = pend_timer(2);
    for_each_seed(Kind::StandAloneCm, [&](Scenario& s, bool ordered) {
      events::qos_sequence(s, ordered, Kind::StandAloneCm, o);
    });
  }
}

}  // namespace
}  // namespace condis::e2e
