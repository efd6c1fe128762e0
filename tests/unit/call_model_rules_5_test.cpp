// Rules of call-management.md 4.G-4.J not covered elsewhere: incoming-call buffers, closing,
// multipoint parties and QoS, through an MCM. Each checked rule is broken (finding asserted by id,
// clean failure, consistent state) and kept (no finding). Rules condis cannot observe (buffer
// lifetimes, the (M)CM's own memory) get a test that pins down what condis does instead, and say so.
#include "unit/call_model_flows.hpp"

namespace cmtest::flows {
namespace {

condis::core::CoDriver& client_record(World& w) { return *w.rt.calls().find_driver(w.client.handle); }
condis::core::CoDriver& mcm_record(World& w) { return *w.rt.calls().find_driver(w.mcm_driver.handle); }

// Buffers seen by the handlers below.
inline PCO_CALL_PARAMETERS seen_params = nullptr;

// A connected point-to-point call on a client-created VC.
struct Connected {
  World w{true};
  NDIS_HANDLE vc = nullptr;
  Connected() {
    w.register_all();
    w.register_af();
    w.open_af();
    install(w);
    vc = w.create_vc();
    behaviour.make_call = NDIS_STATUS_SUCCESS;
    EXPECT_EQ(NdisMCmActivateVc(vc, &w.params), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(NdisClMakeCall(vc, &w.params, nullptr, nullptr), NDIS_STATUS_SUCCESS);
    seen_params = nullptr;
  }
  // The orderly end of the call: pended close, deactivation, completion, delete.
  void close_and_delete() {
    behaviour.close_call = NDIS_STATUS_PENDING;
    EXPECT_EQ(NdisClCloseCall(vc, nullptr, nullptr, 0), NDIS_STATUS_PENDING);
    EXPECT_EQ(NdisMCmDeactivateVc(vc), NDIS_STATUS_SUCCESS);
    NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, vc, nullptr);
    EXPECT_EQ(record.close_complete_status, NDIS_STATUS_SUCCESS);
    EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  }
};

// ---- 4.G incoming calls ---------------------------------------------------------------------

// CM-062 is not checkable: condis keeps no snapshot of the offered parameters, so a change made
// without CALL_PARAMETERS_CHANGED cannot be told from none. Both forms are accepted; the (M)CM sees
// the client's edits in its own buffer either way.
NDIS_STATUS ClIncomingCallChanging(NDIS_HANDLE, NDIS_HANDLE, PCO_CALL_PARAMETERS p) {
  p->CallMgrParameters->Transmit.PeakBandwidth = 2000;
  if (st.incoming_answer == NDIS_STATUS_SUCCESS) p->Flags |= CALL_PARAMETERS_CHANGED;
  return NDIS_STATUS_SUCCESS;
}

TEST(CallModelRules5, Cm062ChangedParametersWithTheFlagReachTheCallManagerWithoutFindings) {
  Incoming t;
  client_record(t.w).client.ClIncomingCallHandler = ClIncomingCallChanging;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_TRUE(t.w.params.Flags & CALL_PARAMETERS_CHANGED);
  EXPECT_EQ(t.w.cm_params.Transmit.PeakBandwidth, 2000u);
  NdisMCmDispatchCallConnected(t.vc);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CallModelRules5, Cm062ChangeWithoutTheFlagIsNotObservableAndTheCallStillConnects) {
  Incoming t;
  client_record(t.w).client.ClIncomingCallHandler = ClIncomingCallChanging;
  st.incoming_answer = NDIS_STATUS_FAILURE;  // read by the handler above: "do not set the flag"
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_SUCCESS);
  EXPECT_FALSE(t.w.params.Flags & CALL_PARAMETERS_CHANGED);
  NdisMCmDispatchCallConnected(t.vc);
  EXPECT_EQ(t.w.count("CM-062"), 0u);  // no check site: documented limitation
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

// CM-063 and CM-066 are buffer-lifetime rules condis cannot observe. What it guarantees: the
// (M)CM's own buffer goes back to ProtocolCmIncomingCallComplete, and after a rejection condis
// forgets it (the VC holds no call parameters and takes a new offer).
VOID CmIncomingCallCompleteSeeing(NDIS_STATUS s, NDIS_HANDLE, PCO_CALL_PARAMETERS p) {
  st.calls.emplace_back("CmIncomingCallComplete");
  st.last_status = s;
  seen_params = p;
}

TEST(CallModelRules5, Cm066TheCallManagersBufferComesBackWithTheClientsDecision) {
  Incoming t;
  mcm_record(t.w).cm.CmIncomingCallCompleteHandler = CmIncomingCallCompleteSeeing;
  seen_params = nullptr;
  st.incoming_answer = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_PENDING);
  NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, t.vc, &t.w.params);
  EXPECT_EQ(seen_params, &t.w.params);
  EXPECT_EQ(st.last_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CallModelRules5, Cm063AfterARejectionTheVcTakesANewOfferWithANewBuffer) {
  Incoming t;
  mcm_record(t.w).cm.CmIncomingCallCompleteHandler = CmIncomingCallCompleteSeeing;
  st.incoming_answer = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &t.w.params), NDIS_STATUS_PENDING);
  NdisClIncomingCallComplete(NDIS_STATUS_NOT_ACCEPTED, t.vc, &t.w.params);
  EXPECT_EQ(st.last_status, NDIS_STATUS_NOT_ACCEPTED);
  // A second completion (the client touching the rejected call again) is refused as CM-061.
  NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, t.vc, &t.w.params);
  EXPECT_EQ(t.w.count("CM-061"), 1u);
  EXPECT_EQ(st.count("CmIncomingCallComplete"), 1u);
  CO_CALL_PARAMETERS fresh = t.w.params;
  st.incoming_answer = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisMCmDispatchIncomingCall(t.sap_handle, t.vc, &fresh), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("CM-063"), 0u);  // no check site: documented limitation
  EXPECT_EQ(t.w.total(), 1u) << t.w.findings_text();
}

