/*
 * t_cm remote events, each run from a timer of the binding's pool as a signalling message would
 * arrive: an incoming call ([CM 3.6]), a remote close ([CM 3.8]), a remote party drop ([CM 3.9])
 * and a network QoS change ([CM 3.10]); the CM's side of an incoming call
 * (ProtocolCmIncomingCallComplete, call-connected, deleting its own VC); and the notify-close of
 * its AF instances ([CM 3.11]). The TdCm* functions are the test's way to make the network speak.
 *
 * The VC of an incoming call is the CM's: NdisCoCreateVc on its binding (the client's
 * ProtocolCoCreateVc and MiniportCoCreateVc run), NdisCmActivateVc in the miniport (which may
 * pend: ProtocolCmActivateVcComplete continues), and NdisCoDeleteVc once the call is over.
 */
#include "t_cm.h"

/* Activates the VC with fresh parameters for Step. Returns what NdisCmActivateVc returned. */
static NDIS_STATUS CmActivateWith(PCM_VC Vc, ULONG PeakBandwidth, CM_VC_STEP Step) {
    CO_CALL_PARAMETERS Call;
    CO_CALL_MANAGER_PARAMETERS CallManager;
    CO_MEDIA_PARAMETERS Media;
    NdisZeroMemory(&Call, sizeof(Call));
    NdisZeroMemory(&CallManager, sizeof(CallManager));
    NdisZeroMemory(&Media, sizeof(Media));
    CallManager.Transmit.TokenRate = 1000000;
    CallManager.Transmit.PeakBandwidth = PeakBandwidth;
    CallManager.Transmit.MaxSduSize = 9180;
    CallManager.Transmit.ServiceType = SERVICETYPE_BESTEFFORT;
    CallManager.Receive = CallManager.Transmit;
    Media.Flags = TRANSMIT_VC | RECEIVE_VC;
    Media.ReceiveSizeHint = 9180;
    Call.CallMgrParameters = &CallManager;
    Call.MediaParameters = &Media;
    /* CmActivateFor copies these into the VC's resident activation block (CM-049). */
    return CmActivateFor(Vc, &Call, Step);
}

/* NdisCoDeleteVc on an inactive VC the CM created (the client's ProtocolCoDeleteVc and
 * MiniportCoDeleteVc run inside). <= DISPATCH_LEVEL. */
VOID CmDeleteOwnVcNow(PCM_VC Vc) {
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    NDIS_STATUS Status;
    Vc->Step = CmStepNone;
    CmUntrackVc(Vc);
    /* The call is over, so its party state goes first: once the client has heard
     * ProtocolCoDeleteVc it may close the AF (freeing Vc->Af) while MiniportCoDeleteVc still runs. */
    CmFreeParties(Vc);
    Status = NdisCoDeleteVc(NdisVcHandle);
    TdLog("NdisCoDeleteVc", Status, NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        TdFree(Vc);
    } else {
        CmTrackVc(Vc);  /* still ours: left for the teardown report */
    }
}

/* Deletes a VC the CM created: deactivates it first if needed (a pended deactivation finishes in
 * ProtocolCmDeactivateVcComplete, which deletes). <= DISPATCH_LEVEL. */
VOID CmDeleteOwnVc(PCM_VC Vc) {
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    NDIS_STATUS Status;
    if (Vc->Active) {
        Vc->Step = CmStepDeleteOwn;
        Status = NdisCmDeactivateVc(NdisVcHandle);
        TdLog("NdisCmDeactivateVc", Status, NdisVcHandle, 0);
        if (Status == NDIS_STATUS_PENDING) {
            return;
        }
        Vc->Active = FALSE;
    }
    CmDeleteOwnVcNow(Vc);
}

/* The client's decision on an incoming call, synchronous or through ProtocolCmIncomingCallComplete:
 * accepted -> call-connected ([CM 3.6] step 6); rejected -> deactivate and delete (step 8). */
static VOID CmIncomingCallDecided(PCM_VC Vc, NDIS_STATUS Status) {
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->CallUp = TRUE;
        TdLog("NdisCmDispatchCallConnected", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
        NdisCmDispatchCallConnected(NdisVcHandle);
    } else {
        CmDeleteOwnVc(Vc);
    }
}

