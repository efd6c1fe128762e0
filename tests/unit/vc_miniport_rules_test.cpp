// The VC on the miniport side (vc-data-requests.md 4.A) under a stand-alone CM, and the MCM's
// side of VC-009: each rule broken (finding asserted by id, clean failure, consistent VC) and
// kept (no finding). The miniport's handlers are swapped in its CoNDIS record per test.
#include "unit/call_model_support.hpp"

namespace cmtest {
namespace {

// Miniport handlers that break a rule.
NDIS_STATUS MpCreateVcPends(NDIS_HANDLE, NDIS_HANDLE, PNDIS_HANDLE c) { *c = ctx(kMpVcCtx); return NDIS_STATUS_PENDING; }
NDIS_STATUS MpCreateVcNoContext(NDIS_HANDLE, NDIS_HANDLE, PNDIS_HANDLE) { return NDIS_STATUS_SUCCESS; }
NDIS_STATUS MpDeleteVcFails(NDIS_HANDLE) { return NDIS_STATUS_FAILURE; }

condis::core::CoDriver& miniport_record(World& w) {
  auto* d = w.rt.calls().find_driver(w.miniport.handle);
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
};

TEST(VcMiniportRules, Vc001CreateVcThatPendsFailsTheCreationAndUndoesThePeer) {
  StandAlone s;
  miniport_record(s.w).miniport_co.CoCreateVcHandler = MpCreateVcPends;
  NDIS_HANDLE vc = nullptr;
  EXPECT_EQ(NdisCoCreateVc(s.w.client_binding.handle, s.w.af, ctx(kClientVcCtx), &vc), NDIS_STATUS_FAILURE);
  EXPECT_EQ(s.w.count("VC-001"), 1u);
  EXPECT_EQ(vc, nullptr);
  EXPECT_EQ(record.count("CmCreateVc"), 1u);
  EXPECT_EQ(record.count("CmDeleteVc"), 1u);  // the CM's half is undone
  // Nothing is left on the AF: it closes without CM-035.
  EXPECT_EQ(NdisClCloseAddressFamily(s.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.total(), 1u) << s.w.findings_text();
}

TEST(VcMiniportRules, Vc001CreateVcThatReturnsAFinalStatusHasNoFinding) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  EXPECT_NE(vc, nullptr);
  EXPECT_EQ(record.count("MpCreateVc"), 1u);
  EXPECT_EQ(s.w.count("VC-001"), 0u);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.total(), 0u) << s.w.findings_text();
}

TEST(VcMiniportRules, Vc002SuccessWithoutAContextIsReportedAndTheVcStillWorks) {
  StandAlone s;
  miniport_record(s.w).miniport_co.CoCreateVcHandler = MpCreateVcNoContext;
  miniport_record(s.w).miniport_co.CoDeleteVcHandler = [](NDIS_HANDLE c) {
    EXPECT_EQ(c, nullptr);  // the poison never reaches the miniport
    return NDIS_STATUS_SUCCESS;
  };
  NDIS_HANDLE vc = nullptr;
  EXPECT_EQ(NdisCoCreateVc(s.w.client_binding.handle, s.w.af, ctx(kClientVcCtx), &vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.count("VC-002"), 1u);
  ASSERT_NE(vc, nullptr);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.total(), 1u) << s.w.findings_text();
}

TEST(VcMiniportRules, Vc002ContextWrittenHasNoFindingAndComesBack) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);  // MpDeleteVc checks it gets kMpVcCtx
  EXPECT_EQ(s.w.count("VC-002"), 0u);
  EXPECT_EQ(s.w.total(), 0u) << s.w.findings_text();
}

TEST(VcMiniportRules, Vc003DeleteVcFailureIsReportedAndTheVcIsDeletedAnyway) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  miniport_record(s.w).miniport_co.CoDeleteVcHandler = MpDeleteVcFails;
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);  // OQ-V14
  EXPECT_EQ(s.w.count("VC-003"), 1u);
  EXPECT_EQ(record.count("CmDeleteVc"), 1u);
  // The handle is dead (VC-004 is reported as a stale handle) and the AF has no VC left.
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(s.w.count("CM-007"), 1u);
  EXPECT_EQ(NdisClCloseAddressFamily(s.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.count("CM-035"), 0u);
}

TEST(VcMiniportRules, Vc003DeleteVcSuccessHasNoFinding) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  EXPECT_EQ(s.w.count("VC-003"), 0u);
  EXPECT_EQ(s.w.total(), 0u) << s.w.findings_text();
}

TEST(VcMiniportRules, Vc007DeactivateFailureIsReportedAndTheVcIsInactiveAnyway) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  behaviour.mp_deactivate = NDIS_STATUS_FAILURE;
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_FAILURE);
  EXPECT_EQ(s.w.count("VC-007"), 1u);
  // INACTIVE (OQ-V14): a second deactivation is refused and the VC can be deleted.
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_NOT_ACCEPTED);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.count("CM-042"), 0u);
}

TEST(VcMiniportRules, Vc007DeactivateSuccessOrPendingHasNoFinding) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_SUCCESS);
  behaviour.mp_deactivate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_PENDING);
  NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc);
  EXPECT_EQ(record.deactivate_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.total(), 0u) << s.w.findings_text();
}

