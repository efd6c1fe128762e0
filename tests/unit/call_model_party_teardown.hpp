// A client's request on a multipoint call is inside the call manager's handler when the client's
// binding goes away (NdisCloseAdapterEx on another processor releases the VC and its parties as
// DRV-057). The request touches the VC and its party once the handler returns, so neither may be
// freed under it: the last request holding them frees them. Each scenario takes the teardown as
// a function the handler calls at the point where the other processor runs it; the deterministic
// test (call_model_party_teardown_test.cpp) runs it inline, the threaded one on another thread.
#pragma once

#include <functional>

#include "unit/call_model_teardown_interleaving.hpp"
#include "unit/call_model_flows.hpp"

namespace cmtest::party_teardown {

using flows::Multipoint;

inline NDIS_STATUS CmAddParty(NDIS_HANDLE, PCO_CALL_PARAMETERS, NDIS_HANDLE, PNDIS_HANDLE party_context) {
  *party_context = ctx(0x2D02);
  return answer_after_teardown();
}
inline NDIS_STATUS CmDropParty(NDIS_HANDLE, PVOID, UINT) { return answer_after_teardown(); }
inline NDIS_STATUS CmCloseCall(NDIS_HANDLE, NDIS_HANDLE, PVOID, UINT) { return answer_after_teardown(); }
inline NDIS_STATUS CmDeleteVc(NDIS_HANDLE) { return answer_after_teardown(); }
inline NDIS_STATUS CmMakeCall(NDIS_HANDLE, PCO_CALL_PARAMETERS, NDIS_HANDLE, PNDIS_HANDLE party_context) {
  if (party_context) *party_context = ctx(0x2D00);
  return answer_after_teardown();
}

// A fresh interleaving for one scenario (keeping how the teardown is waited for).
inline void reset(NDIS_STATUS answer) {
  interleaving.handler_calls = 0;
  interleaving.answer = answer;
}

inline condis::core::CoDriver& mcm_record(World& w) { return *w.rt.calls().find_driver(w.mcm_driver.handle); }

inline size_t leaks_of(World& w) { return w.rt.leak_report().leaks.size(); }

// Everything the teardown released is reported once and gone: the handles are dead (a later use
// fails cleanly) and nothing is left for the leak report.
inline void expect_released(World& w, size_t drv057, NDIS_HANDLE vc, NDIS_HANDLE party) {
  if (interleaving.settle) interleaving.settle();
  EXPECT_EQ(interleaving.handler_calls, 1);
  if (interleaving.exact) {
    EXPECT_EQ(w.count("DRV-057"), drv057) << w.findings_text();
    EXPECT_EQ(leaks_of(w), 0u) << w.rt.leak_report().to_string();
  } else {
    // The request may also finish first: then a party it freed (or a call it closed) is not
    // released, and an operation it pended before the release is a CM-003 leak (never completed).
    EXPECT_GE(w.count("DRV-057"), 2u) << w.findings_text();  // at least the VC and the AF
    EXPECT_LE(w.count("DRV-057"), drv057) << w.findings_text();
    const auto report = w.rt.leak_report();
    for (const condis::Leak& leak : report.leaks) EXPECT_EQ(leak.rule, "CM-003") << report.to_string();
    if (interleaving.answer != NDIS_STATUS_PENDING) EXPECT_TRUE(report.empty()) << report.to_string();
  }
  if (party) EXPECT_EQ(NdisClDropParty(party, nullptr, 0), NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(NdisClCloseCall(vc, nullptr, nullptr, 0), NDIS_STATUS_INVALID_PARAMETER);
}

// NdisClAddParty: ProtocolCmAddParty runs while the binding closes.
inline void add_party(NDIS_STATUS answer, const std::function<void(const std::function<void()>&)>& run_teardown) {
  Multipoint m;
  reset(answer);
  World* w = &m.w;
  interleaving.teardown = [&] { run_teardown([w] { w->rt.calls().binding_closing(w->client_binding.handle); }); };
  mcm_record(m.w).cm.CmAddPartyHandler = CmAddParty;
  NDIS_HANDLE added = nullptr;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &added), answer);
  expect_released(m.w, 4, m.vc, added);  // VC, both parties, AF
}

