// CoNDIS status indications (vc-data-requests.md 2.7, sequence 3.5; rules ST-001..ST-012):
// routing to ProtocolCoStatusEx, and a breaking and a keeping test per checkable rule.
#include <dlfcn.h>

#include <set>

#include "co_request_support.hpp"

namespace {

using namespace rqtest;

// ---- Routing and delivery (ST-009, ST-010, ST-011) ---------------------------------------------

TEST(CoStatus, ST009_AdapterWideIndicationReachesEveryBoundCoNdisProtocol) {
  RqWorld t(/*mcm=*/false);
  auto si = t.indication(NDIS_STATUS_MEDIA_CONNECT);
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  ASSERT_EQ(rq.status.size(), 2u) << t.w.findings_text();
  std::set<NDIS_HANDLE> contexts{rq.status[0].binding_context, rq.status[1].binding_context};
  EXPECT_EQ(contexts, (std::set<NDIS_HANDLE>{ctx(kClientBindingCtx), ctx(kCmBindingCtx)}));
  EXPECT_EQ(rq.status[0].vc_context, nullptr);
  EXPECT_EQ(rq.status[1].vc_context, nullptr);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoStatus, ST009_VcIndicationReachesTheProtocolsSharingTheVcWithTheirContexts) {
  RqWorld t(false);
  auto si = t.indication();
  NdisMCoIndicateStatusEx(t.adapter(), t.vc, &si);
  ASSERT_EQ(rq.status.size(), 2u) << t.w.findings_text();
  for (auto& s : rq.status) {
    if (s.binding_context == ctx(kClientBindingCtx)) EXPECT_EQ(s.vc_context, ctx(kClientVcCtx));
    else EXPECT_EQ(s.vc_context, ctx(kCmVcCtx));
  }
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoStatus, ST009_McmVcIndicationReachesOnlyTheClient) {
  RqWorld t(/*mcm=*/true);
  auto si = t.indication();
  NdisMCoIndicateStatusEx(t.adapter(), t.vc, &si);
  ASSERT_EQ(rq.status.size(), 1u);
  EXPECT_EQ(rq.status[0].binding_context, ctx(kClientBindingCtx));
  EXPECT_EQ(rq.status[0].vc_context, ctx(kClientVcCtx));
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoStatus, ST010_NestedIndicationWaitsForTheOneInProgress) {
  RqWorld t(true);
  auto second = t.indication(NDIS_STATUS_MEDIA_DISCONNECT);
  rq.in_status = [&](PNDIS_STATUS_INDICATION) {
    NdisMCoIndicateStatusEx(t.adapter(), nullptr, &second);
    EXPECT_EQ(rq.status.size(), 1u);  // not delivered inside the first handler
  };
  auto first = t.indication(NDIS_STATUS_MEDIA_CONNECT);
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &first);
  ASSERT_EQ(rq.status.size(), 2u);
  EXPECT_EQ(rq.status[0].code, NDIS_STATUS_MEDIA_CONNECT);
  EXPECT_EQ(rq.status[1].code, NDIS_STATUS_MEDIA_DISCONNECT);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoStatus, ST011_ProtocolGetsACopyOfTheIndicationAndBuffer) {
  RqWorld t(true);
  char payload[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  auto si = t.indication();
  si.StatusBuffer = payload;
  si.StatusBufferSize = sizeof payload;
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  ASSERT_EQ(rq.status.size(), 1u);
  EXPECT_NE(rq.status[0].pointer, &si);
  EXPECT_EQ(rq.status[0].buffer, std::vector<char>(payload, payload + sizeof payload));
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoStatus, ST012_NoProtocolSideStatusFunctionIsExported) {
  EXPECT_EQ(dlsym(RTLD_DEFAULT, "NdisCoIndicateStatusEx"), nullptr);
  EXPECT_EQ(dlsym(RTLD_DEFAULT, "NdisCmIndicateStatus"), nullptr);
  EXPECT_NE(dlsym(RTLD_DEFAULT, "NdisMCoIndicateStatusEx"), nullptr);
}

// ---- Caller rules (ST-001 .. ST-008) -----------------------------------------------------------

TEST(CoStatus, ST001_IndicationAboveDispatchIsReported) {
  RqWorld t(true);
  auto si = t.indication();
  above_dispatch([&] { NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si); });
  EXPECT_EQ(t.w.count("ST-001"), 1u);
  EXPECT_TRUE(rq.status.empty());
}

TEST(CoStatus, ST001_IndicationAtDispatchIsDelivered) {
  RqWorld t(true);
  auto si = t.indication();
  {
    condis::exec::ExecutionScope dispatch(condis::exec::kDispatch);
    NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  }
  EXPECT_EQ(t.w.count("ST-001"), 0u);
  EXPECT_EQ(rq.status.size(), 1u);
}

TEST(CoStatus, ST002_BadHeaderIsReportedAndDropped) {
  RqWorld t(true);
  auto si = t.indication();
  si.Header.Size = 40;
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, nullptr);
  EXPECT_EQ(t.w.count("ST-002"), 2u);
  EXPECT_TRUE(rq.status.empty());
}

TEST(CoStatus, ST002_GoodHeaderIsAccepted) {
  RqWorld t(true);
  auto si = t.indication();
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-002"), 0u);
  EXPECT_EQ(rq.status.size(), 1u);
}

