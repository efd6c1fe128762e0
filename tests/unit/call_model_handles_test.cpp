// Stale, wrong-type and wrong-caller handles on the incoming-call, party, QoS and notify-close
// entry points: each fails cleanly (the documented failure status, or ignored for a VOID
// function), reports a finding naming the rule, and leaves the objects usable.
#include "unit/call_model_flows.hpp"

namespace cmtest::flows {
namespace {

// An MCM world with a connected multipoint call, a second (dropped, so stale) party, a deleted
// (stale) VC, an open SAP and a closed (stale) second AF handle.
struct Stale {
  Multipoint t;
  NDIS_HANDLE stale_vc = nullptr;
  NDIS_HANDLE stale_party = nullptr;
  NDIS_HANDLE sap = nullptr;
  CO_SAP co_sap{};
  Stale() {
    World& w = t.w;
    EXPECT_EQ(NdisCoCreateVc(w.client_binding.handle, w.af, ctx(kClientVcCtx), &stale_vc), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(NdisCoDeleteVc(stale_vc), NDIS_STATUS_SUCCESS);
    st.add_party = NDIS_STATUS_SUCCESS;
    st.drop_party = NDIS_STATUS_SUCCESS;
    EXPECT_EQ(NdisClAddParty(t.vc, ctx(0x1D02), &w.params, &stale_party), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(NdisClDropParty(stale_party, nullptr, 0), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(NdisClRegisterSap(w.af, ctx(kClientSapCtx), &co_sap, &sap), NDIS_STATUS_SUCCESS);
    EXPECT_EQ(w.total(), 0u) << w.findings_text();
  }
};

// Calls `fn` and expects exactly one more finding of `rule`, and nothing else.
template <class F>
void expect_one(World& w, const char* rule, F fn, const char* what) {
  const size_t before = w.count(rule), total = w.total();
  fn();
  EXPECT_EQ(w.count(rule), before + 1) << what << "\n" << w.findings_text();
  EXPECT_EQ(w.total(), total + 1) << what << "\n" << w.findings_text();
}

TEST(CallModelHandles, StaleHandlesFailCleanlyWithCm007) {
  Stale s;
  World& w = s.t.w;
  PCO_CALL_PARAMETERS p = &w.params;
  NDIS_HANDLE h = nullptr;
  expect_one(w, "CM-007", [&] { EXPECT_EQ(NdisClAddParty(s.stale_vc, ctx(0x1D03), p, &h), NDIS_STATUS_INVALID_PARAMETER); }, "NdisClAddParty");
  expect_one(w, "CM-007", [&] { EXPECT_EQ(NdisClDropParty(s.stale_party, nullptr, 0), NDIS_STATUS_INVALID_PARAMETER); }, "NdisClDropParty");
  expect_one(w, "CM-007", [&] { EXPECT_EQ(NdisClModifyCallQoS(s.stale_vc, p), NDIS_STATUS_INVALID_PARAMETER); }, "NdisClModifyCallQoS");
  expect_one(w, "CM-007", [&] { NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, s.stale_vc, p); }, "NdisClIncomingCallComplete");
  expect_one(w, "CM-007", [&] { EXPECT_EQ(NdisMCmDispatchIncomingCall(s.sap, s.stale_vc, p), NDIS_STATUS_INVALID_PARAMETER); }, "NdisMCmDispatchIncomingCall");
  expect_one(w, "CM-007", [&] { NdisMCmDispatchCallConnected(s.stale_vc); }, "NdisMCmDispatchCallConnected");
  expect_one(w, "CM-007", [&] { NdisMCmDispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, s.stale_vc, nullptr, 0); }, "NdisMCmDispatchIncomingCloseCall");
  expect_one(w, "CM-007", [&] { NdisMCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, s.stale_party, nullptr, 0); }, "NdisMCmDispatchIncomingDropParty");
  expect_one(w, "CM-007", [&] { NdisMCmDispatchIncomingCallQoSChange(s.stale_vc, p); }, "NdisMCmDispatchIncomingCallQoSChange");
  expect_one(w, "CM-007", [&] { NdisMCmAddPartyComplete(NDIS_STATUS_SUCCESS, s.stale_party, ctx(1), p); }, "NdisMCmAddPartyComplete");
  expect_one(w, "CM-007", [&] { NdisMCmDropPartyComplete(NDIS_STATUS_SUCCESS, s.stale_party); }, "NdisMCmDropPartyComplete");
  expect_one(w, "CM-007", [&] { NdisMCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, s.stale_vc, p); }, "NdisMCmModifyCallQoSComplete");
  // The stand-alone names resolve first, so a stale handle is reported before the role.
  expect_one(w, "CM-007", [&] { EXPECT_EQ(NdisCmDispatchIncomingCall(s.sap, s.stale_vc, p), NDIS_STATUS_INVALID_PARAMETER); }, "NdisCmDispatchIncomingCall");
  expect_one(w, "CM-007", [&] { NdisCmDispatchCallConnected(s.stale_vc); }, "NdisCmDispatchCallConnected");
  expect_one(w, "CM-007", [&] { NdisCmDispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, s.stale_vc, nullptr, 0); }, "NdisCmDispatchIncomingCloseCall");
  expect_one(w, "CM-007", [&] { NdisCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, s.stale_party, nullptr, 0); }, "NdisCmDispatchIncomingDropParty");
  expect_one(w, "CM-007", [&] { NdisCmDispatchIncomingCallQoSChange(s.stale_vc, p); }, "NdisCmDispatchIncomingCallQoSChange");
  expect_one(w, "CM-007", [&] { NdisCmAddPartyComplete(NDIS_STATUS_SUCCESS, s.stale_party, ctx(1), p); }, "NdisCmAddPartyComplete");
  expect_one(w, "CM-007", [&] { NdisCmDropPartyComplete(NDIS_STATUS_SUCCESS, s.stale_party); }, "NdisCmDropPartyComplete");
  expect_one(w, "CM-007", [&] { NdisCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, s.stale_vc, p); }, "NdisCmModifyCallQoSComplete");
  // Nothing reached a driver, and the live call is untouched.
  EXPECT_EQ(st.count("ClIncomingCall"), 0u);
  EXPECT_EQ(st.count("CmIncomingCallComplete"), 0u);
  EXPECT_EQ(st.count("ClCallConnected"), 0u);
  EXPECT_EQ(st.count("ClIncomingCloseCall"), 0u);
  EXPECT_EQ(NdisClDeregisterSap(s.sap), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisMCmDeactivateVc(s.t.vc), NDIS_STATUS_SUCCESS);
  behaviour.close_call = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClCloseCall(s.t.vc, s.t.party, nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisCoDeleteVc(s.t.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(w.af), NDIS_STATUS_SUCCESS);
  EXPECT_TRUE(w.rt.leak_report().empty()) << w.rt.leak_report().to_string();
}

