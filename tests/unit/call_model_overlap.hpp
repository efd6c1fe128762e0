// Overlapping call-management operations, driven through the scheduler: the client's requests,
// the (M)CM's completions and its remote events are tasks, so the scheduler (its seed, or real
// threads) picks the interleaving. Each scenario asserts the outcome docs/decisions.md documents
// for every order it can take ("Call management: incoming calls, parties, ... overlaps"), the
// findings that order implies, and an empty leak report at shutdown.
//
// The drivers behave as correct drivers do: the MCM serialises its own remote events against its
// completions with its own lock (never held across a call back into itself) and does not dispatch
// an event for something it already finished; the client issues each request once.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include "unit/call_model_flows.hpp"

namespace cmtest::overlap {

using flows::st;

struct Shared {
  World* w = nullptr;
  NDIS_HANDLE vc = nullptr;
  NDIS_HANDLE party = nullptr;      // a party being added / dropped
  NDIS_HANDLE sap = nullptr;
  std::mutex cm_lock;               // the MCM's own state lock
  std::atomic<bool> cm_finished{false};  // the MCM completed the operation the remote event races
  std::atomic<bool> client_closing{false};
  std::atomic<int> close_completes{0}, incoming_closes{0}, add_completes{0}, drop_completes{0};
  std::atomic<int> make_completes{0}, deletes{0};
  std::atomic<NDIS_STATUS> last{-1};
  std::atomic<NDIS_STATUS> dispatch_result{-1};
  std::atomic<NDIS_STATUS> request_result{-1};
  bool fail_make = false;
};
inline Shared* sh = nullptr;

inline void post(std::function<void()> f) { sh->w->rt.scheduler().post(std::move(f)); }
inline void idle() { sh->w->rt.scheduler().run_until_idle(); }
inline condis::core::CoDriver* client_rec() { return sh->w->rt.calls().find_driver(sh->w->client.handle); }
inline condis::core::CoDriver* mcm_rec() { return sh->w->rt.calls().find_driver(sh->w->mcm_driver.handle); }

inline void expect_no_leaks(World& w) {
  auto report = w.rt.leak_report();
  EXPECT_TRUE(report.empty()) << report.to_string();
}

// ---- Remote close while the client's close is pending (OQ-21) ----------------------------------

inline void client_close() {
  if (sh->client_closing.exchange(true)) return;  // the client closes once
  sh->request_result = NdisClCloseCall(sh->vc, nullptr, nullptr, 0);
}
inline NDIS_STATUS A_CmCloseCall(NDIS_HANDLE, NDIS_HANDLE, PVOID, UINT) {
  post([] {
    std::lock_guard lock(sh->cm_lock);
    EXPECT_EQ(NdisMCmDeactivateVc(sh->vc), NDIS_STATUS_SUCCESS);
    sh->cm_finished = true;
    NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, sh->vc, nullptr);
  });
  return NDIS_STATUS_PENDING;
}
inline VOID A_ClCloseCallComplete(NDIS_STATUS s, NDIS_HANDLE, NDIS_HANDLE) {
  sh->last = s;
  ++sh->close_completes;
}
inline VOID A_ClIncomingClose(NDIS_STATUS, NDIS_HANDLE, PVOID, UINT) {
  ++sh->incoming_closes;
  post(client_close);  // the client answers a remote close with NdisClCloseCall (CM-077)
}