TEST(CoStatus, ST003_ForeignSourceHandleAndFlagsAreReported) {
  RqWorld t(true);
  auto si = t.indication();
  si.SourceHandle = t.client_binding();
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  si = t.indication();
  si.Flags = 1;
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-003"), 2u);
}

TEST(CoStatus, ST003_OwnSourceHandleIsFine) {
  RqWorld t(true);
  auto si = t.indication();
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-003"), 0u);
}

TEST(CoStatus, ST004_DeadVcIsReportedAndDropped) {
  RqWorld t(true);
  NDIS_HANDLE vc = t.vc;
  ASSERT_EQ(NdisCoDeleteVc(vc), NDIS_STATUS_SUCCESS);
  auto si = t.indication();
  NdisMCoIndicateStatusEx(t.adapter(), vc, &si);
  EXPECT_EQ(t.w.count("ST-004"), 1u);
  EXPECT_TRUE(rq.status.empty());
}

TEST(CoStatus, ST004_VcOfAnotherAdapterIsReported) {
  RqWorld t(false);  // the VC is on the plain miniport's adapter, indicated from the MCM's
  t.w.mcm_adapter.attributes.registration_set = true;
  auto si = t.indication();
  si.SourceHandle = t.w.mcm_adapter.handle;
  NdisMCoIndicateStatusEx(t.w.mcm_adapter.handle, t.vc, &si);
  EXPECT_EQ(t.w.count("ST-004"), 1u);
}

TEST(CoStatus, ST004_LiveVcIsAccepted) {
  RqWorld t(true);
  auto si = t.indication();
  NdisMCoIndicateStatusEx(t.adapter(), t.vc, &si);
  EXPECT_EQ(t.w.count("ST-004"), 0u);
}

TEST(CoStatus, ST005_IndicationBeforeRegistrationAttributesIsReported) {
  RqWorld t(true);
  t.w.mcm_adapter.attributes.registration_set = false;
  auto si = t.indication();
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-005"), 1u);
  EXPECT_TRUE(rq.status.empty());
}

TEST(CoStatus, ST005_IndicationAfterHaltIsReported) {
  RqWorld t(true);
  t.w.mcm_adapter.state = condis::core::AdapterState::Halted;
  auto si = t.indication();
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-005"), 1u);
  t.w.mcm_adapter.state = condis::core::AdapterState::Initializing;
}

TEST(CoStatus, ST005_IndicationDuringInitializeAfterAttributesIsFine) {
  RqWorld t(true);  // the MCM's adapter is still INITIALIZING, with its attributes set
  auto si = t.indication();
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-005"), 0u);
}

TEST(CoStatus, ST006_BufferAndSizeDisagreeingAreReported) {
  RqWorld t(true);
  auto si = t.indication();
  si.StatusBufferSize = 4;  // with a NULL buffer
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  char state[16] = {};
  si = t.indication(NDIS_STATUS_LINK_STATE);
  si.StatusBuffer = state;
  si.StatusBufferSize = sizeof state;  // not sizeof(NDIS_LINK_STATE)
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  si = t.indication(NDIS_STATUS_MEDIA_CONNECT);
  si.Guid.Data1 = 1;
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-006"), 3u);
}

TEST(CoStatus, ST006_LinkStateWithItsPayloadIsFine) {
  RqWorld t(true);
  char state[40] = {};
  auto si = t.indication(NDIS_STATUS_LINK_STATE);
  si.StatusBuffer = state;
  si.StatusBufferSize = sizeof state;
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  si = t.indication(NDIS_STATUS_MEDIA_SPECIFIC_INDICATION);
  si.Guid.Data1 = 1;
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-006"), 0u);
}

TEST(CoStatus, ST007_UnmatchedDestinationIsReportedAndGoesNowhere) {
  RqWorld t(true);
  auto si = t.indication();
  si.DestinationHandle = (NDIS_HANDLE)0x55;
  si.RequestId = (PVOID)0x66;
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-007"), 1u);
  EXPECT_TRUE(rq.status.empty());
}

TEST(CoStatus, ST007_ResultOfIndicationRequiredRequestGoesToItsBindingOnly) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  t.req.RequestHandle = (NDIS_HANDLE)0x55;
  t.req.RequestId = (PVOID)0x66;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_INDICATION_REQUIRED);
  EXPECT_EQ(t.w.count("RQ-021"), 1u);  // no CoNDIS OID allows it; the result still travels
  auto si = t.indication();
  si.DestinationHandle = (NDIS_HANDLE)0x55;
  si.RequestId = (PVOID)0x66;
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-007"), 0u);
  ASSERT_EQ(rq.status.size(), 1u);
  EXPECT_EQ(rq.status[0].binding_context, ctx(kClientBindingCtx));
}

TEST(CoStatus, ST008_UnknownPortIsReported) {
  RqWorld t(true);
  auto si = t.indication();
  si.PortNumber = 3;
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-008"), 1u);
}

TEST(CoStatus, ST008_DefaultPortIsFine) {
  RqWorld t(true);
  auto si = t.indication();
  NdisMCoIndicateStatusEx(t.adapter(), nullptr, &si);
  EXPECT_EQ(t.w.count("ST-008"), 0u);
}

}  // namespace