TEST(CallModelHandles, StaleAfHandleOnNotifyCloseFailsCleanlyWithCm007) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  install(w);
  NDIS_HANDLE af = w.af;
  EXPECT_EQ(NdisClCloseAddressFamily(af), NDIS_STATUS_SUCCESS);
  expect_one(w, "CM-007", [&] { EXPECT_NE(NdisMCmNotifyCloseAddressFamily(af), NDIS_STATUS_SUCCESS); }, "NdisMCmNotifyCloseAddressFamily");
  expect_one(w, "CM-007", [&] { EXPECT_NE(NdisCmNotifyCloseAddressFamily(af), NDIS_STATUS_SUCCESS); }, "NdisCmNotifyCloseAddressFamily");
  expect_one(w, "CM-007", [&] { NdisClNotifyCloseAddressFamilyComplete(af, NDIS_STATUS_SUCCESS); }, "NdisClNotifyCloseAddressFamilyComplete");
  EXPECT_EQ(st.count("ClNotifyCloseAf"), 0u);
  EXPECT_EQ(st.count("CmNotifyCloseAfComplete"), 0u);
}

TEST(CallModelHandles, WrongTypeHandlesFailCleanlyWithCm007) {
  Stale s;
  World& w = s.t.w;
  PCO_CALL_PARAMETERS p = &w.params;
  NDIS_HANDLE h = nullptr;
  // A party handle where a VC is expected, a VC handle where a party or AF is expected.
  expect_one(w, "CM-007", [&] { EXPECT_EQ(NdisClAddParty(s.t.party, ctx(0x1D03), p, &h), NDIS_STATUS_INVALID_PARAMETER); }, "NdisClAddParty");
  expect_one(w, "CM-007", [&] { EXPECT_EQ(NdisClDropParty(s.t.vc, nullptr, 0), NDIS_STATUS_INVALID_PARAMETER); }, "NdisClDropParty");
  expect_one(w, "CM-007", [&] { EXPECT_EQ(NdisClModifyCallQoS(s.sap, p), NDIS_STATUS_INVALID_PARAMETER); }, "NdisClModifyCallQoS");
  expect_one(w, "CM-007", [&] { NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, w.af, p); }, "NdisClIncomingCallComplete");
  expect_one(w, "CM-007", [&] { NdisClNotifyCloseAddressFamilyComplete(s.t.vc, NDIS_STATUS_SUCCESS); }, "NdisClNotifyCloseAddressFamilyComplete");
  expect_one(w, "CM-007", [&] { EXPECT_NE(NdisMCmNotifyCloseAddressFamily(s.t.vc), NDIS_STATUS_SUCCESS); }, "NdisMCmNotifyCloseAddressFamily");
  expect_one(w, "CM-007", [&] { EXPECT_EQ(NdisMCmDispatchIncomingCall(s.t.vc, s.t.vc, p), NDIS_STATUS_INVALID_PARAMETER); }, "NdisMCmDispatchIncomingCall (SAP)");
  expect_one(w, "CM-007", [&] { NdisMCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, s.t.vc, nullptr, 0); }, "NdisMCmDispatchIncomingDropParty");
  expect_one(w, "CM-007", [&] { NdisMCmAddPartyComplete(NDIS_STATUS_SUCCESS, s.t.vc, ctx(1), p); }, "NdisMCmAddPartyComplete");
  expect_one(w, "CM-007", [&] { NdisMCmDropPartyComplete(NDIS_STATUS_SUCCESS, w.af); }, "NdisMCmDropPartyComplete");
  expect_one(w, "CM-007", [&] { NdisMCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, s.t.party, p); }, "NdisMCmModifyCallQoSComplete");
  expect_one(w, "CM-007", [&] { NdisMCmDispatchCallConnected(s.t.party); }, "NdisMCmDispatchCallConnected");
  // The call is still whole: one more party can be added and dropped.
  NDIS_HANDLE party = nullptr;
  EXPECT_EQ(NdisClAddParty(s.t.vc, ctx(0x1D04), p, &party), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClDropParty(party, nullptr, 0), NDIS_STATUS_SUCCESS);
}

