// One sequence per call-management.md section (3.6, 3.8, 3.9, 3.10, 3.11), parameterised by the
// kind of call manager, and the overlap cases of docs/decisions.md (OQ-21, OQ-23, an incoming
// call against its SAP's deregistration, a notify-close with calls up). Each asserts the
// callback sequence of the client and the call manager, the statuses the requests returned, the
// findings (none, or exactly the documented one), and a clean teardown.
#pragma once

#include "e2e/support/call_events.hpp"

namespace condis::e2e::events {

// "Name" for SUCCESS, "Name=STATUS" otherwise.
inline std::string st(const std::string& name, NDIS_STATUS status) {
  return status == NDIS_STATUS_SUCCESS ? name : failed(name, status);
}

// ---- 3.6 incoming call, ended by the client (3.7) or the remote side (3.8) --------------------

struct IncomingOptions {
  TD_BEHAVIOR answer = sync();  // t_client: ProtocolClIncomingCall (Status: accept or reject)
  Answers cm;
  bool remote_close = false;    // the call ends by a remote close instead of the client's
  NDIS_STATUS remote_status = NDIS_STATUS_SUCCESS;
};

inline void incoming_call_sequence(Scenario& s, bool ordered, Kind kind, const IncomingOptions& o) {
  s.client().set(TdOpIncomingCall, o.answer);
  configure(s, kind, o.cm);
  start_with_sap(s);
  if (::testing::Test::HasFatalFailure()) return;
  const bool accepted = o.answer.Status == NDIS_STATUS_SUCCESS;
  const bool answer_pends = cm::pends(o.answer);
  size_t cm0 = s.cm().calls().size(), cl0 = s.client().calls().size();

  EXPECT_EQ(incoming_call(s), NDIS_STATUS_SUCCESS);
  NDIS_HANDLE vc = cm_vc(s, 0);
  ASSERT_NE(vc, nullptr);
  Calls cm = concat({{create_vc_fn(kind)}, cm_activation(kind, o.cm)});
  Calls client = {"ProtocolCoCreateVc"};
  if (answer_pends) {
    cm::append(cm, {pending(ndis_cm(kind, "DispatchIncomingCall")), st("ProtocolCmIncomingCallComplete", o.answer.Status)});
    cm::append(client, {pending("ProtocolClIncomingCall"), st("NdisClIncomingCallComplete", o.answer.Status)});
  } else {
    cm.push_back(st(ndis_cm(kind, "DispatchIncomingCall"), o.answer.Status));
    client.push_back(st("ProtocolClIncomingCall", o.answer.Status));
  }
  if (accepted) {
    cm.push_back(ndis_cm(kind, "DispatchCallConnected"));
    client.push_back("ProtocolClCallConnected");
  } else {
    // [CM 3.6] step 8: the (M)CM deactivates and deletes its VC; the client hears of it.
    cm::append(cm, concat({cm_deactivation(kind, o.cm), {delete_vc_fn(kind)}}));
    client.push_back("ProtocolCoDeleteVc");
  }
  expect_calls(s.cm().calls_since(cm0), cm, ordered);
  expect_calls(s.client().calls_since(cl0), client, ordered);

  if (accepted) {
    EXPECT_EQ(client_vc(s, kIncomingSlot), vc) << "the client keeps the VC in its incoming slot";
    cm0 = s.cm().calls().size();
    cl0 = s.client().calls().size();
    if (o.remote_close) {
      EXPECT_EQ(remote_close(s, vc, o.remote_status), NDIS_STATUS_SUCCESS);
      cm = {st(ndis_cm(kind, "DispatchIncomingCloseCall"), o.remote_status)};
      client = {st("ProtocolClIncomingCloseCall", o.remote_status)};
    } else {
      EXPECT_EQ(s.close_call(kIncomingSlot), close_pends(kind, o.cm) ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
      cm.clear();
      client.clear();
    }
    // [CM 3.8] step 5 / 3.7 step 5: the (M)CM created the VC, so it deletes it after the close.
    cm::append(cm, concat({cm_close(kind, o.cm), {delete_vc_fn(kind)}}));
    cm::append(client, concat({client_close(kind, o.cm), {"ProtocolCoDeleteVc"}}));
    expect_calls(s.cm().calls_since(cm0), cm, ordered);
    expect_calls(s.client().calls_since(cl0), client, ordered);
  }
  EXPECT_EQ(client_vc(s, kIncomingSlot), nullptr) << "the VC is gone";
  if (!is_mcm(kind)) {
    EXPECT_TRUE(s.miniport().saw("MiniportCoDeleteVc"));
  }
  finish(s, true);
}

// ---- 3.8 remote close of an outgoing call -----------------------------------------------------

// The client made the call; the remote side closes it. The client answers with NdisClCloseCall
// and then deletes its VC (CM-078 requires that after a failure status).
inline void remote_close_of_outgoing_call(Scenario& s, bool ordered, Kind kind, const Answers& a,
                                          NDIS_STATUS close_status) {
  configure(s, kind, a);
  s.start();
  ASSERT_TRUE(s.ok());
  outgoing_call_up(s);
  if (::testing::Test::HasFatalFailure()) return;
  const size_t cm0 = s.cm().calls().size(), cl0 = s.client().calls().size();
  EXPECT_EQ(remote_close(s, client_vc(s, 0), close_status), NDIS_STATUS_SUCCESS);
  expect_calls(s.cm().calls_since(cm0),
               concat({{st(ndis_cm(kind, "DispatchIncomingCloseCall"), close_status)}, cm_close(kind, a),
                       {"ProtocolCoDeleteVc"}}),
               ordered);
  expect_calls(s.client().calls_since(cl0),
               concat({{st("ProtocolClIncomingCloseCall", close_status)}, client_close(kind, a), {"NdisCoDeleteVc"}}),
               ordered);
  EXPECT_EQ(client_vc(s, 0), nullptr);
  finish(s, false);
}

// ---- 3.9 parties --------------------------------------------------------------------------------

struct PartyOptions {
  TD_BEHAVIOR add = sync();   // (M)CM: ProtocolCmAddParty
  TD_BEHAVIOR drop = sync();  // (M)CM: ProtocolCmDropParty
  bool remote_drop = false;   // the remote side drops the added party
  Answers cm;
};

// A multipoint call with its first party; a second party is added, then dropped (by the client,
// or by the remote side and then the client); the call is closed with the first party.
inline void party_sequence(Scenario& s, bool ordered, Kind kind, const PartyOptions& o) {
  s.cm().set(TdOpAddParty, o.add);
  s.cm().set(TdOpDropParty, o.drop);
  configure(s, kind, o.cm);
  s.start();
  ASSERT_TRUE(s.ok());
  outgoing_call_up(s, TD_CALL_MULTIPOINT);
  if (::testing::Test::HasFatalFailure()) return;
  const size_t cm0 = s.cm().calls().size(), cl0 = s.client().calls().size();
  const bool added = o.add.Status == NDIS_STATUS_SUCCESS;

  EXPECT_EQ(add_party(s, 0, 1), cm::pends(o.add) ? NDIS_STATUS_PENDING : o.add.Status);
  Calls cm, client;
  if (cm::pends(o.add)) {
    cm = {pending("ProtocolCmAddParty"), st(ndis_cm(kind, "AddPartyComplete"), o.add.Status)};
    client = {pending("NdisClAddParty"), st("ProtocolClAddPartyComplete", o.add.Status)};
  } else {
    cm = {st("ProtocolCmAddParty", o.add.Status)};
    client = {st("NdisClAddParty", o.add.Status)};
  }
  if (added) {
    EXPECT_NE(client_party(s, 0, 1), nullptr);
    if (o.remote_drop) {
      EXPECT_EQ(remote_drop(s, client_party(s, 0, 1)), NDIS_STATUS_SUCCESS);
      cm.push_back(ndis_cm(kind, "DispatchIncomingDropParty"));
      client.push_back("ProtocolClIncomingDropParty");
    } else {
      EXPECT_EQ(drop_party(s, 0, 1), cm::pends(o.drop) ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
    }
    if (cm::pends(o.drop)) {
      cm::append(cm, {pending("ProtocolCmDropParty"), ndis_cm(kind, "DropPartyComplete")});
      cm::append(client, {pending("NdisClDropParty"), "ProtocolClDropPartyComplete"});
    } else {
      cm.push_back("ProtocolCmDropParty");
      client.push_back("NdisClDropParty");
    }
  }
  expect_calls(s.cm().calls_since(cm0), cm, ordered);
  expect_calls(s.client().calls_since(cl0), client, ordered);
  EXPECT_EQ(client_party(s, 0, 1), nullptr) << "the added party's handle is released";

  EXPECT_EQ(s.close_call(0), close_pends(kind, o.cm) ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  if (close_pends(kind, o.cm)) {
    EXPECT_EQ(s.client().flags_of("ProtocolClCloseCallComplete"), 1u) << "the close completes for the last party";
  }
  EXPECT_EQ(s.delete_vc(0), NDIS_STATUS_SUCCESS);
  finish(s, false);
}

// ---- 3.10 QoS -----------------------------------------------------------------------------------

struct QoSOptions {
  TD_BEHAVIOR modify = sync();  // (M)CM: ProtocolCmModifyCallQoS
  bool remote = false;          // the network changes the QoS instead of the client
  bool incoming = false;        // on an incoming call (the (M)CM's VC) instead of an outgoing one
  Answers cm;
};

inline void qos_sequence(Scenario& s, bool ordered, Kind kind, const QoSOptions& o) {
  s.cm().set(TdOpModifyQoS, o.modify);
  Answers setup = o.cm;
  setup.activate = sync();  // the call comes up at once; o.cm.activate applies to the QoS change
  configure(s, kind, setup);
  ULONG slot = 0;
  if (o.incoming) {
    start_with_sap(s);
    if (::testing::Test::HasFatalFailure()) return;
    EXPECT_EQ(incoming_call(s), NDIS_STATUS_SUCCESS);
    slot = kIncomingSlot;
  } else {
    s.start();
    ASSERT_TRUE(s.ok());
    outgoing_call_up(s);
  }
  if (::testing::Test::HasFatalFailure()) return;
  NDIS_HANDLE vc = client_vc(s, slot);
  ASSERT_NE(vc, nullptr);
  if (!is_mcm(kind)) s.miniport().set(TdOpActivateVc, o.cm.activate);
  const size_t cm0 = s.cm().calls().size(), cl0 = s.client().calls().size();
  Calls cm, client;
  if (o.remote) {
    // [CM 3.10] remote: reactivate first, dispatch only after that succeeded (CM-093).
    EXPECT_EQ(remote_qos_change(s, vc), NDIS_STATUS_SUCCESS);
    cm = concat({cm_activation(kind, o.cm), {ndis_cm(kind, "DispatchIncomingCallQoSChange")}});
    client = {"ProtocolClIncomingCallQoSChange"};
  } else {
    const NDIS_STATUS status = o.modify.Status;
    const bool accepted = status == NDIS_STATUS_SUCCESS;
    const bool activation_pends = !is_mcm(kind) && accepted && cm::pends(o.cm.activate);
    const bool request_pends = cm::pends(o.modify) || activation_pends;
    EXPECT_EQ(modify_qos(s, slot), request_pends ? NDIS_STATUS_PENDING : status);
    const std::string complete = st(ndis_cm(kind, "ModifyCallQoSComplete"), status);
    if (cm::pends(o.modify)) {
      cm = {pending("ProtocolCmModifyCallQoS")};
      if (accepted) cm::append(cm, cm_activation(kind, o.cm));
      cm.push_back(complete);
    } else if (activation_pends) {
      cm = {pending("NdisCmActivateVc"), pending("ProtocolCmModifyCallQoS"), "ProtocolCmActivateVcComplete", complete};
    } else {
      if (accepted) cm = cm_activation(kind, o.cm);
      cm.push_back(st("ProtocolCmModifyCallQoS", status));
    }
    client = request_pends ? Calls{pending("NdisClModifyCallQoS"), st("ProtocolClModifyCallQoSComplete", status)}
                           : Calls{st("NdisClModifyCallQoS", status)};
  }
  expect_calls(s.cm().calls_since(cm0), cm, ordered);
  expect_calls(s.client().calls_since(cl0), client, ordered);

  EXPECT_EQ(s.close_call(slot), close_pends(kind, o.cm) ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);
  if (o.incoming) {
    EXPECT_EQ(client_vc(s, slot), nullptr) << "the call manager deleted its VC";
  } else {
    EXPECT_EQ(s.delete_vc(slot), NDIS_STATUS_SUCCESS);
  }
  finish(s, o.incoming);
}

// ---- 3.11 notify-close --------------------------------------------------------------------------

struct NotifyOptions {
  TD_BEHAVIOR notify = pend_timer(1);  // t_client: ProtocolClNotifyCloseAf
  bool calls = true;                   // an outgoing and an incoming call are up
  Answers cm;
};

// The (M)CM asks the client to close its AF while calls are up; the client closes both calls,
// deletes its VC, waits for the (M)CM to delete its own, deregisters the SAP and closes the AF,
// then completes the notification.
inline void notify_close_sequence(Scenario& s, bool ordered, Kind kind, const NotifyOptions& o) {
  s.client().set(TdOpNotifyCloseAf, o.notify);
  configure(s, kind, o.cm);
  start_with_sap(s);
  if (::testing::Test::HasFatalFailure()) return;
  if (o.calls) {
    outgoing_call_up(s);
    EXPECT_EQ(incoming_call(s), NDIS_STATUS_SUCCESS);
  }
  if (::testing::Test::HasFatalFailure()) return;
  const size_t cm0 = s.cm().calls().size(), cl0 = s.client().calls().size();
  // A synchronous answer finishes inline only if nothing has to wait for a completion: the
  // (M)CM deletes its VC from a timer after the close.
  const bool notify_pends = cm::pends(o.notify) || o.calls || close_pends(kind, o.cm);
  const NDIS_STATUS status = notify_close_af(s);
  EXPECT_EQ(status, notify_pends ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS);

  Calls client = {cm::pends(o.notify) ? pending("ProtocolClNotifyCloseAf") : "ProtocolClNotifyCloseAf"};
  Calls cm = {st(ndis_cm(kind, "NotifyCloseAddressFamily"), status), "ProtocolCmDeregisterSap", "ProtocolCmCloseAf"};
  if (!cm::pends(o.notify) && notify_pends) client.push_back(pending("ProtocolClNotifyCloseAf:pended"));
  if (o.calls) {
    cm::append(client, concat({client_close(kind, o.cm), {"NdisCoDeleteVc"}, client_close(kind, o.cm),
                               {"ProtocolCoDeleteVc"}}));
    cm::append(cm, concat({cm_close(kind, o.cm), {"ProtocolCoDeleteVc"}, cm_close(kind, o.cm), {delete_vc_fn(kind)}}));
  }
  cm::append(client, {"NdisClDeregisterSap", "NdisClCloseAddressFamily"});
  if (notify_pends) {
    client.push_back("NdisClNotifyCloseAddressFamilyComplete");
    cm.push_back("ProtocolCmNotifyCloseAfComplete");
  }
  // The steps of the two calls interleave as their completions come: compared as multisets.
  (void)ordered;
  expect_calls(s.client().calls_since(cl0), client, false);
  expect_calls(s.cm().calls_since(cm0), cm, false);
  EXPECT_EQ(client_vc(s, 0), nullptr);
  EXPECT_EQ(client_vc(s, kIncomingSlot), nullptr);
  expect_clean_end(s);
}

// ---- Overlaps (docs/decisions.md) ---------------------------------------------------------------

// OQ-21: the remote side closes while the client's own close is pending. Orders: the remote close
// arrives first (the client answers it, and its own close request finds the call closing), or
// during the client's pending close (informative: the client does not close twice), or after the
// close completed (the (M)CM no longer dispatches it). Always one close, no finding.
inline void remote_close_while_local_close_pending(Scenario& s, bool ordered, Kind kind) {
  (void)ordered;
  Answers a;
  a.close = pend_timer(0);  // the close's completion races the remote close too
  configure(s, kind, a);
  s.start();
  ASSERT_TRUE(s.ok());
  outgoing_call_up(s);
  if (::testing::Test::HasFatalFailure()) return;
  NDIS_HANDLE vc = client_vc(s, 0);
  const size_t cl0 = s.client().calls().size();
  NDIS_STATUS local = INT_MIN;
  post(s, [&] { local = s.client().symbol<TD_CLIENT_VC_ACTION>("TdClientCloseCall")(0); });
  post(s, [&] { (void)s.cm().symbol<TD_CM_VC_EVENT>("TdCmIncomingCloseCall")(vc, NDIS_STATUS_SUCCESS); });
  run(s);
  const Calls client = s.client().calls_since(cl0);
  // The client's own request returns PENDING, or finds the call closing (it answered the remote
  // close first), or finds it gone (the remote close was answered, completed and the VC deleted).
  EXPECT_TRUE(local == NDIS_STATUS_PENDING || local == NDIS_STATUS_CLOSING || local == NDIS_STATUS_INVALID_PARAMETER)
      << status_name(local);
  EXPECT_EQ(count(client, pending("NdisClCloseCall")), 1u) << "one close";
  EXPECT_EQ(count(client, "ProtocolClCloseCallComplete"), 1u);
  const bool remote = count(client, "ProtocolClIncomingCloseCall") == 1;
  EXPECT_EQ(remote, s.cm().saw(ndis_cm(kind, "DispatchIncomingCloseCall")));
  if (local != NDIS_STATUS_PENDING) {
    EXPECT_TRUE(remote) << "only a remote close makes the client's own close redundant";
  }
  EXPECT_TRUE(s.findings().empty()) << Scenario::describe(s.findings());
  if (remote) {
    EXPECT_EQ(client_vc(s, 0), nullptr) << "after a remote close the client deleted its VC";
  } else {
    EXPECT_TRUE(s.cm().saw("IncomingCloseNotDispatched"));
    EXPECT_EQ(s.delete_vc(0), NDIS_STATUS_SUCCESS);
  }
  finish(s, false);
}

// OQ-23: a drop of a party whose add is still pending is refused (CM-080, FAILURE); a drop after
// the add completed goes through. Either way the party ends up dropped once.
inline void drop_while_add_pending(Scenario& s, bool ordered, Kind kind) {
  (void)ordered;
  (void)kind;  // the same for both kinds: the drop is refused by NDIS, never by the call manager
  s.cm().set(TdOpAddParty, pend_timer(0));  // the add's completion races the drop
  s.start();
  ASSERT_TRUE(s.ok());
  outgoing_call_up(s, TD_CALL_MULTIPOINT);
  if (::testing::Test::HasFatalFailure()) return;
  NDIS_STATUS add = INT_MIN, drop = INT_MIN;
  post(s, [&] {
    add = s.client().symbol<TD_CLIENT_PARTY_ACTION>("TdClientAddParty")(0, 1);
    post(s, [&] { drop = s.client().symbol<TD_CLIENT_PARTY_ACTION>("TdClientDropParty")(0, 1); });
  });
  run(s);
  EXPECT_EQ(add, NDIS_STATUS_PENDING);
  EXPECT_TRUE(s.client().saw("ProtocolClAddPartyComplete"));
  if (drop == NDIS_STATUS_FAILURE) {
    expect_rule(s.findings(), "CM-080", 1);
    EXPECT_FALSE(s.cm().saw("ProtocolCmDropParty")) << "a refused drop never reaches the call manager";
    s.rt().clear_findings();
    EXPECT_EQ(drop_party(s, 0, 1), NDIS_STATUS_SUCCESS);
  } else {
    EXPECT_EQ(drop, NDIS_STATUS_SUCCESS);
    EXPECT_TRUE(s.findings().empty()) << Scenario::describe(s.findings());
  }
  EXPECT_EQ(count(s.cm().calls(), "ProtocolCmDropParty"), 1u);
  EXPECT_EQ(client_party(s, 0, 1), nullptr);
  EXPECT_EQ(s.close_call(0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.delete_vc(0), NDIS_STATUS_SUCCESS);
  finish(s, false);
}

// An incoming call against its SAP's deregistration: the SAP's state at the dispatch decides.
// Offered before the deregistration: the call lives on (CM-106) and is closed normally. After
// ProtocolCmDeregisterSap: the (M)CM offers nothing. In between (NDIS marked the SAP
// deregistering, the (M)CM did not know yet): refused with CM-060, the (M)CM deletes its VC.
inline void incoming_call_while_sap_deregistering(Scenario& s, bool ordered, Kind kind) {
  (void)ordered;
  s.cm().set(TdOpDeregisterSap, pend_timer(0));
  start_with_sap(s);
  if (::testing::Test::HasFatalFailure()) return;
  NDIS_STATUS dereg = INT_MIN;
  post(s, [&] { dereg = s.client().symbol<TD_CLIENT_ACTION>("TdClientDeregisterSap")(); });
  post(s, [&] { (void)s.cm().symbol<TD_CM_INCOMING_CALL>("TdCmIncomingCall")(); });
  run(s);
  EXPECT_EQ(dereg, NDIS_STATUS_PENDING);
  EXPECT_TRUE(s.client().saw("ProtocolClDeregisterSapComplete"));
  const std::string dispatch = ndis_cm(kind, "DispatchIncomingCall");
  if (s.client().saw("ProtocolClIncomingCall")) {
    EXPECT_TRUE(s.cm().saw(dispatch));
    EXPECT_TRUE(s.client().saw("ProtocolClCallConnected"));
    EXPECT_TRUE(s.findings().empty()) << Scenario::describe(s.findings());
    EXPECT_EQ(s.close_call(kIncomingSlot), NDIS_STATUS_SUCCESS);
  } else if (s.cm().saw(failed(dispatch, NDIS_STATUS_FAILURE))) {
    expect_rule(s.findings(), "CM-060", 1);
    s.rt().clear_findings();
  } else {
    EXPECT_TRUE(s.cm().saw(failed("IncomingCallNotOffered", NDIS_STATUS_FAILURE))) << ::testing::PrintToString(s.cm().calls());
    EXPECT_TRUE(s.findings().empty()) << Scenario::describe(s.findings());
  }
  EXPECT_EQ(client_vc(s, kIncomingSlot), nullptr);
  finish(s, false);
}

// Close-AF with calls up: the (M)CM notifies while the client closes its outgoing call and the
// remote side closes the incoming one. In every order the client's teardown closes what is left
// exactly once, the AF closes, the notification completes, and nothing is reported.
inline void notify_close_with_calls_closing(Scenario& s, bool ordered, Kind kind) {
  (void)ordered;
  Answers a;
  a.close = pend_timer(0);
  configure(s, kind, a);
  s.client().set(TdOpNotifyCloseAf, pend_timer(0));
  start_with_sap(s);
  if (::testing::Test::HasFatalFailure()) return;
  outgoing_call_up(s);
  EXPECT_EQ(incoming_call(s), NDIS_STATUS_SUCCESS);
  NDIS_HANDLE incoming = cm_vc(s, 0);
  ASSERT_NE(incoming, nullptr);
  const size_t cl0 = s.client().calls().size();
  NDIS_STATUS notify = INT_MIN;
  post(s, [&] { notify = s.cm().symbol<TD_CM_ACTION>("TdCmNotifyCloseAf")(); });
  post(s, [&] { (void)s.client().symbol<TD_CLIENT_VC_ACTION>("TdClientCloseCall")(0); });
  post(s, [&] { (void)s.cm().symbol<TD_CM_VC_EVENT>("TdCmIncomingCloseCall")(incoming, NDIS_STATUS_SUCCESS); });
  run(s);
  EXPECT_EQ(notify, NDIS_STATUS_PENDING);
  const Calls client = s.client().calls_since(cl0);
  EXPECT_EQ(count(client, pending("NdisClCloseCall")), 2u) << "each call closed once";
  EXPECT_EQ(count(client, "ProtocolClCloseCallComplete"), 2u);
  EXPECT_EQ(count(client, "NdisCoDeleteVc"), 1u);
  EXPECT_EQ(count(client, "ProtocolCoDeleteVc"), 1u);
  EXPECT_EQ(count(client, "NdisClCloseAddressFamily"), 1u);
  EXPECT_EQ(count(client, "NdisClNotifyCloseAddressFamilyComplete"), 1u);
  EXPECT_TRUE(s.cm().saw("ProtocolCmNotifyCloseAfComplete"));
  EXPECT_TRUE(s.findings().empty()) << Scenario::describe(s.findings());
  EXPECT_EQ(client_vc(s, 0), nullptr);
  EXPECT_EQ(client_vc(s, kIncomingSlot), nullptr);
  expect_clean_end(s);
}

}  // namespace condis::e2e::events
