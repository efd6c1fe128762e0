// AF close notification (3.11) and orderly teardown (driver-model.md 3.3): objects left on a
// closing binding are reported and released, never leaked or left dangling.
#include <algorithm>

#include "unit/call_model_flows.hpp"

#include "exec/irql.hpp"

namespace cmtest::flows {
namespace {

TEST(CallModelTeardown, NotifyCloseClientClosesInsideTheCallbackWithoutFindings) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  install(w);
  st.af = w.af;
  st.close_af_in_notify = true;
  EXPECT_EQ(NdisMCmNotifyCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(st.last_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("CmCloseAf"), 1u);
  EXPECT_EQ(st.count("CmNotifyCloseAfComplete"), 0u);  // CM-039: only for a pended notify
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

TEST(CallModelTeardown, PendedNotifyKeepsTheHandleForItsCompletion) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  install(w);
  st.af = w.af;
  st.close_af_in_notify = true;
  st.notify_answer = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisMCmNotifyCloseAddressFamily(w.af), NDIS_STATUS_PENDING);
  NdisClNotifyCloseAddressFamilyComplete(w.af, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(st.count("CmNotifyCloseAfComplete"), 1u);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

TEST(CallModelTeardown, Cm038And039NotifyTwiceAndCompleteWithoutPendAreReported) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  install(w);
  st.notify_answer = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisMCmNotifyCloseAddressFamily(w.af), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmNotifyCloseAddressFamily(w.af), NDIS_STATUS_FAILURE);
  EXPECT_EQ(w.count("CM-038"), 1u);
  NdisClNotifyCloseAddressFamilyComplete(w.af, NDIS_STATUS_FAILURE);  // OQ-24: back to OPEN
  NdisClNotifyCloseAddressFamilyComplete(w.af, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.count("CM-039"), 1u);
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
}

TEST(CallModelTeardown, Cm012NotifyAboveePassiveIsReported) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  install(w);
  {
    condis::exec::ExecutionScope scope(condis::exec::kDispatch);
    EXPECT_EQ(NdisMCmNotifyCloseAddressFamily(w.af), NDIS_STATUS_FAILURE);
  }
  EXPECT_EQ(w.count("CM-012"), 1u);
}

// Close-AF with calls still up is refused (CM-035); a binding closed with them is reported and released.
TEST(CallModelTeardown, Drv057BindingClosedWithCallUpReportsAndReleasesEverything) {
  Multipoint m;
  EXPECT_EQ(NdisClCloseAddressFamily(m.w.af), NDIS_STATUS_FAILURE);
  EXPECT_EQ(m.w.count("CM-035"), 1u);
  NdisMCmDispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, m.vc, nullptr, 0);
  m.w.rt.calls().binding_closing(m.w.client_binding.handle);
  EXPECT_EQ(m.w.count("CM-077"), 1u);
  EXPECT_EQ(m.w.count("DRV-057"), 3u);  // VC, party, AF
  EXPECT_TRUE(m.w.rt.leak_report().empty()) << m.w.rt.leak_report().to_string();
  EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), NDIS_STATUS_INVALID_PARAMETER);  // stale, clean failure
}

TEST(CallModelTeardown, BindingClosedCleanlyReportsNothing) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  w.rt.calls().binding_closing(w.client_binding.handle);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
}

// DRV-035: when MiniportHaltEx returns, an MCM has closed the AF opens on its adapter and deleted
// the VCs it created. Here the client's binding is still open at halt (a stuck unbind), so the
// AF open with its SAP and the MCM's VC are left: reported by rule id and released.
TEST(CallModelTeardown, Drv035AfOpenAndMcmVcLeftAtHaltAreReportedAndReleased) {
  Incoming in;
  in.w.rt.calls().adapter_halting(in.w.mcm_adapter.handle);
  EXPECT_EQ(in.w.count("DRV-070"), 0u);  // the binding still exists: nothing released before the halt
  in.w.rt.calls().adapter_halted(in.w.mcm_adapter.handle);
  EXPECT_EQ(in.w.count("VC-020"), 0u);  // an MCM deletes its own VCs inside MiniportHaltEx
  EXPECT_EQ(in.w.count("DRV-035"), 3u);  // VC, SAP, AF
  EXPECT_TRUE(in.w.rt.leak_report().empty()) << in.w.rt.leak_report().to_string();
  EXPECT_EQ(NdisMCmDeleteVc(in.vc), NDIS_STATUS_INVALID_PARAMETER);  // stale, clean failure
}

