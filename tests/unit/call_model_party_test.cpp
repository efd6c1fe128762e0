// Point-to-multipoint parties (3.9) through an MCM, and the rules of 4.I.
#include "unit/call_model_flows.hpp"

namespace cmtest::flows {
namespace {

TEST(CallModelParty, AddPendedThenDropPendedThenCloseWithLastPartyWithoutFindings) {
  Multipoint m;
  ASSERT_NE(m.party, nullptr);
  NDIS_HANDLE p2 = nullptr;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_PENDING);
  ASSERT_NE(p2, nullptr);
  NdisMCmAddPartyComplete(NDIS_STATUS_SUCCESS, p2, ctx(0x2D02), &m.w.params);
  EXPECT_EQ(st.last_status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(st.last_handle, p2);
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_PENDING);
  NdisMCmDropPartyComplete(NDIS_STATUS_SUCCESS, p2);
  EXPECT_EQ(st.count("ClDropPartyComplete"), 1u);
  EXPECT_EQ(st.last_context, ctx(0x1D02));
  EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmDeactivateVc(m.vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, m.vc, m.party);
  EXPECT_EQ(record.close_complete_party_context, ctx(kClientPartyCtx));
  EXPECT_EQ(NdisCoDeleteVc(m.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(m.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(m.w.total(), 0u) << m.w.findings_text();
  EXPECT_TRUE(m.w.rt.leak_report().empty()) << m.w.rt.leak_report().to_string();
}

// The VC's party list under many leaves: parties dropped from its middle, its end and its head
// (the initial party) keep the list whole, CM-084 still fires only for the real last party, and
// the call closes with the one party left.
TEST(CallModelParty, ManyPartiesDroppedInAnyOrderLeaveTheListWhole) {
  Multipoint m;
  st.add_party = NDIS_STATUS_SUCCESS;
  st.drop_party = NDIS_STATUS_SUCCESS;
  std::vector<NDIS_HANDLE> parties(64);
  for (size_t i = 0; i < parties.size(); ++i)
    ASSERT_EQ(NdisClAddParty(m.vc, ctx(0x1E00 + i), &m.w.params, &parties[i]), NDIS_STATUS_SUCCESS);
  // The oldest (the list's tail), then the newest (right after the head), then the head itself.
  EXPECT_EQ(NdisClDropParty(parties.front(), nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClDropParty(parties.back(), nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClDropParty(m.party, nullptr, 0), NDIS_STATUS_SUCCESS);
  for (size_t i = 2; i + 1 < parties.size(); i += 2) EXPECT_EQ(NdisClDropParty(parties[i], nullptr, 0), NDIS_STATUS_SUCCESS);
  for (size_t i = 1; i < 61; i += 2) EXPECT_EQ(NdisClDropParty(parties[i], nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(m.w.total(), 0u) << m.w.findings_text();
  const NDIS_HANDLE last = parties[61];
  // One party left: dropping it is CM-084 (refused by the call manager here), closing with it is right.
  st.drop_party = NDIS_STATUS_FAILURE;
  EXPECT_EQ(NdisClDropParty(last, nullptr, 0), NDIS_STATUS_FAILURE);
  EXPECT_EQ(m.w.count("CM-084"), 1u);
  EXPECT_EQ(NdisClCloseCall(m.vc, last, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmDeactivateVc(m.vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, m.vc, last);
  EXPECT_EQ(NdisCoDeleteVc(m.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(m.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(m.w.total(), 1u) << m.w.findings_text();
  EXPECT_TRUE(m.w.rt.leak_report().empty()) << m.w.rt.leak_report().to_string();
}

// CM-082: the tests named Cm082... below check this rule.
TEST(CallModelParty, Cm082FailedAddInvalidatesTheHandle) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_PENDING);
  NdisMCmAddPartyComplete(NDIS_STATUS_FAILURE, p2, nullptr, &m.w.params);
  EXPECT_EQ(st.last_handle, nullptr);  // OQ-18
  EXPECT_EQ(m.w.total(), 0u) << m.w.findings_text();
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(m.w.count("CM-007"), 1u);
}

TEST(CallModelParty, Cm080AddOnPointToPointCallIsRefused) {
  World w(true);
  w.register_all();
  w.register_af();
  w.open_af();
  install(w);
  NDIS_HANDLE vc = w.create_vc();
  NDIS_HANDLE p = nullptr;
  EXPECT_EQ(NdisClAddParty(vc, ctx(0x1D02), &w.params, &p), NDIS_STATUS_FAILURE);
  EXPECT_EQ(w.count("CM-080"), 1u);
  EXPECT_EQ(st.count("CmAddParty"), 0u);
}

TEST(CallModelParty, Cm081SuccessWithNullContextIsReported) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_PENDING);
  NdisMCmAddPartyComplete(NDIS_STATUS_SUCCESS, p2, nullptr, &m.w.params);
  EXPECT_EQ(m.w.count("CM-081"), 1u);
}

TEST(CallModelParty, Cm083DroppedHandleUsedAgainIsReported) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  st.add_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_FAILURE);
  EXPECT_EQ(m.w.count("CM-083"), 1u);
}

TEST(CallModelParty, Cm084DroppingTheLastPartyIsReportedAndForwarded) {
  Multipoint m;
  st.drop_party = NDIS_STATUS_FAILURE;
  EXPECT_EQ(NdisClDropParty(m.party, nullptr, 0), NDIS_STATUS_FAILURE);
  EXPECT_EQ(m.w.count("CM-084"), 1u);
  EXPECT_EQ(st.count("CmDropParty"), 1u);
}

TEST(CallModelParty, Cm085IncomingDropOfLastPartyIsReportedAndIncomingDropOfOtherIsDelivered) {
  Multipoint m;
  NdisMCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, m.party, nullptr, 0);
  EXPECT_EQ(m.w.count("CM-085"), 1u);
  EXPECT_EQ(st.count("ClIncomingDropParty"), 0u);
  NDIS_HANDLE p2 = nullptr;
  st.add_party = NDIS_STATUS_SUCCESS;
  st.drop_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_SUCCESS);
  NdisMCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, p2, nullptr, 0);
  EXPECT_EQ(st.count("ClIncomingDropParty"), 1u);
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(m.w.count("CM-085"), 1u);
}

TEST(CallModelParty, Cm071And072CloseWithPartiesLeftIsReported) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  st.add_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_SUCCESS);
  behaviour.close_call = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisClCloseCall(m.vc, m.party, nullptr, 0), NDIS_STATUS_PENDING);
  EXPECT_EQ(m.w.count("CM-071"), 1u);
  EXPECT_EQ(NdisMCmDeactivateVc(m.vc), NDIS_STATUS_SUCCESS);
  NdisMCmCloseCallComplete(NDIS_STATUS_SUCCESS, m.vc, m.party);  // the MCM should have failed it
  EXPECT_EQ(m.w.count("CM-072"), 1u);
  EXPECT_EQ(NdisCoDeleteVc(m.vc), NDIS_STATUS_SUCCESS);  // both parties released, nothing dangles
  EXPECT_TRUE(m.w.rt.leak_report().empty() || m.w.rt.leak_report().to_string().find("Party") == std::string::npos);
}

// Decision: a drop while the party's own add is pending is refused (OQ-23).
TEST(CallModelParty, DropWhileAddPendingIsRefused) {
  Multipoint m;
  NDIS_HANDLE p2 = nullptr;
  EXPECT_EQ(NdisClAddParty(m.vc, ctx(0x1D02), &m.w.params, &p2), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_FAILURE);
  EXPECT_EQ(m.w.count("CM-080"), 1u);
  NdisMCmAddPartyComplete(NDIS_STATUS_SUCCESS, p2, ctx(0x2D02), &m.w.params);
  st.drop_party = NDIS_STATUS_SUCCESS;
  EXPECT_EQ(NdisClDropParty(p2, nullptr, 0), NDIS_STATUS_SUCCESS);
}

}  // namespace
}  // namespace cmtest::flows
