/* dp_mcm: CoNDIS requests in both directions and status indications (see dp_request_driver.h). */
#include "dp_mcm.h"

DP_RQ_SIDE DpMcmRq;

CONDIS_DRIVER_EXPORT DP_RQ_CONFIGURE DpMcmRqConfigure;
CONDIS_DRIVER_EXPORT DP_RQ_GET_RECORDS DpMcmRqRecords;
CONDIS_DRIVER_EXPORT DP_RQ_GET_RESULTS DpMcmRqResults;
CONDIS_DRIVER_EXPORT DP_GET_CONTEXTS DpMcmContexts;
CONDIS_DRIVER_EXPORT DP_MCM_REQUEST DpMcmRequest;
CONDIS_DRIVER_EXPORT DP_MCM_INDICATE_STATUS DpMcmIndicateStatus;

/* Test interface: called by the test while the runtime is idle. */
VOID DpMcmRqConfigure(ULONG Handler, const DP_RQ_BEHAVIOR *Behavior) { DpRqConfigure(&DpMcmRq, Handler, Behavior); }

ULONG DpMcmRqRecords(DP_RQ_RECORD *Records, ULONG Max) {
    return DpRqCopy(&DpMcmRq, Records, DpMcmRq.Records, sizeof(DP_RQ_RECORD), &DpMcmRq.RecordCount, Max);
}

ULONG DpMcmRqResults(DP_RQ_RESULT *Results, ULONG Max) {
    return DpRqCopy(&DpMcmRq, Results, DpMcmRq.Results, sizeof(DP_RQ_RESULT), &DpMcmRq.ResultCount, Max);
}

VOID DpMcmContexts(DP_CONTEXTS *Contexts) {
    NdisZeroMemory(Contexts, sizeof(*Contexts));
    Contexts->AdapterContext = &DpMcmAdapterHandle;
    Contexts->AfContext = &DpMcmAfHandle;
    Contexts->VcContext = &DpMcmVc;
    Contexts->AdapterHandle = DpMcmAdapterHandle;
    Contexts->AfHandle = DpMcmCurrentAf();
    Contexts->VcHandle = DpMcmCurrentVc(FALSE);
}

/* Test action, <= DISPATCH_LEVEL: one query to the client through NdisMCmOidRequest, on the
 * call's VC or not (3.4 step 6, MCM form). */
NDIS_STATUS DpMcmRequest(BOOLEAN OnVc, NDIS_OID Oid, ULONG Length) {
    PDP_RQ_ISSUED Issued = DpRqPrepare(&DpMcmRq, Oid, Length);
    ULONG Index;
    NDIS_STATUS Status;
    if (Issued == NULL) return NDIS_STATUS_RESOURCES;
    Index = Issued->Index;
    Status = NdisMCmOidRequest(DpMcmCurrentAf(), OnVc ? DpMcmCurrentVc(FALSE) : NULL, NULL, &Issued->Request);
    DpRqIssued(&DpMcmRq, Issued, Index, Status);
    return Status;
}

/* Test action, <= DISPATCH_LEVEL: NdisMCoIndicateStatusEx on the call's VC or adapter-wide
 * (3.5), with a ULONG status buffer when Value is nonzero; Fault breaks one rule on purpose. */
VOID DpMcmIndicateStatus(BOOLEAN OnVc, NDIS_STATUS StatusCode, ULONG Value, ULONG Fault) {
    NDIS_STATUS_INDICATION Indication;
    ULONG Buffer = Value;
    NDIS_HANDLE Vc = NULL;
    NdisZeroMemory(&Indication, sizeof(Indication));
    Indication.Header.Type = Fault == DpStFaultBadHeader ? NDIS_OBJECT_TYPE_DEFAULT : NDIS_OBJECT_TYPE_STATUS_INDICATION;
    Indication.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    Indication.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    Indication.SourceHandle = Fault == DpStFaultWrongSource ? (NDIS_HANDLE)&DpMcmAdapterHandle : DpMcmAdapterHandle;
    Indication.StatusCode = StatusCode;
    if (Value != 0) {
        Indication.StatusBuffer = &Buffer;
        Indication.StatusBufferSize = sizeof(Buffer);
    }
    if (OnVc) Vc = DpMcmCurrentVc(Fault == DpStFaultStaleVc);
    NdisMCoIndicateStatusEx(DpMcmAdapterHandle, Vc, &Indication);
    /* The call has returned: the structure and its buffer are ours again (3.5 step 4). */
    NdisZeroMemory(&Indication, sizeof(Indication));
    Buffer = 0;
}

/* CmOidRequestHandler (ProtocolCoOidRequest), <= DISPATCH_LEVEL: the client's request to the
 * call manager, answered as configured for DpRqCallManager. */
NDIS_STATUS DpMcmCmOidRequest(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext,
                              NDIS_HANDLE CallMgrPartyContext, PNDIS_OID_REQUEST NdisRequest) {
    return DpRqHandle(&DpMcmRq, DpRqCallManager, CallMgrAfContext, CallMgrVcContext, CallMgrPartyContext, NdisRequest);
}

/* MiniportCoOidRequest, <= DISPATCH_LEVEL: a protocol's request with a NULL AF handle, answered as
 * configured for DpRqMiniport. Requests are not serialized: another may arrive while one pends. */
NDIS_STATUS DpMcmCoOidRequest(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext,
                              PNDIS_OID_REQUEST NdisRequest) {
    return DpRqHandle(&DpMcmRq, DpRqMiniport, MiniportAdapterContext, MiniportVcContext, NULL, NdisRequest);
}

/* Completes a request one of the handlers above pended, from a timer (DISPATCH_LEVEL) or a work
 * item (PASSIVE_LEVEL). The faulty variants use the other family's function (RQ-007, RQ-005). */
VOID DpMcmRqComplete(ULONG Handler, NDIS_HANDLE VcContext, PNDIS_OID_REQUEST Request, NDIS_STATUS Status,
                     BOOLEAN Wrong) {
    NDIS_HANDLE Vc = VcContext != NULL ? DpMcmCurrentVc(FALSE) : NULL;
    if (Handler == DpRqMiniport) {
        if (Wrong) NdisMCmOidRequestComplete(DpMcmCurrentAf(), Vc, NULL, Request, Status);
        else NdisMCoOidRequestComplete(DpMcmAdapterHandle, Vc, Request, Status);
    } else {
        if (Wrong) NdisCoOidRequestComplete(DpMcmCurrentAf(), Vc, NULL, Request, Status);
        else NdisMCmOidRequestComplete(DpMcmCurrentAf(), Vc, NULL, Request, Status);
    }
}

/* CmOidRequestCompleteHandler (ProtocolCoOidRequestComplete), <= DISPATCH_LEVEL: a request of
 * DpMcmRequest that the client pended is done. */
VOID DpMcmCmOidRequestComplete(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext,
                               NDIS_HANDLE CallMgrPartyContext, PNDIS_OID_REQUEST NdisRequest, NDIS_STATUS Status) {
    DpRqCompleted(&DpMcmRq, CallMgrAfContext, CallMgrVcContext, CallMgrPartyContext, NdisRequest, Status);
}
