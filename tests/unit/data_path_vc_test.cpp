// The CoNDIS data path on a connected MCM call (vc-data-requests.md 2.5, 3.1-3.3, 3.6; rules
// DP-001..DP-031, CM-026, CM-045, CM-070, CM-079, VC-011): each rule has a test that breaks it
// and asserts the finding by id, and one that keeps it and asserts none.
#include "data_path_support.hpp"

using namespace dptest;

namespace {

TEST(DataPathVc, SendCompletesBackToTheSenderInOrderWithoutFindings) {  // DP-005, DP-011, DP-017 keep
  DpWorld d;
  PNET_BUFFER_LIST a = d.client_nbl(), b = d.client_nbl();
  NET_BUFFER_LIST_NEXT_NBL(a) = b;
  NdisCoSendNetBufferLists(d.vc, a, 0);
  ASSERT_EQ(dp.miniport_queue, (std::vector<PNET_BUFFER_LIST>{a, b}));
  EXPECT_EQ(dp.send_context, ctx(kCmVcCtx));  // OQ-V13: the MCM's own VC context
  EXPECT_EQ(d.vc_sends(), 2u);
  d.complete_all();
  EXPECT_EQ(dp.completed, (std::vector<PNET_BUFFER_LIST>{a, b}));
  EXPECT_EQ(dp.completed_status[0], NDIS_STATUS_SUCCESS);
  EXPECT_EQ(dp.send_context, ctx(kClientVcCtx));
  EXPECT_EQ(dp.send_complete_flags, 0u);  // called at PASSIVE_LEVEL: no dispatch flag
  EXPECT_EQ(d.vc_sends(), 0u);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathVc, SendOnAnInactiveVcIsRefusedWithVcNotActivated) {  // DP-010, CM-045 break
  DpWorld d(/*connect=*/false);
  PNET_BUFFER_LIST a = d.client_nbl();
  NdisCoSendNetBufferLists(d.vc, a, 0);
  EXPECT_TRUE(dp.miniport_queue.empty());
  ASSERT_EQ(dp.completed.size(), 1u);
  EXPECT_EQ(dp.completed_status[0], NDIS_STATUS_VC_NOT_ACTIVATED);
  EXPECT_EQ(d.w.count("CM-045"), 1u);
}

TEST(DataPathVc, EntryChecksIrqlFlagsHandleAndChain) {  // DP-001, DP-003, DP-004, DP-006, DP-008 break
  DpWorld d;
  {
    PNET_BUFFER_LIST a = d.client_nbl();
    condis::exec::ExecutionScope high(condis::exec::kDispatch + 1);
    NdisCoSendNetBufferLists(d.vc, a, 0);
  }
  EXPECT_EQ(d.w.count("DP-001"), 1u);
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), NDIS_SEND_FLAGS_DISPATCH_LEVEL);
  EXPECT_EQ(d.w.count("DP-003"), 1u);
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0x80);
  EXPECT_EQ(d.w.count("DP-004"), 1u);
  NET_BUFFER_LIST fake{};
  NdisCoSendNetBufferLists(d.vc, &fake, 0);
  EXPECT_EQ(d.w.count("DP-006"), 1u);
  NdisCoSendNetBufferLists(ctx(0x1234), d.client_nbl(), 0);
  EXPECT_EQ(d.w.count("DP-008"), 1u);
  d.complete_all();
}

TEST(DataPathVc, FlagsAtDispatchLevelAreAccepted) {  // DP-001, DP-003 keep
  DpWorld d;
  {
    condis::exec::ExecutionScope dispatch(condis::exec::kDispatch);
    NdisCoSendNetBufferLists(d.vc, d.client_nbl(), NDIS_SEND_FLAGS_DISPATCH_LEVEL);
  }
  d.complete_all();
  EXPECT_EQ(d.w.count("DP-001") + d.w.count("DP-003") + d.w.count("DP-004"), 0u) << d.w.findings_text();
}

TEST(DataPathVc, SourceHandleMustBeTheVc) {  // DP-007
  DpWorld d;
  PNET_BUFFER_LIST a = d.client_nbl();
  a->SourceHandle = nullptr;
  NdisCoSendNetBufferLists(d.vc, a, 0);
  EXPECT_EQ(d.w.count("DP-007"), 1u);
  d.complete_all();
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  d.complete_all();
  EXPECT_EQ(d.w.count("DP-007"), 1u);
}

