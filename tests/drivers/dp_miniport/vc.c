/* dp_miniport: the VCs and their activation and deactivation (see dp_miniport.h). */
#include "dp_miniport.h"

static NDIS_HANDLE DpMpDeactivateTimer; /* completes pended deactivations that are due */

/* MiniportCoCreateVc, <= DISPATCH: inside NdisCoCreateVc of the CM (its signalling VC) or of a
 * client (an outgoing call's VC). */
NDIS_STATUS DpMpCoCreateVc(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE NdisVcHandle,
                           PNDIS_HANDLE MiniportVcContext) {
    ULONG i;
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    NdisAcquireSpinLock(&DpMpLock);
    for (i = 0; i < DP_MP_VCS; i++) {
        if (!DpMpVcs[i].InUse) {
            NdisZeroMemory(&DpMpVcs[i], sizeof(DpMpVcs[i]));
            DpMpVcs[i].InUse = TRUE;
            DpMpVcs[i].NdisVcHandle = NdisVcHandle;
            *MiniportVcContext = &DpMpVcs[i];
            NdisReleaseSpinLock(&DpMpLock);
            return NDIS_STATUS_SUCCESS;
        }
    }
    NdisReleaseSpinLock(&DpMpLock);
    return NDIS_STATUS_RESOURCES;
}

/* MiniportCoDeleteVc, <= DISPATCH: inside the creator's NdisCoDeleteVc, on an inactive VC. */
NDIS_STATUS DpMpCoDeleteVc(NDIS_HANDLE MiniportVcContext) {
    PDP_MP_VC Vc = (PDP_MP_VC)MiniportVcContext;
    NdisAcquireSpinLock(&DpMpLock);
    Vc->InUse = FALSE;
    Vc->NdisVcHandle = NULL;
    NdisReleaseSpinLock(&DpMpLock);
    return NDIS_STATUS_SUCCESS;
}

/* MiniportCoActivateVc, <= DISPATCH: for the CM's NdisCmActivateVc. Nothing to program. */
NDIS_STATUS DpMpCoActivateVc(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters) {
    PDP_MP_VC Vc = (PDP_MP_VC)MiniportVcContext;
    UNREFERENCED_PARAMETER(CallParameters);
    NdisAcquireSpinLock(&DpMpLock);
    Vc->Active = TRUE;
    Vc->NextSendSequence = Vc->NextReceiveSequence = 0;
    NdisReleaseSpinLock(&DpMpLock);
    return NDIS_STATUS_SUCCESS;
}

BOOLEAN DpMpDeactivationDue(PDP_MP_VC Vc) {
    if (!Vc->Deactivating || Vc->DeactivateDue) return FALSE;
    if (DpMpConfig.Deactivate == DpMpDeactivateWhenQuiet && (Vc->QueueHead != NULL || Vc->ReceivesOut != 0))
        return FALSE;
    Vc->DeactivateDue = TRUE;
    return TRUE;
}

VOID DpMpScheduleDeactivation(VOID) { NdisSetTimerObject(DpMpDeactivateTimer, DpMpDueTime(0), 0, NULL); }

/* MiniportCoDeactivateVc, <= DISPATCH: for the CM's NdisCmDeactivateVc. The VC stops at once
 * (NDIS refuses new sends from here on). Synchronous: complete the queue, return SUCCESS.
 * Otherwise PENDING, completed from the deactivation timer when due (DpMpDeactivationDue). */
NDIS_STATUS DpMpCoDeactivateVc(NDIS_HANDLE MiniportVcContext) {
    PDP_MP_VC Vc = (PDP_MP_VC)MiniportVcContext;
    PNET_BUFFER_LIST Chain;
    BOOLEAN Due;
    NdisAcquireSpinLock(&DpMpLock);
    Vc->Active = FALSE;
    if (DpMpConfig.Deactivate == DpMpDeactivateSync) {
        Chain = DpMpTakeQueue(Vc);
        NdisReleaseSpinLock(&DpMpLock);
        DpMpCompleteChain(Vc->NdisVcHandle, Chain, NDIS_STATUS_VC_NOT_ACTIVATED, 0);
        return NDIS_STATUS_SUCCESS;
    }
    Vc->Deactivating = TRUE;
    Due = DpMpDeactivationDue(Vc);
    NdisReleaseSpinLock(&DpMpLock);
    if (Due) DpMpScheduleDeactivation();
    return NDIS_STATUS_PENDING;
}

/* NetTimerCallback, DISPATCH: NdisMCoDeactivateVcComplete for each deactivation that is due. */
static VOID DpMpDeactivateTimerFunction(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
                                        PVOID SystemSpecific3) {
    ULONG i;
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(FunctionContext);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    for (i = 0; i < DP_MP_VCS; i++) {
        NDIS_HANDLE NdisVcHandle = NULL;
        NdisAcquireSpinLock(&DpMpLock);
        if (DpMpVcs[i].InUse && DpMpVcs[i].DeactivateDue) {
            DpMpVcs[i].DeactivateDue = DpMpVcs[i].Deactivating = FALSE;
            NdisVcHandle = DpMpVcs[i].NdisVcHandle;
        }
        NdisReleaseSpinLock(&DpMpLock);
        if (NdisVcHandle != NULL) NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, NdisVcHandle);
    }
}

NDIS_STATUS DpMpVcStart(VOID) { return DpMpAllocateTimer(DpMpDeactivateTimerFunction, &DpMpDeactivateTimer); }

VOID DpMpVcStop(VOID) {
    if (DpMpDeactivateTimer != NULL) {
        NdisCancelTimerObject(DpMpDeactivateTimer);
        NdisFreeTimerObject(DpMpDeactivateTimer);
        DpMpDeactivateTimer = NULL;
    }
}
