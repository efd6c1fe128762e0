// QoS changes (3.10) through an MCM, and the rules of 4.J.
#include "unit/call_model_flows.hpp"

namespace cmtest::flows {
namespace {

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
  }
};

TEST(CallModelQos, ModifyPendedReactivatedAndCompletedWithoutFindings) {
  Connected c;
  CO_CALL_PARAMETERS next = c.w.params;
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &next), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisMCmActivateVc(c.vc, &next), NDIS_STATUS_SUCCESS);
  NdisMCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, c.vc, &next);
  EXPECT_EQ(st.count("ClModifyCallQoSComplete"), 1u);
  EXPECT_EQ(c.w.total(), 0u) << c.w.findings_text();
}

TEST(CallModelQos, Cm090SecondModifyWhilePendingIsRefused) {
  Connected c;
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &c.w.params), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &c.w.params), NDIS_STATUS_FAILURE);
  EXPECT_EQ(c.w.count("CM-090"), 1u);
  EXPECT_EQ(st.count("CmModifyCallQoS"), 1u);
}

TEST(CallModelQos, Cm091SuccessWithoutReactivationIsReported) {
  Connected c;
  EXPECT_EQ(NdisClModifyCallQoS(c.vc, &c.w.params), NDIS_STATUS_PENDING);
  NdisMCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, c.vc, &c.w.params);
  EXPECT_EQ(c.w.count("CM-091"), 1u);
}

TEST(CallModelQos, Cm002CompletionWithoutModifyIsReported) {
  Connected c;
  NdisMCmModifyCallQoSComplete(NDIS_STATUS_SUCCESS, c.vc, &c.w.params);
  EXPECT_EQ(c.w.count("CM-002"), 1u);
  EXPECT_EQ(st.count("ClModifyCallQoSComplete"), 0u);
}

TEST(CallModelQos, Cm093IncomingChangeOnlyAfterReactivation) {
  Connected c;
  CO_CALL_PARAMETERS next = c.w.params;
  NdisMCmDispatchIncomingCallQoSChange(c.vc, &next);
  EXPECT_EQ(c.w.count("CM-093"), 1u);
  EXPECT_EQ(st.count("ClIncomingCallQoSChange"), 0u);
  EXPECT_EQ(NdisMCmActivateVc(c.vc, &next), NDIS_STATUS_SUCCESS);
  NdisMCmDispatchIncomingCallQoSChange(c.vc, &next);
  EXPECT_EQ(st.count("ClIncomingCallQoSChange"), 1u);
  EXPECT_EQ(c.w.count("CM-093"), 1u);
}

}  // namespace
}  // namespace cmtest::flows