TEST(DataPathVc, ResendingOrFreeingAnNblInFlightIsReported) {  // DP-009 break; keep after completion
  DpWorld d;
  PNET_BUFFER_LIST a = d.client_nbl();
  NdisCoSendNetBufferLists(d.vc, a, 0);
  NdisCoSendNetBufferLists(d.vc, a, 0);
  NdisFreeNetBufferList(a);
  EXPECT_EQ(d.w.count("DP-009"), 2u);
  d.complete_all();
  NdisCoSendNetBufferLists(d.vc, a, 0);  // owned again after the completion
  d.complete_all();
  EXPECT_EQ(d.w.count("DP-009"), 2u);
}

TEST(DataPathVc, CompletionRulesOfTheMiniport) {  // DP-012..DP-016 break
  DpWorld d;
  PNET_BUFFER_LIST a = d.client_nbl();
  NdisMCoSendNetBufferListsComplete(d.vc, a, 0);  // never sent
  EXPECT_EQ(d.w.count("DP-012"), 1u);
  NdisCoSendNetBufferLists(d.vc, a, 0);
  NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(a)) += 1;  // DP-015
  a->SourceHandle = ctx(0x77);                              // DP-029
  a->NdisReserved[0] = ctx(0x55);                           // DP-031
  NDIS_HANDLE other = d.w.create_vc();
  NdisMCoSendNetBufferListsComplete(other, a, 0);  // Status still the poison, wrong VC
  EXPECT_EQ(d.w.count("DP-013"), 1u);
  EXPECT_EQ(d.w.count("DP-014"), 1u);
  EXPECT_EQ(d.w.count("DP-015"), 1u);
  EXPECT_EQ(d.w.count("DP-029"), 1u);
  EXPECT_EQ(d.w.count("DP-031"), 1u);
  EXPECT_EQ(dp.completed_status.back(), NDIS_STATUS_FAILURE);
  NdisMCoSendNetBufferListsComplete(d.vc, a, 0);  // again: no longer the miniport's
  EXPECT_EQ(d.w.count("DP-016"), 1u);
  EXPECT_EQ(dp.completed.size(), 1u);  // DP-017: handed back exactly once
}

TEST(DataPathVc, ReceiveDeliversToTheClientAndReturnsToTheMiniport) {  // DP-023..DP-025, DP-028 keep
  DpWorld d;
  PNET_BUFFER_LIST r1 = d.mcm_nbl('a'), r2 = d.mcm_nbl('b');
  NET_BUFFER_LIST_NEXT_NBL(r1) = r2;
  NdisMCoIndicateReceiveNetBufferLists(d.vc, r1, 2, 0);
  ASSERT_EQ(dp.received, (std::vector<PNET_BUFFER_LIST>{r1, r2}));
  EXPECT_EQ(dp.receive_binding_context, ctx(kClientBindingCtx));
  EXPECT_EQ(dp.receive_vc_context, ctx(kClientVcCtx));
  EXPECT_EQ(d.vc_receives(), 2u);
  char seen[64];
  EXPECT_EQ(NdisGetDataBuffer(NET_BUFFER_LIST_FIRST_NB(r2), 64, seen, 1, 0) != nullptr, true);
  NET_BUFFER_LIST_NEXT_NBL(r1) = nullptr;
  NdisReturnNetBufferLists(d.w.client_binding.handle, r2, 0);
  NdisReturnNetBufferLists(d.w.client_binding.handle, r1, 0);
  EXPECT_EQ(dp.returned, (std::vector<PNET_BUFFER_LIST>{r2, r1}));
  EXPECT_EQ(dp.return_adapter_context, ctx(kMcmAdapterCtx));
  EXPECT_EQ(d.vc_receives(), 0u);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathVc, ResourcesFlagGivesTheNblsBackWhenTheCallReturns) {  // DP-023 keep, DP-026 break
  DpWorld d;
  PNET_BUFFER_LIST r = d.mcm_nbl();
  NdisMCoIndicateReceiveNetBufferLists(d.vc, r, 1, NDIS_RECEIVE_FLAGS_RESOURCES);
  ASSERT_EQ(dp.receive_flags.size(), 1u);
  EXPECT_TRUE(dp.receive_flags[0] & NDIS_RECEIVE_FLAGS_RESOURCES);
  EXPECT_TRUE(dp.returned.empty());
  EXPECT_EQ(d.vc_receives(), 0u);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
  NdisReturnNetBufferLists(d.w.client_binding.handle, r, 0);
  EXPECT_EQ(d.w.count("DP-026"), 1u);
  EXPECT_TRUE(dp.returned.empty());
  NdisFreeNetBufferList(r);  // the miniport's again
}

