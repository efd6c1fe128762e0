// The sequences of vc-data-requests.md section 3 in their stand-alone call manager form: dp_client
// makes a call through dp_cm, which activates the VC in dp_miniport (a plain CoNDIS miniport).
// Each sequence asserts who called whom with what status (from the trace), what every driver
// saw (payloads, contexts, counters), the findings (none, or exactly the rule broken on purpose)
// and an empty leak report. `ordered`: compare a step's events in order (deterministic runs) or
// as a multiset (threaded runs).
#pragma once

#include "e2e/support/cm_dp_scenario.hpp"

namespace condis::e2e::cmdp {

constexpr const char* kClient = "dp_client";
constexpr const char* kCm = "dp_cm";
constexpr const char* kMp = "dp_miniport";
constexpr NDIS_OID kVcOid = OID_CO_GET_CALL_INFORMATION;
constexpr NDIS_OID kGlobalOid = OID_GEN_CO_LINK_SPEED;

inline DP_MP_CONFIG miniport_config(DP_MP_SENDS sends, DP_MP_DEACTIVATE deactivate = DpMpDeactivateSync,
                                    ULONG send_delay_ms = 0) {
  DP_MP_CONFIG c{};
  c.Sends = sends;
  c.SendDelayMs = send_delay_ms;
  c.Deactivate = deactivate;
  return c;
}

inline Calls concat_calls(Calls a, const Calls& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// One send through to its completion, the miniport completing inside its send handler (3.1).
inline Calls send_completed_at_once(const char* sender) {
  return {ev(sender, "NdisCoSendNetBufferLists"), ev(kMp, "MiniportCoSendNetBufferLists"),
          ev(kMp, "NdisMCoSendNetBufferListsComplete"), ev(sender, "ProtocolCoSendNetBufferListsComplete")};
}
// One indication whose NBLs the receiver returns from its receive handler (3.2).
inline Calls receive_returned_at_once(const char* receiver) {
  return {ev(kMp, "NdisMCoIndicateReceiveNetBufferLists"), ev(receiver, "ProtocolCoReceiveNetBufferLists"),
          ev(receiver, "NdisReturnNetBufferLists"), ev(kMp, "MiniportReturnNetBufferLists")};
}

// The call's end when nothing is outstanding: the client closes (the CM deactivates, the
// miniport answers at once), deletes its VC (CM and miniport hear of it), closes the AF.
inline void close_delete_and_check(CmDpScenario& s, bool ordered, bool expect_clean = true) {
  const size_t m = s.mark();
  EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m),
                {ev(kClient, "NdisClCloseCall"), ev(kCm, "ProtocolCmCloseCall"), ev(kCm, "NdisCmDeactivateVc"),
                 ev(kMp, "MiniportCoDeactivateVc"), ev(kClient, "NdisCoDeleteVc"), ev(kCm, "ProtocolCoDeleteVc"),
                 ev(kMp, "MiniportCoDeleteVc")},
                ordered);
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  if (expect_clean) {
    const auto findings = s.findings();
    EXPECT_TRUE(findings.empty()) << Scenario::describe(findings);
  }
}

inline void expect_no_leak(CmDpScenario& s) {
  const LeakReport leaks = s.shutdown();
  EXPECT_TRUE(leaks.empty()) << leaks.to_string();
}

// ---- 3.1 and 3.2 on the client's call --------------------------------------------------------

