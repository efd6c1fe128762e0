/*
 * atm_mcm VCs and calls. ProtocolCmMakeCall "sends a SETUP" and pends; the VC's signalling
 * timer stands for the network's CONNECT, after which the MCM activates the VC and completes
 * the call ([CM 3.5]). ProtocolCmCloseCall releases the call and deactivates the VC at once.
 */
#include "atm_mcm.h"

static NDIS_TIMER_FUNCTION AtmSignallingTimer;

/*
 * ProtocolCoCreateVc (CmCreateVcHandler): the client created a VC on one of our AFs.
 * <= DISPATCH_LEVEL; must not pend. ProtocolAfContext is our per-open AF context.
 */
NDIS_STATUS AtmCmCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    PATM_AF Af = (PATM_AF)ProtocolAfContext;
    NDIS_TIMER_CHARACTERISTICS Timer;
    PATM_VC Vc;

    Vc = (PATM_VC)AtmAllocate(Af->Adapter->MiniportAdapterHandle, sizeof(*Vc));
    if (Vc == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Vc->Af = Af;
    Vc->NdisVcHandle = NdisVcHandle;
    NdisZeroMemory(&Timer, sizeof(Timer));
    Timer.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    Timer.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    Timer.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    Timer.AllocationTag = ATM_MCM_TAG;
    Timer.TimerFunction = AtmSignallingTimer;
    Timer.FunctionContext = Vc;
    if (NdisAllocateTimerObject(Af->Adapter->MiniportAdapterHandle, &Timer, &Vc->SignallingTimer) !=
        NDIS_STATUS_SUCCESS) {
        AtmFree(Vc);
        return NDIS_STATUS_RESOURCES;
    }
    *ProtocolVcContext = Vc;
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCoDeleteVc (CmDeleteVcHandler): the client deleted its VC (no call, inactive). */
NDIS_STATUS AtmCmDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    PATM_VC Vc = (PATM_VC)ProtocolVcContext;
    NdisCancelTimerObject(Vc->SignallingTimer);
    NdisFreeTimerObject(Vc->SignallingTimer);
    AtmFree(Vc);
    return NDIS_STATUS_SUCCESS;
}

/*
 * ProtocolCmMakeCall: for NdisClMakeCall, <= DISPATCH_LEVEL. Point-to-point only. Sends the
 * SETUP (starts the signalling timer) and returns PENDING.
 */
NDIS_STATUS AtmCmMakeCall(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters, NDIS_HANDLE NdisPartyHandle,
                          PNDIS_HANDLE CallMgrPartyContext) {
    PATM_VC Vc = (PATM_VC)CallMgrVcContext;
    LARGE_INTEGER DueTime;

    if (CallMgrPartyContext != NULL) {
        *CallMgrPartyContext = NULL;
    }
    if (NdisPartyHandle != NULL) {
        return NDIS_STATUS_NOT_SUPPORTED;
    }
    if (CallParameters->CallMgrParameters == NULL || CallParameters->MediaParameters == NULL) {
        return NDIS_STATUS_INVALID_DATA;
    }
    Vc->CallParameters = CallParameters;
    Vc->NdisPartyHandle = NdisPartyHandle;
    DueTime.QuadPart = -(LONGLONG)ATM_MCM_SIGNALLING_DELAY_MS * 10000;
    NdisSetTimerObject(Vc->SignallingTimer, DueTime, 0, NULL);
    return NDIS_STATUS_PENDING;
}

/*
 * NetTimerCallback of the VC's signalling timer: the network answered the SETUP. Runs at
 * DISPATCH_LEVEL. Activates the VC, then completes the pending make-call.
 */
static VOID AtmSignallingTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
                               PVOID SystemSpecific3) {
    PATM_VC Vc = (PATM_VC)FunctionContext;
    PCO_CALL_PARAMETERS CallParameters = Vc->CallParameters;
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);

    Vc->CallParameters = NULL;
    if (AtmCompleteBeforeActivate) {
        /* The teaching fault: the call is reported up before the VC can carry data (CM-054). The
         * client may close the call and delete the VC inside the completion, so the VC context
         * is not touched after it; the late activation then names a deleted VC. */
        NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
        NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, NdisVcHandle, NULL, NULL, CallParameters);
        (VOID)NdisMCmActivateVc(NdisVcHandle, CallParameters);
        return;
    }
    Status = NdisMCmActivateVc(Vc->NdisVcHandle, CallParameters);
    Vc->Active = Status == NDIS_STATUS_SUCCESS;
    NdisMCmMakeCallComplete(Status, Vc->NdisVcHandle, NULL, NULL, CallParameters);
}

/*
 * ProtocolCmCloseCall: for NdisClCloseCall, <= DISPATCH_LEVEL. Sends the RELEASE, deactivates
 * the VC and closes the call at once. Close data is not carried by this signalling.
 */
NDIS_STATUS AtmCmCloseCall(NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size) {
    PATM_VC Vc = (PATM_VC)CallMgrVcContext;
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    if (CloseData != NULL && Size != 0) {
        return NDIS_STATUS_INVALID_DATA;
    }
    if (Vc->Active) {
        (VOID)NdisMCmDeactivateVc(Vc->NdisVcHandle);
        Vc->Active = FALSE;
    }
    return NDIS_STATUS_SUCCESS;
}

/* The MiniportCo* entry points: required in the table; NDIS routes client VCs of an MCM to the
 * call-manager handlers instead, so these serve no VC in the sample. */
NDIS_STATUS AtmCoCreateVc(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE MiniportVcContext) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NdisVcHandle);
    UNREFERENCED_PARAMETER(MiniportVcContext);
    return NDIS_STATUS_NOT_SUPPORTED;
}

NDIS_STATUS AtmCoDeleteVc(NDIS_HANDLE MiniportVcContext) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    return NDIS_STATUS_NOT_SUPPORTED;
}

NDIS_STATUS AtmCoActivateVc(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS AtmCoDeactivateVc(NDIS_HANDLE MiniportVcContext) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    return NDIS_STATUS_SUCCESS;
}

/* MiniportCoSendNetBufferLists: the sample's link carries no data yet. */
VOID AtmCoSendNetBufferLists(NDIS_HANDLE MiniportVcContext, PNET_BUFFER_LIST NetBufferLists, ULONG SendFlags) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendFlags);
}

NDIS_STATUS AtmCoOidRequest(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext,
                            PNDIS_OID_REQUEST NdisRequest) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}
