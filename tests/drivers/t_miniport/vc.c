/*
 * t_miniport virtual connections: the MiniportCo* entry points NDIS calls for the VCs of the
 * call manager and its clients, and the deferred completions of pended activations and
 * deactivations (vc-data-requests.md 2.2).
 *
 * NDIS calls every MiniportCo* handler at IRQL <= DISPATCH_LEVEL; none of them blocks.
 */
#include "t_miniport.h"

/*
 * MiniportCoCreateVc: NDIS calls it inside NdisCoCreateVc (a client's VC for an outgoing call,
 * or a VC of the call manager). Allocates the per-VC state and keeps NdisVcHandle for the
 * NdisMCo* calls. Never pends.
 */
NDIS_STATUS MpCoCreateVc(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE MiniportVcContext) {
    PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
    PMP_VC Vc;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpCreateVc, &Behavior);
    if (Behavior.Status != NDIS_STATUS_SUCCESS) {
        TdLog("MiniportCoCreateVc", Behavior.Status, NdisVcHandle, 0);
        return Behavior.Status;
    }
    Vc = (PMP_VC)TdAllocate(Adapter->MiniportAdapterHandle, sizeof(*Vc));
    if (Vc == NULL) {
        TdLog("MiniportCoCreateVc", NDIS_STATUS_RESOURCES, NdisVcHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    Vc->Adapter = Adapter;
    Vc->NdisVcHandle = NdisVcHandle;
    *MiniportVcContext = Vc;
    TdLog("MiniportCoCreateVc", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
    return NDIS_STATUS_SUCCESS;
}

/*
 * MiniportCoDeleteVc: NDIS calls it inside the creator's NdisCoDeleteVc, on an inactive VC.
 * Frees the per-VC state. Never pends.
 */
NDIS_STATUS MpCoDeleteVc(NDIS_HANDLE MiniportVcContext) {
    PMP_VC Vc = (PMP_VC)MiniportVcContext;
    TD_BEHAVIOR Behavior;
    TdGetBehavior(TdOpDeleteVc, &Behavior);
    if (Behavior.DelayMs != 0) {
        /* A slow device: only configured where the deletion runs at PASSIVE_LEVEL. */
        NdisMSleep(Behavior.DelayMs * 1000);
    }
    TdLog("MiniportCoDeleteVc", NDIS_STATUS_SUCCESS, Vc->NdisVcHandle, 0);
    TdFree(Vc);
    return NDIS_STATUS_SUCCESS;
}

/*
 * MiniportCoActivateVc: NDIS calls it for the call manager's NdisCmActivateVc. "Programs the
 * hardware" for the parameters and answers as configured: SUCCESS, PENDING (completed later
 * with NdisMCoActivateVcComplete), or the configured failure (the VC keeps its previous state).
 */
NDIS_STATUS MpCoActivateVc(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters) {
    PMP_VC Vc = (PMP_VC)MiniportVcContext;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpActivateVc, &Behavior);
    if (CallParameters == NULL || CallParameters->MediaParameters == NULL) {
        TdLog("MiniportCoActivateVc", NDIS_STATUS_INVALID_DATA, Vc->NdisVcHandle, 0);
        return NDIS_STATUS_INVALID_DATA;
    }
    Vc->Behavior = Behavior;
    if (Behavior.Completion == TdCompleteSync) {
        if (Behavior.Status == NDIS_STATUS_SUCCESS) {
            Vc->Active = TRUE;
            if (Behavior.Fault == TdFaultCompleteWithoutPending) {
                Vc->CallParameters = CallParameters;
                TdDefer(&Vc->Adapter->Deferrals, &Behavior, TdOpActivateVc, Vc);
            }
        }
        TdLog("MiniportCoActivateVc", Behavior.Status, Vc->NdisVcHandle, 0);
        return Behavior.Status;
    }
    Vc->CallParameters = CallParameters;
    TdLog("MiniportCoActivateVc", NDIS_STATUS_PENDING, Vc->NdisVcHandle, 0);
    TdDefer(&Vc->Adapter->Deferrals, &Behavior, TdOpActivateVc, Vc);
    return NDIS_STATUS_PENDING;
}

/*
 * MiniportCoDeactivateVc: NDIS calls it for the call manager's NdisCmDeactivateVc. Nothing is
 * in flight on a t_miniport VC, so the VC is quiet at once; the answer is SUCCESS, or PENDING
 * completed later with NdisMCoDeactivateVcComplete.
 */
NDIS_STATUS MpCoDeactivateVc(NDIS_HANDLE MiniportVcContext) {
    PMP_VC Vc = (PMP_VC)MiniportVcContext;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpDeactivateVc, &Behavior);
    Vc->Behavior = Behavior;
    if (Behavior.Completion == TdCompleteSync) {
        Vc->Active = FALSE;
        if (Behavior.Fault == TdFaultCompleteWithoutPending) {
            TdDefer(&Vc->Adapter->Deferrals, &Behavior, TdOpDeactivateVc, Vc);
        }
        TdLog("MiniportCoDeactivateVc", Behavior.Status, Vc->NdisVcHandle, 0);
        return Behavior.Status;
    }
    TdLog("MiniportCoDeactivateVc", NDIS_STATUS_PENDING, Vc->NdisVcHandle, 0);
    TdDefer(&Vc->Adapter->Deferrals, &Behavior, TdOpDeactivateVc, Vc);
    return NDIS_STATUS_PENDING;
}

