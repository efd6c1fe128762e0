/*
 * t_client VCs and calls: the TdClient* actions that create and delete VCs and make and close
 * calls, the call callbacks NDIS delivers for requests that pended, and incoming calls ([CM 3.6])
 * and remote closes ([CM 3.8]).
 */
#include "t_client.h"

static PCL_VC ClVcOf(ULONG Slot) {
    if (ClBinding == NULL || Slot >= TD_MAX_VCS) {
        return NULL;
    }
    return &ClBinding->Vcs[Slot];
}

static VOID ClFillFlow(PFLOWSPEC Flow) {
    Flow->TokenRate = 1000000;
    Flow->TokenBucketSize = 9180;
    Flow->PeakBandwidth = 2000000;
    Flow->Latency = QOS_NOT_SPECIFIED;
    Flow->DelayVariation = QOS_NOT_SPECIFIED;
    Flow->ServiceType = SERVICETYPE_BESTEFFORT;
    Flow->MaxSduSize = 9180;
    Flow->MinimumPolicedSize = QOS_NOT_SPECIFIED;
}

PCO_CALL_PARAMETERS ClAllocateCallParameters(ULONG Slot, ULONG CallFlags) {
    PCL_CALL_BUFFER Buffer = (PCL_CALL_BUFFER)TdAllocate(ClProtocolHandle, sizeof(CL_CALL_BUFFER));
    if (Buffer == NULL) {
        return NULL;
    }
    ClFillFlow(&Buffer->CallManager.Transmit);
    ClFillFlow(&Buffer->CallManager.Receive);
    Buffer->Call.CallMgrParameters = &Buffer->CallManager;
    if ((CallFlags & TD_CALL_PVC) != 0) {
        /* A PVC: no media parameters; the call manager looks the PVC up by its identifier. */
        Buffer->Call.Flags = PERMANENT_VC;
        Buffer->CallManager.CallMgrSpecific.Length = sizeof(ULONG);
        NdisMoveMemory((PUCHAR)&Buffer->CallManager + offsetof(CO_CALL_MANAGER_PARAMETERS, CallMgrSpecific) +
                           offsetof(CO_SPECIFIC_PARAMETERS, Parameters),
                       &Slot, sizeof(ULONG));
    } else {
        Buffer->Media.Flags = TRANSMIT_VC | RECEIVE_VC;
        Buffer->Media.ReceiveSizeHint = 9180;
        Buffer->Call.MediaParameters = &Buffer->Media;
    }
    return &Buffer->Call;
}

/* Forgets a VC slot (the VC is gone). Any IRQL. */
static VOID ClClearVc(PCL_VC Vc) {
    NdisAcquireSpinLock(&ClBinding->Lock);
    NdisZeroMemory(Vc, sizeof(*Vc));
    NdisReleaseSpinLock(&ClBinding->Lock);
}

/*
 * ProtocolCoCreateVc: NDIS calls it, <= DISPATCH_LEVEL, inside a call manager's NdisCoCreateVc /
 * NdisMCmCreateVc for an incoming call ([CM 3.6] step 2). The VC takes the highest free slot
 * (TD_INCOMING_SLOT). Must not pend.
 */