// The call is made (the CM activates the VC in the miniport), `n` NBLs go each way, the call is
// closed with nothing outstanding. The miniport completes each send inside its send handler
// (`from_timer` false) or all of them from a timer.
inline void send_and_receive(CmDpScenario& s, bool ordered, ULONG n, bool from_timer) {
  s.configure_miniport(miniport_config(from_timer ? DpMpSendsTimer : DpMpSendsAtOnce, DpMpDeactivateSync, 2));
  s.start();
  ASSERT_TRUE(s.ok());
  size_t m = s.mark();
  ASSERT_EQ(s.make_call(), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m),
                {ev(kClient, "NdisCoCreateVc"), ev(kCm, "ProtocolCoCreateVc"), ev(kMp, "MiniportCoCreateVc"),
                 ev(kClient, "NdisClMakeCall"), ev(kCm, "ProtocolCmMakeCall"), ev(kCm, "NdisCmActivateVc"),
                 ev(kMp, "MiniportCoActivateVc")},
                ordered);

  m = s.mark();
  EXPECT_EQ(s.client_send(n), NDIS_STATUS_SUCCESS);
  if (from_timer) {
    Calls expected = repeat({ev(kClient, "NdisCoSendNetBufferLists"), ev(kMp, "MiniportCoSendNetBufferLists")}, n);
    const Calls completion = {ev(kMp, "NdisMCoSendNetBufferListsComplete"),
                              ev(kClient, "ProtocolCoSendNetBufferListsComplete")};
    Calls actual = s.events_since(m);
    if (!ordered) {
      // On real threads the timer may fire between two sends: each firing completes what is
      // queued then, in one completion call to the client.
      const auto completions = std::count(actual.begin(), actual.end(), completion[0]);
      EXPECT_GE(completions, 1);
      expected = concat_calls(expected, repeat(completion, size_t(completions)));
    } else {
      expected = concat_calls(expected, completion);
    }
    expect_events(actual, expected, ordered);
  } else {
    expect_events(s.events_since(m), repeat(send_completed_at_once(kClient), n), ordered);
  }

  m = s.mark();
  const NDIS_HANDLE vc = s.client_contexts().VcHandle;
  EXPECT_EQ(s.indicate(vc, n, 1), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m), receive_returned_at_once(kClient), ordered);

  const DP_STATS c = s.client_stats(), mp = s.miniport_stats(), cm = s.cm_stats();
  EXPECT_EQ(c.Sent, LONG(n));
  EXPECT_EQ(mp.Received, LONG(n));
  EXPECT_EQ(mp.Intact, LONG(n));
  EXPECT_EQ(mp.OutOfOrder, 0);
  EXPECT_EQ(c.Completed, LONG(n));
  EXPECT_EQ(c.Failed, 0);
  EXPECT_EQ(mp.Sent, LONG(n));
  EXPECT_EQ(c.Received, LONG(n));
  EXPECT_EQ(c.Intact, LONG(n));
  EXPECT_EQ(c.OutOfOrder, 0);
  EXPECT_EQ(mp.Completed, LONG(n));  // every indicated NBL came back
  EXPECT_EQ(cm.Received, 0);         // the client's receives never reach the CM
  close_delete_and_check(s, ordered);
  expect_no_leak(s);
}

// 3.2 with receives kept: the client holds `hold` of `n` NBLs and returns them later in one call.
inline void receives_returned_later(CmDpScenario& s, bool ordered, ULONG n, ULONG hold) {
  ASSERT_TRUE(s.start_with_call());
  DP_CLIENT_CONFIG c{};
  c.HoldReceives = hold;
  s.configure_client(c);
  size_t m = s.mark();
  EXPECT_EQ(s.indicate(s.client_contexts().VcHandle, n, 1), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m), receive_returned_at_once(kClient), ordered);  // the n - hold others
  EXPECT_EQ(s.client_stats().Held, LONG(hold));
  EXPECT_EQ(s.miniport_stats().Completed, LONG(n - hold));
  m = s.mark();
  EXPECT_EQ(s.return_held(), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m), {ev(kClient, "NdisReturnNetBufferLists"), ev(kMp, "MiniportReturnNetBufferLists")},
                ordered);
  EXPECT_EQ(s.miniport_stats().Completed, LONG(n));
  EXPECT_EQ(s.client_stats().Intact, LONG(n));
  close_delete_and_check(s, ordered);
  expect_no_leak(s);
}

// 3.3: receives indicated with NDIS_RECEIVE_FLAGS_RESOURCES. The client reads them and returns
// nothing; the miniport owns them again when the indication returns; MiniportReturnNetBufferLists
// never runs. With `client_returns_them` the client returns them anyway: DP-026 for each.
inline void receives_with_resources(CmDpScenario& s, bool ordered, ULONG n, bool client_returns_them) {
  DP_MP_CONFIG mc = miniport_config(DpMpSendsAtOnce);
  mc.IndicateWithResources = TRUE;
  s.configure_miniport(mc);
  ASSERT_TRUE(s.start_with_call());
  DP_CLIENT_CONFIG c{};
  c.ReturnResourcesReceives = client_returns_them;
  s.configure_client(c);
  const size_t m = s.mark();
  EXPECT_EQ(s.indicate(s.client_contexts().VcHandle, n, 1), NDIS_STATUS_SUCCESS);
  Calls expected = {ev(kMp, "NdisMCoIndicateReceiveNetBufferLists"), ev(kClient, "ProtocolCoReceiveNetBufferLists")};
  if (client_returns_them) expected.push_back(ev(kClient, "NdisReturnNetBufferLists"));
  expect_events(s.events_since(m), expected, ordered);
  const DP_STATS cl = s.client_stats(), mp = s.miniport_stats();
  EXPECT_EQ(cl.Received, LONG(n));
  EXPECT_EQ(cl.Intact, LONG(n));
  EXPECT_EQ(mp.Sent, LONG(n));
  EXPECT_EQ(mp.Reclaimed, LONG(n));
  EXPECT_EQ(mp.Completed, 0);  // no MiniportReturnNetBufferLists
  close_delete_and_check(s, ordered, !client_returns_them);
  const auto findings = s.findings();
  EXPECT_EQ(count_rule(findings, "DP-026"), client_returns_them ? n : 0u) << Scenario::describe(findings);
  EXPECT_EQ(findings.size(), client_returns_them ? n : 0u) << Scenario::describe(findings);
  expect_no_leak(s);
}

