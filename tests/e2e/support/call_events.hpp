// The sequences of call-management.md 3.6 (incoming call), 3.8 (remote close), 3.9 (parties),
// 3.10 (QoS) and 3.11 (notify-close) through the C test drivers, written once for both kinds of
// call manager: t_mcm, or t_cm over t_miniport. The call manager's remote events (an incoming
// call, a remote close, a remote drop, a network QoS change) run from its timers, started by the
// TdCm* functions it exports; the client answers as TdOpIncomingCall / TdOpNotifyCloseAf say.
//
// Each sequence takes `ordered`: true compares a driver's log exactly (deterministic runs);
// false compares it as a multiset (threaded runs). The overlap cases post several actions at
// once so that the seed (or the threads) picks their order, and accept each documented outcome
// (docs/decisions.md, "Call management: incoming calls, parties, QoS, notify-close, teardown and
// overlaps").
#pragma once

#include "e2e/support/cm_sequences.hpp"

namespace condis::e2e::events {

using Kind = Scenario::Kind;

// ---- Names: the two kinds log the same steps under their own function names ------------------

inline bool is_mcm(Kind kind) { return kind == Kind::Mcm; }
// "NdisMCm<base>" for an MCM, "NdisCm<base>" for a stand-alone CM.
inline std::string ndis_cm(Kind kind, const char* base) { return std::string(is_mcm(kind) ? "NdisMCm" : "NdisCm") + base; }
inline std::string create_vc_fn(Kind kind) { return is_mcm(kind) ? "NdisMCmCreateVc" : "NdisCoCreateVc"; }
inline std::string delete_vc_fn(Kind kind) { return is_mcm(kind) ? "NdisMCmDeleteVc" : "NdisCoDeleteVc"; }

inline size_t count(const Calls& calls, const std::string& call) {
  return static_cast<size_t>(std::count(calls.begin(), calls.end(), call));
}

// ---- Driving ----------------------------------------------------------------------------------

// Posts an action to run at PASSIVE_LEVEL on a simulated processor, without running it yet: the
// overlap cases post several and then let the scheduler pick their order.
inline void post(Scenario& s, std::function<void()> action) {
  exec::TaskOptions options;
  options.irql = exec::kPassive;
  options.label = "e2e action";
  s.rt().core().scheduler().post(std::move(action), options);
}
inline void run(Scenario& s) { s.rt().run_until_idle(); }

// Client actions beyond the ones Scenario has.
inline NDIS_STATUS add_party(Scenario& s, ULONG slot, ULONG party) {
  return s.invoke([&] { return s.client().symbol<TD_CLIENT_PARTY_ACTION>("TdClientAddParty")(slot, party); });
}
inline NDIS_STATUS drop_party(Scenario& s, ULONG slot, ULONG party) {
  return s.invoke([&] { return s.client().symbol<TD_CLIENT_PARTY_ACTION>("TdClientDropParty")(slot, party); });
}
inline NDIS_STATUS modify_qos(Scenario& s, ULONG slot) {
  return s.invoke([&] { return s.client().symbol<TD_CLIENT_VC_ACTION>("TdClientModifyQoS")(slot); });
}
inline NDIS_HANDLE client_vc(Scenario& s, ULONG slot) {
  return s.client().symbol<TD_CLIENT_VC_HANDLE>("TdClientVcHandle")(slot);
}
inline NDIS_HANDLE client_party(Scenario& s, ULONG slot, ULONG party) {
  return s.client().symbol<TD_CLIENT_PARTY_HANDLE>("TdClientPartyHandle")(slot, party);
}

// The call manager's remote events: each arms a timer and runs until idle.
inline NDIS_STATUS incoming_call(Scenario& s) {
  return s.invoke([&] { return s.cm().symbol<TD_CM_INCOMING_CALL>("TdCmIncomingCall")(); });
}
inline NDIS_STATUS remote_close(Scenario& s, NDIS_HANDLE vc, NDIS_STATUS status = NDIS_STATUS_SUCCESS) {
  return s.invoke([&] { return s.cm().symbol<TD_CM_VC_EVENT>("TdCmIncomingCloseCall")(vc, status); });
}
inline NDIS_STATUS remote_qos_change(Scenario& s, NDIS_HANDLE vc) {
  return s.invoke([&] { return s.cm().symbol<TD_CM_VC_EVENT>("TdCmIncomingQoSChange")(vc, NDIS_STATUS_SUCCESS); });
}
inline NDIS_STATUS remote_drop(Scenario& s, NDIS_HANDLE party, NDIS_STATUS status = NDIS_STATUS_SUCCESS) {
  return s.invoke([&] { return s.cm().symbol<TD_CM_PARTY_EVENT>("TdCmIncomingDropParty")(party, status); });
}
inline NDIS_STATUS notify_close_af(Scenario& s) {
  return s.invoke([&] { return s.cm().symbol<TD_CM_ACTION>("TdCmNotifyCloseAf")(); });
}
inline NDIS_HANDLE cm_vc(Scenario& s, ULONG index) { return s.cm().symbol<TD_CM_VC_HANDLE>("TdCmVcHandle")(index); }

// The slot of the first incoming call's VC at the client.
inline constexpr ULONG kIncomingSlot = TD_INCOMING_SLOT(0);

// ---- Checks -----------------------------------------------------------------------------------

// No finding while running, none during the teardown (unbinds, halt, unloads) but DRV-009
// (t_client has no unload routine), and an empty leak report.
inline void expect_clean_end(Scenario& s) { cm::expect_clean_teardown(s); }

// Every finding names `rule`, and there are `n` of them.
inline void expect_rule(const std::vector<Finding>& findings, const std::string& rule, size_t n) {
  EXPECT_EQ(count_rule(findings, rule), n) << Scenario::describe(findings);
  EXPECT_EQ(findings.size(), n) << Scenario::describe(findings);
}

// ---- Expected logs ----------------------------------------------------------------------------

struct Answers {
  TD_BEHAVIOR close = sync();       // (M)CM: ProtocolCmCloseCall
  TD_BEHAVIOR activate = sync();    // t_miniport (stand-alone CM only): MiniportCoActivateVc
  TD_BEHAVIOR deactivate = sync();  // t_miniport: MiniportCoDeactivateVc
};

inline void configure(Scenario& s, Kind kind, const Answers& a) {
  s.cm().set(TdOpCloseCall, a.close);
  if (!is_mcm(kind)) {
    s.miniport().set(TdOpActivateVc, a.activate);
    s.miniport().set(TdOpDeactivateVc, a.deactivate);
  }
}

// The (M)CM's log of an activation it made itself (incoming call, QoS change).
inline Calls cm_activation(Kind kind, const Answers& a) {
  if (!is_mcm(kind) && cm::pends(a.activate)) return {pending("NdisCmActivateVc"), "ProtocolCmActivateVcComplete"};
  return {ndis_cm(kind, "ActivateVc")};
}
// ... and of a deactivation before deleting its own VC.
inline Calls cm_deactivation(Kind kind, const Answers& a) {
  if (!is_mcm(kind) && cm::pends(a.deactivate))
    return {pending("NdisCmDeactivateVc"), "ProtocolCmDeactivateVcComplete"};
  return {ndis_cm(kind, "DeactivateVc")};
}
// The (M)CM's log of a successful close-call ([CM 3.7] steps 2-4).
inline Calls cm_close(Kind kind, const Answers& a) {
  if (!is_mcm(kind)) {
    cm::CallOptions o;
    o.close = a.close;
    o.deactivate = a.deactivate;
    Calls c;
    cm::append(c, cm::cm_close_calls(o));
    return c;
  }
  if (cm::pends(a.close)) return {pending("ProtocolCmCloseCall"), "NdisMCmDeactivateVc", "NdisMCmCloseCallComplete"};
  return {"NdisMCmDeactivateVc", "ProtocolCmCloseCall"};
}
inline bool close_pends(Kind kind, const Answers& a) {
  return cm::pends(a.close) || (!is_mcm(kind) && cm::pends(a.deactivate));
}
// The client's log of a close it made and that succeeded.
inline Calls client_close(Kind kind, const Answers& a) {
  if (close_pends(kind, a)) return {pending("NdisClCloseCall"), "ProtocolClCloseCallComplete"};
  return {"NdisClCloseCall"};
}

inline Calls concat(std::initializer_list<Calls> parts) {
  Calls out;
  for (const auto& p : parts) cm::append(out, p);
  return out;
}

// ---- Common set-up ---------------------------------------------------------------------------

// Starts the scenario and registers the client's SAP (answered at once).
inline void start_with_sap(Scenario& s) {
  s.start();
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s.register_sap(), NDIS_STATUS_SUCCESS);
}

// An outgoing call in slot 0 (made at once), point-to-point or multipoint.
inline void outgoing_call_up(Scenario& s, ULONG flags = 0) {
  ASSERT_EQ(s.create_vc(0), NDIS_STATUS_SUCCESS);
  ASSERT_EQ(s.make_call(0, flags), NDIS_STATUS_SUCCESS);
}

// Ends a scenario whose calls are all gone: deregister the SAP (if any), close the AF, check.
inline void finish(Scenario& s, bool sap) {
  if (sap) {
    EXPECT_EQ(s.deregister_sap(), NDIS_STATUS_SUCCESS);
  }
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  expect_clean_end(s);
}

}  // namespace condis::e2e::events