// ---- 4.H closing calls ----------------------------------------------------------------------

// CM-073 is the (M)CM's answer to close data; condis passes INVALID_DATA through, and the call
// stays CONNECTED (OQ-22) so that the client can close it without data.
TEST(CallModelRules5, Cm073InvalidDataForCloseDataLeavesTheCallConnected) {
  Connected c;
  char data[4] = {1, 2, 3, 4};
  behaviour.close_call = NDIS_STATUS_INVALID_DATA;
  EXPECT_EQ(NdisClCloseCall(c.vc, nullptr, data, sizeof data), NDIS_STATUS_INVALID_DATA);
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &c.w.params), NDIS_STATUS_PENDING);  // still CONNECTED
  EXPECT_EQ(NdisMCmActivateVc(c.vc, &c.w.params), NDIS_STATUS_SUCCESS);
  NdisMCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, c.vc, &c.w.params);
  c.close_and_delete();
  EXPECT_EQ(c.w.total(), 0u) << c.w.findings_text();
}

TEST(CallModelRules5, Cm073InvalidDataForDropDataLeavesThePartyUsable) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  st.add_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_SUCCESS);
  char data[2] = {1, 2};
  st.drop_party = NDIS_STATUS_INVALID_DATA;
  EXPECT_EQ(NdisClDropParty(p2, data, sizeof data), NDIS_STATUS_INVALID_DATA);
  st.drop_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(m.w.total(), 0u) << m.w.findings_text();
}