// ---- 3.1 variant 6 and 3.2 on the CM's signalling VC -------------------------------------------

// The CM creates a VC with a NULL AF handle (only the miniport hears of it), activates it, sends
// `n` signalling messages on it and receives `n`, while the client's call carries `n` each way
// too; each side gets only its own VC's data. Then the CM deactivates and deletes its VC.
inline void signalling_vc(CmDpScenario& s, bool ordered, ULONG n) {
  s.configure_miniport(miniport_config(DpMpSendsAtOnce));
  ASSERT_TRUE(s.start_with_call());
  size_t m = s.mark();
  EXPECT_EQ(s.open_signalling(), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m),
                {ev(kCm, "NdisCoCreateVc"), ev(kMp, "MiniportCoCreateVc"), ev(kCm, "NdisCmActivateVc"),
                 ev(kMp, "MiniportCoActivateVc")},
                ordered);
  const DP_CONTEXTS sig = s.signalling_contexts();
  ASSERT_NE(sig.VcHandle, nullptr);
  EXPECT_NE(sig.VcHandle, s.client_contexts().VcHandle);

  m = s.mark();
  EXPECT_EQ(s.cm_send(n), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m), repeat(send_completed_at_once(kCm), n), ordered);
  m = s.mark();
  EXPECT_EQ(s.client_send(n), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m), repeat(send_completed_at_once(kClient), n), ordered);
  m = s.mark();
  EXPECT_EQ(s.indicate(sig.VcHandle, n, 1), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m), receive_returned_at_once(kCm), ordered);
  m = s.mark();
  EXPECT_EQ(s.indicate(s.client_contexts().VcHandle, n, 1), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m), receive_returned_at_once(kClient), ordered);

  const DP_STATS cm = s.cm_stats(), cl = s.client_stats(), mp = s.miniport_stats();
  EXPECT_EQ(cm.Sent, LONG(n));
  EXPECT_EQ(cm.Completed, LONG(n));
  EXPECT_EQ(cm.Failed, 0);
  EXPECT_EQ(cm.Received, LONG(n));
  EXPECT_EQ(cm.Intact, LONG(n));  // received with the signalling VC's own context
  EXPECT_EQ(cm.OutOfOrder, 0);
  EXPECT_EQ(cl.Received, LONG(n));
  EXPECT_EQ(cl.Intact, LONG(n));
  EXPECT_EQ(cl.OutOfOrder, 0);
  EXPECT_EQ(mp.Received, LONG(2 * n));
  EXPECT_EQ(mp.Intact, LONG(2 * n));
  EXPECT_EQ(mp.OutOfOrder, 0);  // per VC: each sender's sequence arrived in order
  EXPECT_EQ(mp.Completed, LONG(2 * n));

  m = s.mark();
  EXPECT_EQ(s.close_signalling(), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m),
                {ev(kCm, "NdisCmDeactivateVc"), ev(kMp, "MiniportCoDeactivateVc"), ev(kCm, "NdisCoDeleteVc"),
                 ev(kMp, "MiniportCoDeleteVc")},
                ordered);
  close_delete_and_check(s, ordered);
  expect_no_leak(s);
}

// ---- 3.4 requests -------------------------------------------------------------------------------

// Who answers a request, and how.
struct RqCase {
  DP_RQ_HANDLER target = DpRqCallManager;  // DpRqClient: the CM asks the client (variant 6)
  bool pended = false;                     // completed from a timer
  bool on_vc = true;
  NDIS_STATUS status = NDIS_STATUS_SUCCESS;
};

