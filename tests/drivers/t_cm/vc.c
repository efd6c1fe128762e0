/*
 * t_cm virtual connections: the call-manager VC handlers for client-created VCs, make-call and
 * close-call, and the activation completions from the miniport.
 *
 * An outgoing call follows [CM 3.4]: ProtocolCmMakeCall answers at once or pends; the CM then
 * activates the VC in the miniport with NdisCmActivateVc and, once the activation has
 * succeeded (at once, or in ProtocolCmActivateVcComplete when the miniport pended), completes
 * the make-call. A close follows [CM 3.7]: NdisCmDeactivateVc, then the close completes (at
 * once, or from ProtocolCmDeactivateVcComplete).
 *
 * NDIS calls these handlers at IRQL <= DISPATCH_LEVEL; none of them blocks.
 */
#include "t_cm.h"

/* Frees the state of every party of the VC (its call is closed, or its make-call failed). */
VOID CmFreeParties(PCM_VC Vc) {
    PCM_BINDING Binding = Vc->Af->Binding;
    PCM_PARTY Parties[TD_MAX_PARTIES + 1];
    ULONG i, n = 0;
    NdisAcquireSpinLock(&Binding->Lock);
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
    NdisReleaseSpinLock(&Binding->Lock);
    for (i = 0; i < n; i++) {
        TdFree(Parties[i]);
    }
}

#define CmFreeParty CmFreeParties

/* Whether the test asked the CM to keep the VCs it created after their call ([CM 3.8] step 5:
 * "or keeps it for reuse"); TdCmDeleteVc deletes them then. */
BOOLEAN CmKeepsOwnVcs(VOID) {
    TD_BEHAVIOR Behavior;
    TdGetBehavior(TdOpDeleteVc, &Behavior);
    return Behavior.Completion == TdCompleteNever;
}

/* Records a VC context so that remote events can find it by handle. Any IRQL. */
VOID CmTrackVc(PCM_VC Vc) {
    PCM_BINDING Binding = Vc->Af->Binding;
    ULONG i;
    NdisAcquireSpinLock(&Binding->Lock);
    for (i = 0; i < CM_MAX_VCS; i++) {
        if (Binding->Vcs[i] == NULL) {
            Binding->Vcs[i] = Vc;
            break;
        }
    }
    NdisReleaseSpinLock(&Binding->Lock);
}

VOID CmUntrackVc(PCM_VC Vc) {
    PCM_BINDING Binding = Vc->Af->Binding;
    ULONG i;
    NdisAcquireSpinLock(&Binding->Lock);
    for (i = 0; i < CM_MAX_VCS; i++) {
        if (Binding->Vcs[i] == Vc) {
            Binding->Vcs[i] = NULL;
        }
    }
    NdisReleaseSpinLock(&Binding->Lock);
}

/* The VC context of NdisVcHandle, or NULL. The caller holds Binding->Lock. */
PCM_VC CmFindVc(PCM_BINDING Binding, NDIS_HANDLE NdisVcHandle) {
    ULONG i;
    for (i = 0; i < CM_MAX_VCS; i++) {
        if (Binding->Vcs[i] != NULL && Binding->Vcs[i]->NdisVcHandle == NdisVcHandle) {
            return Binding->Vcs[i];
        }
    }
    return NULL;
}

/*
 * ProtocolCoCreateVc (CmCreateVcHandler): NDIS calls it, <= DISPATCH_LEVEL, inside the client's
 * NdisCoCreateVc on an AF of this CM (before the miniport's MiniportCoCreateVc).
 * ProtocolAfContext is our CallMgrAfContext. Must not pend.
 */
