// CoNDIS requests (vc-data-requests.md 1.7, 1.8, 2.6; rules RQ-001..RQ-021): routing by the 1.8
// table, the completion convention, and a breaking and a keeping test per checkable rule.
#include "co_request_support.hpp"

namespace {

using namespace rqtest;

NDIS_HANDLE g_adapter = nullptr;  // for a cancel handler that completes from inside the call

// ---- Routing and the library's own behaviour (RQ-004, RQ-015, RQ-019) ------------------------

TEST(CoRequest, RQ004_SynchronousResultIsReturnedWithoutCompletion) {
  RqWorld t(/*mcm=*/false);
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.cm.calls, 1);
  EXPECT_EQ(rq.cm.af, ctx(kCmAfCtx));
  EXPECT_EQ(rq.cm.vc, ctx(kCmVcCtx));
  EXPECT_EQ(rq.cm.party, nullptr);
  EXPECT_EQ(rq.client_done.calls, 0);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ004_PendedRequestCompletesOnceWithRequesterContexts) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req), NDIS_STATUS_PENDING);
  EXPECT_EQ(rq.client_done.calls, 0);
  NdisCoOidRequestComplete(t.w.af, t.vc, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.client_done.calls, 1);
  EXPECT_EQ(rq.client_done.af, ctx(kClientAfCtx));
  EXPECT_EQ(rq.client_done.vc, ctx(kClientVcCtx));
  EXPECT_EQ(rq.client_done.party, nullptr);
  EXPECT_EQ(rq.client_done.request, &t.req);
  EXPECT_EQ(rq.client_done.status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.rt.calls().requests().pending_count(), 0u);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ019_ClientRequestToMcmCompletesThroughNdisMCmOidRequestComplete) {
  RqWorld t(/*mcm=*/true);
  rq.reply = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_PENDING);
  EXPECT_EQ(rq.cm.calls, 1);
  EXPECT_EQ(rq.cm.af, ctx(kCmAfCtx));
  EXPECT_EQ(rq.cm.vc, nullptr);
  NdisMCmOidRequestComplete(t.w.af, nullptr, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.client_done.calls, 1);
  EXPECT_EQ(rq.client_done.af, ctx(kClientAfCtx));
  EXPECT_EQ(rq.client_done.vc, nullptr);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ019_NullAfHandleGoesToMiniportCoOidRequest) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), nullptr, t.vc, nullptr, &t.req), NDIS_STATUS_PENDING);
  EXPECT_EQ(rq.cm.calls, 0);
  EXPECT_EQ(rq.miniport.calls, 1);
  EXPECT_EQ(rq.miniport.af, ctx(kMpAdapterCtx));
  EXPECT_EQ(rq.miniport.vc, ctx(kMpVcCtx));
  NdisMCoOidRequestComplete(t.adapter(), t.vc, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.client_done.calls, 1);
  EXPECT_EQ(rq.client_done.af, nullptr);  // OQ-V23
  EXPECT_EQ(rq.client_done.vc, ctx(kClientVcCtx));
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ019_GlobalMiniportRequestOnMcmPassesNullVcContext) {
  RqWorld t(true);
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.miniport.calls, 1);
  EXPECT_EQ(rq.miniport.af, ctx(kMcmAdapterCtx));
  EXPECT_EQ(rq.miniport.vc, nullptr);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ019_CallManagerRequestReachesTheClient) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisCoOidRequest(t.cm_binding(), t.w.af, t.vc, nullptr, &t.req), NDIS_STATUS_PENDING);
  EXPECT_EQ(rq.client.calls, 1);
  EXPECT_EQ(rq.client.af, ctx(kClientAfCtx));
  EXPECT_EQ(rq.client.vc, ctx(kClientVcCtx));
  NdisCoOidRequestComplete(t.w.af, t.vc, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.cm_done.calls, 1);
  EXPECT_EQ(rq.cm_done.af, ctx(kCmAfCtx));
  EXPECT_EQ(rq.cm_done.vc, ctx(kCmVcCtx));
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ019_McmRequestReachesTheClientAndCompletesToTheMcm) {
  RqWorld t(true);
  rq.reply = NDIS_STATUS_PENDING;
  EXPECT_EQ(NdisMCmOidRequest(t.w.af, t.vc, nullptr, &t.req), NDIS_STATUS_PENDING);
  EXPECT_EQ(rq.client.calls, 1);
  EXPECT_EQ(rq.client.vc, ctx(kClientVcCtx));
  NdisCoOidRequestComplete(t.w.af, t.vc, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.cm_done.calls, 1);
  EXPECT_EQ(rq.cm_done.af, ctx(kCmAfCtx));
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ015_CompletionWhileTheHandlerRunsIsDeliveredOnce) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  rq.in_handler = [&](PNDIS_OID_REQUEST r) { NdisCoOidRequestComplete(t.w.af, t.vc, nullptr, r, NDIS_STATUS_SUCCESS); };
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req), NDIS_STATUS_PENDING);
  EXPECT_EQ(rq.client_done.calls, 1);
  EXPECT_EQ(rq.client_done.status, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.rt.calls().requests().pending_count(), 0u);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ015_MiniportGetsASecondRequestWhileOneIsPending) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NDIS_OID_REQUEST second = *t.query(OID_GEN_CO_LINK_SPEED);
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req), NDIS_STATUS_PENDING);
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &second), NDIS_STATUS_PENDING);
  EXPECT_EQ(rq.miniport.calls, 2);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &second, NDIS_STATUS_SUCCESS);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.client_done.calls, 2);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

