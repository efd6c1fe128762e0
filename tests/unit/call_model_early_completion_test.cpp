// A completion that runs before its request's handler returned (another processor completed at
// once), followed by the peer deleting the VC from inside the completion handler. The request side
// still holds the VC when its handler returns: deletion kills the handle at once and leaves the
// free to that request (Vc::free_deferred). Run under ASan these would read freed memory without it.
#include "unit/call_model_flows.hpp"

namespace cmtest::flows {
namespace {

NDIS_HANDLE g_vc = nullptr;
NDIS_STATUS g_deleted = -1;

// Incoming call: the client completes (rejects) inside ProtocolClIncomingCall, the MCM deactivates
// and deletes the VC inside ProtocolCmIncomingCallComplete.
NDIS_STATUS EarlyRejectingIncomingCall(NDIS_HANDLE, NDIS_HANDLE, PCO_CALL_PARAMETERS p) {
  note("ClIncomingCall");
  NdisClIncomingCallComplete(NDIS_STATUS_NOT_ACCEPTED, g_vc, p);
  return NDIS_STATUS_PENDING;
}
VOID DeletingIncomingCallComplete(NDIS_STATUS s, NDIS_HANDLE, PCO_CALL_PARAMETERS) {
  note("CmIncomingCallComplete");
  st.last_status = s;
  EXPECT_EQ(NdisMCmDeactivateVc(g_vc), NDIS_STATUS_SUCCESS);
  g_deleted = NdisMCmDeleteVc(g_vc);
}

TEST(CallModelEarlyCompletion, IncomingCallRejectedEarlyAndVcDeletedInCompletionIsFreedByTheDispatch) {
  Incoming t;
  g_vc = t.vc;
  g_deleted = -1;
  auto* cl = t.w.rt.calls().find_driver(t.w.client.handle);
  auto* cm = t.w.rt.calls().find_driver(t.w.mcm_driver.handle);
  cl->client.ClIncomingCallHandler = EarlyRejectingIncomingCall;
  cm->cm.CmIncomingCallCompleteHandler = DeletingIncomingCallComplete;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_PENDING);
  EXPECT_EQ(g_deleted, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(st.last_status, NDIS_STATUS_NOT_ACCEPTED);
  EXPECT_EQ(record.count("ClDeleteVc"), 1u);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
  // The handle died with the deletion.
  EXPECT_EQ(NdisMCmDeleteVc(t.vc), NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(t.w.count("CM-007"), 1u);
  EXPECT_EQ(NdisClDeregisterSap(t.sap_handle), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(t.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_TRUE(t.w.rt.leak_report().empty()) << t.w.rt.leak_report().to_string();
}

// The same with the client accepting: the MCM cannot delete (a call is up) and nothing is deferred.
NDIS_STATUS EarlyAcceptingIncomingCall(NDIS_HANDLE, NDIS_HANDLE, PCO_CALL_PARAMETERS p) {
  NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, g_vc, p);
  return NDIS_STATUS_PENDING;
}
VOID TryDeleteIncomingCallComplete(NDIS_STATUS s, NDIS_HANDLE, PCO_CALL_PARAMETERS) {
  st.last_status = s;
  g_deleted = NdisMCmDeleteVc(g_vc);
}

TEST(CallModelEarlyCompletion, IncomingCallAcceptedEarlyKeepsTheVcAndRefusesDeletion) {
  Incoming t;
  g_vc = t.vc;
  auto* cl = t.w.rt.calls().find_driver(t.w.client.handle);
  auto* cm = t.w.rt.calls().find_driver(t.w.mcm_driver.handle);
  cl->client.ClIncomingCallHandler = EarlyAcceptingIncomingCall;
  cm->cm.CmIncomingCallCompleteHandler = TryDeleteIncomingCallComplete;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_PENDING);
  EXPECT_EQ(g_deleted, NDIS_STATUS_NOT_ACCEPTED);
  EXPECT_EQ(t.w.count("CM-042"), 1u);
  NdisMCmDispatchCallConnected(t.vc);
  EXPECT_EQ(st.count("ClCallConnected"), 1u);
}

// Outgoing make-call: the MCM fails it inside ProtocolCmMakeCall; the client deletes the VC inside
// ProtocolClMakeCallComplete while NdisClMakeCall still waits for the handler to return.
NDIS_STATUS EarlyFailingMakeCall(NDIS_HANDLE, PCO_CALL_PARAMETERS p, NDIS_HANDLE, PNDIS_HANDLE) {
  NdisMCmMakeCallComplete(NDIS_STATUS_FAILURE, g_vc, nullptr, nullptr, p);
  return NDIS_STATUS_PENDING;
}
VOID DeletingMakeCallComplete(NDIS_STATUS s, NDIS_HANDLE, NDIS_HANDLE, PCO_CALL_PARAMETERS) {
  record.make_complete_status = s;
  g_deleted = NdisCoDeleteVc(g_vc);
}

TEST(CallModelEarlyCompletion, MakeCallFailedEarlyAndVcDeletedInCompletionIsFreedByTheRequest) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  g_vc = w.create_vc();
  auto* cl = w.rt.calls().find_driver(w.client.handle);
  auto* cm = w.rt.calls().find_driver(w.mcm_driver.handle);
  cm->cm.CmMakeCallHandler = EarlyFailingMakeCall;
  cl->client.ClMakeCallCompleteHandler = DeletingMakeCallComplete;
  EXPECT_EQ(NdisClMakeCall(g_vc, &w.params, nullptr, nullptr), NDIS_STATUS_PENDING);
  EXPECT_EQ(record.make_complete_status, NDIS_STATUS_FAILURE);
  EXPECT_EQ(g_deleted, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("CmDeleteVc"), 1u);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

// Close-call: the MCM deactivates and completes inside ProtocolCmCloseCall; the client deletes the
// VC inside ProtocolClCloseCallComplete.
NDIS_STATUS EarlyClosingCloseCall(NDIS_HANDLE, NDIS_HANDLE, PVOID, UINT) {
  EXPECT_EQ(NdisMCmDeactivateVc(g_vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, g_vc, nullptr);
  return NDIS_STATUS_PENDING;
}
VOID DeletingCloseCallComplete(NDIS_STATUS s, NDIS_HANDLE, NDIS_HANDLE) {
  record.close_complete_status = s;
  g_deleted = NdisCoDeleteVc(g_vc);
}

TEST(CallModelEarlyCompletion, CloseCallCompletedEarlyAndVcDeletedInCompletionIsFreedByTheRequest) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  g_vc = w.create_vc();
  behaviour.make_call = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisMCmActivateVc(g_vc, &w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClMakeCall(g_vc, &w.params, nullptr, nullptr), NDIS_STATUS_SUCCESS);
  auto* cl = w.rt.calls().find_driver(w.client.handle);
  auto* cm = w.rt.calls().find_driver(w.mcm_driver.handle);
  cm->cm.CmCloseCallHandler = EarlyClosingCloseCall;
  cl->client.ClCloseCallCompleteHandler = DeletingCloseCallComplete;
  EXPECT_EQ(NdisClCloseCall(g_vc, nullptr, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(record.close_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(g_deleted, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

// Stand-alone CM: the miniport fails an activation inside MiniportCoActivateVc; the CM deletes its
// own (signalling) VC inside ProtocolCmActivateVcComplete while NdisCmActivateVc still runs.
NDIS_STATUS EarlyFailingActivate(NDIS_HANDLE, PCO_CALL_PARAMETERS p) {
  NdisMCoActivateVcComplete(NDIS_STATUS_FAILURE, g_vc, p);
  return NDIS_STATUS_PENDING;
}
VOID DeletingActivateComplete(NDIS_STATUS s, NDIS_HANDLE, PCO_CALL_PARAMETERS) {
  record.activate_complete_status = s;
  g_deleted = NdisCoDeleteVc(g_vc);
}

TEST(CallModelEarlyCompletion, StandAloneActivationFailedEarlyAndVcDeletedInCompletionIsFreedByTheRequest) {
  World w(false);
  w.register_all();
  w.register_af();
  g_vc = nullptr;
  ASSERT_EQ(NdisCoCreateVc(w.cm_binding.handle, nullptr, ctx(kCmVcCtx), &g_vc), NDIS_STATUS_SUCCESS);
  auto* mp = w.rt.calls().find_driver(w.miniport.handle);
  auto* cm = w.rt.calls().find_driver(w.cm.handle);
  mp->miniport_co.CoActivateVcHandler = EarlyFailingActivate;
  cm->cm.CmActivateVcCompleteHandler = DeletingActivateComplete;
  EXPECT_EQ(NdisCmActivateVc(g_vc, &w.params), NDIS_STATUS_PENDING);
  EXPECT_EQ(record.activate_complete_status, NDIS_STATUS_FAILURE);
  EXPECT_EQ(g_deleted, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("MpDeleteVc"), 1u);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

// Per-VC memory stays compact (the bench's bytes-per-idle-VC goal is 128 with the 16-byte handle
// slot and the allocator's header).
static_assert(sizeof(condis::core::Vc) <= 104, "core::Vc grew");

}  // namespace
}  // namespace cmtest::flows
