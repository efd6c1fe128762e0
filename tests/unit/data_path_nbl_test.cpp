// NBL/NB/MDL pools, allocators and helpers (vc-data-requests.md 2.3, 2.4; rules DP-002,
// DP-024, DP-032..DP-041, CM-026): each checked rule has a test that breaks it and asserts the
// finding by id, and one that keeps it and asserts none; library behaviour (DP-024, DP-040) is
// shown by keeping tests.
#include "data_path_support.hpp"

using namespace dptest;

namespace {

NET_BUFFER_LIST_POOL_PARAMETERS nbl_pool_params(BOOLEAN allocate_nb, ULONG data_size = 0) {
  NET_BUFFER_LIST_POOL_PARAMETERS p{};
  p.Header = {NDIS_OBJECT_TYPE_DEFAULT, NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1,
              NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1};
  p.fAllocateNetBuffer = allocate_nb;
  p.DataSize = data_size;
  return p;
}

NET_BUFFER_POOL_PARAMETERS nb_pool_params(ULONG data_size = 0) {
  NET_BUFFER_POOL_PARAMETERS p{};
  p.Header = {NDIS_OBJECT_TYPE_DEFAULT, NET_BUFFER_POOL_PARAMETERS_REVISION_1,
              NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1};
  p.DataSize = data_size;
  return p;
}

TEST(DataPathNbl, ServicesAboveDispatchAreReported) {  // DP-002 break
  DpWorld d;
  auto p = nbl_pool_params(TRUE);
  PMDL mdl = NdisAllocateMdl(d.w.client.handle, d.payload, 16);
  {
    condis::exec::ExecutionScope high(condis::exec::kDispatch + 1);
    EXPECT_EQ(NdisAllocateNetBufferListPool(d.w.client.handle, &p), nullptr);
    EXPECT_EQ(NdisAllocateNetBufferAndNetBufferList(d.client_pool, 0, 0, mdl, 0, 16), nullptr);
  }
  EXPECT_EQ(d.w.count("DP-002"), 2u);
  NdisFreeMdl(mdl);
}

TEST(DataPathNbl, ServicesAtDispatchAreAccepted) {  // DP-002 keep
  DpWorld d;
  condis::exec::ExecutionScope dispatch(condis::exec::kDispatch);
  auto p = nbl_pool_params(TRUE);
  NDIS_HANDLE pool = NdisAllocateNetBufferListPool(d.w.client.handle, &p);
  ASSERT_NE(pool, nullptr);
  PMDL mdl = NdisAllocateMdl(d.w.client.handle, d.payload, 16);
  PNET_BUFFER_LIST nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, mdl, 0, 16);
  ASSERT_NE(nbl, nullptr);
  NdisFreeNetBufferList(nbl);
  NdisFreeMdl(mdl);
  NdisFreeNetBufferListPool(pool);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathNbl, MalformedPoolParametersGiveNoPool) {  // DP-032 break
  DpWorld d;
  auto p = nbl_pool_params(TRUE);
  p.Header.Type = 0;
  EXPECT_EQ(NdisAllocateNetBufferListPool(d.w.client.handle, &p), nullptr);
  p = nbl_pool_params(FALSE, 64);  // DataSize without fAllocateNetBuffer
  EXPECT_EQ(NdisAllocateNetBufferListPool(d.w.client.handle, &p), nullptr);
  p = nbl_pool_params(TRUE);
  p.ContextSize = 8;
  EXPECT_EQ(NdisAllocateNetBufferListPool(d.w.client.handle, &p), nullptr);
  auto q = nb_pool_params();
  q.Header.Revision = 2;
  EXPECT_EQ(NdisAllocateNetBufferPool(d.w.client.handle, &q), nullptr);
  q = nb_pool_params();
  q.Header.Size = 8;
  EXPECT_EQ(NdisAllocateNetBufferPool(d.w.client.handle, &q), nullptr);
  EXPECT_EQ(d.w.count("DP-032"), 5u);
}

