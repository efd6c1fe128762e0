/*
 * atm_client's call: ClStartCall creates a VC and makes an outgoing UBR call; when the call is
 * up the client closes it and deletes the VC. Each step continues from the callback that
 * reports the previous one ([CM 3.5], [CM 3.7]).
 */
#include "atm_client.h"

typedef struct _CL_CALL_BUFFER {
    CO_CALL_PARAMETERS Call;
    CO_MEDIA_PARAMETERS Media;
    CO_CALL_MANAGER_PARAMETERS CallManager;
} CL_CALL_BUFFER, *PCL_CALL_BUFFER;

static VOID ClFillFlow(PFLOWSPEC Flow) {
    Flow->TokenRate = 1000000;  /* bytes per second */
    Flow->TokenBucketSize = 9180;
    Flow->PeakBandwidth = 2000000;
    Flow->Latency = QOS_NOT_SPECIFIED;
    Flow->DelayVariation = QOS_NOT_SPECIFIED;
    Flow->ServiceType = SERVICETYPE_BESTEFFORT;
    Flow->MaxSduSize = 9180;
    Flow->MinimumPolicedSize = QOS_NOT_SPECIFIED;
}

/* Deletes the VC once its call is closed (or was never made). <= DISPATCH_LEVEL. */
static VOID ClDeleteVcNow(PCL_VC Vc) {
    if (NdisCoDeleteVc(Vc->NdisVcHandle) == NDIS_STATUS_SUCCESS) {
        Vc->NdisVcHandle = NULL;
    }
}

/* The call is up: the sample has nothing to send yet, so it releases the call at once. */
static VOID ClCallUp(PCL_VC Vc) {
    NDIS_STATUS Status = NdisClCloseCall(Vc->NdisVcHandle, NULL, NULL, 0);
    if (Status != NDIS_STATUS_PENDING) {
        ClCloseCallComplete(Status, Vc, NULL);  /* the client's own completion logic */
    }
}

/*
 * Creates the VC and makes the call. Called from the AF-open path at PASSIVE_LEVEL. The call
 * parameters stay allocated until the make-call completes (CM-051).
 */
VOID ClStartCall(PCL_BINDING Binding) {
    PCL_VC Vc = &Binding->Vcs[0];
    PCL_CALL_BUFFER Buffer;
    NDIS_HANDLE NdisVcHandle = NULL;
    NDIS_STATUS Status;

    Status = NdisCoCreateVc(Binding->NdisBindingHandle, Binding->NdisAfHandle, Vc, &NdisVcHandle);
    if (Status != NDIS_STATUS_SUCCESS) {
        return;
    }
    Vc->NdisVcHandle = NdisVcHandle;
    Buffer = (PCL_CALL_BUFFER)ClAllocate(sizeof(*Buffer));
    if (Buffer == NULL) {
        ClDeleteVcNow(Vc);
        return;
    }
    ClFillFlow(&Buffer->CallManager.Transmit);
    ClFillFlow(&Buffer->CallManager.Receive);
    Buffer->Media.Flags = TRANSMIT_VC | RECEIVE_VC;
    Buffer->Media.ReceiveSizeHint = 9180;
    Buffer->Call.CallMgrParameters = &Buffer->CallManager;
    Buffer->Call.MediaParameters = &Buffer->Media;

    Status = NdisClMakeCall(Vc->NdisVcHandle, &Buffer->Call, NULL, NULL);
    if (Status != NDIS_STATUS_PENDING) {
        ClMakeCallComplete(Status, Vc, NULL, &Buffer->Call);  /* the client's own completion logic */
    }
}

/*
 * ProtocolClMakeCallComplete: <= DISPATCH_LEVEL, when the call manager completes a pended
 * make-call (and called directly by the client for a make-call that did not pend).
 */
VOID ClMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE NdisPartyHandle,
                        PCO_CALL_PARAMETERS CallParameters) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    Vc->NdisPartyHandle = NdisPartyHandle;
    ClFree(CallParameters);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClCallUp(Vc);
    } else {
        ClDeleteVcNow(Vc);  /* a failed call leaves the VC to its creator */
    }
}

/* ProtocolClCloseCallComplete: <= DISPATCH_LEVEL, for a close that pended (or called directly). */
VOID ClCloseCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE ProtocolPartyContext) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClDeleteVcNow(Vc);
    }
}

/* ProtocolCoCreateVc / DeleteVc: for VCs of incoming calls, which the sample does not accept. */
NDIS_STATUS ClCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    UNREFERENCED_PARAMETER(NdisVcHandle);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    return NDIS_STATUS_NOT_SUPPORTED;
}

NDIS_STATUS ClDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    return NDIS_STATUS_SUCCESS;
}

VOID ClModifyCallQoSComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
}

VOID ClAddPartyComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext, NDIS_HANDLE NdisPartyHandle,
                        PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    UNREFERENCED_PARAMETER(NdisPartyHandle);
    UNREFERENCED_PARAMETER(CallParameters);
}

VOID ClDropPartyComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
}

/* ProtocolClIncomingCall: the sample registers no SAP and accepts no calls. */
NDIS_STATUS ClIncomingCall(NDIS_HANDLE ProtocolSapContext, NDIS_HANDLE ProtocolVcContext,
                           PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(ProtocolSapContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID ClIncomingCallQoSChange(NDIS_HANDLE ProtocolVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
}

/* ProtocolClIncomingCloseCall: the network released the call; answer with NdisClCloseCall. */
VOID ClIncomingCloseCall(NDIS_STATUS CloseStatus, NDIS_HANDLE ProtocolVcContext, PVOID CloseData, UINT Size) {
    UNREFERENCED_PARAMETER(CloseStatus);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    ClCallUp((PCL_VC)ProtocolVcContext);
}

VOID ClIncomingDropParty(NDIS_STATUS DropStatus, NDIS_HANDLE ProtocolPartyContext, PVOID CloseData, UINT Size) {
    UNREFERENCED_PARAMETER(DropStatus);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
}

VOID ClCallConnected(NDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
}
