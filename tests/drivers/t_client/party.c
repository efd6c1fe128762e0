/*
 * t_client multipoint parties ([CM 3.9]) and QoS changes ([CM 3.10]): the TdClient* actions
 * that add and drop parties and modify the QoS, and the callbacks for requests that pended and
 * for the remote side's drops and QoS changes.
 */
#include "t_client.h"

static PCL_PARTY ClPartyOf(ULONG Slot, ULONG Party) {
    if (ClBinding == NULL || Slot >= TD_MAX_VCS || Party >= TD_MAX_PARTIES) {
        return NULL;
    }
    return &ClBinding->Vcs[Slot].Parties[Party];
}

/* Forgets a party whose handle is released. Any IRQL. */
static VOID ClForgetParty(PCL_PARTY Party) {
    PCL_VC Vc = Party->Vc;
    NdisAcquireSpinLock(&ClBinding->Lock);
    NdisZeroMemory(Party, sizeof(*Party));
    Party->Vc = Vc;
    if (Party == &Vc->Parties[0]) {
        Vc->NdisPartyHandle = NULL;
    }
    NdisReleaseSpinLock(&ClBinding->Lock);
}

/* ProtocolClAddPartyComplete: <= DISPATCH_LEVEL, for an add that pended. Releases the buffer. */
VOID ClAddPartyComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext, NDIS_HANDLE NdisPartyHandle,
                        PCO_CALL_PARAMETERS CallParameters) {
    PCL_PARTY Party = (PCL_PARTY)ProtocolPartyContext;
    TdLog("ProtocolClAddPartyComplete", Status, NdisPartyHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        /* NDIS made the party ACTIVE before this callback: a drop issued with the handle from the
         * PENDING return may already have gone through on another processor. */
        NdisAcquireSpinLock(&ClBinding->Lock);
        if (Party->InUse) {
            Party->NdisPartyHandle = NdisPartyHandle;
            Party->Parameters = NULL;
            Party->Active = TRUE;
        }
        NdisReleaseSpinLock(&ClBinding->Lock);
    } else {
        ClForgetParty(Party);  /* the handle is invalid (CM-082) */
    }
    TdFree(CallParameters);
    ClContinueTeardown(ClBinding);  /* does nothing unless a teardown is in progress */
}

/* ProtocolClDropPartyComplete: <= DISPATCH_LEVEL, for a drop that pended. */
VOID ClDropPartyComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext) {
    PCL_PARTY Party = (PCL_PARTY)ProtocolPartyContext;
    TdLog("ProtocolClDropPartyComplete", Status, NULL, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClForgetParty(Party);
    } else {
        NdisAcquireSpinLock(&ClBinding->Lock);
        Party->Dropping = FALSE;
        NdisReleaseSpinLock(&ClBinding->Lock);
    }
    ClContinueTeardown(ClBinding);  /* does nothing unless a teardown is in progress */
}

/* Drops Party; the caller has set Party->Dropping. The handle is dead from the call on (CM-083).
 * <= DISPATCH_LEVEL. */
NDIS_STATUS ClDropPartyOn(PCL_PARTY Party) {
    NDIS_HANDLE NdisPartyHandle;
    NDIS_STATUS Status;
    NdisAcquireSpinLock(&ClBinding->Lock);
    NdisPartyHandle = Party->NdisPartyHandle;  /* the add's completion may set it on another processor */
    NdisReleaseSpinLock(&ClBinding->Lock);
    Status = NdisClDropParty(NdisPartyHandle, NULL, 0);
    TdLog("NdisClDropParty", Status, NdisPartyHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClForgetParty(Party);
    } else if (Status != NDIS_STATUS_PENDING) {
        NdisAcquireSpinLock(&ClBinding->Lock);
        Party->Dropping = FALSE;
        NdisReleaseSpinLock(&ClBinding->Lock);
    }
    return Status;
}

/*
 * ProtocolClIncomingDropParty: <= DISPATCH_LEVEL; a remote party left ([CM 3.9], remote drop).
 * Answered with NdisClDropParty (CM-086) unless the client is dropping it already.
 */
VOID ClIncomingDropParty(NDIS_STATUS DropStatus, NDIS_HANDLE ProtocolPartyContext, PVOID CloseData, UINT Size) {
    PCL_PARTY Party = (PCL_PARTY)ProtocolPartyContext;
    BOOLEAN Drop;
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    TdLog("ProtocolClIncomingDropParty", DropStatus, NULL, 0);
    NdisAcquireSpinLock(&ClBinding->Lock);
    Drop = Party->Active && !Party->Dropping;
    if (Drop) {
        Party->Dropping = TRUE;
    }
    NdisReleaseSpinLock(&ClBinding->Lock);
    if (Drop) {
        (VOID)ClDropPartyOn(Party);
    }
}

/* ProtocolClModifyCallQoSComplete: <= DISPATCH_LEVEL, for a modify that pended (CM-095: the
 * buffer was kept until now). */