NDIS_STATUS ClCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolAfContext;
    PCL_VC Vc = NULL;
    LONG Slot;

    NdisAcquireSpinLock(&Binding->Lock);
    for (Slot = TD_MAX_VCS - 1; Slot >= 0; Slot--) {
        if (Binding->Vcs[Slot].NdisVcHandle == NULL) {
            Vc = &Binding->Vcs[Slot];
            NdisZeroMemory(Vc, sizeof(*Vc));
            Vc->NdisVcHandle = NdisVcHandle;
            Vc->CreatedByCm = TRUE;
            break;
        }
    }
    NdisReleaseSpinLock(&Binding->Lock);
    if (Vc == NULL) {
        TdLog("ProtocolCoCreateVc", NDIS_STATUS_RESOURCES, NdisVcHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    *ProtocolVcContext = Vc;
    TdLog("ProtocolCoCreateVc", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
    return NDIS_STATUS_SUCCESS;
}

/*
 * ProtocolCoDeleteVc: NDIS calls it, <= DISPATCH_LEVEL, when the call manager deletes a VC it
 * created. The slot is freed; a teardown in progress goes on.
 */
NDIS_STATUS ClDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    TD_BEHAVIOR Later;
    TdLog("ProtocolCoDeleteVc", NDIS_STATUS_SUCCESS, Vc->NdisVcHandle, 0);
    /* The slot is freed a little later, not here: the VC counts on the AF until this handler has
     * returned its agreement, and a teardown on another processor seeing no VC would close the AF
     * a moment too early (CM-035). 20 ms covers that window on threads, under TSan too; it costs
     * no real time under the deterministic scheduler. */
    NdisZeroMemory(&Later, sizeof(Later));
    Later.Completion = TdCompleteTimer;
    Later.DelayMs = 20;
    NdisAcquireSpinLock(&ClBinding->Lock);
    Vc->Call = ClCallClosed;
    Vc->Deleting = TRUE;
    NdisReleaseSpinLock(&ClBinding->Lock);
    if (!TdDefer(&ClBinding->Deferrals, &Later, TdOpDeleteVc, Vc)) {
        ClClearVc(Vc);
    }
    return NDIS_STATUS_SUCCESS;
}

/* The call manager's VC is gone: free its slot, and go on with a teardown. */
static VOID ClForgetDeletedVc(PCL_VC Vc) {
    ClClearVc(Vc);
    ClContinueTeardown(ClBinding);  /* does nothing unless a teardown is in progress */
}

/* Deletes a VC the client created; clears the slot on success. <= DISPATCH_LEVEL. */
NDIS_STATUS ClDeleteVcOn(PCL_VC Vc) {
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    NDIS_STATUS Status = NdisCoDeleteVc(NdisVcHandle);
    TdLog("NdisCoDeleteVc", Status, NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClClearVc(Vc);
    } else {
        Vc->Deleting = FALSE;
    }
    return Status;
}

/* After a close completed (at once or in ProtocolClCloseCallComplete): a client-created VC that
 * the remote side closed is deleted (CM-078 with a failure status; always, for simplicity), and
 * a teardown goes on. A VC the call manager created is its to delete (CM-076). */
static VOID ClAfterClose(PCL_VC Vc) {
    BOOLEAN Delete;
    NdisAcquireSpinLock(&ClBinding->Lock);
    Vc->Call = ClCallClosed;
    Vc->NdisPartyHandle = NULL;
    NdisZeroMemory(&Vc->Parties[0], sizeof(Vc->Parties[0]));
    Delete = Vc->RemoteClosed && !Vc->CreatedByCm && !Vc->Deleting && !ClBinding->TearingDown;
    if (Delete) {
        Vc->Deleting = TRUE;
    }
    NdisReleaseSpinLock(&ClBinding->Lock);
    if (Delete) {
        (VOID)ClDeleteVcOn(Vc);
    }
    ClContinueTeardown(ClBinding);  /* does nothing unless a teardown is in progress */
}

/*
 * ProtocolClMakeCallComplete: <= DISPATCH_LEVEL, for a make-call that pended. Keeps the party
 * handle of a connected multipoint call and releases the call parameters.
 */
VOID ClMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE NdisPartyHandle,
                        PCO_CALL_PARAMETERS CallParameters) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    TdLog("ProtocolClMakeCallComplete", Status, NdisPartyHandle, CallParameters->Flags);
    NdisAcquireSpinLock(&ClBinding->Lock);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->NdisPartyHandle = NdisPartyHandle;
        Vc->Parties[0].NdisPartyHandle = NdisPartyHandle;
        Vc->Parties[0].Active = NdisPartyHandle != NULL;
        Vc->Call = ClCallUp;
    } else {
        NdisZeroMemory(&Vc->Parties[0], sizeof(Vc->Parties[0]));
        Vc->Call = ClCallNone;
    }
    NdisReleaseSpinLock(&ClBinding->Lock);
    TdFree(CallParameters);
    ClContinueTeardown(ClBinding);  /* does nothing unless a teardown is in progress */
}

