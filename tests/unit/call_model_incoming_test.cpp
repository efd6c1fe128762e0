// Incoming calls (3.6) and remote closes (3.8) through an MCM, and the rules of 4.G / 4.H on
// that path: each rule broken (finding asserted by id) and kept (no finding).
#include "unit/call_model_flows.hpp"

#include "exec/irql.hpp"

namespace cmtest::flows {
namespace {

TEST(CallModelIncoming, AcceptedSynchronouslyConnectsThenRemoteCloseAndCmDeleteWithoutFindings) {
  Incoming t;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(st.count("CmIncomingCallComplete"), 0u);  // CM-067
  NdisMCmDispatchCallConnected(t.vc);
  EXPECT_EQ(st.count("ClCallConnected"), 1u);
  NdisMCmDispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, t.vc, nullptr, 0);
  EXPECT_EQ(st.count("ClIncomingCloseCall"), 1u);
  behaviour.close_call = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisMCmDeactivateVc(t.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseCall(t.vc, nullptr, nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisMCmDeleteVc(t.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.count("ClDeleteVc"), 1u);
  EXPECT_EQ(NdisClDeregisterSap(t.sap_handle), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(t.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
  EXPECT_TRUE(t.w.rt.leak_report().empty()) << t.w.rt.leak_report().to_string();
}

// The MCM deletes the VC it created before ProtocolCmCloseCall has returned (here from inside it;
// on threads, from a timer firing between the return and NDIS recording the close): CM-042 says
// the close is still in progress and how to delete safely. The close itself still succeeds, and
// the delete after it is clean.
NDIS_HANDLE g_own_vc = nullptr;
NDIS_STATUS g_delete_inside_close = -1;
NDIS_STATUS DeletingOwnVcInsideClose(NDIS_HANDLE, NDIS_HANDLE, PVOID, UINT) {
  note("CmCloseCall");
  EXPECT_EQ(NdisMCmDeactivateVc(g_own_vc), NDIS_STATUS_SUCCESS);
  g_delete_inside_close = NdisMCmDeleteVc(g_own_vc);
  return NDIS_STATUS_SUCCESS;
}

TEST(CallModelIncoming, Cm042OwnVcDeletedBeforeTheCloseReturnedNamesTheWayOut) {
  Incoming t;
  g_own_vc = t.vc;
  t.w.rt.calls().find_driver(t.w.mcm_driver.handle)->cm.CmCloseCallHandler = DeletingOwnVcInsideClose;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_SUCCESS);
  NdisMCmDispatchCallConnected(t.vc);
  EXPECT_EQ(NdisClCloseCall(t.vc, nullptr, nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(g_delete_inside_close, NDIS_STATUS_NOT_ACCEPTED);
  EXPECT_EQ(t.w.count("CM-042"), 1u) << t.w.findings_text();
  EXPECT_NE(t.w.findings_text().find("ProtocolCmCloseCall has not returned yet"), std::string::npos)
      << t.w.findings_text();
  EXPECT_NE(t.w.findings_text().find("return NDIS_STATUS_PENDING from ProtocolCmCloseCall"), std::string::npos);
  EXPECT_EQ(NdisMCmDeleteVc(t.vc), NDIS_STATUS_SUCCESS);  // once the close is recorded
  EXPECT_EQ(record.count("ClDeleteVc"), 1u);
  EXPECT_EQ(t.w.total(), 1u) << t.w.findings_text();
}

TEST(CallModelIncoming, PendedAcceptanceCompletesToTheCallManager) {
  Incoming t;
  st.incoming_answer = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_PENDING);
  NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, t.vc, &t.w.params);
  EXPECT_EQ(st.count("CmIncomingCallComplete"), 1u);
  EXPECT_EQ(st.last_status, NDIS_STATUS_SUCCESS);
  NdisMCmDispatchCallConnected(t.vc);
  EXPECT_EQ(st.count("ClCallConnected"), 1u);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CallModelIncoming, RejectedCallIsDeactivatedAndDeletedByTheCallManager) {
  Incoming t;
  st.incoming_answer = NDIS_STATUS_NOT_ACCEPTED;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_NOT_ACCEPTED);
  EXPECT_EQ(NdisMCmDeactivateVc(t.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisMCmDeleteVc(t.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CallModelIncoming, Cm060DispatchOnInactiveVcOrDeregisteringSapFails) {
  Incoming t;
  EXPECT_EQ(NdisMCmDeactivateVc(t.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_FAILURE);
  EXPECT_EQ(t.w.count("CM-060"), 1u);
  EXPECT_EQ(st.count("ClIncomingCall"), 0u);
  // An incoming call while its SAP is being deregistered (decision: refused).
  EXPECT_EQ(NdisMCmActivateVc(t.vc, &t.w.params), NDIS_STATUS_SUCCESS);
  behaviour.dereg_sap = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisClDeregisterSap(t.sap_handle), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_FAILURE);
  EXPECT_EQ(t.w.count("CM-060"), 2u);
}

TEST(CallModelIncoming, Cm061CompletionWithoutPendIsReported) {
  Incoming t;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_SUCCESS);
  NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, t.vc, &t.w.params);
  EXPECT_EQ(t.w.count("CM-061"), 1u);
  EXPECT_EQ(st.count("CmIncomingCallComplete"), 0u);
}

TEST(CallModelIncoming, Cm064And065CallConnectedOnlyOnceAfterAcceptance) {
  Incoming t;
  st.incoming_answer = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_PENDING);
  NdisMCmDispatchCallConnected(t.vc);  // not accepted yet
  EXPECT_EQ(t.w.count("CM-064"), 1u);
  NdisClIncomingCallComplete(NDIS_STATUS_FAILURE, t.vc, &t.w.params);
  NdisMCmDispatchCallConnected(t.vc);  // rejected
  EXPECT_EQ(t.w.count("CM-065"), 1u);
  EXPECT_EQ(st.count("ClCallConnected"), 0u);
}

// CM-014: the tests named Cm014... below check this rule.
TEST(CallModelIncoming, Cm014IrqlAndStaleOrForgedHandlesFailCleanly) {
  Incoming t;
  NdisMCmDispatchCallConnected((NDIS_HANDLE)0x1234);  // forged: no runtime owns it, ignored
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.w.af, t.vc, &t.w.params), NDIS_STATUS_INVALID_PARAMETER);  // wrong type
  EXPECT_EQ(t.w.count("CM-007"), 1u);
  {
    condis::exec::ExecutionScope scope(condis::exec::kDispatch + 1);
    EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_FAILURE);
  }
  EXPECT_EQ(t.w.count("CM-015"), 1u);
}

