/*
 * t_mcm remote events, each run from a timer of the adapter's pool as the network's message
 * would arrive: an incoming call ([CM 3.6]), a remote close ([CM 3.8]), a remote party drop
 * ([CM 3.9]) and a network QoS change ([CM 3.10]); the MCM's side of an incoming call
 * (ProtocolCmIncomingCallComplete, call-connected, deleting its own VC); and the notify-close
 * of its AF instances ([CM 3.11]). The TdCm* functions are the test's way to make the network
 * speak.
 */
#include "t_mcm.h"

/* The MCM's offer: its own parameters, resident in the VC context (CM-066). */
static VOID McmFillOwnParameters(PMCM_VC Vc, ULONG PeakBandwidth) {
    MCM_PARAMETERS *Own = &Vc->Own;
    NdisZeroMemory(Own, sizeof(*Own));
    Own->CallManager.Transmit.TokenRate = 1000000;
    Own->CallManager.Transmit.PeakBandwidth = PeakBandwidth;
    Own->CallManager.Transmit.MaxSduSize = 9180;
    Own->CallManager.Transmit.ServiceType = SERVICETYPE_BESTEFFORT;
    Own->CallManager.Receive = Own->CallManager.Transmit;
    Own->Media.Flags = TRANSMIT_VC | RECEIVE_VC;
    Own->Media.ReceiveSizeHint = 9180;
    Own->Call.CallMgrParameters = &Own->CallManager;
    Own->Call.MediaParameters = &Own->Media;
}

/* Activates the VC with the MCM's own copy of CallParameters (CM-094). <= DISPATCH_LEVEL. */
NDIS_STATUS McmActivateOwn(PMCM_VC Vc, PCO_CALL_PARAMETERS CallParameters) {
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    NDIS_STATUS Status;
    if (CallParameters != &Vc->Own.Call) {
        McmFillOwnParameters(Vc, 0);
        if (CallParameters->CallMgrParameters != NULL) {
            Vc->Own.CallManager = *CallParameters->CallMgrParameters;
            Vc->Own.CallManager.CallMgrSpecific.Length = 0;
        }
        Vc->Own.Call.Flags = CallParameters->Flags;
    }
    Status = NdisMCmActivateVc(NdisVcHandle, &Vc->Own.Call);
    TdLog("NdisMCmActivateVc", Status, NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->Active = TRUE;
    }
    return Status;
}

/*
 * Deletes a VC the MCM created: deactivates it if needed, then NdisMCmDeleteVc (the client's
 * ProtocolCoDeleteVc runs inside). <= DISPATCH_LEVEL.
 */
VOID McmDeleteOwnVc(PMCM_VC Vc) {
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    NDIS_STATUS Status;
    if (Vc->Active) {
        Status = NdisMCmDeactivateVc(NdisVcHandle);
        TdLog("NdisMCmDeactivateVc", Status, NdisVcHandle, 0);
        Vc->Active = FALSE;
    }
    McmUntrackVc(Vc);
    Status = NdisMCmDeleteVc(NdisVcHandle);
    TdLog("NdisMCmDeleteVc", Status, NdisVcHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        McmFreeParties(Vc);
        TdFree(Vc);
    } else {
        McmTrackVc(Vc);  /* still ours: left for the teardown report */
    }
}

/* The client's decision on an incoming call, synchronous or through ProtocolCmIncomingCallComplete:
 * accepted -> call-connected ([CM 3.6] step 6); rejected -> deactivate and delete (step 8). */
static VOID McmIncomingCallDecided(PMCM_VC Vc, NDIS_STATUS Status) {
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->CallUp = TRUE;
        TdLog("NdisMCmDispatchCallConnected", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
        NdisMCmDispatchCallConnected(NdisVcHandle);
    } else {
        McmDeleteOwnVc(Vc);
    }
}

/* ProtocolCmIncomingCallComplete: NDIS calls it, <= DISPATCH_LEVEL, for the client's
 * NdisClIncomingCallComplete after its ProtocolClIncomingCall pended. */