/* ProtocolClCloseCallComplete: <= DISPATCH_LEVEL, for a close that pended. */
VOID ClCloseCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE ProtocolPartyContext) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    TdLog("ProtocolClCloseCallComplete", Status, NULL, ProtocolPartyContext != NULL);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClAfterClose(Vc);
    } else {
        NdisAcquireSpinLock(&ClBinding->Lock);
        Vc->Call = ClCallUp;
        NdisReleaseSpinLock(&ClBinding->Lock);
    }
}

/*
 * Closes the call on Vc with the first party's handle (NULL for point-to-point). The caller has
 * set Vc->Call to ClCallClosing. <= DISPATCH_LEVEL.
 */
NDIS_STATUS ClCloseCallOn(PCL_VC Vc) {
    NDIS_HANDLE NdisVcHandle, NdisPartyHandle;
    NDIS_STATUS Status;
    NdisAcquireSpinLock(&ClBinding->Lock);
    NdisVcHandle = Vc->NdisVcHandle;
    NdisPartyHandle = Vc->NdisPartyHandle;
    NdisReleaseSpinLock(&ClBinding->Lock);
    Status = NdisClCloseCall(NdisVcHandle, NdisPartyHandle, NULL, 0);
    TdLog("NdisClCloseCall", Status, NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClAfterClose(Vc);
    } else if (Status != NDIS_STATUS_PENDING) {
        NdisAcquireSpinLock(&ClBinding->Lock);
        if (Vc->Call == ClCallClosing) {
            Vc->Call = ClCallUp;
        }
        NdisReleaseSpinLock(&ClBinding->Lock);
    }
    return Status;
}

/* Finishes the client's side of an incoming call it answered (at once or later). */
static VOID ClIncomingCallDecided(PCL_VC Vc, NDIS_STATUS Status) {
    NdisAcquireSpinLock(&ClBinding->Lock);
    Vc->Offered = NULL;
    if (Vc->Call == ClCallOffered) {
        Vc->Call = Status == NDIS_STATUS_SUCCESS ? ClCallAccepted : ClCallNone;
    }
    NdisReleaseSpinLock(&ClBinding->Lock);
}

/*
 * ProtocolClIncomingCall: NDIS calls it, <= DISPATCH_LEVEL, for Ndis(M)CmDispatchIncomingCall on
 * our SAP ([CM 3.6] step 4). Answers as the test configured TdOpIncomingCall: accept (SUCCESS),
 * reject (the configured failure), or PENDING and NdisClIncomingCallComplete later.
 */
NDIS_STATUS ClIncomingCall(NDIS_HANDLE ProtocolSapContext, NDIS_HANDLE ProtocolVcContext,
                           PCO_CALL_PARAMETERS CallParameters) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    TD_BEHAVIOR Behavior;
    UNREFERENCED_PARAMETER(ProtocolSapContext);

    TdGetBehavior(TdOpIncomingCall, &Behavior);
    NdisAcquireSpinLock(&ClBinding->Lock);
    Vc->Call = ClCallOffered;
    Vc->IncomingBehavior = Behavior;
    Vc->Offered = CallParameters;
    NdisReleaseSpinLock(&ClBinding->Lock);
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolClIncomingCall", Behavior.Status, NdisVcHandle, CallParameters->Flags);
        ClIncomingCallDecided(Vc, Behavior.Status);
        return Behavior.Status;
    }
    /* The log record goes first: the completion may run on another processor at once. */
    TdLog("ProtocolClIncomingCall", NDIS_STATUS_PENDING, NdisVcHandle, CallParameters->Flags);
    if (!TdDefer(&ClBinding->Deferrals, &Behavior, TdOpIncomingCall, Vc)) {
        /* Never (CM-003 on purpose), or no deferral slot: the call stays offered. */
    }
    return NDIS_STATUS_PENDING;
}

