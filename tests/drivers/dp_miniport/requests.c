/* dp_miniport: MiniportCoOidRequest and status indications (see dp_miniport.h). */
#include "dp_miniport.h"

DP_RQ_SIDE DpMpRq;

CONDIS_DRIVER_EXPORT DP_RQ_CONFIGURE DpMiniportRqConfigure;
CONDIS_DRIVER_EXPORT DP_RQ_GET_RECORDS DpMiniportRqRecords;
CONDIS_DRIVER_EXPORT DP_MP_INDICATE_STATUS DpMiniportIndicateStatus;

/* Test interface: called by the test while the runtime is idle. */
VOID DpMiniportRqConfigure(ULONG Handler, const DP_RQ_BEHAVIOR *Behavior) { DpRqConfigure(&DpMpRq, Handler, Behavior); }

ULONG DpMiniportRqRecords(DP_RQ_RECORD *Records, ULONG Max) {
    return DpRqCopy(&DpMpRq, Records, DpMpRq.Records, sizeof(DP_RQ_RECORD), &DpMpRq.RecordCount, Max);
}

/* MiniportCoOidRequest, <= DISPATCH_LEVEL: a protocol's request with a NULL AF handle (3.4
 * variant 5), answered as configured for DpRqMiniport. */
NDIS_STATUS DpMpCoOidRequest(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext,
                             PNDIS_OID_REQUEST NdisRequest) {
    return DpRqHandle(&DpMpRq, DpRqMiniport, MiniportAdapterContext, MiniportVcContext, NULL, NdisRequest);
}

/* Completes a request DpMpCoOidRequest pended, from a timer (DISPATCH_LEVEL) or a work item
 * (PASSIVE_LEVEL), with NdisMCoOidRequestComplete on the VC it came on. */
VOID DpMpRqComplete(ULONG Handler, NDIS_HANDLE VcContext, PNDIS_OID_REQUEST Request, NDIS_STATUS Status,
                    BOOLEAN Wrong) {
    NDIS_HANDLE Vc = VcContext != NULL ? ((PDP_MP_VC)VcContext)->NdisVcHandle : NULL;
    UNREFERENCED_PARAMETER(Handler);
    UNREFERENCED_PARAMETER(Wrong);
    NdisMCoOidRequestComplete(DpMpAdapterHandle, Vc, Request, Status);
}

/* Test action, <= DISPATCH_LEVEL: NdisMCoIndicateStatusEx on a VC or adapter-wide (3.5). */
VOID DpMiniportIndicateStatus(NDIS_HANDLE NdisVcHandle, NDIS_STATUS StatusCode, ULONG Value) {
    NDIS_STATUS_INDICATION Indication;
    ULONG Buffer = Value;
    NdisZeroMemory(&Indication, sizeof(Indication));
    Indication.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    Indication.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    Indication.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    Indication.SourceHandle = DpMpAdapterHandle;
    Indication.StatusCode = StatusCode;
    if (Value != 0) {
        Indication.StatusBuffer = &Buffer;
        Indication.StatusBufferSize = sizeof(Buffer);
    }
    NdisMCoIndicateStatusEx(DpMpAdapterHandle, NdisVcHandle, &Indication);
    /* The call has returned: the structure and its buffer are ours again (3.5 step 4). */
    NdisZeroMemory(&Indication, sizeof(Indication));
    Buffer = 0;
}