VOID McmCmIncomingCallComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    PMCM_VC Vc = (PMCM_VC)CallMgrVcContext;
    TdLog("ProtocolCmIncomingCallComplete", Status, Vc->NdisVcHandle, CallParameters != NULL ? CallParameters->Flags : 0);
    McmIncomingCallDecided(Vc, Status);
}

/* A dispatch on Sap has finished; a deregistration that waited for it completes now. */
static VOID McmSapDispatchDone(PMCM_SAP Sap) {
    PMCM_ADAPTER Adapter = Sap->Af->Adapter;
    BOOLEAN Complete;
    NdisAcquireSpinLock(&Adapter->Lock);
    Sap->Dispatches--;
    Complete = Sap->Dispatches == 0 && Sap->CompleteAfterDispatch;
    Sap->CompleteAfterDispatch = FALSE;
    NdisReleaseSpinLock(&Adapter->Lock);
    if (Complete) {
        McmCompleteAfOrSap(TdOpDeregisterSap, Sap);
    }
}

/*
 * An incoming call: create a VC on the AF that owns the registered SAP (only the client's
 * ProtocolCoCreateVc runs), activate it, dispatch the call. The client's synchronous answer is
 * handled here; a pended one in ProtocolCmIncomingCallComplete. DISPATCH_LEVEL (a timer).
 */
static VOID McmIncomingCall(PMCM_ADAPTER Adapter) {
    PMCM_SAP Sap = NULL;
    PMCM_AF Af = NULL;
    PMCM_VC Vc;
    NDIS_HANDLE NdisVcHandle = NULL;
    NDIS_STATUS Status;
    ULONG i;

    NdisAcquireSpinLock(&Adapter->Lock);
    for (i = 0; i < MCM_MAX_AFS && Sap == NULL; i++) {
        if (Adapter->OpenAfs[i] != NULL && Adapter->OpenAfs[i]->Sap != NULL && !Adapter->OpenAfs[i]->Sap->Deregistering) {
            Af = Adapter->OpenAfs[i];
            Sap = Af->Sap;
            Sap->Dispatches++;
        }
    }
    NdisReleaseSpinLock(&Adapter->Lock);
    if (Sap == NULL) {
        TdLog("IncomingCallNotOffered", NDIS_STATUS_FAILURE, NULL, 0);  /* no SAP to offer it on */
        return;
    }
    Vc = (PMCM_VC)TdAllocate(Adapter->MiniportAdapterHandle, sizeof(*Vc));
    if (Vc == NULL) {
        McmSapDispatchDone(Sap);
        return;
    }
    Vc->Af = Af;
    Vc->CreatedByCm = TRUE;
    Status = NdisMCmCreateVc(Adapter->MiniportAdapterHandle, Af->NdisAfHandle, Vc, &NdisVcHandle);
    TdLog("NdisMCmCreateVc", Status, NdisVcHandle, 0);
    if (Status != NDIS_STATUS_SUCCESS) {
        TdFree(Vc);
        McmSapDispatchDone(Sap);
        return;
    }
    Vc->NdisVcHandle = NdisVcHandle;
    McmTrackVc(Vc);
    NdisAcquireSpinLock(&Adapter->Lock);
    if (Adapter->CreatedCount < TD_MAX_VCS) {
        Adapter->Created[Adapter->CreatedCount++] = NdisVcHandle;
    }
    NdisReleaseSpinLock(&Adapter->Lock);

    McmFillOwnParameters(Vc, 2000000);
    Status = McmActivateOwn(Vc, &Vc->Own.Call);
    if (Status != NDIS_STATUS_SUCCESS) {
        McmSapDispatchDone(Sap);
        McmDeleteOwnVc(Vc);
        return;
    }
    Status = NdisMCmDispatchIncomingCall(Sap->NdisSapHandle, NdisVcHandle, &Vc->Own.Call);
    /* After PENDING the VC may already be gone (the client answered on another processor). */
    TdLog("NdisMCmDispatchIncomingCall", Status, NdisVcHandle, 0);
    McmSapDispatchDone(Sap);
    if (Status != NDIS_STATUS_PENDING) {
        McmIncomingCallDecided(Vc, Status);  /* CM-067: our own completion logic */
    }
}