// One request on the call's VC (or not), answered at once or pended and completed with the
// target's completion function (the CM: NdisCoOidRequestComplete; the miniport:
// NdisMCoOidRequestComplete; the client: NdisCoOidRequestComplete). Checks each handler's
// contexts, the requester's completion contexts (NULL AF context from the miniport, OQ-V23), the
// answer in the requester's buffer, the events and a clean end.
inline void request_sequence(CmDpScenario& s, bool ordered, const RqCase& c) {
  ASSERT_TRUE(s.start_with_call());
  DP_RQ_BEHAVIOR b{};
  b.Answer = c.pended ? DpRqTimer : DpRqSync;
  b.DelayMs = 2;
  b.Status = c.status;
  s.configure_request(c.target, b);
  const NDIS_OID oid = c.on_vc ? kVcOid : kGlobalOid;
  const DP_RQ_HANDLER requester = c.target == DpRqClient ? DpRqCallManager : DpRqClient;
  const char* requester_name = c.target == DpRqClient ? kCm : kClient;
  const char* target_name = c.target == DpRqClient ? kClient : c.target == DpRqMiniport ? kMp : kCm;
  const char* handler = c.target == DpRqMiniport ? "MiniportCoOidRequest" : "ProtocolCoOidRequest";
  const char* completion = c.target == DpRqMiniport ? "NdisMCoOidRequestComplete" : "NdisCoOidRequestComplete";

  const size_t m = s.mark();
  const NDIS_STATUS returned = c.target == DpRqClient
                                   ? s.cm_request(c.on_vc, oid, DP_RQ_ANSWER_LENGTH)
                                   : s.client_request(c.target == DpRqMiniport ? DpRqToMiniport : DpRqToCallManager,
                                                      c.on_vc, oid, DP_RQ_ANSWER_LENGTH);
  EXPECT_EQ(returned, c.pended ? NDIS_STATUS_PENDING : c.status);
  Calls expected = {ev(requester_name, "NdisCoOidRequest"), ev(target_name, handler, returned)};
  if (c.pended) {
    expected.push_back(ev(target_name, completion));
    expected.push_back(ev(requester_name, "ProtocolCoOidRequestComplete"));  // the status: in the records
  }
  expect_events(s.events_since(m), expected, ordered);

  const DP_CONTEXTS cl = s.client_contexts(), cm = s.cm_contexts(), mp = s.miniport_contexts();
  const NDIS_HANDLE mp_vc = c.on_vc ? s.miniport_vc_context(cl.VcHandle) : nullptr;
  NDIS_HANDLE handler_af = cm.AfContext, handler_vc = c.on_vc ? cm.VcContext : nullptr;
  NDIS_HANDLE completion_af = cl.AfContext, completion_vc = c.on_vc ? cl.VcContext : nullptr;
  if (c.target == DpRqMiniport) {
    handler_af = mp.AdapterContext;
    handler_vc = mp_vc;
    completion_af = nullptr;
  } else if (c.target == DpRqClient) {
    std::swap(handler_af, completion_af);
    std::swap(handler_vc, completion_vc);
  }
  const auto handled = s.handled(c.target);
  const auto issued = s.issued(requester);
  ASSERT_EQ(handled.size(), 1u);
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(handled[0].AfContext, handler_af);
  EXPECT_EQ(handled[0].VcContext, handler_vc);
  EXPECT_EQ(handled[0].PartyContext, nullptr);
  EXPECT_EQ(handled[0].Request, issued[0].Request);  // the requester's own structure
  EXPECT_EQ(handled[0].Oid, oid);
  EXPECT_EQ(issued[0].Completions, c.pended ? 1 : 0);
  if (c.pended) {
    EXPECT_EQ(issued[0].Completion.AfContext, completion_af);
    EXPECT_EQ(issued[0].Completion.VcContext, completion_vc);
    EXPECT_EQ(issued[0].Completion.Request, issued[0].Request);
  }
  EXPECT_EQ(issued[0].Final, c.status);
  if (c.status == NDIS_STATUS_SUCCESS) {
    EXPECT_EQ(issued[0].BytesWritten, DP_RQ_ANSWER_LENGTH);
    EXPECT_EQ(issued[0].AnsweredBy, DP_RQ_WHO(c.target));
    EXPECT_EQ(issued[0].AnsweredOid, oid);
  }
  close_delete_and_check(s, ordered);
  expect_no_leak(s);
}

// ---- 3.5 status indications ------------------------------------------------------------------------

