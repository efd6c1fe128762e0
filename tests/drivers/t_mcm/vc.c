/*
 * t_mcm virtual connections: the call-manager VC handlers for client-created VCs, make-call and
 * close-call with their deferred completions, and the MiniportCo* entry points.
 *
 * An outgoing call follows [CM 3.5]: ProtocolCmMakeCall pends (or answers at once), then the
 * MCM activates the VC with NdisMCmActivateVc and completes with NdisMCmMakeCallComplete.
 */
#include "t_mcm.h"

/* Records a VC context so that remote events can find it by handle. Any IRQL. */
VOID McmTrackVc(PMCM_VC Vc) {
    PMCM_ADAPTER Adapter = Vc->Af->Adapter;
    ULONG i;
    NdisAcquireSpinLock(&Adapter->Lock);
    for (i = 0; i < MCM_MAX_VCS; i++) {
        if (Adapter->Vcs[i] == NULL) {
            Adapter->Vcs[i] = Vc;
            break;
        }
    }
    NdisReleaseSpinLock(&Adapter->Lock);
}

VOID McmUntrackVc(PMCM_VC Vc) {
    PMCM_ADAPTER Adapter = Vc->Af->Adapter;
    ULONG i;
    NdisAcquireSpinLock(&Adapter->Lock);
    for (i = 0; i < MCM_MAX_VCS; i++) {
        if (Adapter->Vcs[i] == Vc) {
            Adapter->Vcs[i] = NULL;
        }
    }
    NdisReleaseSpinLock(&Adapter->Lock);
}

/* The VC context of NdisVcHandle, or NULL. The caller holds Adapter->Lock. */
PMCM_VC McmFindVc(PMCM_ADAPTER Adapter, NDIS_HANDLE NdisVcHandle) {
    ULONG i;
    for (i = 0; i < MCM_MAX_VCS; i++) {
        if (Adapter->Vcs[i] != NULL && Adapter->Vcs[i]->NdisVcHandle == NdisVcHandle) {
            return Adapter->Vcs[i];
        }
    }
    return NULL;
}

/* Frees the state of every party of the VC (its call is closed). Any IRQL. */
VOID McmFreeParties(PMCM_VC Vc) {
    PMCM_ADAPTER Adapter = Vc->Af->Adapter;
    PMCM_PARTY Parties[TD_MAX_PARTIES + 1];
    ULONG i, n = 0;
    NdisAcquireSpinLock(&Adapter->Lock);
    for (i = 0; i < TD_MAX_PARTIES; i++) {
        if (Vc->Added[i] != NULL) {
            Parties[n++] = Vc->Added[i];
            Vc->Added[i] = NULL;
        }
    }
    if (Vc->Party != NULL) {
        Parties[n++] = Vc->Party;
        Vc->Party = NULL;
    }
    Vc->NdisPartyHandle = NULL;
    NdisReleaseSpinLock(&Adapter->Lock);
    for (i = 0; i < n; i++) {
        TdFree(Parties[i]);
    }
}

/*
 * ProtocolCoCreateVc (CmCreateVcHandler): NDIS calls it, <= DISPATCH_LEVEL, when the client
 * creates a VC on an AF of this MCM. ProtocolAfContext is our CallMgrAfContext ([CM OQ-09]).
 * Must not pend.
 */