// ---- Completion rules (RQ-001, RQ-002, RQ-005, RQ-006) -----------------------------------------

TEST(CoRequest, RQ001_PendingCompletionStatusIsReportedAndBecomesFailure) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req);
  NdisCoOidRequestComplete(t.w.af, t.vc, nullptr, &t.req, NDIS_STATUS_PENDING);
  EXPECT_EQ(t.w.count("RQ-001"), 1u);
  EXPECT_EQ(rq.client_done.status, NDIS_STATUS_FAILURE);
}

TEST(CoRequest, RQ001_FinalCompletionStatusIsKept) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req);
  NdisCoOidRequestComplete(t.w.af, t.vc, nullptr, &t.req, NDIS_STATUS_INVALID_OID);
  EXPECT_EQ(t.w.count("RQ-001"), 0u);
  EXPECT_EQ(rq.client_done.status, NDIS_STATUS_INVALID_OID);
}

TEST(CoRequest, RQ002_CompletionAfterSynchronousReturnIsReportedAndIgnored) {
  RqWorld t(false);
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req), NDIS_STATUS_SUCCESS);
  NdisCoOidRequestComplete(t.w.af, t.vc, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-002"), 1u);
  EXPECT_EQ(rq.client_done.calls, 0);
}

TEST(CoRequest, RQ002_SecondCompletionIsReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-002"), 0u);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-002"), 1u);
  EXPECT_EQ(rq.client_done.calls, 1);
}

TEST(CoRequest, RQ002_CompletedInHandlerThenFinalReturnIsReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_SUCCESS;
  rq.in_handler = [&](PNDIS_OID_REQUEST r) { NdisCoOidRequestComplete(t.w.af, t.vc, nullptr, r, NDIS_STATUS_SUCCESS); };
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req), NDIS_STATUS_PENDING);
  EXPECT_EQ(t.w.count("RQ-002"), 1u);
  EXPECT_EQ(rq.client_done.calls, 1);  // still exactly one completion for the requester
}

TEST(CoRequest, RQ005_MiniportRequestCompletedWithProtocolFunctionIsReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisCoOidRequestComplete(t.w.af, nullptr, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-005"), 1u);
  EXPECT_EQ(t.w.count("RQ-006"), 0u);  // not reported twice
}

TEST(CoRequest, RQ005_MatchingCompletionIsNotReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-005"), 0u);
  EXPECT_EQ(rq.client_done.calls, 1);
}

TEST(CoRequest, RQ006_CompletionNamingAnotherVcIsReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req);
  NdisCoOidRequestComplete(t.w.af, nullptr, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-006"), 1u);
}

TEST(CoRequest, RQ006_MiniportCompletionWithOwnHandlesIsNotReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), nullptr, t.vc, nullptr, &t.req);
  NdisMCoOidRequestComplete(t.adapter(), t.vc, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-006"), 0u);
}