TEST(CallModelTeardown, Drv035McmThatNotifiedAndDeletedBeforeHaltHasNoFinding) {
  Incoming in;
  EXPECT_EQ(NdisMCmDeactivateVc(in.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisMCmDeleteVc(in.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClDeregisterSap(in.sap_handle), NDIS_STATUS_SUCCESS);
  st.close_af_in_notify = true;
  EXPECT_EQ(NdisMCmNotifyCloseAddressFamily(in.w.af), NDIS_STATUS_SUCCESS);
  in.w.rt.calls().adapter_halting(in.w.mcm_adapter.handle);
  in.w.rt.calls().adapter_halted(in.w.mcm_adapter.handle);
  EXPECT_EQ(in.w.total(), 0u) << in.w.findings_text();
  EXPECT_TRUE(in.w.rt.leak_report().empty()) << in.w.rt.leak_report().to_string();
}

// VC-020 at MiniportHaltEx entry: the client's binding is still open when its adapter halts (an
// unbind that never finished) and its VC is still there. The VC is reported with its creator,
// deleted in the miniport (MiniportCoDeleteVc) and released: its handle is dead, nothing reports
// it again after the halt, and the client's AF, which outlives the halt, closes cleanly.
TEST(CallModelTeardown, Vc020ClientVcLeftAtHaltIsReportedDeletedInTheMiniportAndReleased) {
  World w(false);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE kept = w.create_vc();
  w.rt.calls().adapter_halting(w.adapter.handle);
  EXPECT_EQ(w.count("VC-020"), 1u) << w.findings_text();
  EXPECT_NE(w.findings_text().find("cm_client"), std::string::npos) << w.findings_text();  // its creator
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  w.rt.calls().adapter_halted(w.adapter.handle);
  EXPECT_EQ(w.total(), 1u) << w.findings_text();  // no DRV-035 or DRV-070 for the same VC
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);  // the AF no longer counts the VC
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
  EXPECT_EQ(NdisCoDeleteVc(kept), NDIS_STATUS_INVALID_PARAMETER);  // stale: a clean failure
  EXPECT_EQ(w.count("CM-007"), 1u);
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

// VC-020: a stand-alone CM's signalling VC (no AF) still on the adapter at MiniportHaltEx entry
// (the CM's unbind never finished, so its binding never closed) is reported and deleted there.
TEST(CallModelTeardown, Vc020SignallingVcLeftAtHaltIsReportedAndDeleted) {
  World w(false);
  w.register_all();
  NDIS_HANDLE signalling = nullptr;
  ASSERT_EQ(NdisCoCreateVc(w.cm_binding.handle, nullptr, ctx(kCmVcCtx), &signalling), NDIS_STATUS_SUCCESS);
  w.rt.calls().adapter_halting(w.mcm_adapter.handle);  // another adapter: not this VC's
  EXPECT_EQ(w.count("VC-020"), 0u);
  w.rt.calls().adapter_halting(w.adapter.handle);
  EXPECT_EQ(w.count("VC-020"), 1u) << w.findings_text();
  EXPECT_NE(w.findings_text().find("cm_callmgr"), std::string::npos) << w.findings_text();
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

// DRV-057: the signalling VC still on the CM's binding at NdisCloseAdapterEx is reported there
// (one finding naming the VC), deleted in the miniport and released; the halt finds nothing left
// (no VC-020 for the same VC) and the dead handle is a clean failure.
TEST(CallModelTeardown, Drv057SignallingVcLeftAtCloseIsReportedThereAndNotAgainAtHalt) {
  World w(false);
  w.register_all();
  NDIS_HANDLE signalling = nullptr;
  ASSERT_EQ(NdisCoCreateVc(w.cm_binding.handle, nullptr, ctx(kCmVcCtx), &signalling), NDIS_STATUS_SUCCESS);
  w.rt.calls().binding_closing(w.client_binding.handle);  // the client's binding: not this VC's
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  w.rt.calls().binding_closing(w.cm_binding.handle);
  ASSERT_EQ(w.count("DRV-057"), 1u) << w.findings_text();
  const condis::Finding f = w.rt.verifier().findings().back();
  EXPECT_EQ(f.function, "NdisCloseAdapterEx");
  EXPECT_NE(f.to_string().find("NdisVcHandle"), std::string::npos) << f.to_string();
  EXPECT_NE(f.to_string().find("NdisCoDeleteVc"), std::string::npos) << f.to_string();
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  w.rt.calls().adapter_halting(w.adapter.handle);
  w.rt.calls().adapter_halted(w.adapter.handle);
  EXPECT_EQ(w.count("VC-020"), 0u) << w.findings_text();
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  EXPECT_EQ(NdisCoDeleteVc(signalling), NDIS_STATUS_INVALID_PARAMETER);  // stale
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

// DRV-057 kept: the CM deletes its signalling VC before its binding closes; nothing is reported.
TEST(CallModelTeardown, Drv057SignallingVcDeletedBeforeCloseHasNoFinding) {
  World w(false);
  w.register_all();
  NDIS_HANDLE signalling = nullptr;
  ASSERT_EQ(NdisCoCreateVc(w.cm_binding.handle, nullptr, ctx(kCmVcCtx), &signalling), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(signalling), NDIS_STATUS_SUCCESS);
  w.rt.calls().binding_closing(w.cm_binding.handle);
  w.rt.calls().adapter_halting(w.adapter.handle);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

// VC-020 on an MCM's adapter: the client's own VC left at halt entry is reported (no miniport VC
// handler exists for an MCM's VCs); the MCM's VC is left to the MCM, which may delete it inside
// MiniportHaltEx, and is reported (DRV-035) only when the handler returned without doing so.
TEST(CallModelTeardown, Vc020ClientVcOnAnMcmAdapterIsReportedAndTheMcmsOwnVcIsNot) {
  Incoming in;
  NDIS_HANDLE client_vc = in.w.create_vc();
  in.w.rt.calls().adapter_halting(in.w.mcm_adapter.handle);
  EXPECT_EQ(in.w.count("VC-020"), 1u) << in.w.findings_text();
  EXPECT_NE(in.w.findings_text().find("cm_client"), std::string::npos) << in.w.findings_text();
  EXPECT_EQ(NdisCoDeleteVc(client_vc), NDIS_STATUS_INVALID_PARAMETER);  // released: stale
  EXPECT_EQ(NdisMCmDeactivateVc(in.vc), NDIS_STATUS_SUCCESS);          // the MCM's VC still works
  in.w.rt.calls().adapter_halted(in.w.mcm_adapter.handle);
  EXPECT_EQ(in.w.count("VC-020"), 1u);
  EXPECT_EQ(in.w.count("DRV-035"), 3u);  // the MCM's VC, the SAP, the AF
  EXPECT_TRUE(in.w.rt.leak_report().empty()) << in.w.rt.leak_report().to_string();
}

// VC-020 kept: the client deletes its VC and closes its AF before the halt; the CM's signalling
// VC is deleted too. Nothing is reported and MiniportCoDeleteVc runs once per VC.
TEST(CallModelTeardown, Vc020VcsDeletedBeforeHaltHaveNoFinding) {
  World w(false);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  NDIS_HANDLE signalling = nullptr;
  ASSERT_EQ(NdisCoCreateVc(w.cm_binding.handle, nullptr, ctx(kCmVcCtx), &signalling), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(signalling), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  w.rt.calls().binding_closing(w.client_binding.handle);
  w.rt.calls().binding_closing(w.cm_binding.handle);
  w.rt.calls().adapter_halting(w.adapter.handle);
  w.rt.calls().adapter_halted(w.adapter.handle);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  EXPECT_EQ(record.count("MpDeleteVc"), 2u);
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

// VC-020 (leak kind): a VC still alive when the runtime shuts down without its adapter having
// been halted is in the leak report with its creator; one deleted is not.
TEST(CallModelTeardown, Vc020VcLeftAliveIsALeakAndADeletedOneIsNot) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE kept = w.create_vc();
  NDIS_HANDLE deleted = w.create_vc();
  EXPECT_EQ(NdisCoDeleteVc(deleted), NDIS_STATUS_SUCCESS);
  const auto report = w.rt.leak_report();
  const auto vc_leaks = std::count_if(report.leaks.begin(), report.leaks.end(),
                                      [](const condis::Leak& l) { return l.rule == "VC-020"; });
  EXPECT_EQ(vc_leaks, 1) << report.to_string();
  EXPECT_EQ(NdisCoDeleteVc(kept), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
}

// CM-086: an incoming drop the client never answered is reported when its binding goes away.
TEST(CallModelTeardown, Cm086IncomingDropNeverAnsweredIsReportedAtUnbind) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  st.add_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_SUCCESS);
  NdisMCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, p2, nullptr, 0);
  m.w.rt.calls().binding_closing(m.w.client_binding.handle);
  EXPECT_EQ(m.w.count("CM-086"), 1u);
  EXPECT_EQ(m.w.count("DRV-057"), 4u);  // VC, two parties, AF
  EXPECT_TRUE(m.w.rt.leak_report().empty()) << m.w.rt.leak_report().to_string();
}

}  // namespace
}  // namespace cmtest::flows