/*
 * A remote close: Ndis(M)CmDispatchIncomingCloseCall on a call that is up and whose close has
 * not completed (a close the client has pending is no reason not to: OQ-21). DISPATCH_LEVEL.
 */
static VOID McmRemoteClose(PMCM_ADAPTER Adapter, NDIS_HANDLE NdisVcHandle, NDIS_STATUS CloseStatus) {
    PMCM_VC Vc;
    BOOLEAN Dispatch;

    NdisAcquireSpinLock(&Adapter->EventLock);
    NdisAcquireSpinLock(&Adapter->Lock);
    Vc = McmFindVc(Adapter, NdisVcHandle);
    Dispatch = Vc != NULL && Vc->CallUp && !Vc->Closed;
    NdisReleaseSpinLock(&Adapter->Lock);
    if (Dispatch) {
        TdLog("NdisMCmDispatchIncomingCloseCall", CloseStatus, NdisVcHandle, 0);
        NdisMCmDispatchIncomingCloseCall(CloseStatus, NdisVcHandle, NULL, 0);
    } else {
        TdLog("IncomingCloseNotDispatched", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);  /* already closed */
    }
    NdisReleaseSpinLock(&Adapter->EventLock);
}

/* A remote party left: Ndis(M)CmDispatchIncomingDropParty. DISPATCH_LEVEL. */
static VOID McmRemoteDrop(PMCM_ADAPTER Adapter, NDIS_HANDLE NdisPartyHandle, NDIS_STATUS DropStatus) {
    TdLog("NdisMCmDispatchIncomingDropParty", DropStatus, NdisPartyHandle, 0);
    UNREFERENCED_PARAMETER(Adapter);
    NdisMCmDispatchIncomingDropParty(DropStatus, NdisPartyHandle, NULL, 0);
}

/* The network changed the QoS: reactivate with the new parameters, then tell the client
 * (CM-093, CM-094). DISPATCH_LEVEL. */
static VOID McmRemoteQoSChange(PMCM_ADAPTER Adapter, NDIS_HANDLE NdisVcHandle) {
    PMCM_VC Vc;
    NdisAcquireSpinLock(&Adapter->EventLock);
    NdisAcquireSpinLock(&Adapter->Lock);
    Vc = McmFindVc(Adapter, NdisVcHandle);
    if (Vc != NULL && (!Vc->CallUp || Vc->Closed)) {
        Vc = NULL;
    }
    NdisReleaseSpinLock(&Adapter->Lock);
    if (Vc != NULL) {
        McmFillOwnParameters(Vc, 1000000);
        if (McmActivateOwn(Vc, &Vc->Own.Call) == NDIS_STATUS_SUCCESS) {
            TdLog("NdisMCmDispatchIncomingCallQoSChange", NDIS_STATUS_SUCCESS, NdisVcHandle, 0);
            NdisMCmDispatchIncomingCallQoSChange(NdisVcHandle, &Vc->Own.Call);
        }
    }
    NdisReleaseSpinLock(&Adapter->EventLock);
}

/* Runs a remote event and frees it. DISPATCH_LEVEL (a timer). */
VOID McmRunEvent(PMCM_EVENT Event) {
    PMCM_ADAPTER Adapter = Event->Adapter;
    MCM_EVENT_KIND Kind = Event->Kind;
    NDIS_HANDLE Handle = Event->Handle;
    NDIS_STATUS Status = Event->Status;
    TdFree(Event);
    switch (Kind) {
    case McmEventIncomingCall:
        McmIncomingCall(Adapter);
        break;
    case McmEventCloseCall:
        McmRemoteClose(Adapter, Handle, Status);
        break;
    case McmEventDropParty:
        McmRemoteDrop(Adapter, Handle, Status);
        break;
    case McmEventQoSChange:
        McmRemoteQoSChange(Adapter, Handle);
        break;
    }
}