TEST(DataPathNbl, WellFormedPoolParametersGiveAPool) {  // DP-032 keep
  DpWorld d;
  auto p = nbl_pool_params(TRUE, 128);
  p.ContextSize = 32;
  NDIS_HANDLE a = NdisAllocateNetBufferListPool(d.w.client.handle, &p);
  auto q = nb_pool_params(256);
  NDIS_HANDLE b = NdisAllocateNetBufferPool(d.w.client.handle, &q);
  EXPECT_NE(a, nullptr);
  EXPECT_NE(b, nullptr);
  NdisFreeNetBufferListPool(a);
  NdisFreeNetBufferPool(b);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathNbl, AllocatorWithAnUnsuitablePoolReturnsNull) {  // DP-033 break
  DpWorld d;
  PMDL mdl = NdisAllocateMdl(d.w.client.handle, d.payload, 16);
  // The MCM pool has a DataSize: not for NdisAllocateNetBufferAndNetBufferList.
  EXPECT_EQ(NdisAllocateNetBufferAndNetBufferList(d.mcm_pool, 0, 0, mdl, 0, 16), nullptr);
  auto q = nb_pool_params();  // no DataSize: not for NdisAllocateNetBufferMdlAndData
  NDIS_HANDLE nb_pool = NdisAllocateNetBufferPool(d.w.client.handle, &q);
  EXPECT_EQ(NdisAllocateNetBufferMdlAndData(nb_pool), nullptr);
  EXPECT_EQ(NdisAllocateNetBufferList(nb_pool, 0, 0), nullptr);     // an NB pool for an NBL
  EXPECT_EQ(NdisAllocateNetBuffer(d.client_pool, mdl, 0, 16), nullptr);  // an NBL pool for an NB
  EXPECT_EQ(d.w.count("DP-033"), 4u);
  NdisFreeNetBufferPool(nb_pool);
  NdisFreeMdl(mdl);
}

TEST(DataPathNbl, AllocatorWithASuitablePoolSucceeds) {  // DP-033 keep
  DpWorld d;
  PMDL mdl = NdisAllocateMdl(d.w.client.handle, d.payload, 16);
  PNET_BUFFER_LIST a = NdisAllocateNetBufferAndNetBufferList(d.client_pool, 0, 0, mdl, 0, 16);
  PNET_BUFFER_LIST b = NdisAllocateNetBufferList(d.mcm_pool, 0, 0);
  auto q = nb_pool_params(64);
  NDIS_HANDLE nb_pool = NdisAllocateNetBufferPool(d.w.client.handle, &q);
  PNET_BUFFER c = NdisAllocateNetBufferMdlAndData(nb_pool);
  PNET_BUFFER e = NdisAllocateNetBuffer(nb_pool, mdl, 0, 16);
  ASSERT_TRUE(a && b && c && e);
  EXPECT_EQ(NET_BUFFER_DATA_LENGTH(e), 16u);
  NdisFreeNetBuffer(e);
  NdisFreeNetBuffer(c);
  NdisFreeNetBufferPool(nb_pool);
  NdisFreeNetBufferList(a);
  NdisFreeNetBufferList(b);
  NdisFreeMdl(mdl);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathNbl, ContextSizesAndDataArgumentsAreChecked) {  // DP-034 break
  DpWorld d;
  PMDL mdl = NdisAllocateMdl(d.w.client.handle, d.payload, 16);
  PNET_BUFFER_LIST a = NdisAllocateNetBufferList(d.client_pool, 8, 0);  // not a multiple of 16
  EXPECT_EQ(d.w.count("DP-034"), 1u);
  EXPECT_EQ(NdisAllocateNetBufferAndNetBufferList(d.client_pool, 0, 0, nullptr, 0, 16), nullptr);  // NULL chain
  EXPECT_EQ(NdisAllocateNetBufferAndNetBufferList(d.client_pool, 0, 0, mdl, 8, 16), nullptr);      // chain too short
  EXPECT_EQ(d.w.count("DP-034"), 3u);
  ASSERT_NE(a, nullptr);
  NdisAllocateNetBufferListContext(a, 12, 0, 0);  // not a multiple of sizeof(void*)
  EXPECT_EQ(d.w.count("DP-034"), 4u);
  NdisFreeMdl(mdl);
}

