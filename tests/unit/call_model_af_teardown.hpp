// A client's request on an AF open or a SAP is inside the peer's handler when the client's binding
// goes away (NdisCloseAdapterEx on another processor releases the AF open and its SAPs as
// DRV-057). The request touches the AF open or SAP once the handler returns, so neither may be
// freed under it: the request frees what was released while it held it. Each scenario takes the
// teardown as a function the handler calls at the point where the other processor runs it; the
// deterministic test (call_model_af_teardown_test.cpp) runs it inline, the threaded one on another
// thread.
#pragma once

#include <functional>

#include "unit/call_model_teardown_interleaving.hpp"
#include "unit/call_model_support.hpp"

namespace cmtest::af_teardown {

inline NDIS_STATUS CmOpenAf(NDIS_HANDLE, PCO_ADDRESS_FAMILY, NDIS_HANDLE, PNDIS_HANDLE cm_context) {
  *cm_context = ctx(kCmAfCtx);
  return answer_after_teardown();
}
inline NDIS_STATUS CmCloseAf(NDIS_HANDLE) { return answer_after_teardown(); }
inline NDIS_STATUS CmRegisterSap(NDIS_HANDLE, PCO_SAP, NDIS_HANDLE, PNDIS_HANDLE cm_context) {
  *cm_context = ctx(kCmSapCtx);
  return answer_after_teardown();
}
inline NDIS_STATUS CmDeregisterSap(NDIS_HANDLE) { return answer_after_teardown(); }
inline NDIS_STATUS ClNotifyCloseAf(NDIS_HANDLE) { return answer_after_teardown(); }

inline condis::core::CoDriver& mcm_record(World& w) { return *w.rt.calls().find_driver(w.mcm_driver.handle); }
inline condis::core::CoDriver& client_record(World& w) { return *w.rt.calls().find_driver(w.client.handle); }

// An MCM world with the Q.2931 AF registered (and, with `open`, opened by the client); the
// interleaving is reset for `answer` and its teardown closes the client's binding.
struct Setup {
  World w{true};
  CO_SAP sap{};
  Setup(NDIS_STATUS answer, bool open, const std::function<void(const std::function<void()>&)>& run_teardown) {
    w.register_all();
    w.register_af();
    if (open) w.open_af();
    interleaving.handler_calls = 0;
    interleaving.answer = answer;
    World* wp = &w;
    interleaving.teardown = [wp, run_teardown] {
      run_teardown([wp] { wp->rt.calls().binding_closing(wp->client_binding.handle); });
    };
  }
};

// Everything the teardown released is reported once and gone: nothing is left for the leak
// report, and the handles the request used or handed out (`af`, `sap`; NULL when none) are dead:
// a later use is a clean CM-007 failure.
inline void expect_released(World& w, size_t drv057, NDIS_HANDLE af, NDIS_HANDLE sap) {
  if (interleaving.settle) interleaving.settle();
  EXPECT_EQ(interleaving.handler_calls, 1);
  if (interleaving.exact) {
    EXPECT_EQ(w.count("DRV-057"), drv057) << w.findings_text();
    EXPECT_EQ(w.total(), drv057) << w.findings_text();
    EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
  } else {
    // The request may also finish first: then an object it freed is not released, and an
    // operation it pended before the release is a CM-003 leak (never completed).
    EXPECT_LE(w.count("DRV-057"), drv057) << w.findings_text();
    const auto report = w.rt.leak_report();
    for (const condis::Leak& leak : report.leaks) EXPECT_EQ(leak.rule, "CM-003") << report.to_string();
    if (interleaving.answer != NDIS_STATUS_PENDING) {
      EXPECT_TRUE(report.empty()) << report.to_string();
    }
  }
  size_t stale = w.count("CM-007");
  if (sap) {
    EXPECT_EQ(NdisClDeregisterSap(sap), NDIS_STATUS_FAILURE);
    EXPECT_EQ(w.count("CM-007"), ++stale) << w.findings_text();
  }
  if (af) {
    EXPECT_EQ(NdisClCloseAddressFamily(af), NDIS_STATUS_FAILURE);
    EXPECT_EQ(w.count("CM-007"), ++stale) << w.findings_text();
  }
}

// NdisClOpenAddressFamilyEx: ProtocolCmOpenAf runs while the binding closes.
inline void open_af(NDIS_STATUS answer, const std::function<void(const std::function<void()>&)>& run_teardown) {
  Setup s(answer, false, run_teardown);
  mcm_record(s.w).cm.CmOpenAfHandler = CmOpenAf;
  NDIS_HANDLE af = nullptr;
  EXPECT_EQ(NdisClOpenAddressFamilyEx(s.w.client_binding.handle, record.last_af, ctx(kClientAfCtx), &af), answer);
  // A failed open hands out no handle (CM-034); any other answer hands out one that is now dead.
  EXPECT_EQ(af == nullptr, answer == NDIS_STATUS_FAILURE);
  expect_released(s.w, 1, af, nullptr);
}

// NdisClCloseAddressFamily: ProtocolCmCloseAf runs while the binding closes.
inline void close_af(NDIS_STATUS answer, const std::function<void(const std::function<void()>&)>& run_teardown) {
  Setup s(answer, true, run_teardown);
  mcm_record(s.w).cm.CmCloseAfHandler = CmCloseAf;
  EXPECT_EQ(NdisClCloseAddressFamily(s.w.af), answer);
  expect_released(s.w, 1, s.w.af, nullptr);
}

// NdisClRegisterSap: ProtocolCmRegisterSap runs while the binding closes.
inline void register_sap(NDIS_STATUS answer, const std::function<void(const std::function<void()>&)>& run_teardown) {
  Setup s(answer, true, run_teardown);
  mcm_record(s.w).cm.CmRegisterSapHandler = CmRegisterSap;
  NDIS_HANDLE sap = nullptr;
  EXPECT_EQ(NdisClRegisterSap(s.w.af, ctx(kClientSapCtx), &s.sap, &sap), answer);
  EXPECT_EQ(sap == nullptr, answer == NDIS_STATUS_FAILURE);  // CM-102: a failed registration has none
  expect_released(s.w, 2, s.w.af, sap);  // SAP, AF
}

// NdisClDeregisterSap: ProtocolCmDeregisterSap runs while the binding closes.
inline void deregister_sap(NDIS_STATUS answer, const std::function<void(const std::function<void()>&)>& run_teardown) {
  Setup s(answer, true, run_teardown);
  NDIS_HANDLE sap = nullptr;
  ASSERT_EQ(NdisClRegisterSap(s.w.af, ctx(kClientSapCtx), &s.sap, &sap), NDIS_STATUS_SUCCESS);
  mcm_record(s.w).cm.CmDeregisterSapHandler = CmDeregisterSap;
  EXPECT_EQ(NdisClDeregisterSap(sap), answer);
  expect_released(s.w, 2, s.w.af, sap);  // SAP, AF
}

// NdisMCmNotifyCloseAddressFamily: ProtocolClNotifyCloseAf runs while the client's binding closes.
inline void notify_close_af(NDIS_STATUS answer,
                            const std::function<void(const std::function<void()>&)>& run_teardown) {
  Setup s(answer, true, run_teardown);
  client_record(s.w).client.ClNotifyCloseAfHandler = ClNotifyCloseAf;
  EXPECT_EQ(NdisMCmNotifyCloseAddressFamily(s.w.af), answer);
  expect_released(s.w, 1, s.w.af, nullptr);
}

}  // namespace cmtest::af_teardown
