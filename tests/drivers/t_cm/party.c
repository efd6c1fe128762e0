/*
 * t_cm multipoint parties ([CM 3.9]) and client QoS changes ([CM 3.10]): ProtocolCmAddParty,
 * ProtocolCmDropParty and ProtocolCmModifyCallQoS answer as the test configured them, at once
 * or PENDING with the completion from a work item or a timer.
 *
 * NDIS calls these handlers at IRQL <= DISPATCH_LEVEL; none of them blocks.
 */
#include "t_cm.h"

static BOOLEAN CmAddPartyState(PCM_VC Vc, PCM_PARTY Party) {
    PCM_BINDING Binding = Vc->Af->Binding;
    BOOLEAN Added = FALSE;
    ULONG i;
    NdisAcquireSpinLock(&Binding->Lock);
    for (i = 0; i < TD_MAX_PARTIES; i++) {
        if (Vc->Added[i] == NULL) {
            Vc->Added[i] = Party;
            Added = TRUE;
            break;
        }
    }
    NdisReleaseSpinLock(&Binding->Lock);
    return Added;
}

/* Forgets and frees a party's state (dropped, or its add failed: CM-088). */
static VOID CmFreeParty(PCM_PARTY Party) {
    PCM_VC Vc = Party->Vc;
    PCM_BINDING Binding = Vc->Af->Binding;
    ULONG i;
    NdisAcquireSpinLock(&Binding->Lock);
    for (i = 0; i < TD_MAX_PARTIES; i++) {
        if (Vc->Added[i] == Party) {
            Vc->Added[i] = NULL;
        }
    }
    if (Vc->Party == Party) {
        Vc->Party = NULL;
        Vc->NdisPartyHandle = NULL;
    }
    NdisReleaseSpinLock(&Binding->Lock);
    TdFree(Party);
}

/* The parties on the VC. The caller holds the adapter's lock. */
static ULONG CmPartyCount(PCM_VC Vc) {
    ULONG i, n = Vc->Party != NULL ? 1 : 0;
    for (i = 0; i < TD_MAX_PARTIES; i++) {
        n += Vc->Added[i] != NULL ? 1 : 0;
    }
    return n;
}

/*
 * ProtocolCmAddParty: NDIS calls it for NdisClAddParty on a connected multipoint call. The party
 * takes the VC's parameters as they are; the answer is the configured one: SUCCESS with
 * *CallMgrPartyContext set (CM-081), a failure, or PENDING and NdisCmAddPartyComplete later.
 */