TEST(CallModelRules5, Cm075CloseCompletedWithTheWrongPartyIsReported) {
  Multipoint m;
  EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmDeactivateVc(m.vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, m.vc, nullptr);  // the party whose close was requested is m.party
  EXPECT_EQ(m.w.count("CM-075"), 1u);
  // The close still completes for the right party, and the VC is left idle and deletable.
  EXPECT_EQ(record.close_complete_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(record.close_complete_party_context, ctx(kClientPartyCtx));
  EXPECT_EQ(NdisCoDeleteVc(m.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(m.w.total(), 1u) << m.w.findings_text();
}

TEST(CallModelRules5, Cm075CloseCompletedWithTheRequestedPartyOrNullForPointToPointHasNoFinding) {
  {
    Multipoint m;
    EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), NDIS_STATUS_PENDING);
    EXPECT_EQ(NdisMCmDeactivateVc(m.vc), NDIS_STATUS_SUCCESS);
    NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, m.vc, m.party);
    EXPECT_EQ(NdisCoDeleteVc(m.vc), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(m.w.total(), 0u) << m.w.findings_text();
  }
  Connected c;
  c.close_and_delete();
  EXPECT_EQ(c.w.count("CM-075"), 0u);
  EXPECT_EQ(c.w.total(), 0u) << c.w.findings_text();
}

// CM-076: after a successful close the party handle is dead; using it is a stale handle (CM-007).
TEST(CallModelRules5, Cm076PartyHandleUsedAfterTheCloseCompletedFailsCleanly) {
  Multipoint m;
  EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmDeactivateVc(m.vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, m.vc, m.party);
  EXPECT_EQ(m.w.total(), 0u) << m.w.findings_text();
  EXPECT_EQ(NdisClDropParty(m.party, nullptr, 0), NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(m.w.count("CM-007"), 1u);
  EXPECT_EQ(st.count("CmDropParty"), 0u);
  EXPECT_EQ(NdisCoDeleteVc(m.vc), NDIS_STATUS_SUCCESS);  // the VC itself is the client's to delete
  EXPECT_EQ(m.w.total(), 1u) << m.w.findings_text();
}

TEST(CallModelRules5, Cm076ClientCreatedVcIsDeletedAfterTheCloseWithoutFindings) {
  Connected c;
  c.close_and_delete();
  EXPECT_EQ(record.count("ClDeleteVc"), 0u);  // the client's own VC: no ProtocolCoDeleteVc to it
  EXPECT_EQ(NdisClCloseAddressFamily(c.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(c.w.total(), 0u) << c.w.findings_text();
  EXPECT_TRUE(c.w.rt.leak_report().empty()) << c.w.rt.leak_report().to_string();
}

// ---- 4.I multipoint parties -----------------------------------------------------------------

// CM-082: the tests named Cm082... below check this rule.
TEST(CallModelRules5, Cm082PartyHandleOfAFailedAddIsStaleForClientAndCallManager) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_PENDING);
  NdisMCmAddPartyComplete(NDIS_STATUS_FAILURE, p2, nullptr, &m.w.params);
  EXPECT_EQ(m.w.total(), 0u) << m.w.findings_text();
  // condis reports a use of the dead handle as a stale handle (CM-007) on either side.
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_INVALID_PARAMETER);
  NdisMCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, p2, nullptr, 0);
  EXPECT_EQ(m.w.count("CM-007"), 2u);
  EXPECT_EQ(st.count("CmDropParty"), 0u);
  EXPECT_EQ(st.count("ClIncomingDropParty"), 0u);
  // The call is intact: its initial party closes it.
  EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(m.w.count("CM-071"), 0u);
}

TEST(CallModelRules5, Cm082PartyHandleOfASuccessfulAddStaysValid) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_PENDING);
  NdisMCmAddPartyComplete(NDIS_STATUS_SUCCESS, p2, ctx(0x2D02), &m.w.params);
  st.drop_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(m.w.total(), 0u) << m.w.findings_text();
}

// CM-086 is reported when the binding goes away with the drop unanswered (call_model_teardown_test);
// a client that ignores an incoming drop and closes the call is caught at once by CM-071.
TEST(CallModelRules5, Cm086IncomingDropLeftUnansweredShowsAsPartiesLeftAtClose) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  st.add_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_SUCCESS);
  NdisMCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, p2, nullptr, 0);
  EXPECT_EQ(st.count("ClIncomingDropParty"), 1u);
  behaviour.close_call = NDIS_STATUS_FAILURE;  // the MCM fails it (CM-072)
  EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), NDIS_STATUS_FAILURE);
  EXPECT_EQ(m.w.count("CM-071"), 1u);
  EXPECT_EQ(m.w.count("CM-086"), 0u);
  // The answer still works afterwards.
  st.drop_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_SUCCESS);
}

TEST(CallModelRules5, Cm086IncomingDropAnsweredWithDropPartyHasNoFinding) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  st.add_party = NDIS_STATUS_SUCCESS;
  st.drop_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_SUCCESS);
  NdisMCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, p2, nullptr, 0);
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(m.w.total(), 0u) << m.w.findings_text();
}

// CM-087: a VC whose parties are not all released still carries its call; deleting it is refused
// (reported as CM-042, the check that guards the party count) and nothing is freed.
TEST(CallModelRules5, Cm087DeletingAVcWithLivePartiesIsRefused) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  st.add_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(m.vc), NDIS_STATUS_NOT_ACCEPTED);
  EXPECT_EQ(m.w.count("CM-042"), 1u);
  st.drop_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_SUCCESS);  // both handles still live
  EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(m.w.total(), 1u) << m.w.findings_text();
}