TEST(DataPathVc, IndicationChecks) {  // DP-019..DP-022, DP-027, DP-030 break
  DpWorld d;
  PNET_BUFFER_LIST r = d.mcm_nbl();
  r->SourceHandle = nullptr;
  NdisMCoIndicateReceiveNetBufferLists(d.vc, r, 3, 0);
  EXPECT_EQ(d.w.count("DP-019"), 2u);  // SourceHandle and the count
  NdisMCoIndicateReceiveNetBufferLists(d.vc, r, 1, 0);  // indicated again before its return
  EXPECT_EQ(d.w.count("DP-021"), 1u);
  PNET_BUFFER_LIST empty = NdisAllocateNetBufferList(d.client_pool, 0, 0);
  NET_BUFFER_LIST_FIRST_NB(empty) = nullptr;
  empty->SourceHandle = d.vc;
  NdisMCoIndicateReceiveNetBufferLists(d.vc, empty, 1, 0);
  EXPECT_EQ(d.w.count("DP-020"), 1u);
  PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(r);
  NET_BUFFER_LIST_FIRST_NB(r) = nullptr;
  NdisReturnNetBufferLists(d.w.client_binding.handle, r, 0);
  EXPECT_EQ(d.w.count("DP-030"), 1u);
  NET_BUFFER_LIST_FIRST_NB(r) = nb;
  NdisReturnNetBufferLists(d.w.client_binding.handle, r, 0);  // twice
  EXPECT_EQ(d.w.count("DP-027"), 1u);
  NdisFreeNetBufferList(empty);
}

TEST(DataPathVc, DeactivationWithDataOutstandingAndSendsAfterClose) {  // VC-011, CM-047, CM-070, VC-012, DP-022
  DpWorld d;
  PNET_BUFFER_LIST a = d.client_nbl();
  NdisCoSendNetBufferLists(d.vc, a, 0);
  EXPECT_EQ(NdisClCloseCall(d.vc, nullptr, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(d.w.count("CM-070"), 1u);  // closed with a send outstanding
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  EXPECT_EQ(d.w.count("CM-070"), 2u);  // a send after the close
  EXPECT_EQ(NdisMCmDeactivateVc(d.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(d.w.count("VC-011"), 1u);
  EXPECT_EQ(d.w.count("CM-047"), 1u);
  d.complete_all();
  EXPECT_EQ(d.w.count("VC-012"), 1u);
  EXPECT_EQ(dp.completed.size(), 2u);
  NdisMCoIndicateReceiveNetBufferLists(d.vc, d.mcm_nbl(), 1, 0);
  EXPECT_EQ(d.w.count("DP-022"), 1u);
  d.w.rt.scheduler().run_until_idle();
  EXPECT_EQ(dp.returned.size(), 1u);  // OQ-V02: given back from a task
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, d.vc, nullptr);
}

TEST(DataPathVc, QuietDeactivationHasNoFinding) {  // VC-011, CM-047, CM-070 keep
  DpWorld d;
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  d.complete_all();
  EXPECT_EQ(NdisClCloseCall(d.vc, nullptr, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmDeactivateVc(d.vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, d.vc, nullptr);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathVc, SendAfterIncomingCloseIsReported) {  // CM-079
  DpWorld d;
  NdisMCmDispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, d.vc, nullptr, 0);
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  EXPECT_EQ(d.w.count("CM-079"), 1u);
  d.complete_all();
}

TEST(DataPathVc, LeakReportListsReceivesNeverReturnedAndSendsNeverCompleted) {  // DP-012, DP-025, DP-036
  DpWorld d;
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  NdisMCoIndicateReceiveNetBufferLists(d.vc, d.mcm_nbl(), 1, 0);
  condis::LeakReport report = d.w.rt.leak_report();
  auto has = [&](const char* rule) {
    for (auto& l : report.leaks)
      if (l.rule == rule) return true;
    return false;
  };
  EXPECT_TRUE(has("DP-012"));
  EXPECT_TRUE(has("DP-025"));
  EXPECT_TRUE(has("DP-036"));
}

}  // namespace
