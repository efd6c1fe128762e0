/*
 * t_mcm multipoint parties ([CM 3.9]) and client QoS changes ([CM 3.10]): ProtocolCmAddParty,
 * ProtocolCmDropParty and ProtocolCmModifyCallQoS answer as the test configured them, at once
 * or PENDING with the completion from a work item or a timer.
 *
 * NDIS calls these handlers at IRQL <= DISPATCH_LEVEL; none of them blocks.
 */
#include "t_mcm.h"

static BOOLEAN McmAddPartyState(PMCM_VC Vc, PMCM_PARTY Party) {
    PMCM_ADAPTER Adapter = Vc->Af->Adapter;
    BOOLEAN Added = FALSE;
    ULONG i;
    NdisAcquireSpinLock(&Adapter->Lock);
    for (i = 0; i < TD_MAX_PARTIES; i++) {
        if (Vc->Added[i] == NULL) {
            Vc->Added[i] = Party;
            Added = TRUE;
            break;
        }
    }
    NdisReleaseSpinLock(&Adapter->Lock);
    return Added;
}

/* Forgets and frees a party's state (dropped, or its add failed: CM-088). */
static VOID McmFreeParty(PMCM_PARTY Party) {
    PMCM_VC Vc = Party->Vc;
    PMCM_ADAPTER Adapter = Vc->Af->Adapter;
    ULONG i;
    NdisAcquireSpinLock(&Adapter->Lock);
    for (i = 0; i < TD_MAX_PARTIES; i++) {
        if (Vc->Added[i] == Party) {
            Vc->Added[i] = NULL;
        }
    }
    if (Vc->Party == Party) {
        Vc->Party = NULL;
        Vc->NdisPartyHandle = NULL;
    }
    NdisReleaseSpinLock(&Adapter->Lock);
    TdFree(Party);
}

/* The parties on the VC. The caller holds the adapter's lock. */
static ULONG McmPartyCount(PMCM_VC Vc) {
    ULONG i, n = Vc->Party != NULL ? 1 : 0;
    for (i = 0; i < TD_MAX_PARTIES; i++) {
        n += Vc->Added[i] != NULL ? 1 : 0;
    }
    return n;
}

/*
 * ProtocolCmAddParty: NDIS calls it for NdisClAddParty on a connected multipoint call. The party
 * takes the VC's parameters as they are; the answer is the configured one: SUCCESS with
 * *CallMgrPartyContext set (CM-081), a failure, or PENDING and NdisMCmAddPartyComplete later.
 */
