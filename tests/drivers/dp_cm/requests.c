/* dp_cm: requests in both directions and status indications (see dp_cm.h). */
#include "dp_cm.h"

DP_RQ_SIDE DpCmRq;

CONDIS_DRIVER_EXPORT DP_RQ_CONFIGURE DpCmRqConfigure;
CONDIS_DRIVER_EXPORT DP_RQ_GET_RECORDS DpCmRqRecords;
CONDIS_DRIVER_EXPORT DP_RQ_GET_RESULTS DpCmRqResults;
CONDIS_DRIVER_EXPORT DP_ST_GET_RECORDS DpCmStatusRecords;
CONDIS_DRIVER_EXPORT DP_GET_CONTEXTS DpCmContexts;
CONDIS_DRIVER_EXPORT DP_CM_REQUEST DpCmRequest;

/* Test interface: called by the test while the runtime is idle. */
VOID DpCmRqConfigure(ULONG Handler, const DP_RQ_BEHAVIOR *Behavior) { DpRqConfigure(&DpCmRq, Handler, Behavior); }

ULONG DpCmRqRecords(DP_RQ_RECORD *Records, ULONG Max) {
    return DpRqCopy(&DpCmRq, Records, DpCmRq.Records, sizeof(DP_RQ_RECORD), &DpCmRq.RecordCount, Max);
}

ULONG DpCmRqResults(DP_RQ_RESULT *Results, ULONG Max) {
    return DpRqCopy(&DpCmRq, Results, DpCmRq.Results, sizeof(DP_RQ_RESULT), &DpCmRq.ResultCount, Max);
}

ULONG DpCmStatusRecords(DP_ST_RECORD *Records, ULONG Max) {
    return DpRqCopy(&DpCmRq, Records, DpCmRq.Statuses, sizeof(DP_ST_RECORD), &DpCmRq.StatusCount, Max);
}

VOID DpCmContexts(DP_CONTEXTS *Contexts) {
    NdisZeroMemory(Contexts, sizeof(*Contexts));
    Contexts->BindingContext = &DpCmBindingHandle;
    Contexts->AfContext = &DpCmAfHandle;
    Contexts->VcContext = &DpCmCallVc;
    NdisAcquireSpinLock(&DpCmLock);
    Contexts->AfHandle = DpCmAfHandle;
    Contexts->VcHandle = DpCmCallVc.NdisVcHandle;
    NdisReleaseSpinLock(&DpCmLock);
}

/* Test action, PASSIVE_LEVEL: one query to the client through NdisCoOidRequest on its AF, on the
 * call's VC or not (3.4 variant 6, stand-alone form). */
NDIS_STATUS DpCmRequest(BOOLEAN OnVc, NDIS_OID Oid, ULONG Length) {
    PDP_RQ_ISSUED Issued = DpRqPrepare(&DpCmRq, Oid, Length);
    DP_CONTEXTS Contexts;
    ULONG Index;
    NDIS_STATUS Status;
    if (Issued == NULL) return NDIS_STATUS_RESOURCES;
    Index = Issued->Index;
    DpCmContexts(&Contexts);
    Status = NdisCoOidRequest(DpCmBindingHandle, Contexts.AfHandle, OnVc ? Contexts.VcHandle : NULL, NULL,
                              &Issued->Request);
    DpRqIssued(&DpCmRq, Issued, Index, Status);
    return Status;
}

/* CmOidRequestHandler (ProtocolCoOidRequest), <= DISPATCH_LEVEL: the client's request to the
 * call manager (3.4 steps 3-4), answered as configured for DpRqCallManager. */
NDIS_STATUS DpCmOidRequest(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext,
                           PNDIS_OID_REQUEST NdisRequest) {
    return DpRqHandle(&DpCmRq, DpRqCallManager, CallMgrAfContext, CallMgrVcContext, CallMgrPartyContext, NdisRequest);
}

/* Completes a request DpCmOidRequest pended, from a timer (DISPATCH_LEVEL): a stand-alone CM
 * uses NdisCoOidRequestComplete (the faulty variant NdisMCmOidRequestComplete, RQ-007). */
VOID DpCmRqComplete(ULONG Handler, NDIS_HANDLE VcContext, PNDIS_OID_REQUEST Request, NDIS_STATUS Status, BOOLEAN Wrong) {
    DP_CONTEXTS Contexts;
    NDIS_HANDLE Vc;
    UNREFERENCED_PARAMETER(Handler);
    DpCmContexts(&Contexts);
    Vc = VcContext != NULL ? Contexts.VcHandle : NULL;
    if (Wrong) NdisMCmOidRequestComplete(Contexts.AfHandle, Vc, NULL, Request, Status);
    else NdisCoOidRequestComplete(Contexts.AfHandle, Vc, NULL, Request, Status);
}

/* CmOidRequestCompleteHandler (ProtocolCoOidRequestComplete), <= DISPATCH_LEVEL: a request of
 * DpCmRequest that the client pended is done. */
VOID DpCmOidRequestComplete(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext,
                            PNDIS_OID_REQUEST NdisRequest, NDIS_STATUS Status) {
    DpRqCompleted(&DpCmRq, CallMgrAfContext, CallMgrVcContext, CallMgrPartyContext, NdisRequest, Status);
}

/* ProtocolCoStatusEx, <= DISPATCH_LEVEL: record the indication; keep no pointer into it (ST-011). */
VOID DpCmCoStatusEx(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                    PNDIS_STATUS_INDICATION StatusIndication) {
    DpStRecord(&DpCmRq, ProtocolBindingContext, ProtocolVcContext, StatusIndication);
}