NDIS_STATUS McmCmCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    PMCM_AF Af = (PMCM_AF)ProtocolAfContext;
    PMCM_VC Vc;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpCreateVc, &Behavior);
    if (Behavior.Status != NDIS_STATUS_SUCCESS) {
        TdLog("ProtocolCoCreateVc", Behavior.Status, NdisVcHandle, 0);
        return Behavior.Status;
    }
    Vc = (PMCM_VC)TdAllocate(Af->Adapter->MiniportAdapterHandle, sizeof(*Vc));
    if (Vc == NULL) {
        TdLog("ProtocolCoCreateVc", NDIS_STATUS_RESOURCES, NdisVcHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    Vc->Af = Af;
    Vc->NdisVcHandle = NdisVcHandle;
    *ProtocolVcContext = Vc;
    McmTrackVc(Vc);
    TdLog("ProtocolCoCreateVc", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
    return NDIS_STATUS_SUCCESS;
}

/*
 * ProtocolCoDeleteVc (CmDeleteVcHandler): NDIS calls it when the client deletes its VC. The call
 * is closed and the VC inactive by then. Must not pend.
 */
NDIS_STATUS McmCmDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    PMCM_VC Vc = (PMCM_VC)ProtocolVcContext;
    TdLog("ProtocolCoDeleteVc", NDIS_STATUS_SUCCESS, Vc->NdisVcHandle, 0);
    McmUntrackVc(Vc);
    McmFreeParties(Vc);
    TdFree(Vc);
    return NDIS_STATUS_SUCCESS;
}

/* Looks up a configured PVC by the identifier the client put in CallMgrSpecific. */
static BOOLEAN McmFindPvc(PCO_CALL_PARAMETERS CallParameters) {
    PCO_CALL_MANAGER_PARAMETERS Cm = CallParameters->CallMgrParameters;
    ULONG PvcId;
    if (Cm == NULL || Cm->CallMgrSpecific.Length < sizeof(ULONG)) {
        return FALSE;
    }
    NdisMoveMemory(&PvcId, Cm->CallMgrSpecific.Parameters, sizeof(PvcId));
    return PvcId < TD_PVC_COUNT;
}

/* Activates the VC with the parameters in effect. <= DISPATCH_LEVEL. */
static NDIS_STATUS McmActivate(PMCM_VC Vc, PCO_CALL_PARAMETERS CallParameters, BOOLEAN WrongFunction) {
    NDIS_STATUS Status = WrongFunction ? NdisCmActivateVc(Vc->NdisVcHandle, CallParameters)
                                       : NdisMCmActivateVc(Vc->NdisVcHandle, CallParameters);
    TdLog(WrongFunction ? "NdisCmActivateVc" : "NdisMCmActivateVc", Status, Vc->NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->Active = TRUE;
    }
    return Status;
}

static VOID McmDeactivate(PMCM_VC Vc) {
    NDIS_STATUS Status = NdisMCmDeactivateVc(Vc->NdisVcHandle);
    TdLog("NdisMCmDeactivateVc", Status, Vc->NdisVcHandle, 0);
    Vc->Active = FALSE;
}

/*
 * ProtocolCmMakeCall: NDIS calls it for NdisClMakeCall, <= DISPATCH_LEVEL. Validates the call
 * (a PVC must exist), allocates the first party of a multipoint call, optionally rewrites the
 * QoS, and answers as configured: SUCCESS (after activating the VC), PENDING, or a failure.
 */
NDIS_STATUS McmCmMakeCall(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters, NDIS_HANDLE NdisPartyHandle,
                          PNDIS_HANDLE CallMgrPartyContext) {
    PMCM_VC Vc = (PMCM_VC)CallMgrVcContext;
    PMCM_ADAPTER Adapter = Vc->Af->Adapter;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpMakeCall, &Behavior);
    if (CallMgrPartyContext != NULL) {
        *CallMgrPartyContext = NULL;
    }
    if ((CallParameters->Flags & PERMANENT_VC) != 0) {
        if (!McmFindPvc(CallParameters)) {
            TdLog("ProtocolCmMakeCall", NDIS_STATUS_FAILURE, Vc->NdisVcHandle, CallParameters->Flags);
            return NDIS_STATUS_FAILURE;
        }
        if (CallParameters->MediaParameters == NULL) {
            /* The PVC's configured media parameters, owned by the VC context. */
            NdisZeroMemory(&Vc->PvcMedia, sizeof(Vc->PvcMedia));
            Vc->PvcMedia.Flags = TRANSMIT_VC | RECEIVE_VC;
            Vc->PvcMedia.ReceiveSizeHint = 9180;
            CallParameters->MediaParameters = &Vc->PvcMedia;
            CallParameters->Flags |= CALL_PARAMETERS_CHANGED;
        }
    }
    if (NdisPartyHandle != NULL) {
        Vc->Party = (PMCM_PARTY)TdAllocate(Adapter->MiniportAdapterHandle, sizeof(MCM_PARTY));
        if (Vc->Party == NULL) {
            TdLog("ProtocolCmMakeCall", NDIS_STATUS_RESOURCES, Vc->NdisVcHandle, CallParameters->Flags);
            return NDIS_STATUS_RESOURCES;
        }
        Vc->Party->NdisPartyHandle = NdisPartyHandle;
        Vc->Party->Vc = Vc;
    }
    Vc->NdisPartyHandle = NdisPartyHandle;
    if (Behavior.ChangeParameters && CallParameters->CallMgrParameters != NULL) {
        CallParameters->CallMgrParameters->Transmit.PeakBandwidth /= 2;
        CallParameters->Flags |= CALL_PARAMETERS_CHANGED;
    }
    Vc->Behavior = Behavior;

    if (Behavior.Completion == TdCompleteSync) {
        NDIS_STATUS Status = Behavior.Status;
        if (Status == NDIS_STATUS_SUCCESS && Behavior.Fault != TdFaultSuccessBeforeActivate) {
            Status = McmActivate(Vc, CallParameters, FALSE);
        }
        if (Status == NDIS_STATUS_SUCCESS) {
            *CallMgrPartyContext = Vc->Party;
            Vc->CallUp = TRUE;
            Vc->Closed = FALSE;
            if (Behavior.Fault == TdFaultCompleteWithoutPending) {
                Vc->CallParameters = CallParameters;
                TdDefer(&Adapter->Deferrals, &Behavior, TdOpMakeCall, Vc);
            }
        } else if (Vc->Party != NULL) {
            TdFree(Vc->Party);
            Vc->Party = NULL;
            Vc->NdisPartyHandle = NULL;
        }
        TdLog("ProtocolCmMakeCall", Status, Vc->NdisVcHandle, CallParameters->Flags);
        return Status;
    }
    Vc->CallParameters = CallParameters;
    TdLog("ProtocolCmMakeCall", NDIS_STATUS_PENDING, Vc->NdisVcHandle, CallParameters->Flags);
    TdDefer(&Adapter->Deferrals, &Behavior, TdOpMakeCall, Vc);
    return NDIS_STATUS_PENDING;
}