/* Schedules a remote event on a timer due at once (it races whatever else is runnable). */
static NDIS_STATUS McmScheduleEvent(MCM_EVENT_KIND Kind, NDIS_HANDLE Handle, NDIS_STATUS Status) {
    PMCM_ADAPTER Adapter = McmAdapter;
    PMCM_EVENT Event;
    TD_BEHAVIOR Now;
    if (Adapter == NULL) {
        return NDIS_STATUS_FAILURE;
    }
    Event = (PMCM_EVENT)TdAllocate(Adapter->MiniportAdapterHandle, sizeof(*Event));
    if (Event == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Event->Adapter = Adapter;
    Event->Kind = Kind;
    Event->Handle = Handle;
    Event->Status = Status;
    NdisZeroMemory(&Now, sizeof(Now));
    Now.Completion = TdCompleteTimer;
    if (!TdDefer(&Adapter->Deferrals, &Now, TdOpRemoteEvent, Event)) {
        TdFree(Event);
        return NDIS_STATUS_RESOURCES;
    }
    return NDIS_STATUS_SUCCESS;
}

/* ---- Test interface: the network speaks --------------------------------------------------- */

NDIS_STATUS TdCmIncomingCall(VOID) {
    return McmScheduleEvent(McmEventIncomingCall, NULL, NDIS_STATUS_SUCCESS);
}

NDIS_STATUS TdCmIncomingCloseCall(NDIS_HANDLE NdisVcHandle, NDIS_STATUS CloseStatus) {
    return McmScheduleEvent(McmEventCloseCall, NdisVcHandle, CloseStatus);
}

NDIS_STATUS TdCmIncomingQoSChange(NDIS_HANDLE NdisVcHandle, NDIS_STATUS Status) {
    return McmScheduleEvent(McmEventQoSChange, NdisVcHandle, Status);
}

NDIS_STATUS TdCmIncomingDropParty(NDIS_HANDLE NdisPartyHandle, NDIS_STATUS DropStatus) {
    return McmScheduleEvent(McmEventDropParty, NdisPartyHandle, DropStatus);
}

/* The Index-th VC the MCM created for an incoming call. Called while the scheduler is idle. */
NDIS_HANDLE TdCmVcHandle(ULONG Index) {
    return McmAdapter != NULL && Index < McmAdapter->CreatedCount ? McmAdapter->Created[Index] : NULL;
}

/*
 * Asks the client of every open AF instance to close it ([CM 3.11], MCM-initiated), as
 * MiniportHaltEx does. Runs at PASSIVE_LEVEL (the test's action). Returns the last status.
 */
NDIS_STATUS TdCmNotifyCloseAf(VOID) {
    PMCM_ADAPTER Adapter = McmAdapter;
    NDIS_STATUS Last = NDIS_STATUS_FAILURE;
    ULONG i;
    if (Adapter == NULL) {
        return NDIS_STATUS_FAILURE;
    }
    for (i = 0; i < MCM_MAX_AFS; i++) {
        NDIS_HANDLE NdisAfHandle = NULL;
        NdisAcquireSpinLock(&Adapter->Lock);
        if (Adapter->OpenAfs[i] != NULL) {
            NdisAfHandle = Adapter->OpenAfs[i]->NdisAfHandle;
        }
        NdisReleaseSpinLock(&Adapter->Lock);
        if (NdisAfHandle != NULL) {
            Last = NdisMCmNotifyCloseAddressFamily(NdisAfHandle);
            TdLog("NdisMCmNotifyCloseAddressFamily", Last, NdisAfHandle, 0);
        }
    }
    return Last;
}