/* The pended answer to an incoming call: NdisClIncomingCallComplete. DISPATCH_LEVEL (a timer). */
VOID ClCompleteIncomingCall(PCL_VC Vc) {
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    PCO_CALL_PARAMETERS CallParameters = Vc->Offered;
    NDIS_STATUS Status = Vc->IncomingBehavior.Status;

    /* Decided before the call: the call manager may dispatch call-connected (or delete the VC
     * after a rejection) from inside it. */
    ClIncomingCallDecided(Vc, Status);
    TdLog("NdisClIncomingCallComplete", Status, NdisVcHandle, 0);
    NdisClIncomingCallComplete(Status, NdisVcHandle, CallParameters);
    ClContinueTeardown(ClBinding);  /* does nothing unless a teardown is in progress */
}

/* ProtocolClCallConnected: <= DISPATCH_LEVEL; the accepted incoming call is up ([CM 3.6] step 6). */
VOID ClCallConnected(NDIS_HANDLE ProtocolVcContext) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    TdLog("ProtocolClCallConnected", NDIS_STATUS_SUCCESS, Vc->NdisVcHandle, 0);
    NdisAcquireSpinLock(&ClBinding->Lock);
    if (Vc->Call == ClCallAccepted) {
        Vc->Call = ClCallUp;
    }
    NdisReleaseSpinLock(&ClBinding->Lock);
    ClContinueTeardown(ClBinding);  /* does nothing unless a teardown is in progress */
}

/*
 * ProtocolClIncomingCloseCall: <= DISPATCH_LEVEL; the remote side closed ([CM 3.8]). Answered
 * with NdisClCloseCall (CM-077), unless the client's own close is already pending: that close
 * completes normally (OQ-21) and a second one would fail.
 */
VOID ClIncomingCloseCall(NDIS_STATUS CloseStatus, NDIS_HANDLE ProtocolVcContext, PVOID CloseData, UINT Size) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    BOOLEAN Close;
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    TdLog("ProtocolClIncomingCloseCall", CloseStatus, Vc->NdisVcHandle, 0);
    NdisAcquireSpinLock(&ClBinding->Lock);
    Vc->RemoteClosed = TRUE;
    Close = Vc->Call != ClCallClosing && Vc->Call != ClCallClosed;
    if (Close) {
        Vc->Call = ClCallClosing;
    }
    NdisReleaseSpinLock(&ClBinding->Lock);
    if (Close) {
        (VOID)ClCloseCallOn(Vc);
    }
}

/* The client's deferral routine. DISPATCH_LEVEL (a timer: protocols use no I/O work items). */
VOID ClRunDeferred(TD_OPERATION Operation, PVOID Object) {
    if (Operation == TdOpIncomingCall) {
        ClCompleteIncomingCall((PCL_VC)Object);
    } else if (Operation == TdOpNotifyCloseAf) {
        ClContinueTeardown((PCL_BINDING)Object);
    } else if (Operation == TdOpDeleteVc) {
        ClForgetDeletedVc((PCL_VC)Object);
    }
}

/* ---- Test actions, run at PASSIVE_LEVEL on a simulated processor -------------------------- */

NDIS_STATUS TdClientCreateVc(ULONG Slot) {
    PCL_VC Vc = ClVcOf(Slot);
    NDIS_HANDLE NdisVcHandle = NULL;
    NDIS_STATUS Status;
    if (Vc == NULL) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    Status = NdisCoCreateVc(ClBinding->NdisBindingHandle, ClBinding->NdisAfHandle, Vc, &NdisVcHandle);
    TdLog("NdisCoCreateVc", Status, NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->NdisVcHandle = NdisVcHandle;
        Vc->CreatedByCm = FALSE;
        Vc->Call = ClCallNone;
    }
    return Status;
}

