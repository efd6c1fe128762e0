/* dp_client: CoNDIS requests in both directions and status indications (see dp_request_driver.h). */
#include "dp_client.h"

DP_RQ_SIDE DpClRq;

CONDIS_DRIVER_EXPORT DP_RQ_CONFIGURE DpClientRqConfigure;
CONDIS_DRIVER_EXPORT DP_RQ_GET_RECORDS DpClientRqRecords;
CONDIS_DRIVER_EXPORT DP_RQ_GET_RESULTS DpClientRqResults;
CONDIS_DRIVER_EXPORT DP_ST_GET_RECORDS DpClientStatusRecords;
CONDIS_DRIVER_EXPORT DP_GET_CONTEXTS DpClientContexts;
CONDIS_DRIVER_EXPORT DP_CLIENT_REQUEST DpClientRequest;

/* Test interface: called by the test while the runtime is idle. */
VOID DpClientRqConfigure(ULONG Handler, const DP_RQ_BEHAVIOR *Behavior) { DpRqConfigure(&DpClRq, Handler, Behavior); }

ULONG DpClientRqRecords(DP_RQ_RECORD *Records, ULONG Max) {
    return DpRqCopy(&DpClRq, Records, DpClRq.Records, sizeof(DP_RQ_RECORD), &DpClRq.RecordCount, Max);
}

ULONG DpClientRqResults(DP_RQ_RESULT *Results, ULONG Max) {
    return DpRqCopy(&DpClRq, Results, DpClRq.Results, sizeof(DP_RQ_RESULT), &DpClRq.ResultCount, Max);
}

ULONG DpClientStatusRecords(DP_ST_RECORD *Records, ULONG Max) {
    return DpRqCopy(&DpClRq, Records, DpClRq.Statuses, sizeof(DP_ST_RECORD), &DpClRq.StatusCount, Max);
}

VOID DpClientContexts(DP_CONTEXTS *Contexts) {
    NdisZeroMemory(Contexts, sizeof(*Contexts));
    Contexts->BindingContext = &DpClBindingHandle;
    Contexts->AfContext = &DpClAfHandle;
    Contexts->VcContext = &DpClVcContext;
    Contexts->AfHandle = DpClAfHandle;
    Contexts->VcHandle = DpClVcHandle;
}

/* Test action, PASSIVE_LEVEL: one query through NdisCoOidRequest, to the call manager on the
 * client's AF or to the miniport (NULL AF handle); on the call's VC or not (3.4 steps 1-2, 5). */
NDIS_STATUS DpClientRequest(ULONG Route, BOOLEAN OnVc, NDIS_OID Oid, ULONG Length) {
    PDP_RQ_ISSUED Issued = DpRqPrepare(&DpClRq, Oid, Length);
    ULONG Index;
    NDIS_STATUS Status;
    if (Issued == NULL) return NDIS_STATUS_RESOURCES;
    Index = Issued->Index;
    Status = NdisCoOidRequest(DpClBindingHandle, Route == DpRqToCallManager ? DpClAfHandle : NULL,
                              OnVc ? DpClVcHandle : NULL, NULL, &Issued->Request);
    DpRqIssued(&DpClRq, Issued, Index, Status);
    return Status;
}

/* ClOidRequestHandler (ProtocolCoOidRequest), <= DISPATCH_LEVEL: a request from the call manager
 * (NdisMCmOidRequest of dp_mcm), answered as configured for DpRqClient. */
NDIS_STATUS DpClOidRequest(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE ProtocolVcContext,
                           NDIS_HANDLE ProtocolPartyContext, PNDIS_OID_REQUEST OidRequest) {
    return DpRqHandle(&DpClRq, DpRqClient, ProtocolAfContext, ProtocolVcContext, ProtocolPartyContext, OidRequest);
}

/* Completes a request DpClOidRequest pended, from a timer (DISPATCH_LEVEL). The faulty variant
 * uses the MCM's completion function (RQ-007). */
VOID DpClRqComplete(ULONG Handler, NDIS_HANDLE VcContext, PNDIS_OID_REQUEST Request, NDIS_STATUS Status,
                    BOOLEAN Wrong) {
    NDIS_HANDLE Vc = VcContext != NULL ? DpClVcHandle : NULL;
    UNREFERENCED_PARAMETER(Handler);
    if (Wrong) NdisMCmOidRequestComplete(DpClAfHandle, Vc, NULL, Request, Status);
    else NdisCoOidRequestComplete(DpClAfHandle, Vc, NULL, Request, Status);
}

/* ClOidRequestCompleteHandler (ProtocolCoOidRequestComplete), <= DISPATCH_LEVEL: a request of
 * DpClientRequest that the target pended is done; may run before NdisCoOidRequest returned. */
VOID DpClOidRequestCompleteCo(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE ProtocolVcContext,
                              NDIS_HANDLE ProtocolPartyContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
    DpRqCompleted(&DpClRq, ProtocolAfContext, ProtocolVcContext, ProtocolPartyContext, OidRequest, Status);
}

/* ProtocolCoStatusEx, <= DISPATCH_LEVEL: record the indication; keep no pointer into it (ST-011). */
VOID DpClCoStatusEx(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                    PNDIS_STATUS_INDICATION StatusIndication) {
    DpStRecord(&DpClRq, ProtocolBindingContext, ProtocolVcContext, StatusIndication);
}
