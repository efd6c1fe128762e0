// A connected MCM call for the data-path tests (vc-data-requests.md 2.5): the call-model World of
// call_model_support.hpp with data-path handlers installed over its stubs. The MCM queues what it
// is sent; the client records completions and receives and returns or keeps them as told.
#pragma once

#include <cstring>
#include <vector>

#include "call_model_support.hpp"
#include "core/nbl_store.hpp"
#include "core/vc.hpp"

namespace dptest {

using namespace cmtest;

struct DpState {
  std::vector<PNET_BUFFER_LIST> miniport_queue;   // MiniportCoSendNetBufferLists, in order
  std::vector<PNET_BUFFER_LIST> completed;        // ProtocolCoSendNetBufferListsComplete, in order
  std::vector<NDIS_STATUS> completed_status;
  std::vector<PNET_BUFFER_LIST> received;         // ProtocolCoReceiveNetBufferLists
  std::vector<ULONG> receive_flags;
  std::vector<PNET_BUFFER_LIST> returned;         // MiniportReturnNetBufferLists
  NDIS_HANDLE send_context = nullptr;
  NDIS_HANDLE receive_binding_context = nullptr, receive_vc_context = nullptr;
  NDIS_HANDLE return_adapter_context = nullptr;
  ULONG send_complete_flags = ~0u;
  bool keep_receives = true;  // hold indicated NBLs (else return them at once)
};
inline DpState dp;

inline VOID McmSend(NDIS_HANDLE vc_ctx, PNET_BUFFER_LIST nbls, ULONG) {
  dp.send_context = vc_ctx;
  for (PNET_BUFFER_LIST n = nbls; n; n = NET_BUFFER_LIST_NEXT_NBL(n)) dp.miniport_queue.push_back(n);
}
inline VOID ClSendComplete(NDIS_HANDLE vc_ctx, PNET_BUFFER_LIST nbls, ULONG flags) {
  dp.send_context = vc_ctx;
  dp.send_complete_flags = flags;
  for (PNET_BUFFER_LIST n = nbls; n; n = NET_BUFFER_LIST_NEXT_NBL(n)) {
    dp.completed.push_back(n);
    dp.completed_status.push_back(NET_BUFFER_LIST_STATUS(n));
  }
}
inline NDIS_HANDLE client_binding_handle = nullptr;
inline VOID ClReceive(NDIS_HANDLE bind_ctx, NDIS_HANDLE vc_ctx, PNET_BUFFER_LIST nbls, ULONG, ULONG flags) {
  dp.receive_binding_context = bind_ctx;
  dp.receive_vc_context = vc_ctx;
  dp.receive_flags.push_back(flags);
  for (PNET_BUFFER_LIST n = nbls; n; n = NET_BUFFER_LIST_NEXT_NBL(n)) dp.received.push_back(n);
  if (!dp.keep_receives && !(flags & NDIS_RECEIVE_FLAGS_RESOURCES)) NdisReturnNetBufferLists(client_binding_handle, nbls, 0);
}
inline VOID McmReturn(NDIS_HANDLE adapter_ctx, PNET_BUFFER_LIST nbls, ULONG) {
  dp.return_adapter_context = adapter_ctx;
  for (PNET_BUFFER_LIST n = nbls; n; n = NET_BUFFER_LIST_NEXT_NBL(n)) dp.returned.push_back(n);
}

// An MCM world with a connected call on `vc`, an NBL pool for each side, and a payload buffer.
struct DpWorld {
  World w{/*mcm=*/true};
  condis::CurrentRuntimeScope scope{&w.rt};
  NDIS_HANDLE vc = nullptr;
  NDIS_HANDLE client_pool = nullptr, mcm_pool = nullptr;
  std::vector<PNET_BUFFER_LIST> mine;  // allocated here, freed at the end by the test
  char payload[256];

  explicit DpWorld(bool connect = true) {
    dp = {};
    w.register_all();
    auto* client = w.rt.calls().find_driver(w.client.handle);
    auto* mcm = w.rt.calls().find_driver(w.mcm_driver.handle);
    client->protocol_co.CoSendNetBufferListsCompleteHandler = ClSendComplete;
    client->protocol_co.CoReceiveNetBufferListsHandler = ClReceive;
    mcm->miniport_co.CoSendNetBufferListsHandler = McmSend;
    w.mcm_driver.miniport.ReturnNetBufferListsHandler = McmReturn;
    client_binding_handle = w.client_binding.handle;
    w.register_af();
    w.open_af();
    vc = w.create_vc();
    if (connect) {
      EXPECT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_PENDING);
      EXPECT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
      NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr, nullptr, &w.params);
    }
    NET_BUFFER_LIST_POOL_PARAMETERS p{};
    p.Header = {NDIS_OBJECT_TYPE_DEFAULT, NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1,
                NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1};
    p.fAllocateNetBuffer = TRUE;
    client_pool = NdisAllocateNetBufferListPool(w.client.handle, &p);
    p.DataSize = 64;
    mcm_pool = NdisAllocateNetBufferListPool(w.mcm_adapter.handle, &p);
    for (size_t i = 0; i < sizeof payload; ++i) payload[i] = char(i);
  }

  // A client NBL over `len` bytes of the payload, SourceHandle set.
  PNET_BUFFER_LIST client_nbl(ULONG len = 32) {
    PMDL mdl = NdisAllocateMdl(w.client.handle, payload, len);
    PNET_BUFFER_LIST nbl = NdisAllocateNetBufferAndNetBufferList(client_pool, 0, 0, mdl, 0, len);
    nbl->SourceHandle = vc;
    mine.push_back(nbl);
    return nbl;
  }
  // A miniport receive NBL (64 bytes of data from the pool), SourceHandle set.
  PNET_BUFFER_LIST mcm_nbl(char fill = 'x') {
    PNET_BUFFER_LIST nbl = NdisAllocateNetBufferList(mcm_pool, 0, 0);
    PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
    std::memset(MmGetSystemAddressForMdlSafe(NET_BUFFER_CURRENT_MDL(nb), NormalPagePriority), fill, 64);
    nbl->SourceHandle = vc;
    return nbl;
  }
  // Completes everything the MCM holds with `status`.
  void complete_all(NDIS_STATUS status = NDIS_STATUS_SUCCESS) {
    std::vector<PNET_BUFFER_LIST> q;
    q.swap(dp.miniport_queue);
    for (size_t i = 0; i < q.size(); ++i) {
      NET_BUFFER_LIST_STATUS(q[i]) = status;
      NET_BUFFER_LIST_NEXT_NBL(q[i]) = i + 1 < q.size() ? q[i + 1] : nullptr;
    }
    if (!q.empty()) NdisMCoSendNetBufferListsComplete(vc, q.front(), 0);
  }
  uint32_t vc_sends() {
    auto* v = static_cast<condis::core::Vc*>(w.rt.handles().resolve(vc, condis::ObjectType::Vc));
    return v ? v->sends_outstanding : 0;
  }
  uint32_t vc_receives() {
    auto* v = static_cast<condis::core::Vc*>(w.rt.handles().resolve(vc, condis::ObjectType::Vc));
    return v ? v->receives_outstanding : 0;
  }
};

}  // namespace dptest