TEST(CoRequest, RQ006_MiniportCompletionWithoutTheVcIsReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), nullptr, t.vc, nullptr, &t.req);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-006"), 1u);
}

// ---- Leaks (RQ-003) ----------------------------------------------------------------------------

TEST(CoRequest, RQ003_RequestPendingAtAfCloseIsReported) {
  RqWorld t(false, /*with_vc=*/false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req);
  NdisClCloseAddressFamily(t.w.af);
  EXPECT_EQ(t.w.count("RQ-003"), 1u);
  EXPECT_EQ(t.w.rt.calls().requests().pending_count(), 0u);
}

TEST(CoRequest, RQ003_CompletedRequestLeavesNothingAtAfClose) {
  RqWorld t(false, false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req);
  NdisCoOidRequestComplete(t.w.af, nullptr, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  NdisClCloseAddressFamily(t.w.af);
  EXPECT_EQ(t.w.count("RQ-003"), 0u);
}

TEST(CoRequest, RQ003_RequestPendingInMiniportIsInTheLeakReportAndReportedAtHalt) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  condis::LeakReport report;
  t.w.rt.calls().collect_leaks(report);
  size_t rq003 = 0;
  for (auto& l : report.leaks) rq003 += l.rule == "RQ-003";
  EXPECT_EQ(rq003, 1u);
  t.w.rt.calls().adapter_halting(t.adapter());
  EXPECT_EQ(t.w.count("RQ-003"), 1u);
}

TEST(CoRequest, RQ003_RequestPendingAtBindingCloseIsReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  t.w.rt.calls().binding_closing(t.client_binding());
  EXPECT_EQ(t.w.count("RQ-003"), 1u);
}

// ---- Caller roles and handles (RQ-007, RQ-008, RQ-009) -----------------------------------------

TEST(CoRequest, RQ007_StandAloneAfWithNdisMCmOidRequestIsReported) {
  RqWorld t(false);
  EXPECT_EQ(NdisMCmOidRequest(t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(t.w.count("RQ-007"), 1u);
  EXPECT_EQ(rq.client.calls, 0);
}

TEST(CoRequest, RQ007_McmCallingNdisCoOidRequestIsReported) {
  RqWorld t(true);
  EXPECT_EQ(NdisCoOidRequest(t.adapter(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(t.w.count("RQ-007"), 1u);
}

TEST(CoRequest, RQ007_McmCompletingWithNdisCoOidRequestCompleteIsReported) {
  RqWorld t(true);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req);
  NdisCoOidRequestComplete(t.w.af, nullptr, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-007"), 1u);
  EXPECT_EQ(rq.client_done.calls, 1);
}

TEST(CoRequest, RQ007_McmUsingNdisMCmOidRequestIsNotReported) {
  RqWorld t(true);
  EXPECT_EQ(NdisMCmOidRequest(t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-007"), 0u);
}

TEST(CoRequest, RQ008_PartyWithoutAfIsRejected) {
  RqWorld t(false);
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), nullptr, t.vc, t.vc, &t.req), NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(t.w.count("RQ-008"), 1u);
  EXPECT_EQ(rq.miniport.calls, 0);
}

TEST(CoRequest, RQ008_ForgedVcAndMissingAfAreRejected) {
  RqWorld t(true);
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, (NDIS_HANDLE)0x1234, nullptr, &t.req),
            NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(NdisMCmOidRequest(nullptr, t.vc, nullptr, &t.req), NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(t.w.count("RQ-008"), 2u);
  EXPECT_EQ(rq.cm.calls + rq.client.calls, 0);
}

TEST(CoRequest, RQ008_ConsistentHandlesAreAccepted) {
  RqWorld t(false);
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-008"), 0u);
}

TEST(CoRequest, RQ009_MalformedRequestsAreRejected) {
  RqWorld t(false);
  t.req.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_INVALID_PARAMETER);
  t.query(OID_GEN_CO_VENDOR_ID)->RequestType = NdisRequestGeneric1;
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_INVALID_PARAMETER);
  t.query(OID_GEN_CO_VENDOR_ID)->DATA.QUERY_INFORMATION.InformationBuffer = nullptr;
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_INVALID_PARAMETER);
  EXPECT_EQ(t.w.count("RQ-009"), 3u);
  EXPECT_EQ(rq.cm.calls, 0);
}

TEST(CoRequest, RQ009_WellFormedRequestsPass) {
  RqWorld t(false);
  t.query(OID_GEN_CO_VENDOR_ID)->RequestType = NdisRequestQueryStatistics;
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-009"), 0u);
}

// ---- Requester and target duties (RQ-010, RQ-011, RQ-012, RQ-020, RQ-021) ----------------------

TEST(CoRequest, RQ010_RequestModifiedWhilePendingIsReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req);
  t.req.DATA.QUERY_INFORMATION.Oid = OID_GEN_CO_LINK_SPEED;
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req), NDIS_STATUS_INVALID_PARAMETER);
  NdisCoOidRequestComplete(t.w.af, t.vc, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-010"), 2u);  // reissued while pending, and changed at completion
}