TEST(DataPathNbl, WellSizedContextsAndDataArgumentsAreAccepted) {  // DP-034 keep; DP-035 keep (context order)
  DpWorld d;
  PMDL mdl = NdisAllocateMdl(d.w.client.handle, d.payload, 32);
  PNET_BUFFER_LIST a = NdisAllocateNetBufferAndNetBufferList(d.client_pool, 16, 16, mdl, 8, 24);
  PNET_BUFFER_LIST b = NdisAllocateNetBufferAndNetBufferList(d.client_pool, 0, 0, nullptr, 0, 0);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(NdisAllocateNetBufferListContext(a, 8, 0, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisAllocateNetBufferListContext(a, 24, 0, 0), NDIS_STATUS_SUCCESS);
  NdisFreeNetBufferListContext(a, 24);
  NdisFreeNetBufferListContext(a, 8);
  NdisFreeNetBufferList(a);
  NdisFreeNetBufferList(b);
  NdisFreeMdl(mdl);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathNbl, FreeingWhatWasNotAllocatedSoOrTwiceIsReported) {  // DP-035 break
  DpWorld d;
  size_t seen = 0;
  auto reported = [&] {  // at least one new DP-035 since the last look
    const size_t now = d.w.count("DP-035");
    const bool more = now > seen;
    seen = now;
    return more;
  };
  PMDL mdl = NdisAllocateMdl(d.w.client.handle, d.payload, 16);
  PNET_BUFFER_LIST a = NdisAllocateNetBufferAndNetBufferList(d.client_pool, 0, 0, mdl, 0, 16);
  NdisFreeNetBuffer(NET_BUFFER_LIST_FIRST_NB(a));  // preallocated with the NBL
  EXPECT_TRUE(reported());
  EXPECT_EQ(NdisAllocateNetBufferListContext(a, 8, 0, 0), NDIS_STATUS_SUCCESS);
  NdisFreeNetBufferListContext(a, 16);  // not the size allocated (the allocation is released)
  EXPECT_TRUE(reported());
  NdisFreeNetBufferListContext(a, 8);  // nothing left to release
  EXPECT_TRUE(reported());
  NdisFreeNetBufferList(a);
  EXPECT_FALSE(reported());
  NdisFreeNetBufferList(a);  // twice
  EXPECT_TRUE(reported());
  NET_BUFFER_LIST fake{};
  NdisFreeNetBufferList(&fake);  // never allocated
  EXPECT_TRUE(reported());
  NdisFreeCloneNetBufferList(&fake, 0);  // not a clone
  EXPECT_TRUE(reported());
  NdisFreeMdl(mdl);
  EXPECT_FALSE(reported());
  NdisFreeMdl(mdl);  // twice
  EXPECT_TRUE(reported());
  auto q = nb_pool_params();
  NDIS_HANDLE nb_pool = NdisAllocateNetBufferPool(d.w.client.handle, &q);
  NdisFreeNetBufferPool(nb_pool);
  EXPECT_FALSE(reported());
  NdisFreeNetBufferPool(nb_pool);  // twice
  EXPECT_TRUE(reported());
}

TEST(DataPathNbl, FreeingEachObjectOnceWithItsFreeFunctionIsQuiet) {  // DP-035 keep
  DpWorld d;
  PMDL mdl = NdisAllocateMdl(d.w.client.handle, d.payload, 16);
  auto q = nb_pool_params(32);
  NDIS_HANDLE nb_pool = NdisAllocateNetBufferPool(d.w.client.handle, &q);
  PNET_BUFFER nb = NdisAllocateNetBuffer(nb_pool, mdl, 0, 16);
  PNET_BUFFER with_data = NdisAllocateNetBufferMdlAndData(nb_pool);
  PNET_BUFFER_LIST nbl = NdisAllocateNetBufferList(d.client_pool, 0, 0);
  NdisFreeNetBuffer(nb);
  NdisFreeNetBuffer(with_data);
  NdisFreeNetBufferList(nbl);
  NdisFreeMdl(mdl);
  NdisFreeNetBufferPool(nb_pool);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathNbl, APoolWithObjectsOutstandingIsKept) {  // DP-036 break, then keep
  DpWorld d;
  auto p = nbl_pool_params(TRUE, 32);
  NDIS_HANDLE pool = NdisAllocateNetBufferListPool(d.w.client.handle, &p);
  PNET_BUFFER_LIST nbl = NdisAllocateNetBufferList(pool, 0, 0);
  NdisFreeNetBufferListPool(pool);
  EXPECT_EQ(d.w.count("DP-036"), 1u);
  EXPECT_EQ(NdisGetPoolFromNetBufferList(nbl), pool);  // the pool was kept
  auto q = nb_pool_params(32);
  NDIS_HANDLE nb_pool = NdisAllocateNetBufferPool(d.w.client.handle, &q);
  PNET_BUFFER nb = NdisAllocateNetBufferMdlAndData(nb_pool);
  NdisFreeNetBufferPool(nb_pool);
  EXPECT_EQ(d.w.count("DP-036"), 2u);
  NdisFreeNetBufferList(nbl);
  NdisFreeNetBuffer(nb);
  NdisFreeNetBufferListPool(pool);  // now empty: freed without a finding
  NdisFreeNetBufferPool(nb_pool);
  EXPECT_EQ(d.w.count("DP-036"), 2u);
  EXPECT_EQ(d.w.count("DP-035"), 0u);
}

TEST(DataPathNbl, AdvancingPastTheDataIsRefused) {  // DP-037 break
  DpWorld d;
  PNET_BUFFER_LIST nbl = d.client_nbl(32);
  PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
  NdisAdvanceNetBufferDataStart(nb, 33, FALSE, nullptr);
  EXPECT_EQ(d.w.count("DP-037"), 1u);
  EXPECT_EQ(NET_BUFFER_DATA_LENGTH(nb), 32u);  // unchanged
  NdisAdvanceNetBufferListDataStart(nbl, 40, FALSE, nullptr);
  EXPECT_EQ(d.w.count("DP-037"), 2u);
  EXPECT_EQ(NET_BUFFER_DATA_OFFSET(nb), 0u);
}

TEST(DataPathNbl, AdvancingWithinTheDataMovesTheStart) {  // DP-037 keep, DP-040 (advance/retreat)
  DpWorld d;
  PNET_BUFFER_LIST nbl = d.client_nbl(32);
  PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
  NdisAdvanceNetBufferDataStart(nb, 10, FALSE, nullptr);
  EXPECT_EQ(NET_BUFFER_DATA_OFFSET(nb), 10u);
  EXPECT_EQ(NET_BUFFER_DATA_LENGTH(nb), 22u);
  EXPECT_EQ(NET_BUFFER_CURRENT_MDL_OFFSET(nb), 10u);
  EXPECT_EQ(NdisRetreatNetBufferDataStart(nb, 4, 0, nullptr), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NET_BUFFER_DATA_OFFSET(nb), 6u);
  EXPECT_EQ(NET_BUFFER_DATA_LENGTH(nb), 26u);
  NdisAdvanceNetBufferListDataStart(nbl, 26, FALSE, nullptr);  // exactly all of it
  EXPECT_EQ(NET_BUFFER_DATA_LENGTH(nb), 0u);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathNbl, GetDataBufferCopyAndPoolHelpersBehaveAsDocumented) {  // DP-040
  DpWorld d;
  PNET_BUFFER_LIST nbl = d.client_nbl(32);
  PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
  char storage[64];
  EXPECT_EQ(NdisGetDataBuffer(nb, 33, storage, 1, 0), nullptr);  // more than DataLength
  EXPECT_EQ(NdisGetDataBuffer(nb, 16, nullptr, 1, 0), static_cast<void*>(d.payload));  // direct
  // A two-MDL NB: bytes that straddle MDLs come back copied into Storage, or NULL without it.
  PMDL first = NdisAllocateMdl(d.w.client.handle, d.payload, 8);
  PMDL second = NdisAllocateMdl(d.w.client.handle, d.payload + 100, 8);
  first->Next = second;
  PNET_BUFFER_LIST split = NdisAllocateNetBufferAndNetBufferList(d.client_pool, 0, 0, first, 4, 12);
  PNET_BUFFER snb = NET_BUFFER_LIST_FIRST_NB(split);
  EXPECT_EQ(NdisGetDataBuffer(snb, 8, nullptr, 1, 0), nullptr);
  ASSERT_EQ(NdisGetDataBuffer(snb, 8, storage, 1, 0), static_cast<void*>(storage));
  EXPECT_EQ(std::memcmp(storage, d.payload + 4, 4), 0);
  EXPECT_EQ(std::memcmp(storage + 4, d.payload + 100, 4), 0);
  EXPECT_EQ(NET_BUFFER_DATA_OFFSET(snb), 4u);  // the NB is unchanged
  EXPECT_EQ(NET_BUFFER_DATA_LENGTH(snb), 12u);
  // Copy: relative to the data starts, stops at the end of the source, reports the count.
  PNET_BUFFER_LIST dst = d.mcm_nbl('z');
  PNET_BUFFER dnb = NET_BUFFER_LIST_FIRST_NB(dst);
  const ULONG dst_length = NET_BUFFER_DATA_LENGTH(dnb);
  ULONG copied = 0;
  EXPECT_EQ(NdisCopyFromNetBufferToNetBuffer(dnb, 2, 100, snb, 6, &copied), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(copied, 6u);
  char storage_out[8];
  const char* out = static_cast<const char*>(NdisGetDataBuffer(dnb, 8, storage_out, 1, 0));
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out[0], 'z');
  EXPECT_EQ(out[2], d.payload[102]);
  EXPECT_EQ(NET_BUFFER_DATA_LENGTH(dnb), dst_length);
  EXPECT_EQ(NdisGetPoolFromNetBufferList(nbl), d.client_pool);
  EXPECT_EQ(NdisGetPoolFromNetBufferList(dst), d.mcm_pool);
  NdisFreeNetBufferList(split);
  NdisFreeNetBufferList(dst);
  NdisFreeMdl(first);
  NdisFreeMdl(second);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathNbl, GetDataBufferAlignmentMustBeAPowerOfTwo) {  // DP-041 break
  DpWorld d;
  PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(d.client_nbl(32));
  char storage[32];
  EXPECT_EQ(NdisGetDataBuffer(nb, 8, storage, 3, 0), nullptr);
  EXPECT_EQ(NdisGetDataBuffer(nb, 8, storage, 4, 4), nullptr);  // AlignOffset >= AlignMultiple
  EXPECT_EQ(NdisGetDataBuffer(nb, 8, storage, 0, 0), nullptr);
  EXPECT_EQ(d.w.count("DP-041"), 3u);
}

TEST(DataPathNbl, GetDataBufferWithAValidAlignment) {  // DP-041 keep
  DpWorld d;
  PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(d.client_nbl(32));
  alignas(16) char storage[32];
  void* p = NdisGetDataBuffer(nb, 8, storage, 16, 3);  // the payload is not at 3 mod 16: a copy
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p, static_cast<void*>(storage));
  EXPECT_NE(NdisGetDataBuffer(nb, 8, storage, 1, 0), nullptr);
  EXPECT_EQ(d.w.count("DP-041"), 0u);
}