/* ProtocolCmIncomingCallComplete: NDIS calls it, <= DISPATCH_LEVEL, for the client's
 * NdisClIncomingCallComplete after its ProtocolClIncomingCall pended. */
VOID CmCmIncomingCallComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    PCM_VC Vc = (PCM_VC)CallMgrVcContext;
    TdLog("ProtocolCmIncomingCallComplete", Status, Vc->NdisVcHandle, CallParameters != NULL ? CallParameters->Flags : 0);
    CmIncomingCallDecided(Vc, Status);
}

/* A dispatch on Sap has finished; a deregistration that waited for it completes now. */
static VOID CmSapDispatchDone(PCM_SAP Sap) {
    PCM_BINDING Binding = Sap->Af->Binding;
    BOOLEAN Complete;
    NdisAcquireSpinLock(&Binding->Lock);
    Sap->Dispatches--;
    Complete = Sap->Dispatches == 0 && Sap->CompleteAfterDispatch;
    Sap->CompleteAfterDispatch = FALSE;
    NdisReleaseSpinLock(&Binding->Lock);
    if (Complete) {
        CmCompleteAfOrSap(TdOpDeregisterSap, Sap);
    }
}

/*
 * The VC of an incoming call is active (at once, or in ProtocolCmActivateVcComplete): dispatch
 * the call ([CM 3.6] step 4). A failed activation ends the call before it was offered.
 */
VOID CmIncomingActivated(PCM_VC Vc, NDIS_STATUS Status) {
    PCM_SAP Sap = Vc->Sap;
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;

    Vc->Step = CmStepNone;
    Vc->Sap = NULL;
    if (Status != NDIS_STATUS_SUCCESS) {
        CmSapDispatchDone(Sap);
        CmDeleteOwnVcNow(Vc);
        return;
    }
    Vc->Active = TRUE;
    Status = NdisCmDispatchIncomingCall(Sap->NdisSapHandle, NdisVcHandle, &Vc->Activation.Call);
    /* After PENDING the VC may already be gone (the client answered on another processor). */
    TdLog("NdisCmDispatchIncomingCall", Status, NdisVcHandle, 0);
    CmSapDispatchDone(Sap);
    if (Status != NDIS_STATUS_PENDING) {
        CmIncomingCallDecided(Vc, Status);  /* CM-067: our own completion logic */
    }
}

/*
 * An incoming call: create a VC on the AF that owns the registered SAP, activate it in the
 * miniport, dispatch the call. DISPATCH_LEVEL (a timer).
 */
static VOID CmIncomingCall(PCM_BINDING Binding) {
    PCM_SAP Sap = NULL;
    PCM_AF Af = NULL;
    PCM_VC Vc;
    NDIS_HANDLE NdisVcHandle = NULL;
    NDIS_STATUS Status;
    ULONG i;

    NdisAcquireSpinLock(&Binding->Lock);
    for (i = 0; i < CM_MAX_AFS && Sap == NULL; i++) {
        if (Binding->OpenAfs[i] != NULL && Binding->OpenAfs[i]->Sap != NULL && !Binding->OpenAfs[i]->Sap->Deregistering) {
            Af = Binding->OpenAfs[i];
            Sap = Af->Sap;
            Sap->Dispatches++;
        }
    }
    NdisReleaseSpinLock(&Binding->Lock);
    if (Sap == NULL) {
        TdLog("IncomingCallNotOffered", NDIS_STATUS_FAILURE, NULL, 0);  /* no SAP to offer it on */
        return;
    }
    Vc = (PCM_VC)TdAllocate(CmProtocolHandle, sizeof(*Vc));
    if (Vc == NULL) {
        CmSapDispatchDone(Sap);
        return;
    }
    Vc->Af = Af;
    Vc->CreatedByCm = TRUE;
    Vc->Sap = Sap;
    Status = NdisCoCreateVc(Binding->NdisBindingHandle, Af->NdisAfHandle, Vc, &NdisVcHandle);
    TdLog("NdisCoCreateVc", Status, NdisVcHandle, 0);
    if (Status != NDIS_STATUS_SUCCESS) {
        TdFree(Vc);
        CmSapDispatchDone(Sap);
        return;
    }
    Vc->NdisVcHandle = NdisVcHandle;
    CmTrackVc(Vc);
    NdisAcquireSpinLock(&Binding->Lock);
    if (Binding->CreatedCount < TD_MAX_VCS) {
        Binding->Created[Binding->CreatedCount++] = NdisVcHandle;
    }
    NdisReleaseSpinLock(&Binding->Lock);

    Status = CmActivateWith(Vc, 2000000, CmStepIncomingCall);
    if (Status != NDIS_STATUS_PENDING) {
        CmIncomingActivated(Vc, Status);
    }
}

