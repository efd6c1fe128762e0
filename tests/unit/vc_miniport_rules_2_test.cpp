// More of the VC on the miniport side (vc-data-requests.md 4.A), on the fixture of
// vc_miniport_rules_test.cpp: the CallParameters rule of MiniportCoActivateVc (VC-006) and the
// MCM's table (VC-018), each broken and kept; and the library's own guarantees toward the
// miniport (VC-010, VC-013, VC-014, VC-015, VC-019) shown through the fixture's drivers.
#include <vector>

#include "runtime/upcall.hpp"
#include "unit/data_path_support.hpp"

namespace cmtest {
namespace {

condis::core::CoDriver& driver_record(World& w, NDIS_HANDLE driver) {
  auto* d = w.rt.calls().find_driver(driver);
  EXPECT_NE(d, nullptr);
  return *d;
}

// A stand-alone CM over a plain CoNDIS miniport with the AF open.
struct StandAlone {
  World w{false};
  StandAlone() {
    w.register_all();
    w.register_af();
    w.open_af();
  }
  condis::core::CoDriver& miniport() { return driver_record(w, w.miniport.handle); }
};

NDIS_STATUS set_table(NDIS_HANDLE driver, void* table) {
  return NdisSetOptionalHandlers(driver, static_cast<PNDIS_DRIVER_OPTIONAL_HANDLERS>(table));
}

// ---- VC-005: only VCs of the calling miniport's own adapter -----------------------------------
// The caller is simulated as the library sees it from inside a driver's handler.

TEST(VcMiniportRules2, Vc005AnotherMiniportCompletingTheActivationIsReportedAndIgnored) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  behaviour.mp_activate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_PENDING);
  const std::string other = driver_record(s.w, s.w.mcm_driver.handle).name;
  {
    condis::UpcallDriverScope as(other);  // the MCM, inside one of its handlers
    NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &s.w.params);
  }
  EXPECT_EQ(s.w.count("VC-005"), 1u) << s.w.findings_text();
  EXPECT_EQ(record.count("CmActivateVcComplete"), 0u);  // ignored: still pending
  NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &s.w.params);  // the right miniport
  EXPECT_EQ(record.activate_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.total(), 1u) << s.w.findings_text();
}

TEST(VcMiniportRules2, Vc005AnotherMiniportIndicatingOnTheVcIsReportedAndNothingIsDelivered) {
  dptest::DpWorld d;
  const std::string other = driver_record(d.w, d.w.miniport.handle).name;
  PNET_BUFFER_LIST nbl = d.mcm_nbl();
  {
    condis::UpcallDriverScope as(other);  // the plain miniport, not the MCM that owns the VC
    NdisMCoIndicateReceiveNetBufferLists(d.vc, nbl, 1, 0);
  }
  EXPECT_EQ(d.w.count("VC-005"), 1u) << d.w.findings_text();
  EXPECT_TRUE(dptest::dp.received.empty());
  EXPECT_EQ(d.vc_receives(), 0u);
  NdisFreeNetBufferList(nbl);
}

TEST(VcMiniportRules2, Vc005TheVcsOwnMiniportHasNoFinding) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  behaviour.mp_activate = NDIS_STATUS_PENDING;
  behaviour.mp_deactivate = NDIS_STATUS_PENDING;
  const std::string own = s.miniport().name;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_PENDING);
  {
    condis::UpcallDriverScope as(own);
    NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &s.w.params);
  }
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_PENDING);
  {
    condis::UpcallDriverScope as(own);
    NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc);
  }
  EXPECT_EQ(record.count("CmActivateVcComplete"), 1u);
  EXPECT_EQ(record.count("CmDeactivateVcComplete"), 1u);
  EXPECT_EQ(s.w.count("VC-005"), 0u);
  EXPECT_EQ(s.w.total(), 0u) << s.w.findings_text();
}

// ---- VC-006: MiniportCoActivateVc and the caller's CallParameters -----------------------------

NDIS_STATUS MpActivateRaisesPeak(NDIS_HANDLE, PCO_CALL_PARAMETERS p) {
  p->CallMgrParameters->Transmit.PeakBandwidth += 1;
  return NDIS_STATUS_SUCCESS;
}
NDIS_STATUS MpActivateChangesSizeHint(NDIS_HANDLE, PCO_CALL_PARAMETERS p) {
  p->MediaParameters->ReceiveSizeHint = 9000;
  return NDIS_STATUS_SUCCESS;
}

TEST(VcMiniportRules2, Vc006ActivateChangingParametersWithoutRoundingIsReported) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  s.miniport().miniport_co.CoActivateVcHandler = MpActivateRaisesPeak;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);  // the activation stands
  EXPECT_EQ(s.w.count("VC-006"), 1u) << s.w.findings_text();
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.total(), 1u) << s.w.findings_text();
}

TEST(VcMiniportRules2, Vc006ChangeBeforeAPendedActivationCompletesIsReportedAtTheCompletion) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  behaviour.mp_activate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_PENDING);
  EXPECT_EQ(s.w.count("VC-006"), 0u);
  s.w.cm_params.Receive.TokenRate = 77;  // the miniport writes into the CM's buffer while it pends
  NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &s.w.params);
  EXPECT_EQ(s.w.count("VC-006"), 1u) << s.w.findings_text();
  EXPECT_EQ(record.activate_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
}

