/* dp_cm: the client's VC and call (see dp_cm.h). */
#include "dp_cm.h"

DP_CM_VC DpCmCallVc;

CONDIS_DRIVER_EXPORT DP_CM_ACTION DpCmReleaseCall;

/* ProtocolCoCreateVc (CmCreateVcHandler), <= DISPATCH: inside the client's NdisCoCreateVc; one
 * call at a time. */
NDIS_STATUS DpCmCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    NdisAcquireSpinLock(&DpCmLock);
    if (DpCmCallVc.NdisVcHandle != NULL) {
        Status = NDIS_STATUS_RESOURCES;
    } else {
        NdisZeroMemory(&DpCmCallVc, sizeof(DpCmCallVc));
        DpCmCallVc.NdisVcHandle = NdisVcHandle;
        *ProtocolVcContext = &DpCmCallVc;
    }
    NdisReleaseSpinLock(&DpCmLock);
    return Status;
}

/* ProtocolCoDeleteVc (CmDeleteVcHandler), <= DISPATCH: inside the client's NdisCoDeleteVc. */
NDIS_STATUS DpCmDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    NdisAcquireSpinLock(&DpCmLock);
    DpCmCallVc.NdisVcHandle = NULL;
    NdisReleaseSpinLock(&DpCmLock);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCmMakeCall, <= DISPATCH: the network accepts at once; activate the VC in the miniport.
 * SUCCESS when the miniport answered at once, else PENDING until ProtocolCmActivateVcComplete. */
NDIS_STATUS DpCmMakeCall(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters, NDIS_HANDLE NdisPartyHandle,
                         PNDIS_HANDLE CallMgrPartyContext) {
    PDP_CM_VC Vc = (PDP_CM_VC)CallMgrVcContext;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(NdisPartyHandle);
    if (CallMgrPartyContext != NULL) *CallMgrPartyContext = NULL;
    NdisAcquireSpinLock(&DpCmLock);
    Vc->MakePending = TRUE;
    NdisReleaseSpinLock(&DpCmLock);
    Status = NdisCmActivateVc(Vc->NdisVcHandle, CallParameters);
    if (Status == NDIS_STATUS_PENDING) return Status;
    NdisAcquireSpinLock(&DpCmLock);
    Vc->MakePending = FALSE;
    Vc->Active = Status == NDIS_STATUS_SUCCESS;
    NdisReleaseSpinLock(&DpCmLock);
    return Status;
}

/* ProtocolCmActivateVcComplete, <= DISPATCH: a pended activation is done; finish the make-call
 * it belongs to (the signalling VC has none). */
VOID DpCmActivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    PDP_CM_VC Vc = (PDP_CM_VC)CallMgrVcContext;
    BOOLEAN Make;
    NdisAcquireSpinLock(&DpCmLock);
    Make = Vc->MakePending;
    Vc->MakePending = FALSE;
    Vc->Active = Status == NDIS_STATUS_SUCCESS;
    NdisReleaseSpinLock(&DpCmLock);
    if (Make) NdisCmMakeCallComplete(Status, Vc->NdisVcHandle, NULL, NULL, CallParameters);
}

/* The VC is inactive after the CM's own release: tell the client (3.8 step 2). */
static VOID DpCmDispatchClose(PDP_CM_VC Vc) { NdisCmDispatchIncomingCloseCall(NDIS_STATUS_SUCCESS, Vc->NdisVcHandle, NULL, 0); }

/* ProtocolCmCloseCall, <= DISPATCH: deactivate the VC, unless the CM's own release already did.
 * PENDING while the miniport's deactivation pends. */
NDIS_STATUS DpCmCloseCall(NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size) {
    PDP_CM_VC Vc = (PDP_CM_VC)CallMgrVcContext;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    NdisAcquireSpinLock(&DpCmLock);
    if (!Vc->Active) {
        NdisReleaseSpinLock(&DpCmLock);
        return NDIS_STATUS_SUCCESS;
    }
    Vc->Active = FALSE;
    Vc->ClosePending = TRUE;
    NdisReleaseSpinLock(&DpCmLock);
    Status = NdisCmDeactivateVc(Vc->NdisVcHandle);
    if (Status == NDIS_STATUS_PENDING) return Status;
    NdisAcquireSpinLock(&DpCmLock);
    Vc->ClosePending = FALSE;
    NdisReleaseSpinLock(&DpCmLock);
    return Status;
}

/* ProtocolCmDeactivateVcComplete, <= DISPATCH: a pended deactivation is done; finish the close
 * or the release it belongs to (the signalling VC has neither). */
VOID DpCmDeactivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext) {
    PDP_CM_VC Vc = (PDP_CM_VC)CallMgrVcContext;
    BOOLEAN Close, Release;
    NdisAcquireSpinLock(&DpCmLock);
    Close = Vc->ClosePending;
    Release = Vc->Releasing;
    Vc->ClosePending = Vc->Releasing = FALSE;
    NdisReleaseSpinLock(&DpCmLock);
    if (Close) NdisCmCloseCallComplete(Status, Vc->NdisVcHandle, NULL);
    if (Release) DpCmDispatchClose(Vc);
}

/* Test action, PASSIVE: the remote side released the call (3.6 step 1): deactivate the VC, and
 * once it is inactive tell the client with NdisCmDispatchIncomingCloseCall. */
NDIS_STATUS DpCmReleaseCall(VOID) {
    PDP_CM_VC Vc = &DpCmCallVc;
    NDIS_STATUS Status;
    NdisAcquireSpinLock(&DpCmLock);
    if (!Vc->Active) {
        NdisReleaseSpinLock(&DpCmLock);
        return NDIS_STATUS_FAILURE;
    }
    Vc->Active = FALSE;
    Vc->Releasing = TRUE;
    NdisReleaseSpinLock(&DpCmLock);
    Status = NdisCmDeactivateVc(Vc->NdisVcHandle);
    if (Status == NDIS_STATUS_PENDING) return Status;
    NdisAcquireSpinLock(&DpCmLock);
    Vc->Releasing = FALSE;
    NdisReleaseSpinLock(&DpCmLock);
    if (Status == NDIS_STATUS_SUCCESS) DpCmDispatchClose(Vc);
    return Status;
}