// OQ-21: a remote close while the client's close is pending is delivered; the pending close completes.
TEST(CallModelIncoming, RemoteCloseWhileLocalClosePendingCompletesTheLocalClose) {
  Incoming t;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_SUCCESS);
  NdisMCmDispatchCallConnected(t.vc);
  EXPECT_EQ(NdisClCloseCall(t.vc, nullptr, nullptr, 0), NDIS_STATUS_PENDING);
  NdisMCmDispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, t.vc, nullptr, 0);
  EXPECT_EQ(st.count("ClIncomingCloseCall"), 1u);
  EXPECT_EQ(NdisClCloseCall(t.vc, nullptr, nullptr, 0), NDIS_STATUS_FAILURE);  // second close refused
  EXPECT_EQ(NdisMCmDeactivateVc(t.vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, t.vc, nullptr);
  EXPECT_EQ(record.close_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisMCmDeleteVc(t.vc), NDIS_STATUS_SUCCESS);
}

TEST(CallModelIncoming, Cm078ClientVcClosedRemotelyWithFailureMustBeDeleted) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  install(w);
  NDIS_HANDLE vc = w.create_vc();
  behaviour.make_call = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_SUCCESS);
  NdisMCmDispatchIncomingCloseCall(NDIS_STATUS_DEST_OUT_OF_ORDER, vc, nullptr, 0);
  EXPECT_EQ(NdisMCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
  behaviour.close_call = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClCloseCall(vc, nullptr, nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(w.total(), 0u) << w.findings_text();
  EXPECT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_FAILURE);
  EXPECT_EQ(w.count("CM-078"), 1u);
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
}

}  // namespace
}  // namespace cmtest::flows