TEST(CoRequest, RQ010_UntouchedPendingRequestIsNotReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), t.w.af, t.vc, nullptr, &t.req);
  t.req.DATA.QUERY_INFORMATION.BytesWritten = 4;  // an output field: the target's to write
  NdisCoOidRequestComplete(t.w.af, t.vc, nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-010"), 0u);
}

TEST(CoRequest, RQ011_ByteCountsOutsideTheBufferAreReported) {
  RqWorld t(false);
  rq.in_handler = [](PNDIS_OID_REQUEST r) { r->DATA.QUERY_INFORMATION.BytesWritten = 1000; };
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_SUCCESS);
  rq.in_handler = nullptr;
  rq.reply = NDIS_STATUS_BUFFER_TOO_SHORT;  // BytesNeeded left 0
  t.query(OID_GEN_CO_VENDOR_ID);
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_BUFFER_TOO_SHORT);
  EXPECT_EQ(t.w.count("RQ-011"), 2u);
}

TEST(CoRequest, RQ011_ShortBufferWithBytesNeededIsNotReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_BUFFER_TOO_SHORT;
  rq.in_handler = [](PNDIS_OID_REQUEST r) { r->DATA.QUERY_INFORMATION.BytesNeeded = 128; };
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_BUFFER_TOO_SHORT);
  EXPECT_EQ(t.w.count("RQ-011"), 0u);
}

TEST(CoRequest, RQ012_RequestAcceptedAfterSurpriseRemovalIsReported) {
  RqWorld t(false);
  t.w.adapter.surprise_removed = true;
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-012"), 1u);
}

TEST(CoRequest, RQ012_NotAcceptedAfterSurpriseRemovalIsCorrect) {
  RqWorld t(false);
  t.w.adapter.surprise_removed = true;
  rq.reply = NDIS_STATUS_NOT_ACCEPTED;
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req), NDIS_STATUS_NOT_ACCEPTED);
  EXPECT_EQ(t.w.count("RQ-012"), 0u);
}

// A set of a revisioned structure (its buffer starts with an NDIS_OBJECT_HEADER).
PNDIS_OID_REQUEST revisioned_set(RqWorld& t) {
  t.query(OID_GEN_CO_VENDOR_ID);
  t.req.RequestType = NdisRequestSetInformation;
  auto* h = reinterpret_cast<NDIS_OBJECT_HEADER*>(t.buf);
  *h = {NDIS_OBJECT_TYPE_DEFAULT, 1, (USHORT)sizeof t.buf};
  return &t.req;
}

TEST(CoRequest, RQ020_SetOfRevisionedStructureWithoutSupportedRevisionIsReported) {
  RqWorld t(false);
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, revisioned_set(t)), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-020"), 1u);
}

TEST(CoRequest, RQ020_SupportedRevisionSetIsNotReported) {
  RqWorld t(false);
  rq.in_handler = [](PNDIS_OID_REQUEST r) { r->SupportedRevision = 1; };
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, revisioned_set(t)), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-020"), 0u);
}

TEST(CoRequest, RQ021_IndicationRequiredFromMiniportIsReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_INDICATION_REQUIRED;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  EXPECT_EQ(t.w.count("RQ-021"), 1u);
}

TEST(CoRequest, RQ021_FinalResultFromMiniportIsNotReported) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-021"), 0u);
}