TEST(VcMiniportRules2, Vc006RoundingAllowsTheFlowValuesOnly) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  s.w.media.Flags |= ROUND_UP_FLOW;
  s.miniport().miniport_co.CoActivateVcHandler = MpActivateRaisesPeak;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.count("VC-006"), 0u) << s.w.findings_text();
  // The same flag does not cover the media parameters.
  s.miniport().miniport_co.CoActivateVcHandler = MpActivateChangesSizeHint;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.count("VC-006"), 1u) << s.w.findings_text();
}

TEST(VcMiniportRules2, Vc006ActivateLeavingParametersAloneHasNoFinding) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  behaviour.mp_activate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_PENDING);
  NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &s.w.params);
  EXPECT_EQ(s.w.count("VC-006"), 0u);
  EXPECT_EQ(s.w.total(), 0u) << s.w.findings_text();
}

// ---- VC-018: the MCM's miniport CoNDIS table ---------------------------------------------------

TEST(VcMiniportRules2, Vc018McmSettingCreateAndDeleteVcHandlersIsWarned) {
  World w(true);
  w.register_all();
  NDIS_MINIPORT_CO_CHARACTERISTICS t;
  fill_miniport_co(&t, /*mcm=*/false);  // all six handlers, as a plain miniport would
  EXPECT_EQ(set_table(w.mcm_driver.handle, &t), NDIS_STATUS_SUCCESS);  // NDIS ignores them
  EXPECT_EQ(w.count("VC-018"), 1u);
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

TEST(VcMiniportRules2, Vc018McmMissingSendOrOidHandlerIsRejected) {
  World w(true);
  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS cm;
  fill_cm_table(&cm);
  ASSERT_EQ(set_table(w.mcm_driver.handle, &cm), NDIS_STATUS_SUCCESS);
  NDIS_MINIPORT_CO_CHARACTERISTICS t;
  fill_miniport_co(&t, /*mcm=*/true);
  t.CoSendNetBufferListsHandler = nullptr;
  EXPECT_EQ(set_table(w.mcm_driver.handle, &t), NDIS_STATUS_BAD_CHARACTERISTICS);
  EXPECT_EQ(w.count("VC-018"), 1u);
  EXPECT_FALSE(driver_record(w, w.mcm_driver.handle).has_miniport_co);  // nothing half-registered
}

TEST(VcMiniportRules2, Vc018McmWithNullVcHandlersHasNoFinding) {
  World w(true);
  w.register_all();  // the MCM's table leaves the four VC handlers NULL
  EXPECT_EQ(w.count("VC-018"), 0u);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
}

// ---- VC-019 [LIB]: an MCM's MiniportCo* VC handlers are never called -------------------------

TEST(VcMiniportRules2, Vc019McmNeverGetsCreateDeleteActivateOrDeactivateVc) {
  World w(true);
  w.register_all();
  NDIS_MINIPORT_CO_CHARACTERISTICS t;
  fill_miniport_co(&t, /*mcm=*/false);  // the recording Mp* handlers, so any call would show
  ASSERT_EQ(set_table(w.mcm_driver.handle, &t), NDIS_STATUS_SUCCESS);
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  EXPECT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisMCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("CmCreateVc"), 1u);  // the MCM's ProtocolCoCreateVc / DeleteVc instead
  EXPECT_EQ(record.count("CmDeleteVc"), 1u);
  for (const char* handler : {"MpCreateVc", "MpDeleteVc", "MpActivateVc", "MpDeactivateVc"})
    EXPECT_EQ(record.count(handler), 0u) << handler;
  EXPECT_EQ(w.count("VC-018"), 1u);  // the warning for the table, nothing else
  EXPECT_EQ(w.total(), 1u) << w.findings_text();
}

// ---- VC-010 [LIB]: MiniportCoSendNetBufferLists only on an ACTIVE (or REACTIVATING) VC ------

TEST(VcMiniportRules2, Vc010SendsReachTheMiniportOnlyWhileTheVcIsActive) {
  dptest::DpWorld d(/*connect=*/false);  // the VC exists but was never activated
  using dptest::dp;
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  EXPECT_TRUE(dp.miniport_queue.empty());
  ASSERT_EQ(dp.completed.size(), 1u);
  EXPECT_EQ(dp.completed_status[0], NDIS_STATUS_VC_NOT_ACTIVATED);
  // Activated: the send reaches the miniport.
  EXPECT_EQ(NdisMCmActivateVc(d.vc, &d.w.params), NDIS_STATUS_SUCCESS);
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  EXPECT_EQ(dp.miniport_queue.size(), 1u);
  d.complete_all();
  // Deactivated again: it does not.
  EXPECT_EQ(NdisMCmDeactivateVc(d.vc), NDIS_STATUS_SUCCESS);
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  EXPECT_TRUE(dp.miniport_queue.empty());
  ASSERT_EQ(dp.completed.size(), 3u);
  EXPECT_EQ(dp.completed_status[2], NDIS_STATUS_VC_NOT_ACTIVATED);
  EXPECT_EQ(d.w.count("CM-045"), 2u);  // the two refused sends are the sender's mistakes
}