/*
 * A remote close: NdisCmDispatchIncomingCloseCall on a call that is up and whose close has not
 * completed (a close the client has pending is no reason not to: OQ-21). DISPATCH_LEVEL.
 */
static VOID CmRemoteClose(PCM_BINDING Binding, NDIS_HANDLE NdisVcHandle, NDIS_STATUS CloseStatus) {
    PCM_VC Vc;
    BOOLEAN Dispatch;

    NdisAcquireSpinLock(&Binding->EventLock);
    NdisAcquireSpinLock(&Binding->Lock);
    Vc = CmFindVc(Binding, NdisVcHandle);
    Dispatch = Vc != NULL && Vc->CallUp && !Vc->Closed;
    NdisReleaseSpinLock(&Binding->Lock);
    if (Dispatch) {
        TdLog("NdisCmDispatchIncomingCloseCall", CloseStatus, NdisVcHandle, 0);
        NdisCmDispatchIncomingCloseCall(CloseStatus, NdisVcHandle, NULL, 0);
    } else {
        TdLog("IncomingCloseNotDispatched", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);  /* already closed */
    }
    NdisReleaseSpinLock(&Binding->EventLock);
}

/* A remote party left: NdisCmDispatchIncomingDropParty. DISPATCH_LEVEL. */
static VOID CmRemoteDrop(NDIS_HANDLE NdisPartyHandle, NDIS_STATUS DropStatus) {
    TdLog("NdisCmDispatchIncomingDropParty", DropStatus, NdisPartyHandle, 0);
    NdisCmDispatchIncomingDropParty(DropStatus, NdisPartyHandle, NULL, 0);
}