// ---- Cancellation (RQ-013, RQ-014) -------------------------------------------------------------

TEST(CoRequest, RQ014_CancelWithUnknownRequestIdIsReported) {
  RqWorld t(false);
  NdisCancelOidRequest(t.client_binding(), (PVOID)0x77);
  EXPECT_EQ(t.w.count("RQ-014"), 1u);
  EXPECT_EQ(rq.cancels, 0);
}

// RQ-013: a cancelled request must be completed within VerifierOptions::cancel_completion_limit
// of scheduler time after MiniportCancelOidRequest.
TEST(CoRequest, RQ013_RQ014_CancelOfPendingRequestReachesMiniportCancelOidRequest) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  t.req.RequestId = (PVOID)0x77;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisCancelOidRequest(t.client_binding(), (PVOID)0x77);
  EXPECT_EQ(rq.cancels, 1);
  EXPECT_EQ(rq.cancel_id, (PVOID)0x77);
  t.w.rt.scheduler().advance(1'000'000);  // 1 ms: well within the default limit
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_REQUEST_ABORTED);
  EXPECT_EQ(rq.client_done.status, NDIS_STATUS_REQUEST_ABORTED);
  t.w.rt.scheduler().run_until_idle();  // the limit's timer was cancelled with the completion
  t.w.rt.scheduler().advance(60'000'000'000);
  EXPECT_EQ(t.w.count("RQ-014"), 0u);
  EXPECT_EQ(t.w.count("RQ-013"), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ013_CompletionInsideMiniportCancelOidRequestIsInTime) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  t.req.RequestId = (PVOID)0x78;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  t.w.miniport.miniport.CancelOidRequestHandler = [](NDIS_HANDLE, PVOID) {
    ++rq.cancels;
    NdisMCoOidRequestComplete(rq.miniport.request ? g_adapter : nullptr, nullptr, rq.miniport.request,
                              NDIS_STATUS_REQUEST_ABORTED);
  };
  g_adapter = t.adapter();
  NdisCancelOidRequest(t.client_binding(), (PVOID)0x78);
  t.w.rt.scheduler().advance(60'000'000'000);
  EXPECT_EQ(rq.cancels, 1);
  EXPECT_EQ(rq.client_done.status, NDIS_STATUS_REQUEST_ABORTED);
  EXPECT_EQ(t.w.count("RQ-013"), 0u) << t.w.findings_text();
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ013_RequestStillPendingWhenTheLimitPassesIsReported) {
  RqWorld t(false);
  t.w.rt.verifier_options().cancel_completion_limit = std::chrono::milliseconds(100);
  rq.reply = NDIS_STATUS_PENDING;
  t.req.RequestId = (PVOID)0x77;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisCancelOidRequest(t.client_binding(), (PVOID)0x77);
  t.w.rt.scheduler().advance(99'000'000);
  EXPECT_EQ(t.w.count("RQ-013"), 0u);
  t.w.rt.scheduler().advance(2'000'000);
  ASSERT_EQ(t.w.count("RQ-013"), 1u);
  const std::string text = t.w.findings_text();
  EXPECT_NE(text.find("MiniportAdapterHandle"), std::string::npos) << text;
  EXPECT_NE(text.find("RequestId"), std::string::npos) << text;
  // The late completion is still delivered, and reported once only.
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_REQUEST_ABORTED);
  EXPECT_EQ(rq.client_done.status, NDIS_STATUS_REQUEST_ABORTED);
  EXPECT_EQ(t.w.count("RQ-013"), 1u);
  EXPECT_EQ(t.w.count("RQ-002"), 0u);
}

TEST(CoRequest, RQ013_NeverCompletedRequestIsReportedWhenTheSchedulerRunsIdle) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  t.req.RequestId = (PVOID)0x77;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisCancelOidRequest(t.client_binding(), (PVOID)0x77);
  t.w.rt.scheduler().run_until_idle();  // virtual time jumps to the default limit
  EXPECT_EQ(t.w.count("RQ-013"), 1u);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_REQUEST_ABORTED);
}