// ---- VC-013 [LIB]: one activation or deactivation at a time, deactivation once per activation

TEST(VcMiniportRules2, Vc013TheMiniportSeesOneActivationChangeAtATime) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  EXPECT_NE(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);  // INACTIVE: never reaches the miniport
  behaviour.mp_activate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_PENDING);
  // While the activation pends, neither a second activation nor a deactivation reaches it.
  EXPECT_NE(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_NE(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("MpActivateVc"), 1u);
  EXPECT_EQ(record.count("MpDeactivateVc"), 0u);
  NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &s.w.params);
  // ACTIVE: a re-activation may reach it; then exactly one deactivation per activation.
  behaviour.mp_activate = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  behaviour.mp_deactivate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_PENDING);
  EXPECT_NE(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);  // pending: not passed on
  EXPECT_NE(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc);
  EXPECT_NE(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);  // INACTIVE again
  EXPECT_EQ(record.count("MpActivateVc"), 2u);
  EXPECT_EQ(record.count("MpDeactivateVc"), 1u);
  EXPECT_EQ(s.w.count("CM-007"), 6u) << s.w.findings_text();  // each refusal is the CM's mistake
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
}

// ---- VC-014 [LIB]: MiniportCoDeleteVc once per created VC, only when quiet ---------------------

TEST(VcMiniportRules2, Vc014DeleteVcOncePerCreatedVcAndNeverForAFailedCreation) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_NE(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);  // ACTIVE: the miniport is not asked
  behaviour.mp_deactivate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_PENDING);
  EXPECT_NE(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);  // a deactivation pends: not yet either
  EXPECT_EQ(record.count("MpDeleteVc"), 0u);
  NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_INVALID_PARAMETER);  // stale: no second delete
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  // A creation the miniport failed is never followed by MiniportCoDeleteVc.
  s.miniport().miniport_co.CoCreateVcHandler = [](NDIS_HANDLE, NDIS_HANDLE, PNDIS_HANDLE) -> NDIS_STATUS {
    handlers::note("MpCreateVc");
    return NDIS_STATUS_RESOURCES;
  };
  NDIS_HANDLE failed = nullptr;
  EXPECT_EQ(NdisCoCreateVc(s.w.client_binding.handle, s.w.af, ctx(kClientVcCtx), &failed), NDIS_STATUS_RESOURCES);
  EXPECT_EQ(record.count("MpCreateVc"), 2u);
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  EXPECT_EQ(NdisClCloseAddressFamily(s.w.af), NDIS_STATUS_SUCCESS);  // nothing left behind
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
}

// ---- VC-015 [LIB]: the miniport's VC context comes back unchanged -----------------------------

std::vector<NDIS_HANDLE> seen_contexts;
NDIS_STATUS MpCreateVcRecording(NDIS_HANDLE, NDIS_HANDLE, PNDIS_HANDLE c) {
  *c = ctx(0x5EC0);
  return NDIS_STATUS_SUCCESS;
}
NDIS_STATUS MpActivateRecording(NDIS_HANDLE c, PCO_CALL_PARAMETERS) { seen_contexts.push_back(c); return behaviour.mp_activate; }
NDIS_STATUS MpDeactivateRecording(NDIS_HANDLE c) { seen_contexts.push_back(c); return behaviour.mp_deactivate; }
NDIS_STATUS MpDeleteRecording(NDIS_HANDLE c) { seen_contexts.push_back(c); return NDIS_STATUS_SUCCESS; }

TEST(VcMiniportRules2, Vc015TheMiniportVcContextComesBackInEveryMiniportCoCall) {
  StandAlone s;
  seen_contexts.clear();
  auto& mp = s.miniport().miniport_co;
  mp.CoCreateVcHandler = MpCreateVcRecording;
  mp.CoActivateVcHandler = MpActivateRecording;
  mp.CoDeactivateVcHandler = MpDeactivateRecording;
  mp.CoDeleteVcHandler = MpDeleteRecording;
  NDIS_HANDLE vc = s.w.create_vc();
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  behaviour.mp_activate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_PENDING);  // a re-activation
  NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &s.w.params);
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(seen_contexts, std::vector<NDIS_HANDLE>(4, ctx(0x5EC0)));
  EXPECT_EQ(s.w.total(), 0u) << s.w.findings_text();
}

TEST(VcMiniportRules2, Vc015AnMcmGetsTheContextOfItsProtocolCoCreateVcOnSends) {
  dptest::DpWorld d;  // the MCM's ProtocolCoCreateVc returned kCmVcCtx (OQ-V13)
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  ASSERT_EQ(dptest::dp.miniport_queue.size(), 1u);
  EXPECT_EQ(dptest::dp.send_context, ctx(kCmVcCtx));
  d.complete_all();
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

}  // namespace
}  // namespace cmtest