NDIS_STATUS CmCmCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    PCM_AF Af = (PCM_AF)ProtocolAfContext;
    PCM_VC Vc;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpCreateVc, &Behavior);
    if (Behavior.Status != NDIS_STATUS_SUCCESS) {
        TdLog("ProtocolCoCreateVc", Behavior.Status, NdisVcHandle, 0);
        return Behavior.Status;
    }
    Vc = (PCM_VC)TdAllocate(CmProtocolHandle, sizeof(*Vc));
    if (Vc == NULL) {
        TdLog("ProtocolCoCreateVc", NDIS_STATUS_RESOURCES, NdisVcHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    Vc->Af = Af;
    Vc->NdisVcHandle = NdisVcHandle;
    *ProtocolVcContext = Vc;
    CmTrackVc(Vc);
    TdLog("ProtocolCoCreateVc", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
    return NDIS_STATUS_SUCCESS;
}

/*
 * ProtocolCoDeleteVc (CmDeleteVcHandler): NDIS calls it when the client deletes its VC (or
 * undoes a failed creation). The call is closed and the VC inactive by then. Must not pend.
 */
NDIS_STATUS CmCmDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    PCM_VC Vc = (PCM_VC)ProtocolVcContext;
    TdLog("ProtocolCoDeleteVc", NDIS_STATUS_SUCCESS, Vc->NdisVcHandle, 0);
    CmUntrackVc(Vc);
    CmFreeParties(Vc);
    TdFree(Vc);
    return NDIS_STATUS_SUCCESS;
}

/* Looks up a configured PVC by the identifier the client put in CallMgrSpecific ([CM 3.12]). */
static BOOLEAN CmFindPvc(PCO_CALL_PARAMETERS CallParameters) {
    PCO_CALL_MANAGER_PARAMETERS Cm = CallParameters->CallMgrParameters;
    ULONG PvcId;
    if (Cm == NULL || Cm->CallMgrSpecific.Length < sizeof(ULONG)) {
        return FALSE;
    }
    NdisMoveMemory(&PvcId, Cm->CallMgrSpecific.Parameters, sizeof(PvcId));
    return PvcId < TD_PVC_COUNT;
}

/*
 * Activates the VC in the miniport with the CM's own resident copy of the call's parameters
 * (CM-049). Returns SUCCESS, PENDING (ProtocolCmActivateVcComplete follows) or the failure.
 * <= DISPATCH_LEVEL.
 */
NDIS_STATUS CmActivateFor(PCM_VC Vc, PCO_CALL_PARAMETERS CallParameters, CM_VC_STEP Step) {
    CM_ACTIVATION *Activation = &Vc->Activation;
    NDIS_HANDLE VcHandle;
    NDIS_STATUS Status;

    NdisZeroMemory(Activation, sizeof(*Activation));
    if (CallParameters->CallMgrParameters != NULL) {
        Activation->CallManager = *CallParameters->CallMgrParameters;
        Activation->CallManager.CallMgrSpecific.Length = 0;
        Activation->Call.CallMgrParameters = &Activation->CallManager;
    }
    if (CallParameters->MediaParameters != NULL) {
        Activation->Media = *CallParameters->MediaParameters;
        Activation->Media.MediaSpecific.Length = 0;
        Activation->Call.MediaParameters = &Activation->Media;
    }
    Activation->Call.Flags = CallParameters->Flags;
    Vc->Step = Step;
    VcHandle = Vc->NdisVcHandle; /* a pended activation may complete, and the VC go, before we log */
    Status = NdisCmActivateVc(VcHandle, &Activation->Call);
    TdLog("NdisCmActivateVc", Status, VcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->Active = TRUE;
    }
    return Status;
}

static NDIS_STATUS CmActivate(PCM_VC Vc, PCO_CALL_PARAMETERS CallParameters) {
    return CmActivateFor(Vc, CallParameters, CmStepMakeCall);
}

/* Deactivates the VC in the miniport. Returns SUCCESS or PENDING (ProtocolCmDeactivateVcComplete
 * follows). <= DISPATCH_LEVEL. */
static NDIS_STATUS CmDeactivate(PCM_VC Vc) {
    NDIS_STATUS Status;
    Vc->Step = CmStepCloseCall;
    Status = NdisCmDeactivateVc(Vc->NdisVcHandle);
    TdLog("NdisCmDeactivateVc", Status, Vc->NdisVcHandle, 0);
    if (Status != NDIS_STATUS_PENDING) {
        Vc->Active = FALSE;
    }
    return Status;
}

/*
 * Completes a make-call that pended, with the configured fault applied: PENDING passed as the
 * status first (CM-001), the miniport call manager's function (CM-021), or a second completion
 * (CM-002). <= DISPATCH_LEVEL.
 */
static VOID CmCompleteMakeCall(PCM_VC Vc, NDIS_STATUS Status) {
    TD_BEHAVIOR Behavior = Vc->Behavior;
    PCO_CALL_PARAMETERS CallParameters = Vc->CallParameters;
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    NDIS_HANDLE NdisPartyHandle = Vc->NdisPartyHandle;
    PCM_PARTY Party = Vc->Party;

    Vc->Step = CmStepNone;
    Vc->CallParameters = NULL;
    if (Behavior.Fault == TdFaultCompleteWithPending) {
        NdisCmMakeCallComplete(NDIS_STATUS_PENDING, NdisVcHandle, NdisPartyHandle, Party, CallParameters);
        TdLog("NdisCmMakeCallComplete", NDIS_STATUS_PENDING, NdisVcHandle, 0);
    }
    if (Status != NDIS_STATUS_SUCCESS) {
        /* The party handle is invalid from the completion on ([CM 3.4] step 8). */
        Party = NULL;
    } else {
        Vc->CallUp = TRUE;
        Vc->Closed = FALSE;
    }
    if (Behavior.Fault == TdFaultWrongCompletion) {
        NdisMCmMakeCallComplete(Status, NdisVcHandle, NdisPartyHandle, Party, CallParameters);
        TdLog("NdisMCmMakeCallComplete", Status, NdisVcHandle, 0);
    } else {
        NdisCmMakeCallComplete(Status, NdisVcHandle, NdisPartyHandle, Party, CallParameters);
        TdLog("NdisCmMakeCallComplete", Status, NdisVcHandle, 0);
    }
    if (Status != NDIS_STATUS_SUCCESS) {
        CmFreeParty(Vc);
    }
    if (Behavior.Fault == TdFaultCompleteTwice) {
        NdisCmMakeCallComplete(Status, NdisVcHandle, Status == NDIS_STATUS_SUCCESS ? NdisPartyHandle : NULL, Party,
                               CallParameters);
        TdLog("NdisCmMakeCallComplete", Status, NdisVcHandle, 0);
    }
}

/*
 * ProtocolCmMakeCall: NDIS calls it for NdisClMakeCall, <= DISPATCH_LEVEL. Validates the call
 * (a PVC must exist), allocates the first party of a multipoint call, optionally rewrites the
 * QoS, and answers as configured. A synchronous answer activates the VC first; when the
 * miniport pends the activation, the make-call pends too and ProtocolCmActivateVcComplete
 * completes it.
 */
NDIS_STATUS CmCmMakeCall(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters, NDIS_HANDLE NdisPartyHandle,
                         PNDIS_HANDLE CallMgrPartyContext) {
    PCM_VC Vc = (PCM_VC)CallMgrVcContext;
    TD_BEHAVIOR Behavior;
    NDIS_STATUS Status;

    TdGetBehavior(TdOpMakeCall, &Behavior);
    if (CallMgrPartyContext != NULL) {
        *CallMgrPartyContext = NULL;
    }
    if ((CallParameters->Flags & PERMANENT_VC) != 0) {
        if (!CmFindPvc(CallParameters)) {
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
        Vc->Party = (PCM_PARTY)TdAllocate(CmProtocolHandle, sizeof(CM_PARTY));
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
    Vc->CallParameters = CallParameters;

    if (Behavior.Completion != TdCompleteSync) {
        Vc->Pended = TRUE;
        TdLog("ProtocolCmMakeCall", NDIS_STATUS_PENDING, Vc->NdisVcHandle, CallParameters->Flags);
        TdDefer(&Vc->Af->Binding->Deferrals, &Behavior, TdOpMakeCall, Vc);
        return NDIS_STATUS_PENDING;
    }

    Vc->Pended = FALSE;
    Status = Behavior.Status;
    if (Status == NDIS_STATUS_SUCCESS && Behavior.Fault != TdFaultSuccessBeforeActivate) {
        /* Everything logged after a pended activation is read first: its completion may run on
         * another processor, fail the call, and the client may delete the VC before we log. */
        NDIS_HANDLE VcHandle = Vc->NdisVcHandle;
        ULONG Flags = CallParameters->Flags;
        Vc->Pended = TRUE;  /* set before the call: the activation may complete on another processor */
        Status = CmActivate(Vc, CallParameters);
        if (Status == NDIS_STATUS_PENDING) {
            TdLog("ProtocolCmMakeCall", NDIS_STATUS_PENDING, VcHandle, Flags);
            return NDIS_STATUS_PENDING;
        }
        Vc->Pended = FALSE;
    }
    Vc->Step = CmStepNone;
    Vc->CallParameters = NULL;
    if (Status == NDIS_STATUS_SUCCESS) {
        *CallMgrPartyContext = Vc->Party;
        Vc->CallUp = TRUE;
        Vc->Closed = FALSE;
        if (Behavior.Fault == TdFaultCompleteWithoutPending) {
            Vc->CallParameters = CallParameters;
            TdDefer(&Vc->Af->Binding->Deferrals, &Behavior, TdOpMakeCall, Vc);
        }
    } else {
        CmFreeParty(Vc);
    }
    TdLog("ProtocolCmMakeCall", Status, Vc->NdisVcHandle, CallParameters->Flags);
    return Status;
}

/* The deferred part of a pended make-call: activate the VC, then complete. */
static VOID CmContinueMakeCall(PCM_VC Vc) {
    TD_BEHAVIOR Behavior = Vc->Behavior;
    NDIS_STATUS Status = Behavior.Status;

    if (Behavior.Fault == TdFaultCompleteWithoutPending) {
        /* The make-call already succeeded synchronously: this completion is one too many. */
        NdisCmMakeCallComplete(NDIS_STATUS_SUCCESS, Vc->NdisVcHandle, Vc->NdisPartyHandle, Vc->Party,
                               Vc->CallParameters);
        TdLog("NdisCmMakeCallComplete", NDIS_STATUS_SUCCESS, Vc->NdisVcHandle, 0);
        Vc->CallParameters = NULL;
        return;
    }
    if (Status == NDIS_STATUS_SUCCESS && Behavior.Fault != TdFaultSuccessBeforeActivate) {
        Status = CmActivate(Vc, Vc->CallParameters);
        if (Status == NDIS_STATUS_PENDING) {
            return;  /* ProtocolCmActivateVcComplete finishes the call */
        }
    }
    CmCompleteMakeCall(Vc, Status);
}

/*
 * ProtocolCmActivateVcComplete: NDIS calls it, <= DISPATCH_LEVEL, when the miniport completes a
 * pended activation with NdisMCoActivateVcComplete. Finishes the make-call that needed it: a
 * failed activation fails the call.
 */
VOID CmCmActivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    PCM_VC Vc = (PCM_VC)CallMgrVcContext;
    UNREFERENCED_PARAMETER(CallParameters);

    TdLog("ProtocolCmActivateVcComplete", Status, Vc->NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->Active = TRUE;
    }
    if (Vc->Step == CmStepMakeCall && Vc->Pended) {
        CmCompleteMakeCall(Vc, Status);
    } else if (Vc->Step == CmStepIncomingCall) {
        CmIncomingActivated(Vc, Status);
    } else if (Vc->Step == CmStepModifyQoS) {
        CmModifyQoSActivated(Vc, Status);
    } else if (Vc->Step == CmStepQoSChange) {
        CmQoSChangeActivated(Vc, Status);
    }
}

/* Completes a close-call that pended, with the configured fault applied. */
/* Completes a close-call that pended, with the configured fault applied. A VC the CM created
 * for an incoming call is deleted right after ([CM 3.8] step 5); the binding's event lock keeps
 * a remote close from being dispatched on a call whose close has completed. */
static VOID CmCompleteCloseCall(PCM_VC Vc, NDIS_STATUS Status) {
    TD_BEHAVIOR Behavior = Vc->Behavior;
    PCM_BINDING Binding = Vc->Af->Binding;
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    NDIS_HANDLE NdisPartyHandle = Vc->NdisPartyHandle;
    BOOLEAN DeleteOwn = FALSE;

    NdisAcquireSpinLock(&Binding->EventLock);
    Vc->Step = CmStepNone;
    if (Status == NDIS_STATUS_SUCCESS) {
        CmFreeParty(Vc);
        Vc->CallUp = FALSE;
        Vc->Closed = TRUE;
        DeleteOwn = Vc->CreatedByCm && !CmKeepsOwnVcs();
    }
    if (Behavior.Fault == TdFaultCompleteWithPending) {
        NdisCmCloseCallComplete(NDIS_STATUS_PENDING, NdisVcHandle, NdisPartyHandle);
        TdLog("NdisCmCloseCallComplete", NDIS_STATUS_PENDING, NdisVcHandle, 0);
    }
    /* Logged first: the client's completion runs inside the call (and may delete its VC). */
    TdLog("NdisCmCloseCallComplete", Status, NdisVcHandle, 0);
    NdisCmCloseCallComplete(Status, NdisVcHandle, NdisPartyHandle);
    if (Behavior.Fault == TdFaultCompleteTwice) {
        NdisCmCloseCallComplete(Status, NdisVcHandle, NdisPartyHandle);
        TdLog("NdisCmCloseCallComplete", Status, NdisVcHandle, 0);
    }
    NdisReleaseSpinLock(&Binding->EventLock);
    if (DeleteOwn) {
        CmDeleteOwnVc(Vc);
    }
}

/* A successful synchronous close: no remote event any more; a VC the CM created is deleted
 * once the close has returned (NdisCoDeleteVc cannot run inside the close). The handler's return is
 * the only sign that the close is done, and NDIS records it just after: on threads a timer
 * firing in between meets CM-042, so the delay (20 ms, no real time under the deterministic
 * scheduler) leaves that window wide. A driver that must delete at once pends the close. */
static VOID CmClosed(PCM_VC Vc) {
    TD_BEHAVIOR Later;
    Vc->CallUp = FALSE;
    Vc->Closed = TRUE;
    if (Vc->CreatedByCm && !CmKeepsOwnVcs()) {
        NdisZeroMemory(&Later, sizeof(Later));
        Later.Completion = TdCompleteTimer;
        Later.DelayMs = 20;
        (VOID)TdDefer(&Vc->Af->Binding->Deferrals, &Later, TdOpDeleteVc, Vc);
    }
}

/*
 * ProtocolCmCloseCall: NDIS calls it for NdisClCloseCall, <= DISPATCH_LEVEL. Close data cannot
 * be carried (INVALID_DATA). Otherwise the VC is deactivated in the miniport and the call
 * closed: at once, or (when the close or the deactivation pends) from a deferred completion or
 * ProtocolCmDeactivateVcComplete.
 */
NDIS_STATUS CmCmCloseCall(NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size) {
    PCM_VC Vc = (PCM_VC)CallMgrVcContext;
    TD_BEHAVIOR Behavior;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(CallMgrPartyContext);

    TdGetBehavior(TdOpCloseCall, &Behavior);
    if (CloseData != NULL && Size != 0) {
        TdLog("ProtocolCmCloseCall", NDIS_STATUS_INVALID_DATA, Vc->NdisVcHandle, 0);
        return NDIS_STATUS_INVALID_DATA;
    }
    Vc->Behavior = Behavior;
    if (Behavior.Completion != TdCompleteSync) {
        Vc->Pended = TRUE;
        TdLog("ProtocolCmCloseCall", NDIS_STATUS_PENDING, Vc->NdisVcHandle, 0);
        TdDefer(&Vc->Af->Binding->Deferrals, &Behavior, TdOpCloseCall, Vc);
        return NDIS_STATUS_PENDING;
    }
    Status = Behavior.Status;
    if (Status == NDIS_STATUS_SUCCESS && Vc->Active) {
        Vc->Pended = TRUE;  /* set before the call: the deactivation may complete on another processor */
        if (CmDeactivate(Vc) == NDIS_STATUS_PENDING) {
            TdLog("ProtocolCmCloseCall", NDIS_STATUS_PENDING, Vc->NdisVcHandle, 0);
            return NDIS_STATUS_PENDING;
        }
    }
    Vc->Pended = FALSE;
    Vc->Step = CmStepNone;
    if (Status == NDIS_STATUS_SUCCESS) {
        CmFreeParty(Vc);
    }
    TdLog("ProtocolCmCloseCall", Status, Vc->NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        CmClosed(Vc);
    }
    return Status;
}

/* The deferred part of a pended close: deactivate, then complete. */
static VOID CmContinueCloseCall(PCM_VC Vc) {
    NDIS_STATUS Status = Vc->Behavior.Status;
    if (Status == NDIS_STATUS_SUCCESS && Vc->Active) {
        if (CmDeactivate(Vc) == NDIS_STATUS_PENDING) {
            return;  /* ProtocolCmDeactivateVcComplete finishes the close */
        }
    }
    CmCompleteCloseCall(Vc, Status);
}

/*
 * ProtocolCmDeactivateVcComplete: NDIS calls it, <= DISPATCH_LEVEL, when the miniport completes
 * a pended deactivation with NdisMCoDeactivateVcComplete. Finishes the close that needed it.
 */
VOID CmCmDeactivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext) {
    PCM_VC Vc = (PCM_VC)CallMgrVcContext;

    TdLog("ProtocolCmDeactivateVcComplete", Status, Vc->NdisVcHandle, 0);
    Vc->Active = FALSE;
    if (Vc->Step == CmStepCloseCall && Vc->Pended) {
        CmCompleteCloseCall(Vc, NDIS_STATUS_SUCCESS);
    } else if (Vc->Step == CmStepDeleteOwn) {
        CmDeleteOwnVcNow(Vc);
    }
}

/* Deferred call operations. DISPATCH_LEVEL (a timer). */
VOID CmContinueCall(TD_OPERATION Operation, PVOID Object) {
    if (Operation == TdOpMakeCall) {
        CmContinueMakeCall((PCM_VC)Object);
    } else {
        CmContinueCloseCall((PCM_VC)Object);
    }
}