TEST(DataPathNbl, IndicationsGoToTheVcsClientInOrder) {  // DP-024 (library behaviour)
  DpWorld d;
  dp.keep_receives = false;
  std::vector<PNET_BUFFER_LIST> sent;
  for (char c : {'a', 'b', 'c', 'd'}) {
    sent.push_back(d.mcm_nbl(c));
    NdisMCoIndicateReceiveNetBufferLists(d.vc, sent.back(), 1, 0);
  }
  EXPECT_EQ(dp.received, sent);
  EXPECT_EQ(dp.receive_binding_context, ctx(kClientBindingCtx));
  EXPECT_EQ(dp.receive_vc_context, ctx(kClientVcCtx));
  EXPECT_EQ(dp.returned, sent);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

// CM-026: the MCM sends on its own VC from inside its send handler (a handler of that MCM).
PNET_BUFFER_LIST mcm_resend = nullptr;
NDIS_HANDLE mcm_resend_vc = nullptr;
VOID McmSendAndResend(NDIS_HANDLE vc_ctx, PNET_BUFFER_LIST nbls, ULONG flags) {
  McmSend(vc_ctx, nbls, flags);
  if (PNET_BUFFER_LIST n = std::exchange(mcm_resend, nullptr)) NdisCoSendNetBufferLists(mcm_resend_vc, n, 0);
}

TEST(DataPathNbl, AnMcmSendingThroughNdisIsReported) {  // CM-026 break
  DpWorld d;
  d.w.rt.calls().find_driver(d.w.mcm_driver.handle)->miniport_co.CoSendNetBufferListsHandler = McmSendAndResend;
  PNET_BUFFER_LIST signalling = d.client_nbl();
  mcm_resend = signalling;
  mcm_resend_vc = d.vc;
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  EXPECT_EQ(d.w.count("CM-026"), 1u);
  EXPECT_EQ(dp.miniport_queue.size(), 1u);  // the MCM's own send was ignored
  d.complete_all();
}

TEST(DataPathNbl, AClientSendingFromItsCompletionIsNotAnMcmSend) {  // CM-026 keep
  DpWorld d;
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  d.complete_all();
  EXPECT_EQ(dp.miniport_queue.size(), 0u);
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  EXPECT_EQ(dp.miniport_queue.size(), 1u);
  d.complete_all();
  EXPECT_EQ(d.w.count("CM-026"), 0u);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathNbl, AdapterHaltingWithDataInFlightIsReported) {  // DP-038 break
  DpWorld d;
  NdisMCoIndicateReceiveNetBufferLists(d.vc, d.mcm_nbl(), 1, 0);  // held by the client
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);             // held by the MCM
  d.w.rt.nbls().adapter_halting(d.w.mcm_adapter.handle);
  EXPECT_EQ(d.w.count("DP-038"), 1u);
  // An MDL the miniport allocated and never freed is listed under DP-038 at the leak report.
  NdisAllocateMdl(d.w.mcm_adapter.handle, d.payload, 8);
  condis::LeakReport report = d.w.rt.leak_report();
  size_t mdls = 0;
  for (auto& l : report.leaks) mdls += l.rule == "DP-038";
  EXPECT_EQ(mdls, 1u);
}