NDIS_STATUS CmCmAddParty(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters, NDIS_HANDLE NdisPartyHandle,
                          PNDIS_HANDLE CallMgrPartyContext) {
    PCM_VC Vc = (PCM_VC)CallMgrVcContext;
    PCM_PARTY Party;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpAddParty, &Behavior);
    Party = (PCM_PARTY)TdAllocate(CmProtocolHandle, sizeof(*Party));
    if (Party == NULL) {
        TdLog("ProtocolCmAddParty", NDIS_STATUS_RESOURCES, NdisPartyHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    Party->Vc = Vc;
    Party->NdisPartyHandle = NdisPartyHandle;
    Party->Parameters = CallParameters;
    Party->Behavior = Behavior;
    if (!CmAddPartyState(Vc, Party)) {
        TdFree(Party);
        TdLog("ProtocolCmAddParty", NDIS_STATUS_RESOURCES, NdisPartyHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolCmAddParty", Behavior.Status, NdisPartyHandle, 0);
        if (Behavior.Status == NDIS_STATUS_SUCCESS) {
            *CallMgrPartyContext = Party;
        } else {
            CmFreeParty(Party);
        }
        return Behavior.Status;
    }
    TdLog("ProtocolCmAddParty", NDIS_STATUS_PENDING, NdisPartyHandle, 0);
    TdDefer(&Vc->Af->Binding->Deferrals, &Behavior, TdOpAddParty, Party);
    return NDIS_STATUS_PENDING;
}

/*
 * ProtocolCmDropParty: NDIS calls it for NdisClDropParty. The last party cannot be dropped
 * (CM-084: FAILURE); otherwise the party's state is freed, at once or after
 * NdisCmDropPartyComplete.
 */
NDIS_STATUS CmCmDropParty(NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size) {
    PCM_PARTY Party = (PCM_PARTY)CallMgrPartyContext;
    PCM_BINDING Binding = Party->Vc->Af->Binding;
    NDIS_HANDLE NdisPartyHandle = Party->NdisPartyHandle;
    TD_BEHAVIOR Behavior;
    ULONG Parties;

    TdGetBehavior(TdOpDropParty, &Behavior);
    if (CloseData != NULL && Size != 0) {
        TdLog("ProtocolCmDropParty", NDIS_STATUS_INVALID_DATA, NdisPartyHandle, 0);
        return NDIS_STATUS_INVALID_DATA;  /* CM-073: no close data on this medium */
    }
    NdisAcquireSpinLock(&Binding->Lock);
    Parties = CmPartyCount(Party->Vc);
    NdisReleaseSpinLock(&Binding->Lock);
    if (Parties < 2) {
        TdLog("ProtocolCmDropParty", NDIS_STATUS_FAILURE, NdisPartyHandle, 0);
        return NDIS_STATUS_FAILURE;
    }
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolCmDropParty", Behavior.Status, NdisPartyHandle, 0);
        if (Behavior.Status == NDIS_STATUS_SUCCESS) {
            CmFreeParty(Party);
        }
        return Behavior.Status;
    }
    Party->Behavior = Behavior;
    TdLog("ProtocolCmDropParty", NDIS_STATUS_PENDING, NdisPartyHandle, 0);
    TdDefer(&Binding->Deferrals, &Behavior, TdOpDropParty, Party);
    return NDIS_STATUS_PENDING;
}

/*
 * ProtocolCmModifyCallQoS: NDIS calls it for NdisClModifyCallQoS. Accepting means reactivating
 * the VC with the new parameters first (CM-091); a refusal leaves the VC as it was (CM-092).
 */
NDIS_STATUS CmCmModifyCallQoS(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    PCM_VC Vc = (PCM_VC)CallMgrVcContext;
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    TD_BEHAVIOR Behavior;
    NDIS_STATUS Status;

    TdGetBehavior(TdOpModifyQoS, &Behavior);
    Vc->Behavior = Behavior;
    if (Behavior.Completion == TdCompleteSync) {
        Status = Behavior.Status;
        if (Status == NDIS_STATUS_SUCCESS) {
            /* Set before the call: the activation may complete on another processor. */
            Vc->QoSParameters = CallParameters;
            Vc->Pended = TRUE;
            Status = CmActivateFor(Vc, CallParameters, CmStepModifyQoS);
            if (Status == NDIS_STATUS_PENDING) {
                TdLog("ProtocolCmModifyCallQoS", NDIS_STATUS_PENDING, NdisVcHandle, 0);
                return NDIS_STATUS_PENDING;  /* CmModifyQoSActivated completes it */
            }
            Vc->Pended = FALSE;
            Vc->Step = CmStepNone;
            Vc->QoSParameters = NULL;
        }
        TdLog("ProtocolCmModifyCallQoS", Status, NdisVcHandle, 0);
        return Status;
    }
    Vc->QoSParameters = CallParameters;
    TdLog("ProtocolCmModifyCallQoS", NDIS_STATUS_PENDING, NdisVcHandle, 0);
    TdDefer(&Vc->Af->Binding->Deferrals, &Behavior, TdOpModifyQoS, Vc);
    return NDIS_STATUS_PENDING;
}

/* The deferred completions of add-party, drop-party and modify-QoS. PASSIVE_LEVEL (work item)
 * or DISPATCH_LEVEL (timer). Each logs before completing: the client's callback runs inside. */
VOID CmCompletePartyOrQoS(TD_OPERATION Operation, PVOID Object) {
    switch (Operation) {
    case TdOpAddParty: {
        PCM_PARTY Party = (PCM_PARTY)Object;
        NDIS_STATUS Status = Party->Behavior.Status;
        NDIS_HANDLE NdisPartyHandle = Party->NdisPartyHandle;
        PCO_CALL_PARAMETERS CallParameters = Party->Parameters;
        Party->Parameters = NULL;
        if (Status != NDIS_STATUS_SUCCESS) {
            CmFreeParty(Party);  /* the handle is invalid from the completion on (CM-082) */
            Party = NULL;
        }
        TdLog("NdisCmAddPartyComplete", Status, NdisPartyHandle, 0);
        NdisCmAddPartyComplete(Status, NdisPartyHandle, Party, CallParameters);
        break;
    }
    case TdOpDropParty: {
        PCM_PARTY Party = (PCM_PARTY)Object;
        NDIS_STATUS Status = Party->Behavior.Status;
        NDIS_HANDLE NdisPartyHandle = Party->NdisPartyHandle;
        if (Status == NDIS_STATUS_SUCCESS) {
            CmFreeParty(Party);
        }
        TdLog("NdisCmDropPartyComplete", Status, NdisPartyHandle, 0);
        NdisCmDropPartyComplete(Status, NdisPartyHandle);
        break;
    }
    case TdOpModifyQoS: {
        PCM_VC Vc = (PCM_VC)Object;
        NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
        PCO_CALL_PARAMETERS CallParameters = Vc->QoSParameters;
        NDIS_STATUS Status = Vc->Behavior.Status;
        if (Status == NDIS_STATUS_SUCCESS) {
            Vc->Pended = TRUE;
            Status = CmActivateFor(Vc, CallParameters, CmStepModifyQoS);
            if (Status == NDIS_STATUS_PENDING) {
                break;  /* CmModifyQoSActivated completes it */
            }
        }
        Vc->QoSParameters = NULL;
        Vc->Pended = FALSE;
        Vc->Step = CmStepNone;
        TdLog("NdisCmModifyCallQoSComplete", Status, NdisVcHandle, 0);
        NdisCmModifyCallQoSComplete(Status, NdisVcHandle, CallParameters);
        break;
    }
    default:
        break;
    }
}

/* The miniport finished a reactivation for the client's QoS change (ProtocolCmActivateVcComplete):
 * the modify completes with its status. <= DISPATCH_LEVEL. */
VOID CmModifyQoSActivated(PCM_VC Vc, NDIS_STATUS Status) {
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    PCO_CALL_PARAMETERS CallParameters = Vc->QoSParameters;
    Vc->QoSParameters = NULL;
    Vc->Pended = FALSE;
    Vc->Step = CmStepNone;
    TdLog("NdisCmModifyCallQoSComplete", Status, NdisVcHandle, 0);
    NdisCmModifyCallQoSComplete(Status, NdisVcHandle, CallParameters);
}