// NdisClDropParty: ProtocolCmDropParty runs while the binding closes.
inline void drop_party(NDIS_STATUS answer, const std::function<void(const std::function<void()>&)>& run_teardown) {
  Multipoint m;
  NDIS_HANDLE added = nullptr;
  flows::st.add_party = NDIS_STATUS_SUCCESS;
  ASSERT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &added), NDIS_STATUS_SUCCESS);
  reset(answer);
  World* w = &m.w;
  interleaving.teardown = [&] { run_teardown([w] { w->rt.calls().binding_closing(w->client_binding.handle); }); };
  mcm_record(m.w).cm.CmDropPartyHandler = CmDropParty;
  EXPECT_EQ(NdisClDropParty(added, nullptr, 0), answer);
  expect_released(m.w, 4, m.vc, m.party);
}

// NdisClCloseCall on the last party: ProtocolCmCloseCall runs while the binding closes.
inline void close_call(NDIS_STATUS answer, const std::function<void(const std::function<void()>&)>& run_teardown) {
  Multipoint m;
  reset(answer);
  World* w = &m.w;
  interleaving.teardown = [&] { run_teardown([w] { w->rt.calls().binding_closing(w->client_binding.handle); }); };
  mcm_record(m.w).cm.CmCloseCallHandler = CmCloseCall;
  EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), answer);
  expect_released(m.w, 3, m.vc, m.party);  // VC, party, AF
}

// A client with an open AF and one idle VC, and a handler under test that closes the client's
// binding (through run_teardown) before it answers `answer`.
inline NDIS_HANDLE idle_vc_closing_in_handler(World& w, NDIS_STATUS answer,
                                              const std::function<void(const std::function<void()>&)>& run_teardown) {
  w.register_all();
  w.register_af();
  w.open_af();
  flows::install(w);
  NDIS_HANDLE vc = w.create_vc();
  reset(answer);
  World* wp = &w;
  interleaving.teardown = [wp, run_teardown] {
    run_teardown([wp] { wp->rt.calls().binding_closing(wp->client_binding.handle); });
  };
  return vc;
}

// NdisClMakeCall of a multipoint call: ProtocolCmMakeCall runs while the binding closes.
inline void make_call(NDIS_STATUS answer, const std::function<void(const std::function<void()>&)>& run_teardown) {
  World w(true);
  NDIS_HANDLE vc = idle_vc_closing_in_handler(w, answer, run_teardown);
  mcm_record(w).cm.CmMakeCallHandler = CmMakeCall;
  NDIS_HANDLE party = nullptr;
  EXPECT_EQ(NdisClMakeCall(vc, &w.params, ctx(kClientPartyCtx), &party), answer);
  expect_released(w, 3, vc, party);  // VC, initial party, AF
}

// NdisCoDeleteVc: ProtocolCoDeleteVc runs while the binding closes. The delete reads the VC and
// its AF again when the handler returns (the AF's VC count, MiniportCoDeleteVc, the retirement),
// so the release leaves both to it; the VC is still reported (it was on the binding at the close).
inline void delete_vc(NDIS_STATUS answer, const std::function<void(const std::function<void()>&)>& run_teardown) {
  World w(true);
  NDIS_HANDLE vc = idle_vc_closing_in_handler(w, answer, run_teardown);
  mcm_record(w).cm.CmDeleteVcHandler = CmDeleteVc;
  const NDIS_STATUS status = NdisCoDeleteVc(vc);
  // PENDING from ProtocolCoDeleteVc is CM-005 and counts as SUCCESS (the VC is gone either way).
  EXPECT_EQ(status, answer == NDIS_STATUS_FAILURE ? NDIS_STATUS_FAILURE : NDIS_STATUS_SUCCESS);
  if (interleaving.settle) interleaving.settle();
  EXPECT_EQ(interleaving.handler_calls, 1);
  if (interleaving.exact) EXPECT_EQ(w.count("DRV-057"), 2u) << w.findings_text();  // the VC and the AF
  else EXPECT_GE(w.count("DRV-057"), 1u) << w.findings_text();  // the VC is gone first if the delete won
  const auto report = w.rt.leak_report();
  EXPECT_TRUE(report.empty()) << report.to_string();
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_INVALID_PARAMETER);  // dead either way: a clean CM-007
}

}  // namespace cmtest::party_teardown