/* The deferred make-call completion: activate, then NdisMCmMakeCallComplete. */
static VOID McmCompleteMakeCall(PMCM_VC Vc) {
    TD_BEHAVIOR Behavior = Vc->Behavior;
    PCO_CALL_PARAMETERS CallParameters = Vc->CallParameters;
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    NDIS_HANDLE NdisPartyHandle = Vc->NdisPartyHandle;
    NDIS_STATUS Status = Behavior.Status;

    if (Behavior.Fault == TdFaultCompleteWithoutPending) {
        /* The make-call already succeeded synchronously: this completion is one too many. */
        NdisMCmMakeCallComplete(NDIS_STATUS_SUCCESS, NdisVcHandle, NdisPartyHandle, Vc->Party, CallParameters);
        TdLog("NdisMCmMakeCallComplete", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
        return;
    }
    if (Behavior.Fault == TdFaultCompleteWithPending) {
        NdisMCmMakeCallComplete(NDIS_STATUS_PENDING, NdisVcHandle, NdisPartyHandle, Vc->Party, CallParameters);
        TdLog("NdisMCmMakeCallComplete", NDIS_STATUS_PENDING, NdisVcHandle, 0);
    }
    if (Status == NDIS_STATUS_SUCCESS && Behavior.Fault != TdFaultSuccessBeforeActivate) {
        Status = McmActivate(Vc, CallParameters, FALSE);
    }
    Vc->CallParameters = NULL;
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->CallUp = TRUE;
        Vc->Closed = FALSE;
    } else {
        /* The party handle is invalid from the completion on; our party state goes with it. */
        if (Vc->Party != NULL) {
            TdFree(Vc->Party);
            Vc->Party = NULL;
        }
        Vc->NdisPartyHandle = NULL;
    }
    if (Behavior.Fault == TdFaultWrongCompletion) {
        NdisCmMakeCallComplete(Status, NdisVcHandle, NdisPartyHandle, Vc->Party, CallParameters);
        TdLog("NdisCmMakeCallComplete", Status, NdisVcHandle, 0);
    } else {
        NdisMCmMakeCallComplete(Status, NdisVcHandle, NdisPartyHandle, Vc->Party, CallParameters);
        TdLog("NdisMCmMakeCallComplete", Status, NdisVcHandle, 0);
    }
    if (Behavior.Fault == TdFaultCompleteTwice) {
        NdisMCmMakeCallComplete(Status, NdisVcHandle, NdisPartyHandle, Vc->Party, CallParameters);
        TdLog("NdisMCmMakeCallComplete", Status, NdisVcHandle, 0);
    }
    if (Behavior.Fault == TdFaultUsePartyAfterFailure && Status != NDIS_STATUS_SUCCESS && NdisPartyHandle != NULL) {
        NdisMCmDispatchIncomingDropParty(NDIS_STATUS_SUCCESS, NdisPartyHandle, NULL, 0);
        TdLog("NdisMCmDispatchIncomingDropParty", NDIS_STATUS_SUCCESS, NdisPartyHandle, 0);
    }
}