/* The reactivation for the network's QoS change is done: tell the client (CM-093). */
VOID CmQoSChangeActivated(PCM_VC Vc, NDIS_STATUS Status) {
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    Vc->Step = CmStepNone;
    if (Status == NDIS_STATUS_SUCCESS) {
        TdLog("NdisCmDispatchIncomingCallQoSChange", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
        NdisCmDispatchIncomingCallQoSChange(NdisVcHandle, &Vc->Activation.Call);
    }
}

/* The network changed the QoS: reactivate in the miniport with the new parameters, then tell
 * the client once that succeeded ([CM 3.10], remote). DISPATCH_LEVEL. */
static VOID CmRemoteQoSChange(PCM_BINDING Binding, NDIS_HANDLE NdisVcHandle) {
    PCM_VC Vc;
    NDIS_STATUS Status;
    NdisAcquireSpinLock(&Binding->Lock);
    Vc = CmFindVc(Binding, NdisVcHandle);
    if (Vc != NULL && (!Vc->CallUp || Vc->Closed)) {
        Vc = NULL;
    }
    NdisReleaseSpinLock(&Binding->Lock);
    if (Vc != NULL) {
        Status = CmActivateWith(Vc, 1000000, CmStepQoSChange);
        if (Status != NDIS_STATUS_PENDING) {
            CmQoSChangeActivated(Vc, Status);
        }
    }
}

/* Runs a remote event and frees it. DISPATCH_LEVEL (a timer). */
VOID CmRunEvent(PCM_EVENT Event) {
    PCM_BINDING Binding = Event->Binding;
    CM_EVENT_KIND Kind = Event->Kind;
    NDIS_HANDLE Handle = Event->Handle;
    NDIS_STATUS Status = Event->Status;
    TdFree(Event);
    switch (Kind) {
    case CmEventIncomingCall:
        CmIncomingCall(Binding);
        break;
    case CmEventCloseCall:
        CmRemoteClose(Binding, Handle, Status);
        break;
    case CmEventDropParty:
        CmRemoteDrop(Handle, Status);
        break;
    case CmEventQoSChange:
        CmRemoteQoSChange(Binding, Handle);
        break;
    }
}

/* Schedules a remote event on a timer due at once (it races whatever else is runnable). */
static NDIS_STATUS CmScheduleEvent(CM_EVENT_KIND Kind, NDIS_HANDLE Handle, NDIS_STATUS Status) {
    PCM_BINDING Binding = CmBinding;
    PCM_EVENT Event;
    TD_BEHAVIOR Now;
    if (Binding == NULL) {
        return NDIS_STATUS_FAILURE;
    }
    Event = (PCM_EVENT)TdAllocate(CmProtocolHandle, sizeof(*Event));
    if (Event == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Event->Binding = Binding;
    Event->Kind = Kind;
    Event->Handle = Handle;
    Event->Status = Status;
    NdisZeroMemory(&Now, sizeof(Now));
    Now.Completion = TdCompleteTimer;
    if (!TdDefer(&Binding->Deferrals, &Now, TdOpRemoteEvent, Event)) {
        TdFree(Event);
        return NDIS_STATUS_RESOURCES;
    }
    return NDIS_STATUS_SUCCESS;
}

/* ---- Test interface: the network speaks --------------------------------------------------- */

NDIS_STATUS TdCmIncomingCall(VOID) {
    return CmScheduleEvent(CmEventIncomingCall, NULL, NDIS_STATUS_SUCCESS);
}

NDIS_STATUS TdCmIncomingCloseCall(NDIS_HANDLE NdisVcHandle, NDIS_STATUS CloseStatus) {
    return CmScheduleEvent(CmEventCloseCall, NdisVcHandle, CloseStatus);
}

NDIS_STATUS TdCmIncomingQoSChange(NDIS_HANDLE NdisVcHandle, NDIS_STATUS Status) {
    return CmScheduleEvent(CmEventQoSChange, NdisVcHandle, Status);
}

NDIS_STATUS TdCmIncomingDropParty(NDIS_HANDLE NdisPartyHandle, NDIS_STATUS DropStatus) {
    return CmScheduleEvent(CmEventDropParty, NdisPartyHandle, DropStatus);
}

/* Deletes a VC the CM kept after its call (see CmKeepsOwnVcs). PASSIVE_LEVEL (the test's action). */
NDIS_STATUS TdCmDeleteVc(NDIS_HANDLE NdisVcHandle, NDIS_STATUS Ignored) {
    PCM_BINDING Binding = CmBinding;
    PCM_VC Vc;
    UNREFERENCED_PARAMETER(Ignored);
    if (Binding == NULL) {
        return NDIS_STATUS_FAILURE;
    }
    NdisAcquireSpinLock(&Binding->Lock);
    Vc = CmFindVc(Binding, NdisVcHandle);
    if (Vc != NULL && (!Vc->CreatedByCm || !Vc->Closed)) {
        Vc = NULL;
    }
    NdisReleaseSpinLock(&Binding->Lock);
    if (Vc == NULL) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    CmDeleteOwnVc(Vc);
    return NDIS_STATUS_SUCCESS;
}

/* The Index-th VC the CM created for an incoming call. Called while the scheduler is idle. */
NDIS_HANDLE TdCmVcHandle(ULONG Index) {
    return CmBinding != NULL && Index < CmBinding->CreatedCount ? CmBinding->Created[Index] : NULL;
}

/*
 * Asks the client of every open AF instance to close it ([CM 3.11], CM-initiated), as
 * ProtocolUnbindAdapterEx does. Runs at PASSIVE_LEVEL (the test's action). Returns the last
 * status.
 */
NDIS_STATUS TdCmNotifyCloseAf(VOID) {
    PCM_BINDING Binding = CmBinding;
    NDIS_STATUS Last = NDIS_STATUS_FAILURE;
    ULONG i;
    if (Binding == NULL) {
        return NDIS_STATUS_FAILURE;
    }
    for (i = 0; i < CM_MAX_AFS; i++) {
        NDIS_HANDLE NdisAfHandle = NULL;
        NdisAcquireSpinLock(&Binding->Lock);
        if (Binding->OpenAfs[i] != NULL) {
            NdisAfHandle = Binding->OpenAfs[i]->NdisAfHandle;
        }
        NdisReleaseSpinLock(&Binding->Lock);
        if (NdisAfHandle != NULL) {
            Last = NdisCmNotifyCloseAddressFamily(NdisAfHandle);
            TdLog("NdisCmNotifyCloseAddressFamily", Last, NdisAfHandle, 0);
        }
    }
    return Last;
}