NDIS_STATUS TdClientDeleteVc(ULONG Slot) {
    PCL_VC Vc = ClVcOf(Slot);
    NDIS_STATUS Status;
    if (Vc == NULL) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    Status = NdisCoDeleteVc(Vc->NdisVcHandle);
    TdLog("NdisCoDeleteVc", Status, Vc->NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClClearVc(Vc);
    }
    return Status;
}

/*
 * Makes a call on the VC in Slot: point-to-point, or multipoint with a first party, on an SVC or
 * a PVC. A non-PENDING return is finished here (the client's own completion logic).
 */
NDIS_STATUS TdClientMakeCall(ULONG Slot, ULONG CallFlags) {
    PCL_VC Vc = ClVcOf(Slot);
    PCO_CALL_PARAMETERS CallParameters;
    NDIS_HANDLE NdisPartyHandle = NULL;
    BOOLEAN Multipoint = (CallFlags & TD_CALL_MULTIPOINT) != 0;
    NDIS_STATUS Status;

    if (Vc == NULL) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    CallParameters = ClAllocateCallParameters(Slot, CallFlags);
    if (CallParameters == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Vc->Parties[0].Vc = Vc;
    Vc->Parties[0].InUse = Multipoint;
    Vc->Call = ClCallMaking;
    Status = NdisClMakeCall(Vc->NdisVcHandle, CallParameters, Multipoint ? &Vc->Parties[0] : NULL,
                            Multipoint ? &NdisPartyHandle : NULL);
    if (Status == NDIS_STATUS_PENDING) {
        /* CallParameters belongs to NDIS and the call manager until ProtocolClMakeCallComplete. */
        TdLog("NdisClMakeCall", Status, Vc->NdisVcHandle, 0);
        return Status;
    }
    TdLog("NdisClMakeCall", Status, Vc->NdisVcHandle, CallParameters->Flags);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->NdisPartyHandle = NdisPartyHandle;
        Vc->Parties[0].NdisPartyHandle = NdisPartyHandle;
        Vc->Parties[0].Active = Multipoint;
        Vc->Call = ClCallUp;
    } else {
        NdisZeroMemory(&Vc->Parties[0], sizeof(Vc->Parties[0]));
        Vc->Call = ClCallNone;
    }
    TdFree(CallParameters);
    return Status;
}

/*
 * Closes the call in Slot. A close the client already has pending or finished (its own, its
 * answer to a remote close, or a teardown's) is not issued twice: NDIS_STATUS_CLOSING without a
 * request.
 */
NDIS_STATUS TdClientCloseCall(ULONG Slot) {
    PCL_VC Vc = ClVcOf(Slot);
    if (Vc == NULL) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    NdisAcquireSpinLock(&ClBinding->Lock);
    if (Vc->NdisVcHandle == NULL) {
        NdisReleaseSpinLock(&ClBinding->Lock);
        return NDIS_STATUS_INVALID_PARAMETER;  /* gone already (a teardown or the call manager) */
    }
    if (Vc->Call == ClCallClosing || Vc->Call == ClCallClosed) {
        NdisReleaseSpinLock(&ClBinding->Lock);
        return NDIS_STATUS_CLOSING;  /* closing or closed already (a remote close, a teardown) */
    }
    Vc->Call = ClCallClosing;
    NdisReleaseSpinLock(&ClBinding->Lock);
    return ClCloseCallOn(Vc);
}

/* The NDIS handle of the VC in Slot (NULL if none). Called by the test while the scheduler is idle. */
NDIS_HANDLE TdClientVcHandle(ULONG Slot) {
    PCL_VC Vc = ClVcOf(Slot);
    return Vc != NULL ? Vc->NdisVcHandle : NULL;
}