/* A successful synchronous close: no remote event any more; a VC the MCM created is deleted
 * once the close has returned (NdisMCmDeleteVc cannot run inside the close). The handler's return is
 * the only sign that the close is done, and NDIS records it just after: on threads a timer
 * firing in between meets CM-042, so the delay (20 ms, no real time under the deterministic
 * scheduler) leaves that window wide. A driver that must delete at once pends the close. */
static VOID McmClosed(PMCM_VC Vc) {
    TD_BEHAVIOR Later;
    Vc->CallUp = FALSE;
    Vc->Closed = TRUE;
    if (Vc->CreatedByCm) {
        NdisZeroMemory(&Later, sizeof(Later));
        Later.Completion = TdCompleteTimer;
        Later.DelayMs = 20;
        (VOID)TdDefer(&Vc->Af->Adapter->Deferrals, &Later, TdOpDeleteVc, Vc);
    }
}

/*
 * ProtocolCmCloseCall: NDIS calls it for NdisClCloseCall, <= DISPATCH_LEVEL. Close data cannot
 * be carried (INVALID_DATA). Otherwise the VC is deactivated and the call closed, at once or
 * from a deferred completion.
 */
NDIS_STATUS McmCmCloseCall(NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size) {
    PMCM_VC Vc = (PMCM_VC)CallMgrVcContext;
    TD_BEHAVIOR Behavior;
    UNREFERENCED_PARAMETER(CallMgrPartyContext);

    TdGetBehavior(TdOpCloseCall, &Behavior);
    if (CloseData != NULL && Size != 0) {
        TdLog("ProtocolCmCloseCall", NDIS_STATUS_INVALID_DATA, Vc->NdisVcHandle, 0);
        return NDIS_STATUS_INVALID_DATA;
    }
    if (Behavior.Completion == TdCompleteSync) {
        NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
        if (Behavior.Status == NDIS_STATUS_SUCCESS) {
            if (Vc->Active) {
                McmDeactivate(Vc);
            }
            McmFreeParties(Vc);
            McmClosed(Vc);
        }
        TdLog("ProtocolCmCloseCall", Behavior.Status, NdisVcHandle, 0);
        return Behavior.Status;
    }
    Vc->Behavior = Behavior;
    TdLog("ProtocolCmCloseCall", NDIS_STATUS_PENDING, Vc->NdisVcHandle, 0);
    TdDefer(&Vc->Af->Adapter->Deferrals, &Behavior, TdOpCloseCall, Vc);
    return NDIS_STATUS_PENDING;
}

/*
 * The deferred close completion: deactivate, complete. A VC the MCM created for an incoming call
 * is deleted right after ([CM 3.8] step 5). The adapter's event lock keeps a remote close from
 * being dispatched on a call whose close has completed.
 */