// The miniport indicates status on the client's call VC: both protocols sharing it get it, each
// with its own binding and VC context (client: ProtocolVcContext; CM: CallMgrVcContext). On the
// signalling VC only the CM gets it. Adapter-wide: both, with a NULL VC context.
inline void status_sequence(CmDpScenario& s, bool ordered) {
  ASSERT_TRUE(s.start_with_call());
  EXPECT_EQ(s.open_signalling(), NDIS_STATUS_SUCCESS);
  const DP_CONTEXTS cl = s.client_contexts(), cm = s.cm_contexts(), sig = s.signalling_contexts(),
                    mp = s.miniport_contexts();
  size_t m = s.mark();
  s.indicate_status(cl.VcHandle, NDIS_STATUS_MEDIA_SPECIFIC_INDICATION, 0x5eed0001u);
  // One binding at a time: which one first is not specified.
  expect_events(s.events_since(m),
                {ev(kMp, "NdisMCoIndicateStatusEx"), ev(kClient, "ProtocolCoStatusEx"), ev(kCm, "ProtocolCoStatusEx")},
                false);
  EXPECT_EQ(s.events_since(m).front(), ev(kMp, "NdisMCoIndicateStatusEx"));
  m = s.mark();
  s.indicate_status(sig.VcHandle, NDIS_STATUS_MEDIA_SPECIFIC_INDICATION, 0x5eed0002u);
  expect_events(s.events_since(m), {ev(kMp, "NdisMCoIndicateStatusEx"), ev(kCm, "ProtocolCoStatusEx")}, ordered);
  m = s.mark();
  s.indicate_status(nullptr, NDIS_STATUS_MEDIA_CONNECT, 0);
  expect_events(s.events_since(m),
                {ev(kMp, "NdisMCoIndicateStatusEx"), ev(kClient, "ProtocolCoStatusEx"), ev(kCm, "ProtocolCoStatusEx")},
                false);

  const auto client_seen = s.statuses(DpRqClient);
  const auto cm_seen = s.statuses(DpRqCallManager);
  ASSERT_EQ(client_seen.size(), 2u);
  ASSERT_EQ(cm_seen.size(), 3u);
  for (const auto& r : client_seen) {
    EXPECT_EQ(r.BindingContext, cl.BindingContext);
    EXPECT_EQ(r.SourceHandle, mp.AdapterHandle);
  }
  for (const auto& r : cm_seen) {
    EXPECT_EQ(r.BindingContext, cm.BindingContext);
    EXPECT_EQ(r.SourceHandle, mp.AdapterHandle);
  }
  EXPECT_EQ(client_seen[0].VcContext, cl.VcContext);
  EXPECT_EQ(client_seen[0].StatusCode, NDIS_STATUS_MEDIA_SPECIFIC_INDICATION);
  EXPECT_EQ(client_seen[0].StatusBufferSize, sizeof(ULONG));
  EXPECT_EQ(client_seen[0].Value, 0x5eed0001u);
  EXPECT_EQ(client_seen[1].VcContext, nullptr);
  EXPECT_EQ(client_seen[1].StatusCode, NDIS_STATUS_MEDIA_CONNECT);
  EXPECT_EQ(client_seen[1].StatusBufferSize, 0u);
  EXPECT_EQ(cm_seen[0].VcContext, cm.VcContext);
  EXPECT_EQ(cm_seen[0].Value, 0x5eed0001u);
  EXPECT_EQ(cm_seen[1].VcContext, sig.VcContext);
  EXPECT_EQ(cm_seen[1].Value, 0x5eed0002u);
  EXPECT_EQ(cm_seen[2].VcContext, nullptr);
  EXPECT_EQ(cm_seen[2].StatusCode, NDIS_STATUS_MEDIA_CONNECT);
  EXPECT_EQ(s.close_signalling(), NDIS_STATUS_SUCCESS);
  close_delete_and_check(s, ordered);
  expect_no_leak(s);
}

// ---- 3.6 deactivation with sends and receives outstanding ---------------------------------------