TEST(CoRequest, RQ013_ZeroLimitTurnsTheCheckOff) {
  RqWorld t(false);
  t.w.rt.verifier_options().cancel_completion_limit = std::chrono::nanoseconds(0);
  rq.reply = NDIS_STATUS_PENDING;
  t.req.RequestId = (PVOID)0x77;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisCancelOidRequest(t.client_binding(), (PVOID)0x77);
  t.w.rt.scheduler().advance(60'000'000'000);
  EXPECT_EQ(t.w.count("RQ-013"), 0u);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_REQUEST_ABORTED);
}

// RQ-013, the status: a cancelled request the miniport abandons is completed with
// NDIS_STATUS_REQUEST_ABORTED. Another failure is a warning (the verifier cannot see whether the
// request had finished); SUCCESS counts as finished before the cancel.
TEST(CoRequest, RQ013_CancelledRequestFailedWithAnotherStatusIsAWarning) {
  RqWorld t(false);
  rq.reply = NDIS_STATUS_PENDING;
  t.req.RequestId = (PVOID)0x79;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisCancelOidRequest(t.client_binding(), (PVOID)0x79);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_FAILURE);
  ASSERT_EQ(t.w.count("RQ-013"), 1u) << t.w.findings_text();
  const auto findings = t.w.rt.verifier().findings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, condis::Severity::Warning);
  EXPECT_EQ(findings[0].function, "NdisMCoOidRequestComplete");
  EXPECT_NE(findings[0].to_string().find("NDIS_STATUS_REQUEST_ABORTED"), std::string::npos);
  EXPECT_EQ(rq.client_done.status, NDIS_STATUS_FAILURE);  // still delivered as completed
  t.w.rt.scheduler().run_until_idle();                    // in time: the timer was cancelled
  EXPECT_EQ(t.w.count("RQ-013"), 1u);
}

TEST(CoRequest, RQ013_CancelledRequestAbortedOrFinishedIsNotReported) {
  RqWorld t(false);
  t.w.rt.verifier_options().cancel_completion_limit = std::chrono::nanoseconds(0);  // the status check stays
  rq.reply = NDIS_STATUS_PENDING;
  t.req.RequestId = (PVOID)0x7A;
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisCancelOidRequest(t.client_binding(), (PVOID)0x7A);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_SUCCESS);  // it had finished
  EXPECT_EQ(rq.client_done.status, NDIS_STATUS_SUCCESS);
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);
  NdisCancelOidRequest(t.client_binding(), (PVOID)0x7A);
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_REQUEST_ABORTED);
  EXPECT_EQ(rq.client_done.status, NDIS_STATUS_REQUEST_ABORTED);
  NdisCoOidRequest(t.client_binding(), nullptr, nullptr, nullptr, &t.req);  // never cancelled: any status
  NdisMCoOidRequestComplete(t.adapter(), nullptr, &t.req, NDIS_STATUS_FAILURE);
  EXPECT_EQ(t.w.count("RQ-013"), 0u) << t.w.findings_text();
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

// ---- IRQL (RQ-018) -----------------------------------------------------------------------------

TEST(CoRequest, RQ018_RequestAboveDispatchIsReported) {
  RqWorld t(false);
  above_dispatch([&] {
    EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_FAILURE);
  });
  EXPECT_EQ(t.w.count("RQ-018"), 1u);
  EXPECT_EQ(rq.cm.calls, 0);
}

TEST(CoRequest, RQ018_RequestAtDispatchIsFine) {
  RqWorld t(false);
  {
    condis::exec::ExecutionScope dispatch(condis::exec::kDispatch);
    EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, &t.req), NDIS_STATUS_SUCCESS);
  }
  EXPECT_EQ(t.w.count("RQ-018"), 0u);
}

// ---- Heuristic rules over the scenario (RQ-016, RQ-017) ---------------------------------------

// Both OIDs still reach the client untouched; nothing is owed until a teardown point or the end.
TEST(CoRequest, RQ016_RQ017_CoOidsPassThroughUntouched) {
  RqWorld t(false);
  EXPECT_EQ(NdisCoOidRequest(t.cm_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_ADDRESS_CHANGE)),
            NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.client.request->DATA.QUERY_INFORMATION.Oid, (NDIS_OID)OID_CO_ADDRESS_CHANGE);
  EXPECT_EQ(NdisCoOidRequest(t.cm_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_AF_CLOSE)), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.client.calls, 2);
  EXPECT_EQ(t.w.count("RQ-016"), 0u);
  EXPECT_EQ(t.w.count("RQ-017"), 0u);
}