static VOID McmCompleteCloseCall(PMCM_VC Vc) {
    TD_BEHAVIOR Behavior = Vc->Behavior;
    PMCM_ADAPTER Adapter = Vc->Af->Adapter;
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    NDIS_HANDLE NdisPartyHandle = Vc->NdisPartyHandle;
    BOOLEAN DeleteOwn = FALSE;

    NdisAcquireSpinLock(&Adapter->EventLock);
    if (Behavior.Status == NDIS_STATUS_SUCCESS) {
        if (Vc->Active) {
            McmDeactivate(Vc);
        }
        McmFreeParties(Vc);
        Vc->CallUp = FALSE;
        Vc->Closed = TRUE;
        DeleteOwn = Vc->CreatedByCm;
    }
    if (Behavior.Fault == TdFaultCompleteWithPending) {
        NdisMCmCloseCallComplete(NDIS_STATUS_PENDING, NdisVcHandle, NdisPartyHandle);
        TdLog("NdisMCmCloseCallComplete", NDIS_STATUS_PENDING, NdisVcHandle, 0);
    }
    /* Logged first: the client's completion runs inside the call (and may delete its VC). */
    TdLog("NdisMCmCloseCallComplete", Behavior.Status, NdisVcHandle, 0);
    NdisMCmCloseCallComplete(Behavior.Status, NdisVcHandle, NdisPartyHandle);
    if (Behavior.Fault == TdFaultCompleteTwice) {
        NdisMCmCloseCallComplete(Behavior.Status, NdisVcHandle, NdisPartyHandle);
        TdLog("NdisMCmCloseCallComplete", Behavior.Status, NdisVcHandle, 0);
    }
    NdisReleaseSpinLock(&Adapter->EventLock);
    if (DeleteOwn) {
        McmDeleteOwnVc(Vc);
    }
}

/* Deferred call completions. PASSIVE_LEVEL (work item) or DISPATCH_LEVEL (timer). */
VOID McmCompleteCall(TD_OPERATION Operation, PVOID Object) {
    if (Operation == TdOpMakeCall) {
        McmCompleteMakeCall((PMCM_VC)Object);
    } else {
        McmCompleteCloseCall((PMCM_VC)Object);
    }
}

/* MiniportCoCreateVc: an MCM has no VCs of its own here; NDIS does not call it for client VCs. */
NDIS_STATUS McmCoCreateVc(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE MiniportVcContext) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(MiniportVcContext);
    TdLog("MiniportCoCreateVc", NDIS_STATUS_NOT_SUPPORTED, NdisVcHandle, 0);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* MiniportCoDeleteVc: see McmCoCreateVc. */
NDIS_STATUS McmCoDeleteVc(NDIS_HANDLE MiniportVcContext) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    TdLog("MiniportCoDeleteVc", NDIS_STATUS_NOT_SUPPORTED, NULL, 0);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* MiniportCoActivateVc: an MCM activates its VCs itself (NdisMCmActivateVc). */
NDIS_STATUS McmCoActivateVc(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    TdLog("MiniportCoActivateVc", NDIS_STATUS_SUCCESS, NULL, 0);
    return NDIS_STATUS_SUCCESS;
}

/* MiniportCoDeactivateVc: see McmCoActivateVc. */
NDIS_STATUS McmCoDeactivateVc(NDIS_HANDLE MiniportVcContext) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    TdLog("MiniportCoDeactivateVc", NDIS_STATUS_SUCCESS, NULL, 0);
    return NDIS_STATUS_SUCCESS;
}

/* MiniportCoSendNetBufferLists: t_mcm carries no data; the tests send none. */
VOID McmCoSendNetBufferLists(NDIS_HANDLE MiniportVcContext, PNET_BUFFER_LIST NetBufferLists, ULONG SendFlags) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendFlags);
    TdLog("MiniportCoSendNetBufferLists", NDIS_STATUS_NOT_SUPPORTED, NULL, 0);
}

/* MiniportCoOidRequest: no VC OID is supported. */
NDIS_STATUS McmCoOidRequest(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext,
                            PNDIS_OID_REQUEST NdisRequest) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}