// The miniport holds three of the client's sends and the client holds two indicated NBLs when
// the CM releases the call (NdisCmDeactivateVc). A careful miniport (`early` false) pends the
// deactivation; a send meanwhile is refused with VC_NOT_ACTIVATED without reaching it (no
// finding: the client did not start the close); it completes its queue, gets the two NBLs back,
// and only then completes the deactivation; the CM then tells the client (incoming close), which
// closes the call. A careless one (`early`) completes the deactivation at once: VC-011 and CM-047;
// its later send completion is VC-012, the client's late return is still accepted.
inline void deactivation_with_data_outstanding(CmDpScenario& s, bool ordered, bool early) {
  s.configure_miniport(miniport_config(DpMpSendsHeld, early ? DpMpDeactivateAtOnce : DpMpDeactivateWhenQuiet));
  ASSERT_TRUE(s.start_with_call());
  DP_CLIENT_CONFIG c{};
  c.HoldReceives = 2;
  s.configure_client(c);
  EXPECT_EQ(s.client_send(3), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.indicate(s.client_contexts().VcHandle, 2, 1), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.miniport_stats().Received, 3);
  EXPECT_EQ(s.client_stats().Completed, 0);
  EXPECT_EQ(s.client_stats().Held, 2);

  // Steps 1-2 (and step 7's early completion).
  size_t m = s.mark();
  EXPECT_EQ(s.release_call(), NDIS_STATUS_PENDING);
  const Calls completion = {ev(kMp, "NdisMCoDeactivateVcComplete"), ev(kCm, "ProtocolCmDeactivateVcComplete"),
                            ev(kCm, "NdisCmDispatchIncomingCloseCall"), ev(kClient, "ProtocolClIncomingCloseCall")};
  Calls expected = {ev(kCm, "NdisCmDeactivateVc"), ev(kMp, "MiniportCoDeactivateVc", NDIS_STATUS_PENDING)};
  if (early) expected.insert(expected.end(), completion.begin(), completion.end());
  expect_events(s.events_since(m), expected, ordered);
  if (early) {
    const auto findings = s.findings();
    EXPECT_EQ(count_rule(findings, "VC-011"), 1u) << Scenario::describe(findings);
    EXPECT_EQ(count_rule(findings, "CM-047"), 1u) << Scenario::describe(findings);
  }

  if (!early) {
    // Step 3: a send while deactivating never reaches the miniport.
    m = s.mark();
    EXPECT_EQ(s.client_send(1), NDIS_STATUS_SUCCESS);
    expect_events(s.events_since(m),
                  {ev(kClient, "NdisCoSendNetBufferLists"), ev(kClient, "ProtocolCoSendNetBufferListsComplete")}, ordered);
    EXPECT_EQ(s.client_stats().Failed, 1);
    EXPECT_EQ(s.miniport_stats().Received, 3);
  }

  // Step 4: the miniport completes its queue.
  m = s.mark();
  EXPECT_EQ(s.complete_sends(NDIS_STATUS_SUCCESS, 1), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m),
                {ev(kMp, "NdisMCoSendNetBufferListsComplete"), ev(kClient, "ProtocolCoSendNetBufferListsComplete")},
                ordered);
  EXPECT_EQ(s.client_stats().Completed, early ? 3 : 4);

  // Steps 5-6: the client returns the two NBLs; the deactivation completes (careful miniport).
  m = s.mark();
  EXPECT_EQ(s.return_held(), NDIS_STATUS_SUCCESS);
  expected = {ev(kClient, "NdisReturnNetBufferLists"), ev(kMp, "MiniportReturnNetBufferLists")};
  if (!early) expected.insert(expected.end(), completion.begin(), completion.end());
  expect_events(s.events_since(m), expected, ordered);
  EXPECT_EQ(s.miniport_stats().Completed, 2);

  // The close-call sequence continues: the VC is already inactive, the CM answers at once.
  m = s.mark();
  EXPECT_EQ(s.close_call(), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.delete_vc(), NDIS_STATUS_SUCCESS);
  expect_events(s.events_since(m),
                {ev(kClient, "NdisClCloseCall"), ev(kCm, "ProtocolCmCloseCall"), ev(kClient, "NdisCoDeleteVc"),
                 ev(kCm, "ProtocolCoDeleteVc"), ev(kMp, "MiniportCoDeleteVc")},
                ordered);
  EXPECT_EQ(s.close_af(), NDIS_STATUS_SUCCESS);
  const auto findings = s.findings();
  if (early) {
    EXPECT_EQ(count_rule(findings, "VC-011"), 1u) << Scenario::describe(findings);
    EXPECT_EQ(count_rule(findings, "CM-047"), 1u) << Scenario::describe(findings);
    EXPECT_EQ(count_rule(findings, "VC-012"), 1u) << Scenario::describe(findings);
    EXPECT_EQ(findings.size(), 3u) << Scenario::describe(findings);
  } else {
    EXPECT_TRUE(findings.empty()) << Scenario::describe(findings);
  }
  expect_no_leak(s);
}

}  // namespace condis::e2e::cmdp