size_t leaks_of(RqWorld& t, std::string_view rule) {
  size_t n = 0;
  for (const auto& l : t.w.rt.leak_report().leaks) n += l.rule == rule;
  return n;
}

TEST(CoRequest, RQ016_AddressChangeWithoutQueryIsReportedAtScenarioEnd) {
  RqWorld t(false, /*with_vc=*/false);
  NdisCoOidRequest(t.cm_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_ADDRESS_CHANGE));
  EXPECT_EQ(leaks_of(t, "RQ-016"), 1u);
  condis::core::report_co_oid_follow_ups(t.w.rt);
  EXPECT_EQ(t.w.count("RQ-016"), 1u);
  condis::core::report_co_oid_follow_ups(t.w.rt);  // once only
  EXPECT_EQ(t.w.count("RQ-016"), 1u);
}

TEST(CoRequest, RQ016_AddressChangeWithoutQueryIsReportedWhenTheAfCloses) {
  RqWorld t(/*mcm=*/true, /*with_vc=*/false);
  NdisMCmOidRequest(t.w.af, nullptr, nullptr, t.query(OID_CO_ADDRESS_CHANGE));
  EXPECT_EQ(rq.client.calls, 1);
  EXPECT_EQ(NdisClCloseAddressFamily(t.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-016"), 1u) << t.w.findings_text();
  condis::core::report_co_oid_follow_ups(t.w.rt);
  EXPECT_EQ(t.w.count("RQ-016"), 1u);
}

TEST(CoRequest, RQ016_AddressChangeFollowedByGetAddressesIsFine) {
  RqWorld t(false, /*with_vc=*/false);
  NdisCoOidRequest(t.cm_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_ADDRESS_CHANGE));
  EXPECT_EQ(NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_GET_ADDRESSES)),
            NDIS_STATUS_SUCCESS);
  EXPECT_EQ(rq.cm.calls, 1);
  EXPECT_EQ(leaks_of(t, "RQ-016"), 0u);
  EXPECT_EQ(NdisClCloseAddressFamily(t.w.af), NDIS_STATUS_SUCCESS);
  condis::core::report_co_oid_follow_ups(t.w.rt);
  EXPECT_EQ(t.w.count("RQ-016"), 0u);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

// RQ-016 at the client's next call-management operation on the AF: once per address change.
TEST(CoRequest, RQ016_OperationOnTheAfBeforeTheQueryIsReportedOncePerAddressChange) {
  RqWorld t(false);
  NdisCoOidRequest(t.cm_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_ADDRESS_CHANGE));
  NdisClMakeCall(t.vc, &t.w.params, nullptr, nullptr);
  ASSERT_EQ(t.w.count("RQ-016"), 1u) << t.w.findings_text();
  EXPECT_EQ(t.w.rt.verifier().findings().back().function, "NdisClMakeCall");
  EXPECT_EQ(t.w.create_vc() != nullptr, true);  // the same address change: not again
  EXPECT_EQ(t.w.count("RQ-016"), 1u);
  EXPECT_EQ(leaks_of(t, "RQ-016"), 0u);  // reported, no longer owed
  NdisCoOidRequest(t.cm_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_ADDRESS_CHANGE));
  CO_SAP sap{};
  NDIS_HANDLE sap_handle = nullptr;
  NdisClRegisterSap(t.w.af, (NDIS_HANDLE)0x5A9, &sap, &sap_handle);
  EXPECT_EQ(t.w.count("RQ-016"), 2u) << t.w.findings_text();
  EXPECT_EQ(t.w.rt.verifier().findings().back().function, "NdisClRegisterSap");
  condis::core::report_co_oid_follow_ups(t.w.rt);
  EXPECT_EQ(t.w.count("RQ-016"), 2u);  // nothing left for the scenario end
}