NDIS_STATUS McmCmAddParty(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters, NDIS_HANDLE NdisPartyHandle,
                          PNDIS_HANDLE CallMgrPartyContext) {
    PMCM_VC Vc = (PMCM_VC)CallMgrVcContext;
    PMCM_PARTY Party;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpAddParty, &Behavior);
    Party = (PMCM_PARTY)TdAllocate(Vc->Af->Adapter->MiniportAdapterHandle, sizeof(*Party));
    if (Party == NULL) {
        TdLog("ProtocolCmAddParty", NDIS_STATUS_RESOURCES, NdisPartyHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    Party->Vc = Vc;
    Party->NdisPartyHandle = NdisPartyHandle;
    Party->Parameters = CallParameters;
    Party->Behavior = Behavior;
    if (!McmAddPartyState(Vc, Party)) {
        TdFree(Party);
        TdLog("ProtocolCmAddParty", NDIS_STATUS_RESOURCES, NdisPartyHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolCmAddParty", Behavior.Status, NdisPartyHandle, 0);
        if (Behavior.Status == NDIS_STATUS_SUCCESS) {
            *CallMgrPartyContext = Party;
        } else {
            McmFreeParty(Party);
        }
        return Behavior.Status;
    }
    TdLog("ProtocolCmAddParty", NDIS_STATUS_PENDING, NdisPartyHandle, 0);
    TdDefer(&Vc->Af->Adapter->Deferrals, &Behavior, TdOpAddParty, Party);
    return NDIS_STATUS_PENDING;
}

/*
 * ProtocolCmDropParty: NDIS calls it for NdisClDropParty. The last party cannot be dropped
 * (CM-084: FAILURE); otherwise the party's state is freed, at once or after
 * NdisMCmDropPartyComplete.
 */
NDIS_STATUS McmCmDropParty(NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size) {
    PMCM_PARTY Party = (PMCM_PARTY)CallMgrPartyContext;
    PMCM_ADAPTER Adapter = Party->Vc->Af->Adapter;
    NDIS_HANDLE NdisPartyHandle = Party->NdisPartyHandle;
    TD_BEHAVIOR Behavior;
    ULONG Parties;

    TdGetBehavior(TdOpDropParty, &Behavior);
    if (CloseData != NULL && Size != 0) {
        TdLog("ProtocolCmDropParty", NDIS_STATUS_INVALID_DATA, NdisPartyHandle, 0);
        return NDIS_STATUS_INVALID_DATA;  /* CM-073: no close data on this medium */
    }
    NdisAcquireSpinLock(&Adapter->Lock);
    Parties = McmPartyCount(Party->Vc);
    NdisReleaseSpinLock(&Adapter->Lock);
    if (Parties < 2) {
        TdLog("ProtocolCmDropParty", NDIS_STATUS_FAILURE, NdisPartyHandle, 0);
        return NDIS_STATUS_FAILURE;
    }
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolCmDropParty", Behavior.Status, NdisPartyHandle, 0);
        if (Behavior.Status == NDIS_STATUS_SUCCESS) {
            McmFreeParty(Party);
        }
        return Behavior.Status;
    }
    Party->Behavior = Behavior;
    TdLog("ProtocolCmDropParty", NDIS_STATUS_PENDING, NdisPartyHandle, 0);
    TdDefer(&Adapter->Deferrals, &Behavior, TdOpDropParty, Party);
    return NDIS_STATUS_PENDING;
}

/*
 * ProtocolCmModifyCallQoS: NDIS calls it for NdisClModifyCallQoS. Accepting means reactivating
 * the VC with the new parameters first (CM-091); a refusal leaves the VC as it was (CM-092).
 */
NDIS_STATUS McmCmModifyCallQoS(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    PMCM_VC Vc = (PMCM_VC)CallMgrVcContext;
    NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
    TD_BEHAVIOR Behavior;
    NDIS_STATUS Status;

    TdGetBehavior(TdOpModifyQoS, &Behavior);
    Vc->Behavior = Behavior;
    if (Behavior.Completion == TdCompleteSync) {
        Status = Behavior.Status;
        if (Status == NDIS_STATUS_SUCCESS) {
            Status = McmActivateOwn(Vc, CallParameters);
        }
        TdLog("ProtocolCmModifyCallQoS", Status, NdisVcHandle, 0);
        return Status;
    }
    Vc->QoSParameters = CallParameters;
    TdLog("ProtocolCmModifyCallQoS", NDIS_STATUS_PENDING, NdisVcHandle, 0);
    TdDefer(&Vc->Af->Adapter->Deferrals, &Behavior, TdOpModifyQoS, Vc);
    return NDIS_STATUS_PENDING;
}

/* The deferred completions of add-party, drop-party and modify-QoS. PASSIVE_LEVEL (work item)
 * or DISPATCH_LEVEL (timer). Each logs before completing: the client's callback runs inside. */
VOID McmCompletePartyOrQoS(TD_OPERATION Operation, PVOID Object) {
    switch (Operation) {
    case TdOpAddParty: {
        PMCM_PARTY Party = (PMCM_PARTY)Object;
        NDIS_STATUS Status = Party->Behavior.Status;
        NDIS_HANDLE NdisPartyHandle = Party->NdisPartyHandle;
        PCO_CALL_PARAMETERS CallParameters = Party->Parameters;
        Party->Parameters = NULL;
        if (Status != NDIS_STATUS_SUCCESS) {
            McmFreeParty(Party);  /* the handle is invalid from the completion on (CM-082) */
            Party = NULL;
        }
        TdLog("NdisMCmAddPartyComplete", Status, NdisPartyHandle, 0);
        NdisMCmAddPartyComplete(Status, NdisPartyHandle, Party, CallParameters);
        break;
    }
    case TdOpDropParty: {
        PMCM_PARTY Party = (PMCM_PARTY)Object;
        NDIS_STATUS Status = Party->Behavior.Status;
        NDIS_HANDLE NdisPartyHandle = Party->NdisPartyHandle;
        if (Status == NDIS_STATUS_SUCCESS) {
            McmFreeParty(Party);
        }
        TdLog("NdisMCmDropPartyComplete", Status, NdisPartyHandle, 0);
        NdisMCmDropPartyComplete(Status, NdisPartyHandle);
        break;
    }
    case TdOpModifyQoS: {
        PMCM_VC Vc = (PMCM_VC)Object;
        NDIS_HANDLE NdisVcHandle = Vc->NdisVcHandle;
        PCO_CALL_PARAMETERS CallParameters = Vc->QoSParameters;
        NDIS_STATUS Status = Vc->Behavior.Status;
        Vc->QoSParameters = NULL;
        if (Status == NDIS_STATUS_SUCCESS) {
            Status = McmActivateOwn(Vc, CallParameters);
        }
        TdLog("NdisMCmModifyCallQoSComplete", Status, NdisVcHandle, 0);
        NdisMCmModifyCallQoSComplete(Status, NdisVcHandle, CallParameters);
        break;
    }
    default:
        break;
    }
}