TEST(VcMiniportRules, Vc008CompletionWithAnotherBufferIsReportedAndTheCmGetsItsOwn) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  static PCO_CALL_PARAMETERS seen;
  seen = nullptr;
  s.w.rt.calls().find_driver(s.w.cm.handle)->cm.CmActivateVcCompleteHandler =
      [](NDIS_STATUS st, NDIS_HANDLE, PCO_CALL_PARAMETERS p) { record.activate_complete_status = st; seen = p; };
  behaviour.mp_activate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_PENDING);
  CO_CALL_PARAMETERS other = s.w.params;
  NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &other);
  EXPECT_EQ(s.w.count("VC-008"), 1u);
  EXPECT_EQ(record.activate_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(seen, &s.w.params);  // the CM's buffer, not the miniport's wrong one
  EXPECT_EQ(NdisCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);  // the VC is ACTIVE
}

TEST(VcMiniportRules, Vc008CompletionWithTheSameBufferHasNoFinding) {
  StandAlone s;
  NDIS_HANDLE vc = s.w.create_vc();
  behaviour.mp_activate = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCmActivateVc(vc, &s.w.params), NDIS_STATUS_PENDING);
  NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &s.w.params);
  EXPECT_EQ(record.activate_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(s.w.count("VC-008"), 0u);
  EXPECT_EQ(s.w.total(), 0u) << s.w.findings_text();
}

TEST(VcMiniportRules, Vc009McmCompletingAnActivationOrDeactivationIsReportedAndIgnored) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  EXPECT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, vc, &w.params);
  NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, vc);
  EXPECT_EQ(w.count("VC-009"), 2u);
  EXPECT_EQ(record.count("CmActivateVcComplete"), 0u);
  EXPECT_EQ(record.count("CmDeactivateVcComplete"), 0u);
  // Ignored: the VC is still ACTIVE, so the MCM deactivates it once and the client deletes it.
  EXPECT_EQ(NdisMCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 2u) << w.findings_text();
}

TEST(VcMiniportRules, Vc009McmActivatingWithItsOwnCallsHasNoFinding) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  NDIS_HANDLE vc = w.create_vc();
  EXPECT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisMCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.count("VC-009"), 0u);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
}

TEST(VcMiniportRules, Vc016BadCharacteristicsHeaderIsRejected) {
  World w(false);
  NDIS_MINIPORT_CO_CHARACTERISTICS t;
  fill_miniport_co(&t, false);
  t.Header.Revision = 0;
  EXPECT_EQ(NdisSetOptionalHandlers(w.miniport.handle, reinterpret_cast<PNDIS_DRIVER_OPTIONAL_HANDLERS>(&t)),
            NDIS_STATUS_BAD_CHARACTERISTICS);
  fill_miniport_co(&t, false);
  t.Header.Size = NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1 - 8;
  EXPECT_EQ(NdisSetOptionalHandlers(w.miniport.handle, reinterpret_cast<PNDIS_DRIVER_OPTIONAL_HANDLERS>(&t)),
            NDIS_STATUS_BAD_CHARACTERISTICS);
  EXPECT_EQ(w.count("VC-016"), 2u);
  auto* d = w.rt.calls().find_driver(w.miniport.handle);
  EXPECT_TRUE(d == nullptr || !d->has_miniport_co);  // nothing half-registered
}

TEST(VcMiniportRules, Vc016And017WellFormedTablesAreAccepted) {
  World w(false);
  w.register_all();  // asserts SUCCESS for the plain miniport's and the MCM's tables
  EXPECT_EQ(w.count("VC-016"), 0u);
  EXPECT_EQ(w.count("VC-017"), 0u);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
}

TEST(VcMiniportRules, Vc017MissingRequiredHandlersAreRejected) {
  World w(false);
  NDIS_MINIPORT_CO_CHARACTERISTICS t;
  fill_miniport_co(&t, false);
  t.CoOidRequestHandler = nullptr;
  EXPECT_EQ(NdisSetOptionalHandlers(w.miniport.handle, reinterpret_cast<PNDIS_DRIVER_OPTIONAL_HANDLERS>(&t)),
            NDIS_STATUS_BAD_CHARACTERISTICS);
  EXPECT_EQ(w.count("VC-017"), 1u);
}

TEST(VcMiniportRules, Vc017MiniportWithoutVcHandlersFailsVcCreationUnderAStandAloneCm) {
  StandAlone s;
  miniport_record(s.w).miniport_co.CoCreateVcHandler = nullptr;
  NDIS_HANDLE vc = nullptr;
  EXPECT_EQ(NdisCoCreateVc(s.w.client_binding.handle, s.w.af, ctx(kClientVcCtx), &vc), NDIS_STATUS_FAILURE);
  EXPECT_EQ(s.w.count("VC-017"), 1u);
  EXPECT_EQ(vc, nullptr);
  EXPECT_EQ(record.count("CmCreateVc"), 0u);  // refused before any handler ran
  EXPECT_EQ(NdisClCloseAddressFamily(s.w.af), NDIS_STATUS_SUCCESS);
}

}  // namespace
}  // namespace cmtest