inline void remote_close_while_local_close_pending() {
  World w(true);
  Shared s;
  sh = &s;
  s.w = &w;
  w.register_all();
  w.register_af();
  w.open_af();
  s.vc = w.create_vc();
  behaviour.make_call = NDIS_STATUS_SUCCESS;
  ASSERT_EQ(NdisMCmActivateVc(s.vc, &w.params), NDIS_STATUS_SUCCESS);
  ASSERT_EQ(NdisClMakeCall(s.vc, &w.params, nullptr, nullptr), NDIS_STATUS_SUCCESS);
  mcm_rec()->cm.CmCloseCallHandler = A_CmCloseCall;
  client_rec()->client.ClCloseCallCompleteHandler = A_ClCloseCallComplete;
  client_rec()->client.ClIncomingCloseCallHandler = A_ClIncomingClose;
  post(client_close);
  post([] {
    std::lock_guard lock(sh->cm_lock);
    if (!sh->cm_finished) NdisMCmDispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, sh->vc, nullptr, 0);
  });
  idle();
  EXPECT_EQ(s.request_result.load(), NDIS_STATUS_PENDING);
  EXPECT_EQ(s.close_completes.load(), 1);
  EXPECT_EQ(s.last.load(), NDIS_STATUS_SUCCESS);
  EXPECT_LE(s.incoming_closes.load(), 1);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  EXPECT_EQ(NdisCoDeleteVc(s.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  expect_no_leaks(w);
  sh = nullptr;
}

// ---- Drop while the party's add is pending (OQ-23: refused, CM-080) ---------------------------

inline NDIS_STATUS B_CmAddParty(NDIS_HANDLE, PCO_CALL_PARAMETERS, NDIS_HANDLE party, PNDIS_HANDLE) {
  post([party] { NdisMCmAddPartyComplete(NDIS_STATUS_SUCCESS, party, ctx(0x2D01), &sh->w->params); });
  return NDIS_STATUS_PENDING;
}
inline NDIS_STATUS B_CmDropParty(NDIS_HANDLE, PVOID, UINT) {
  // The completion names the party by handle; the MCM kept it from its add.
  NDIS_HANDLE party = sh->party;
  post([party] { NdisMCmDropPartyComplete(NDIS_STATUS_SUCCESS, party); });
  return NDIS_STATUS_PENDING;
}
inline VOID B_ClAddPartyComplete(NDIS_STATUS s, NDIS_HANDLE, NDIS_HANDLE, PCO_CALL_PARAMETERS) {
  sh->last = s;
  ++sh->add_completes;
}
inline VOID B_ClDropPartyComplete(NDIS_STATUS s, NDIS_HANDLE) {
  EXPECT_EQ(s, NDIS_STATUS_SUCCESS);
  ++sh->drop_completes;
}

inline void drop_while_add_pending() {
  flows::Multipoint t;
  Shared s;
  sh = &s;
  s.w = &t.w;
  mcm_rec()->cm.CmAddPartyHandler = B_CmAddParty;
  mcm_rec()->cm.CmDropPartyHandler = B_CmDropParty;
  client_rec()->client.ClAddPartyCompleteHandler = B_ClAddPartyComplete;
  client_rec()->client.ClDropPartyCompleteHandler = B_ClDropPartyComplete;
  NDIS_HANDLE added = nullptr;
  // The add runs from a task too, so that in a threaded run its completion can beat its return.
  std::atomic<bool> added_ready{false};
  post([&] {
    NDIS_HANDLE h = nullptr;
    EXPECT_EQ(NdisClAddParty(t.vc, ctx(0x1D02), &t.w.params, &h), NDIS_STATUS_PENDING);
    sh->party = h;
    added = h;
    added_ready = true;
    post([h] { sh->request_result = NdisClDropParty(h, nullptr, 0); });
  });
  idle();
  ASSERT_TRUE(added_ready.load());
  EXPECT_EQ(s.add_completes.load(), 1);
  const bool refused = s.request_result.load() == NDIS_STATUS_FAILURE;
  if (refused) {
    EXPECT_EQ(t.w.count("CM-080"), 1u);
    EXPECT_EQ(s.drop_completes.load(), 0);
    EXPECT_EQ(NdisClDropParty(added, nullptr, 0), NDIS_STATUS_PENDING);  // now ACTIVE: the drop goes
    idle();
  } else {
    EXPECT_EQ(s.request_result.load(), NDIS_STATUS_PENDING);
  }
  EXPECT_EQ(s.drop_completes.load(), 1);
  EXPECT_EQ(t.w.total(), refused ? 1u : 0u) << t.w.findings_text();
  // Tear down: the last party closes the call.
  EXPECT_EQ(NdisMCmDeactivateVc(t.vc), NDIS_STATUS_SUCCESS);
  behaviour.close_call = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClCloseCall(t.vc, t.party, nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(t.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(t.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.total(), refused ? 1u : 0u) << t.w.findings_text();
  expect_no_leaks(t.w);
  sh = nullptr;
}

// ---- An incoming call while its SAP is being deregistered (refused: CM-060) -------------------

inline NDIS_STATUS C_CmDeregSap(NDIS_HANDLE) {
  post([] {
    std::lock_guard lock(sh->cm_lock);
    sh->cm_finished = true;
    NdisMCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, sh->sap);
  });
  return NDIS_STATUS_PENDING;
}

inline void incoming_call_while_sap_deregistering() {
  flows::Incoming t;
  Shared s;
  sh = &s;
  s.w = &t.w;
  s.vc = t.vc;
  s.sap = t.sap_handle;
  mcm_rec()->cm.CmDeregisterSapHandler = C_CmDeregSap;
  post([] { sh->request_result = NdisClDeregisterSap(sh->sap); });
  post([] {
    std::lock_guard lock(sh->cm_lock);
    if (!sh->cm_finished) sh->dispatch_result = NdisMCmDispatchIncomingCall(sh->sap, sh->vc, &sh->w->params);
  });
  idle();
  EXPECT_EQ(s.request_result.load(), NDIS_STATUS_PENDING);
  EXPECT_EQ(record.dereg_sap_complete_status, NDIS_STATUS_SUCCESS);
  const NDIS_STATUS d = s.dispatch_result.load();
  if (d == NDIS_STATUS_SUCCESS) {
    // Offered before the deregistration started: the call lives on its own (CM-106).
    EXPECT_EQ(st.count("ClIncomingCall"), 1u);
    NdisMCmDispatchCallConnected(t.vc);
    EXPECT_EQ(NdisMCmDeactivateVc(t.vc), NDIS_STATUS_SUCCESS);
    behaviour.close_call = NDIS_STATUS_SUCCESS;
    EXPECT_EQ(NdisClCloseCall(t.vc, nullptr, nullptr, 0), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
  } else if (d == NDIS_STATUS_FAILURE) {
    EXPECT_EQ(t.w.count("CM-060"), 1u);
    EXPECT_EQ(t.w.total(), 1u) << t.w.findings_text();
    EXPECT_EQ(NdisMCmDeactivateVc(t.vc), NDIS_STATUS_SUCCESS);
  } else {
    EXPECT_EQ(d, -1);  // the MCM finished the deregistration first and dispatched nothing
    EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
    EXPECT_EQ(NdisMCmDeactivateVc(t.vc), NDIS_STATUS_SUCCESS);
  }
  EXPECT_EQ(NdisMCmDeleteVc(t.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(t.w.af), NDIS_STATUS_SUCCESS);
  expect_no_leaks(t.w);
  sh = nullptr;
}

// ---- Close-AF with calls up (refused: CM-035) -------------------------------------------------

inline void close_af_with_calls_up() {
  World w(true);
  Shared s;
  sh = &s;
  s.w = &w;
  w.register_all();
  w.register_af();
  w.open_af();
  s.vc = w.create_vc();
  behaviour.make_call = NDIS_STATUS_SUCCESS;
  ASSERT_EQ(NdisMCmActivateVc(s.vc, &w.params), NDIS_STATUS_SUCCESS);
  ASSERT_EQ(NdisClMakeCall(s.vc, &w.params, nullptr, nullptr), NDIS_STATUS_SUCCESS);
  mcm_rec()->cm.CmCloseCallHandler = A_CmCloseCall;
  client_rec()->client.ClCloseCallCompleteHandler = [](NDIS_STATUS st_, NDIS_HANDLE, NDIS_HANDLE) {
    sh->last = st_;
    ++sh->close_completes;
    sh->deletes += NdisCoDeleteVc(sh->vc) == NDIS_STATUS_SUCCESS;  // the client tears down in order
  };
  post([] { sh->dispatch_result = NdisClCloseAddressFamily(sh->w->af); });
  post(client_close);
  idle();
  EXPECT_EQ(s.close_completes.load(), 1);
  EXPECT_EQ(s.deletes.load(), 1);
  const NDIS_STATUS closed = s.dispatch_result.load();
  if (closed == NDIS_STATUS_SUCCESS) {
    EXPECT_EQ(w.total(), 0u) << w.findings_text();  // only after the VC was gone
  } else {
    EXPECT_EQ(closed, NDIS_STATUS_FAILURE);
    EXPECT_EQ(w.count("CM-035"), 1u) << w.findings_text();
    EXPECT_EQ(w.total(), 1u) << w.findings_text();
    EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  }
  expect_no_leaks(w);
  sh = nullptr;
}

// ---- Close while the make-call is pending (OQ-20: refused, CM-007) ---------------------------

inline NDIS_STATUS E_CmMakeCall(NDIS_HANDLE, PCO_CALL_PARAMETERS p, NDIS_HANDLE, PNDIS_HANDLE) {
  post([p] {
    EXPECT_EQ(NdisMCmActivateVc(sh->vc, p), NDIS_STATUS_SUCCESS);
    NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, sh->vc, nullptr, nullptr, p);
  });
  return NDIS_STATUS_PENDING;
}
inline VOID E_ClMakeCallComplete(NDIS_STATUS s, NDIS_HANDLE, NDIS_HANDLE, PCO_CALL_PARAMETERS) {
  sh->last = s;
  ++sh->make_completes;
}

inline void close_while_make_call_pending() {
  World w(true);
  Shared s;
  sh = &s;
  s.w = &w;
  w.register_all();
  w.register_af();
  w.open_af();
  s.vc = w.create_vc();
  mcm_rec()->cm.CmMakeCallHandler = E_CmMakeCall;
  mcm_rec()->cm.CmCloseCallHandler = A_CmCloseCall;
  client_rec()->client.ClMakeCallCompleteHandler = E_ClMakeCallComplete;
  client_rec()->client.ClCloseCallCompleteHandler = A_ClCloseCallComplete;
  post([] {
    EXPECT_EQ(NdisClMakeCall(sh->vc, &sh->w->params, nullptr, nullptr), NDIS_STATUS_PENDING);
    post([] { sh->dispatch_result = NdisClCloseCall(sh->vc, nullptr, nullptr, 0); });
  });
  idle();
  EXPECT_EQ(s.make_completes.load(), 1);
  EXPECT_EQ(s.last.load(), NDIS_STATUS_SUCCESS);
  const NDIS_STATUS closed = s.dispatch_result.load();
  if (closed == NDIS_STATUS_FAILURE) {
    EXPECT_EQ(w.count("CM-007"), 1u) << w.findings_text();
    EXPECT_EQ(w.total(), 1u) << w.findings_text();
    EXPECT_EQ(NdisClCloseCall(s.vc, nullptr, nullptr, 0), NDIS_STATUS_PENDING);
    idle();
  } else {
    EXPECT_EQ(closed, NDIS_STATUS_PENDING);
    EXPECT_EQ(w.total(), 0u) << w.findings_text();
  }
  EXPECT_EQ(s.close_completes.load(), 1);
  EXPECT_EQ(NdisCoDeleteVc(s.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  expect_no_leaks(w);
  sh = nullptr;
}

// ---- A completion before the request's handler returned ---------------------------------------
// ProtocolCmMakeCall starts the completion (a task due a little later, by seed) and waits a short
// while, as a handler spinning on hardware would: the completion runs inside the handler (early)
// or after its PENDING return. A failed call is deleted from ProtocolClMakeCallComplete.

inline NDIS_STATUS F_CmMakeCall(NDIS_HANDLE, PCO_CALL_PARAMETERS p, NDIS_HANDLE, PNDIS_HANDLE) {
  auto& sched = sh->w->rt.scheduler();
  auto done = std::make_shared<std::atomic<bool>>(false);
  const NDIS_STATUS result = sh->fail_make ? NDIS_STATUS_FAILURE : NDIS_STATUS_SUCCESS;
  auto complete = [p, done, result] {
    if (result == NDIS_STATUS_SUCCESS) {
      EXPECT_EQ(NdisMCmActivateVc(sh->vc, p), NDIS_STATUS_SUCCESS);
    }
    NdisMCmMakeCallComplete(result, sh->vc, nullptr, nullptr, p);
    done->store(true);
  };
  if (sched.deterministic()) {
    sched.post_at(sched.now_ns() + sched.random() % 2000, complete);
    sched.wait_until([done] { return done->load(); }, 1000);
  } else {
    sched.post(complete);
    sched.wait_until([done] { return done->load(); }, 20'000);
  }
  return NDIS_STATUS_PENDING;
}
inline VOID F_ClMakeCallComplete(NDIS_STATUS s, NDIS_HANDLE, NDIS_HANDLE, PCO_CALL_PARAMETERS) {
  sh->last = s;
  ++sh->make_completes;
  if (s != NDIS_STATUS_SUCCESS) sh->deletes += NdisCoDeleteVc(sh->vc) == NDIS_STATUS_SUCCESS;
}

inline void completion_before_handler_returned(bool fail) {
  World w(true);
  Shared s;
  sh = &s;
  s.w = &w;
  s.fail_make = fail;
  w.register_all();
  w.register_af();
  w.open_af();
  s.vc = w.create_vc();
  mcm_rec()->cm.CmMakeCallHandler = F_CmMakeCall;
  client_rec()->client.ClMakeCallCompleteHandler = F_ClMakeCallComplete;
  post([] { sh->request_result = NdisClMakeCall(sh->vc, &sh->w->params, nullptr, nullptr); });
  idle();
  EXPECT_EQ(s.request_result.load(), NDIS_STATUS_PENDING);
  EXPECT_EQ(s.make_completes.load(), 1);
  EXPECT_EQ(s.last.load(), fail ? NDIS_STATUS_FAILURE : NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  if (fail) {
    EXPECT_EQ(s.deletes.load(), 1);
  } else {
    EXPECT_EQ(NdisMCmDeactivateVc(s.vc), NDIS_STATUS_SUCCESS);
    behaviour.close_call = NDIS_STATUS_SUCCESS;
    EXPECT_EQ(NdisClCloseCall(s.vc, nullptr, nullptr, 0), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(NdisCoDeleteVc(s.vc), NDIS_STATUS_SUCCESS);
  }
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  expect_no_leaks(w);
  sh = nullptr;
}

}  // namespace cmtest::overlap