TEST(DataPathNbl, AdapterHaltingWithNothingInFlightIsQuiet) {  // DP-038 keep
  DpWorld d;
  dp.keep_receives = false;
  NdisMCoIndicateReceiveNetBufferLists(d.vc, d.mcm_nbl(), 1, 0);
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  d.complete_all();
  d.w.rt.nbls().adapter_halting(d.w.mcm_adapter.handle);
  EXPECT_EQ(d.w.count("DP-038"), 0u);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

TEST(DataPathNbl, BindingClosingWithSendsOrReceivesHeldIsReported) {  // DP-039 break
  DpWorld d;
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  d.w.rt.nbls().binding_closing(d.w.client_binding.handle);
  EXPECT_EQ(d.w.count("DP-039"), 1u);
  d.complete_all();
  NdisMCoIndicateReceiveNetBufferLists(d.vc, d.mcm_nbl(), 1, 0);  // kept by the client
  d.w.rt.nbls().binding_closing(d.w.client_binding.handle);
  EXPECT_EQ(d.w.count("DP-039"), 2u);
}

TEST(DataPathNbl, BindingClosingAfterEverythingCameBackIsQuiet) {  // DP-039 keep
  DpWorld d;
  dp.keep_receives = false;
  NdisCoSendNetBufferLists(d.vc, d.client_nbl(), 0);
  d.complete_all();
  NdisMCoIndicateReceiveNetBufferLists(d.vc, d.mcm_nbl(), 1, 0);
  d.w.rt.nbls().binding_closing(d.w.client_binding.handle);
  EXPECT_EQ(d.w.count("DP-039"), 0u);
  EXPECT_EQ(d.w.total(), 0u) << d.w.findings_text();
}

}  // namespace