// Wrong caller: the NdisCm* names on an MCM's objects (CM-020), a client completing what it
// never pended or adding a party to a VC it did not create.
TEST(CallModelHandles, WrongCallerIsReported) {
  Stale s;
  World& w = s.t.w;
  PCO_CALL_PARAMETERS p = &w.params;
  st.add_party = NDIS_STATUS_PENDING;
  NDIS_HANDLE pending_party = nullptr;
  EXPECT_EQ(NdisClAddParty(s.t.vc, ctx(0x1D05), p, &pending_party), NDIS_STATUS_PENDING);
  expect_one(w, "CM-020", [&] { NdisCmAddPartyComplete(NDIS_STATUS_SUCCESS, pending_party, ctx(0x2D05), p); }, "NdisCmAddPartyComplete by an MCM");
  EXPECT_EQ(st.count("ClAddPartyComplete"), 1u);  // the ABI makes both names one function: it proceeds
  st.drop_party = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisClDropParty(pending_party, nullptr, 0), NDIS_STATUS_PENDING);
  expect_one(w, "CM-020", [&] { NdisCmDropPartyComplete(NDIS_STATUS_SUCCESS, pending_party); }, "NdisCmDropPartyComplete by an MCM");
  st.modify_qos = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisClModifyCallQoS(s.t.vc, p), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmActivateVc(s.t.vc, p), NDIS_STATUS_SUCCESS);
  expect_one(w, "CM-020", [&] { NdisCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, s.t.vc, p); }, "NdisCmModifyCallQoSComplete by an MCM");
  // A client that never pended ProtocolClIncomingCall completes it (CM-061), and adds a party to
  // a call manager's VC (CM-080).
  NDIS_HANDLE cm_vc = nullptr;
  ASSERT_EQ(NdisMCmCreateVc(w.mcm_adapter.handle, w.af, ctx(kCmVcCtx), &cm_vc), NDIS_STATUS_SUCCESS);
  expect_one(w, "CM-061", [&] { NdisClIncomingCallComplete(NDIS_STATUS_SUCCESS, cm_vc, p); }, "NdisClIncomingCallComplete");
  NDIS_HANDLE h = nullptr;
  expect_one(w, "CM-080", [&] { EXPECT_EQ(NdisClAddParty(cm_vc, ctx(0x1D06), p, &h), NDIS_STATUS_FAILURE); }, "NdisClAddParty on a CM VC");
  EXPECT_EQ(h, nullptr);
  expect_one(w, "CM-039", [&] { NdisClNotifyCloseAddressFamilyComplete(w.af, NDIS_STATUS_SUCCESS); }, "NdisClNotifyCloseAddressFamilyComplete unasked");
  EXPECT_EQ(NdisMCmDeleteVc(cm_vc), NDIS_STATUS_SUCCESS);
}

// The stand-alone CM calling the NdisMCm* names (CM-021).
TEST(CallModelHandles, StandAloneCmUsingMcmNamesIsReported) {
  World w(false);
  w.register_all();
  w.register_af();
  w.open_af();
  install(w);
  NDIS_HANDLE vc = nullptr;
  ASSERT_EQ(NdisCoCreateVc(w.cm_binding.handle, w.af, ctx(kCmVcCtx), &vc), NDIS_STATUS_SUCCESS);
  NdisMCmDispatchCallConnected(vc);  // also CM-065: no accepted call on the VC
  EXPECT_EQ(w.count("CM-021"), 1u) << w.findings_text();
  EXPECT_EQ(st.count("ClCallConnected"), 0u);
  EXPECT_EQ(NdisMCmDispatchIncomingCall(nullptr, vc, &w.params), NDIS_STATUS_INVALID_PARAMETER);  // NULL SAP: CM-007
  EXPECT_EQ(w.count("CM-007"), 1u) << w.findings_text();
  EXPECT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
}

}  // namespace
}  // namespace cmtest::flows