TEST(CoRequest, RQ016_OperationsAfterTheQueryAndTheCallManagersOwnVcAreNotReported) {
  RqWorld t(false);
  NdisCoOidRequest(t.cm_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_ADDRESS_CHANGE));
  NDIS_HANDLE cm_vc = nullptr;  // the CM's VC on the AF is not the client's operation
  EXPECT_EQ(NdisCoCreateVc(t.cm_binding(), t.w.af, (NDIS_HANDLE)0xC7C, &cm_vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(t.w.count("RQ-016"), 0u) << t.w.findings_text();
  NdisCoOidRequest(t.client_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_GET_ADDRESSES));
  t.w.create_vc();
  CO_SAP sap{};
  NDIS_HANDLE sap_handle = nullptr;
  EXPECT_EQ(NdisClRegisterSap(t.w.af, (NDIS_HANDLE)0x5A9, &sap, &sap_handle), NDIS_STATUS_SUCCESS);
  NdisClMakeCall(t.vc, &t.w.params, nullptr, nullptr);
  condis::core::report_co_oid_follow_ups(t.w.rt);
  EXPECT_EQ(t.w.count("RQ-016"), 0u) << t.w.findings_text();
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

// RQ-017 at the client's next operation that builds on the AF after OID_CO_AF_CLOSE; reported once
// (not again at the call manager's unbind or the scenario end).
TEST(CoRequest, RQ017_NewVcOnTheAfAfterAfCloseIsReportedAtTheOperation) {
  RqWorld t(/*mcm=*/true, /*with_vc=*/false);
  NdisMCmOidRequest(t.w.af, nullptr, nullptr, t.query(OID_CO_AF_CLOSE));
  t.w.create_vc();
  ASSERT_EQ(t.w.count("RQ-017"), 1u) << t.w.findings_text();
  EXPECT_EQ(t.w.rt.verifier().findings().back().function, "NdisCoCreateVc");
  condis::core::report_co_oid_follow_ups(t.w.rt);
  EXPECT_EQ(t.w.count("RQ-017"), 1u);
}

TEST(CoRequest, RQ017_TeardownAfterAfCloseIsNotReported) {
  RqWorld t(false);
  NdisCoOidRequest(t.cm_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_AF_CLOSE));
  EXPECT_EQ(NdisCoDeleteVc(t.vc), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(NdisClCloseAddressFamily(t.w.af), NDIS_STATUS_SUCCESS);
  condis::core::report_co_oid_follow_ups(t.w.rt);
  EXPECT_EQ(t.w.count("RQ-017"), 0u) << t.w.findings_text();
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

TEST(CoRequest, RQ017_AfStillOpenAfterAfCloseIsReportedAtScenarioEnd) {
  RqWorld t(false, /*with_vc=*/false);
  NdisCoOidRequest(t.cm_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_AF_CLOSE));
  EXPECT_EQ(leaks_of(t, "RQ-017"), 1u);
  condis::core::report_co_oid_follow_ups(t.w.rt);
  EXPECT_EQ(t.w.count("RQ-017"), 1u) << t.w.findings_text();
}

TEST(CoRequest, RQ017_AfStillOpenAfterAfCloseIsReportedAtTheCallManagersUnbind) {
  RqWorld t(false, /*with_vc=*/false);
  NdisCoOidRequest(t.cm_binding(), t.w.af, nullptr, nullptr, t.query(OID_CO_AF_CLOSE));
  t.w.rt.calls().binding_closing(t.cm_binding());
  EXPECT_EQ(t.w.count("RQ-017"), 1u) << t.w.findings_text();
  condis::core::report_co_oid_follow_ups(t.w.rt);
  EXPECT_EQ(t.w.count("RQ-017"), 1u);
}

TEST(CoRequest, RQ017_AfClosedAfterAfCloseIsFine) {
  RqWorld t(/*mcm=*/true, /*with_vc=*/false);
  NdisMCmOidRequest(t.w.af, nullptr, nullptr, t.query(OID_CO_AF_CLOSE));
  EXPECT_EQ(NdisClCloseAddressFamily(t.w.af), NDIS_STATUS_SUCCESS);
  EXPECT_EQ(leaks_of(t, "RQ-017"), 0u);
  condis::core::report_co_oid_follow_ups(t.w.rt);
  EXPECT_EQ(t.w.count("RQ-017"), 0u);
  EXPECT_EQ(t.w.total(), 0u) << t.w.findings_text();
}

}  // namespace
