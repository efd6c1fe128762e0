// Handlers for the incoming-call, party, QoS and notify-close tests, installed over the stub
// handlers of call_model_support.hpp in the drivers' CoNDIS records.
#pragma once

#include "unit/call_model_support.hpp"

namespace cmtest::flows {

struct State {
  NDIS_STATUS incoming_answer = NDIS_STATUS_SUCCESS;  // what ProtocolClIncomingCall returns
  NDIS_STATUS add_party = NDIS_STATUS_PENDING;
  NDIS_STATUS drop_party = NDIS_STATUS_PENDING;
  NDIS_STATUS modify_qos = NDIS_STATUS_PENDING;
  NDIS_STATUS notify_answer = NDIS_STATUS_SUCCESS;
  bool close_af_in_notify = false;
  NDIS_HANDLE af = nullptr;
  std::vector<std::string> calls;
  NDIS_STATUS last_status = -1;
  NDIS_HANDLE last_handle = (NDIS_HANDLE)1;
  void* last_context = nullptr;
  size_t count(std::string_view n) const {
    size_t c = 0;
    for (auto& s : calls) c += s == n;
    return c;
  }
};
inline State st;

inline void note(const char* n) { st.calls.emplace_back(n); }
inline NDIS_STATUS ClIncomingCall(NDIS_HANDLE sap_ctx, NDIS_HANDLE vc_ctx, PCO_CALL_PARAMETERS) {
  note("ClIncomingCall");
  EXPECT_EQ(sap_ctx, ctx(kClientSapCtx));
  st.last_context = vc_ctx;
  return st.incoming_answer;
}
inline VOID ClCallConnected(NDIS_HANDLE) { note("ClCallConnected"); }
inline VOID ClIncomingClose(NDIS_STATUS s, NDIS_HANDLE, PVOID, UINT) { note("ClIncomingCloseCall"); st.last_status = s; }
inline VOID ClIncomingDrop(NDIS_STATUS s, NDIS_HANDLE p, PVOID, UINT) { note("ClIncomingDropParty"); st.last_status = s; st.last_context = p; }
inline VOID ClAddPartyComplete(NDIS_STATUS s, NDIS_HANDLE c, NDIS_HANDLE h, PCO_CALL_PARAMETERS) { note("ClAddPartyComplete"); st.last_status = s; st.last_context = c; st.last_handle = h; }
inline VOID ClDropPartyComplete(NDIS_STATUS s, NDIS_HANDLE c) { note("ClDropPartyComplete"); st.last_status = s; st.last_context = c; }
inline VOID ClModifyQosComplete(NDIS_STATUS s, NDIS_HANDLE, PCO_CALL_PARAMETERS) { note("ClModifyCallQoSComplete"); st.last_status = s; }
inline VOID ClIncomingQos(NDIS_HANDLE, PCO_CALL_PARAMETERS) { note("ClIncomingCallQoSChange"); }
inline NDIS_STATUS ClNotifyCloseAf(NDIS_HANDLE) {
  note("ClNotifyCloseAf");
  if (st.close_af_in_notify) st.last_status = NdisClCloseAddressFamily(st.af);
  return st.notify_answer;
}
inline VOID CmIncomingCallComplete(NDIS_STATUS s, NDIS_HANDLE, PCO_CALL_PARAMETERS) { note("CmIncomingCallComplete"); st.last_status = s; }
inline NDIS_STATUS CmAddParty(NDIS_HANDLE, PCO_CALL_PARAMETERS, NDIS_HANDLE, PNDIS_HANDLE c) { note("CmAddParty"); *c = ctx(0x2D01); return st.add_party; }
inline NDIS_STATUS CmDropParty(NDIS_HANDLE, PVOID, UINT) { note("CmDropParty"); return st.drop_party; }
inline NDIS_STATUS CmModifyQos(NDIS_HANDLE, PCO_CALL_PARAMETERS) { note("CmModifyCallQoS"); return st.modify_qos; }
inline VOID CmNotifyCloseAfComplete(NDIS_HANDLE, NDIS_STATUS s) { note("CmNotifyCloseAfComplete"); st.last_status = s; }

// Installs the handlers above into the world's client and (M)CM.
inline void install(World& w) {
  st = {};
  auto* cl = w.rt.calls().find_driver(w.client.handle);
  auto* cm = w.rt.calls().find_driver(w.mcm ? w.mcm_driver.handle : w.cm.handle);
  ASSERT_TRUE(cl && cm);
  cl->client.ClIncomingCallHandler = ClIncomingCall;
  cl->client.ClCallConnectedHandler = ClCallConnected;
  cl->client.ClIncomingCloseCallHandler = ClIncomingClose;
  cl->client.ClIncomingDropPartyHandler = ClIncomingDrop;
  cl->client.ClAddPartyCompleteHandler = ClAddPartyComplete;
  cl->client.ClDropPartyCompleteHandler = ClDropPartyComplete;
  cl->client.ClModifyCallQoSCompleteHandler = ClModifyQosComplete;
  cl->client.ClIncomingCallQoSChangeHandler = ClIncomingQos;
  cl->client.ClNotifyCloseAfHandler = ClNotifyCloseAf;
  cm->cm.CmIncomingCallCompleteHandler = CmIncomingCallComplete;
  cm->cm.CmAddPartyHandler = CmAddParty;
  cm->cm.CmDropPartyHandler = CmDropParty;
  cm->cm.CmModifyCallQoSHandler = CmModifyQos;
  cm->cm.CmNotifyCloseAfCompleteHandler = CmNotifyCloseAfComplete;
}

// An MCM world with the AF open, a registered SAP and an MCM-created, activated VC.
struct Incoming {
  World w{true};
  CO_SAP sap{};
  NDIS_HANDLE sap_handle = nullptr;
  NDIS_HANDLE vc = nullptr;
  Incoming() {
    w.register_all();
    w.register_af();
    w.open_af();
    install(w);
    st.af = w.af;
    EXPECT_EQ(NdisClRegisterSap(w.af, ctx(kClientSapCtx), &sap, &sap_handle), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(NdisMCmCreateVc(w.mcm_adapter.handle, w.af, ctx(kCmVcCtx), &vc), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  }
};

// An MCM world with a connected multipoint call (initial party returned in `party`).
struct Multipoint {
  World w{true};
  NDIS_HANDLE vc = nullptr;
  NDIS_HANDLE party = nullptr;
  Multipoint() {
    w.register_all();
    w.register_af();
    w.open_af();
    install(w);
    vc = w.create_vc();
    behaviour.make_call = NDIS_STATUS_PENDING;
    EXPECT_EQ(NdisClMakeCall(vc, &w.params, ctx(kClientPartyCtx), &party), NDIS_STATUS_PENDING);
    EXPECT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
    NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, vc, record.cm_make_party, ctx(0x2D00), &w.params);
    party = record.make_complete_party;
  }
};

}  // namespace cmtest::flows