/* The deferred activation completion, with the configured fault applied. */
static VOID MpCompleteActivation(PMP_VC Vc) {
    TD_BEHAVIOR Behavior = Vc->Behavior;
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    PCO_CALL_PARAMETERS CallParameters = Vc->CallParameters;

    Vc->CallParameters = NULL;
    if (Behavior.Fault == TdFaultCompleteWithoutPending) {
        /* The activation already succeeded synchronously: this completion is one too many. */
        NdisMCoActivateVcComplete(NDIS_STATUS_SUCCESS, NdisVcHandle, CallParameters);
        TdLog("NdisMCoActivateVcComplete", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
        return;
    }
    if (Behavior.Fault == TdFaultCompleteWithPending) {
        NdisMCoActivateVcComplete(NDIS_STATUS_PENDING, NdisVcHandle, CallParameters);
        TdLog("NdisMCoActivateVcComplete", NDIS_STATUS_PENDING, NdisVcHandle, 0);
    }
    if (Behavior.Status == NDIS_STATUS_SUCCESS) {
        Vc->Active = TRUE;
    }
    /* The log record goes first: the CM's ProtocolCmActivateVcComplete runs inside the call. */
    TdLog("NdisMCoActivateVcComplete", Behavior.Status, NdisVcHandle, 0);
    NdisMCoActivateVcComplete(Behavior.Status, NdisVcHandle, CallParameters);
    if (Behavior.Fault == TdFaultCompleteTwice) {
        TdLog("NdisMCoActivateVcComplete", Behavior.Status, NdisVcHandle, 0);
        NdisMCoActivateVcComplete(Behavior.Status, NdisVcHandle, CallParameters);
    }
}

/* The deferred deactivation completion, with the configured fault applied. */
static VOID MpCompleteDeactivation(PMP_VC Vc) {
    TD_BEHAVIOR Behavior = Vc->Behavior;
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;

    if (Behavior.Fault == TdFaultCompleteWithoutPending) {
        NdisMCoDeactivateVcComplete(NDIS_STATUS_SUCCESS, NdisVcHandle);
        TdLog("NdisMCoDeactivateVcComplete", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
        return;
    }
    if (Behavior.Fault == TdFaultCompleteWithPending) {
        NdisMCoDeactivateVcComplete(NDIS_STATUS_PENDING, NdisVcHandle);
        TdLog("NdisMCoDeactivateVcComplete", NDIS_STATUS_PENDING, NdisVcHandle, 0);
    }
    Vc->Active = FALSE;
    TdLog("NdisMCoDeactivateVcComplete", Behavior.Status, NdisVcHandle, 0);
    NdisMCoDeactivateVcComplete(Behavior.Status, NdisVcHandle);
    if (Behavior.Fault == TdFaultCompleteTwice) {
        TdLog("NdisMCoDeactivateVcComplete", Behavior.Status, NdisVcHandle, 0);
        NdisMCoDeactivateVcComplete(Behavior.Status, NdisVcHandle);
    }
}

/* The adapter's deferral routine. PASSIVE_LEVEL (work item) or DISPATCH_LEVEL (timer). */
VOID MpRunDeferred(TD_OPERATION Operation, PVOID Object) {
    if (Operation == TdOpActivateVc) {
        MpCompleteActivation((PMP_VC)Object);
    } else if (Operation == TdOpDeactivateVc) {
        MpCompleteDeactivation((PMP_VC)Object);
    }
}

/* MiniportCoSendNetBufferLists: the call-management tests send no data; a send is only logged. */
VOID MpCoSendNetBufferLists(NDIS_HANDLE MiniportVcContext, PNET_BUFFER_LIST NetBufferLists, ULONG SendFlags) {
    PMP_VC Vc = (PMP_VC)MiniportVcContext;
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendFlags);
    TdLog("MiniportCoSendNetBufferLists", NDIS_STATUS_NOT_SUPPORTED, Vc->NdisVcHandle, 0);
}

/* MiniportCoOidRequest: no VC or adapter OID is supported. */
NDIS_STATUS MpCoOidRequest(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext,
                           PNDIS_OID_REQUEST NdisRequest) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}