// CM-087 kept, and CM-088 (leak accounting only): every party released exactly once through drop,
// failed add and close leaves nothing in the leak report.
TEST(CallModelRules5, Cm087And088EveryPartyReleasedOnceLeavesNoLeak) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr, p3 = nullptr;
  st.add_party = NDIS_STATUS_SUCCESS;
  st.drop_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_SUCCESS);
  st.add_party = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D03), &m.w.params, &p3), NDIS_STATUS_PENDING);
  NdisMCmAddPartyComplete(NDIS_STATUS_FAILURE, p3, nullptr, &m.w.params);
  EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmDeactivateVc(m.vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, m.vc, m.party);
  EXPECT_EQ(NdisCoDeleteVc(m.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(m.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(m.w.total(), 0u) << m.w.findings_text();
  EXPECT_TRUE(m.w.rt.leak_report().empty()) << m.w.rt.leak_report().to_string();
}

// ---- 4.J quality of service -----------------------------------------------------------------

// CM-092 is not checkable: restoring the previous parameters may reuse any buffer, so condis cannot
// tell a restored VC from one left on the rejected parameters. It passes the failure to the client,
// and the call stays CONNECTED for the next modify.
TEST(CallModelRules5, Cm092RejectedChangeAfterRestoringIsPassedToTheClient) {
  Connected c;
  CO_CALL_PARAMETERS next = c.w.params;
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &next), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmActivateVc(c.vc, &next), NDIS_STATUS_SUCCESS);       // the network then refuses
  EXPECT_EQ(NdisMCmActivateVc(c.vc, &c.w.params), NDIS_STATUS_SUCCESS);  // restored
  NdisMCmModifyCallQoSComplete(NDIS_STATUS_FAILURE, c.vc, &next);
  EXPECT_EQ(st.last_status, NDIS_STATUS_FAILURE);
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &next), NDIS_STATUS_PENDING);
  EXPECT_EQ(c.w.total(), 0u) << c.w.findings_text();
}

TEST(CallModelRules5, Cm092RejectedChangeWithoutRestoringIsNotObservable) {
  Connected c;
  CO_CALL_PARAMETERS next = c.w.params;
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &next), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmActivateVc(c.vc, &next), NDIS_STATUS_SUCCESS);
  NdisMCmModifyCallQoSComplete(NDIS_STATUS_FAILURE, c.vc, &next);
  EXPECT_EQ(st.last_status, NDIS_STATUS_FAILURE);
  EXPECT_EQ(c.w.count("CM-092"), 0u);  // no check site: documented limitation
  EXPECT_EQ(c.w.total(), 0u) << c.w.findings_text();
}

// CM-094: every parameter change reaches NDIS through NdisMCmActivateVc. condis checks it where it
// can see the change: an accepted modify (CM-091) and an incoming change (CM-093).
TEST(CallModelRules5, Cm094ParameterChangeWithoutNdisMCmActivateVcIsReported) {
  Connected c;
  CO_CALL_PARAMETERS next = c.w.params;
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &next), NDIS_STATUS_PENDING);
  NdisMCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, c.vc, &next);
  EXPECT_EQ(c.w.count("CM-091"), 1u);
  NdisMCmDispatchIncomingCallQoSChange(c.vc, &next);
  EXPECT_EQ(c.w.count("CM-093"), 1u);
  EXPECT_EQ(st.count("ClIncomingCallQoSChange"), 0u);  // refused
  EXPECT_EQ(st.count("ClModifyCallQoSComplete"), 1u);   // the completion itself is delivered
}

TEST(CallModelRules5, Cm094ParameterChangesReportedWithNdisMCmActivateVcHaveNoFinding) {
  Connected c;
  CO_CALL_PARAMETERS next = c.w.params, remote = c.w.params;
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &next), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmActivateVc(c.vc, &next), NDIS_STATUS_SUCCESS);
  NdisMCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, c.vc, &next);
  EXPECT_EQ(NdisMCmActivateVc(c.vc, &remote), NDIS_STATUS_SUCCESS);
  NdisMCmDispatchIncomingCallQoSChange(c.vc, &remote);
  EXPECT_EQ(st.count("ClIncomingCallQoSChange"), 1u);
  EXPECT_EQ(c.w.total(), 0u) << c.w.findings_text();
}

// CM-095 is a buffer-lifetime rule condis cannot observe; what it guarantees is that the buffer the
// completion carries is the one the (M)CM passes, which for a well-behaved (M)CM is the client's.
VOID ClModifyQosCompleteSeeing(NDIS_STATUS s, NDIS_HANDLE, PCO_CALL_PARAMETERS p) {
  st.calls.emplace_back("ClModifyCallQoSComplete");
  st.last_status = s;
  seen_params = p;
}

TEST(CallModelRules5, Cm095TheClientsModifyBufferComesBackInItsCompletion) {
  Connected c;
  client_record(c.w).client.ClModifyCallQoSCompleteHandler = ClModifyQosCompleteSeeing;
  CO_CALL_PARAMETERS next = c.w.params;
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &next), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmActivateVc(c.vc, &next), NDIS_STATUS_SUCCESS);
  NdisMCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, c.vc, &next);
  EXPECT_EQ(seen_params, &next);
  EXPECT_EQ(c.w.count("CM-095"), 0u);
  EXPECT_EQ(c.w.total(), 0u) << c.w.findings_text();
}

}  // namespace
}  // namespace cmtest::flows