VOID ClModifyCallQoSComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, PCO_CALL_PARAMETERS CallParameters) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    TdLog("ProtocolClModifyCallQoSComplete", Status, Vc->NdisVcHandle, CallParameters->Flags);
    TdFree(CallParameters);
}

/* ProtocolClIncomingCallQoSChange: <= DISPATCH_LEVEL; the new QoS is accepted by returning. */
VOID ClIncomingCallQoSChange(NDIS_HANDLE ProtocolVcContext, PCO_CALL_PARAMETERS CallParameters) {
    PCL_VC Vc = (PCL_VC)ProtocolVcContext;
    TdLog("ProtocolClIncomingCallQoSChange", NDIS_STATUS_SUCCESS, Vc->NdisVcHandle, CallParameters->Flags);
}

/* ---- Test actions, run at PASSIVE_LEVEL on a simulated processor -------------------------- */

/* Adds party number Party (1 .. TD_MAX_PARTIES - 1) to the multipoint call in Slot. */
NDIS_STATUS TdClientAddParty(ULONG Slot, ULONG Party) {
    PCL_PARTY P = ClPartyOf(Slot, Party);
    PCL_VC Vc;
    PCO_CALL_PARAMETERS CallParameters;
    NDIS_HANDLE NdisPartyHandle = NULL;
    NDIS_STATUS Status;

    if (P == NULL || Party == 0) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    Vc = &ClBinding->Vcs[Slot];
    CallParameters = ClAllocateCallParameters(Slot, 0);
    if (CallParameters == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisAcquireSpinLock(&ClBinding->Lock);
    NdisZeroMemory(P, sizeof(*P));
    P->Vc = Vc;
    P->InUse = TRUE;
    P->Parameters = CallParameters;
    NdisReleaseSpinLock(&ClBinding->Lock);
    Status = NdisClAddParty(Vc->NdisVcHandle, P, CallParameters, &NdisPartyHandle);
    TdLog("NdisClAddParty", Status, NdisPartyHandle, 0);
    if (Status == NDIS_STATUS_PENDING) {
        /* The handle is valid for a drop only once the add completed (OQ-23). */
        NdisAcquireSpinLock(&ClBinding->Lock);
        if (!P->Active && P->InUse) {
            P->NdisPartyHandle = NdisPartyHandle;
        }
        NdisReleaseSpinLock(&ClBinding->Lock);
        return Status;
    }
    if (Status == NDIS_STATUS_SUCCESS) {
        NdisAcquireSpinLock(&ClBinding->Lock);
        P->NdisPartyHandle = NdisPartyHandle;
        P->Parameters = NULL;
        P->Active = TRUE;
        NdisReleaseSpinLock(&ClBinding->Lock);
    } else {
        ClForgetParty(P);
    }
    TdFree(CallParameters);
    return Status;
}

/* Drops party number Party of the call in Slot (0: the first party). The request is issued even
 * while the party's add is pending (the test's overlap case; NDIS refuses it, OQ-23). */
NDIS_STATUS TdClientDropParty(ULONG Slot, ULONG Party) {
    PCL_PARTY P = ClPartyOf(Slot, Party);
    if (P == NULL || !P->InUse) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    NdisAcquireSpinLock(&ClBinding->Lock);
    if (P->Dropping) {
        NdisReleaseSpinLock(&ClBinding->Lock);
        return NDIS_STATUS_CLOSING;
    }
    P->Dropping = TRUE;
    NdisReleaseSpinLock(&ClBinding->Lock);
    return ClDropPartyOn(P);
}

/* Asks for a new QoS on the call in Slot (twice the peak bandwidth). */
NDIS_STATUS TdClientModifyQoS(ULONG Slot) {
    PCO_CALL_PARAMETERS CallParameters;
    NDIS_HANDLE NdisVcHandle;
    NDIS_STATUS Status;

    if (ClBinding == NULL || Slot >= TD_MAX_VCS) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    NdisVcHandle = ClBinding->Vcs[Slot].NdisVcHandle;
    CallParameters = ClAllocateCallParameters(Slot, 0);
    if (CallParameters == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    CallParameters->CallMgrParameters->Transmit.PeakBandwidth *= 2;
    Status = NdisClModifyCallQoS(NdisVcHandle, CallParameters);
    if (Status == NDIS_STATUS_PENDING) {
        TdLog("NdisClModifyCallQoS", Status, NdisVcHandle, 0);
        return Status;
    }
    TdLog("NdisClModifyCallQoS", Status, NdisVcHandle, CallParameters->Flags);
    TdFree(CallParameters);
    return Status;
}

/* The NDIS handle of a party (0: the first party). Called by the test while the scheduler is idle. */
NDIS_HANDLE TdClientPartyHandle(ULONG Slot, ULONG Party) {
    PCL_PARTY P = ClPartyOf(Slot, Party);
    if (P == NULL) {
        return NULL;
    }
    return Party == 0 ? ClBinding->Vcs[Slot].NdisPartyHandle : P->NdisPartyHandle;
}
