/*
 * t_mcm call-manager handlers for address families and SAPs, the deferred completions of those
 * operations, and the deferral routine of the adapter.
 *
 * NDIS calls every ProtocolCm* handler at IRQL <= DISPATCH_LEVEL; none of them blocks.
 */
#include "t_mcm.h"

static VOID McmRememberAf(PMCM_AF Af) {
    PMCM_ADAPTER Adapter = Af->Adapter;
    ULONG i;
    NdisAcquireSpinLock(&Adapter->Lock);
    for (i = 0; i < MCM_MAX_AFS; i++) {
        if (Adapter->OpenAfs[i] == NULL) {
            Adapter->OpenAfs[i] = Af;
            break;
        }
    }
    NdisReleaseSpinLock(&Adapter->Lock);
}

VOID McmForgetAf(PMCM_AF Af) {
    PMCM_ADAPTER Adapter = Af->Adapter;
    ULONG i;
    NdisAcquireSpinLock(&Adapter->Lock);
    for (i = 0; i < MCM_MAX_AFS; i++) {
        if (Adapter->OpenAfs[i] == Af) {
            Adapter->OpenAfs[i] = NULL;
        }
    }
    NdisReleaseSpinLock(&Adapter->Lock);
}

/*
 * ProtocolCmOpenAf: NDIS calls it for NdisClOpenAddressFamilyEx. CallMgrBindingContext is the
 * MiniportAdapterContext. Returns SUCCESS with *CallMgrAfContext set, PENDING (completed later
 * with NdisMCmOpenAddressFamilyComplete), or the configured failure.
 */
NDIS_STATUS McmCmOpenAf(NDIS_HANDLE CallMgrBindingContext, PCO_ADDRESS_FAMILY AddressFamily, NDIS_HANDLE NdisAfHandle,
                        PNDIS_HANDLE CallMgrAfContext) {
    PMCM_ADAPTER Adapter = (PMCM_ADAPTER)CallMgrBindingContext;
    PMCM_AF Af;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpOpenAf, &Behavior);
    if (AddressFamily->AddressFamily != CO_ADDRESS_FAMILY_Q2931) {
        TdLog("ProtocolCmOpenAf", NDIS_STATUS_FAILURE, NdisAfHandle, 0);
        return NDIS_STATUS_FAILURE;
    }
    Af = (PMCM_AF)TdAllocate(Adapter->MiniportAdapterHandle, sizeof(*Af));
    if (Af == NULL) {
        TdLog("ProtocolCmOpenAf", NDIS_STATUS_RESOURCES, NdisAfHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    Af->Adapter = Adapter;
    Af->NdisAfHandle = NdisAfHandle;
    Af->Behavior = Behavior;
    *CallMgrAfContext = Af;

    if (Behavior.Completion == TdCompleteSync) {
        if (Behavior.Status != NDIS_STATUS_SUCCESS) {
            TdFree(Af);
            TdLog("ProtocolCmOpenAf", Behavior.Status, NdisAfHandle, 0);
            return Behavior.Status;
        }
        McmRememberAf(Af);
        TdLog("ProtocolCmOpenAf", NDIS_STATUS_SUCCESS, NdisAfHandle, 0);
        if (Behavior.Fault == TdFaultCompleteWithoutPending) {
            TdDefer(&Adapter->Deferrals, &Behavior, TdOpOpenAf, Af);
        }
        return NDIS_STATUS_SUCCESS;
    }
    TdLog("ProtocolCmOpenAf", NDIS_STATUS_PENDING, NdisAfHandle, 0);
    TdDefer(&Adapter->Deferrals, &Behavior, TdOpOpenAf, Af);
    return NDIS_STATUS_PENDING;
}

/*
 * ProtocolCmCloseAf: NDIS calls it for NdisClCloseAddressFamily. Returns SUCCESS (the AF
 * context is freed), PENDING (NdisMCmCloseAddressFamilyComplete follows), or the configured
 * failure (the AF stays open).
 */
NDIS_STATUS McmCmCloseAf(NDIS_HANDLE CallMgrAfContext) {
    PMCM_AF Af = (PMCM_AF)CallMgrAfContext;
    NDIS_HANDLE NdisAfHandle = Af->NdisAfHandle;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpCloseAf, &Behavior);
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolCmCloseAf", Behavior.Status, NdisAfHandle, 0);
        if (Behavior.Status == NDIS_STATUS_SUCCESS) {
            McmForgetAf(Af);
            TdFree(Af);
        }
        return Behavior.Status;
    }
    Af->Behavior = Behavior;
    McmForgetAf(Af);
    TdLog("ProtocolCmCloseAf", NDIS_STATUS_PENDING, NdisAfHandle, 0);
    TdDefer(&Af->Adapter->Deferrals, &Behavior, TdOpCloseAf, Af);
    return NDIS_STATUS_PENDING;
}

/*
 * ProtocolCmRegisterSap: NDIS calls it for NdisClRegisterSap. Any SAP is accepted unless the
 * test configured a failure.
 */
NDIS_STATUS McmCmRegisterSap(NDIS_HANDLE CallMgrAfContext, PCO_SAP Sap, NDIS_HANDLE NdisSapHandle,
                             PNDIS_HANDLE CallMgrSapContext) {
    PMCM_AF Af = (PMCM_AF)CallMgrAfContext;
    PMCM_SAP SapContext;
    TD_BEHAVIOR Behavior;
    UNREFERENCED_PARAMETER(Sap);

    TdGetBehavior(TdOpRegisterSap, &Behavior);
    SapContext = (PMCM_SAP)TdAllocate(Af->Adapter->MiniportAdapterHandle, sizeof(*SapContext));
    if (SapContext == NULL) {
        TdLog("ProtocolCmRegisterSap", NDIS_STATUS_RESOURCES, NdisSapHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    SapContext->Af = Af;
    SapContext->NdisSapHandle = NdisSapHandle;
    SapContext->Behavior = Behavior;
    *CallMgrSapContext = SapContext;
    if (Behavior.Status == NDIS_STATUS_SUCCESS) {
        /* Incoming calls may be offered on it from now on, even while it registers ([CM 3.3]). */
        NdisAcquireSpinLock(&Af->Adapter->Lock);
        Af->Sap = SapContext;
        NdisReleaseSpinLock(&Af->Adapter->Lock);
    }
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolCmRegisterSap", Behavior.Status, NdisSapHandle, 0);
        if (Behavior.Status != NDIS_STATUS_SUCCESS) {
            TdFree(SapContext);
        } else if (Behavior.Fault == TdFaultCompleteWithoutPending) {
            TdDefer(&Af->Adapter->Deferrals, &Behavior, TdOpRegisterSap, SapContext);
        }
        return Behavior.Status;
    }
    TdLog("ProtocolCmRegisterSap", NDIS_STATUS_PENDING, NdisSapHandle, 0);
    TdDefer(&Af->Adapter->Deferrals, &Behavior, TdOpRegisterSap, SapContext);
    return NDIS_STATUS_PENDING;
}

/*
 * ProtocolCmDeregisterSap: NDIS calls it for NdisClDeregisterSap. SUCCESS frees the SAP;
 * PENDING is followed by NdisMCmDeregisterSapComplete.
 */
NDIS_STATUS McmCmDeregisterSap(NDIS_HANDLE CallMgrSapContext) {
    PMCM_SAP SapContext = (PMCM_SAP)CallMgrSapContext;
    PMCM_ADAPTER Adapter = SapContext->Af->Adapter;
    TD_BEHAVIOR Behavior;
    BOOLEAN Dispatching;

    TdGetBehavior(TdOpDeregisterSap, &Behavior);
    /* No incoming call is offered on it from now on; one being dispatched finishes first. */
    NdisAcquireSpinLock(&Adapter->Lock);
    SapContext->Deregistering = TRUE;
    if (SapContext->Af->Sap == SapContext) {
        SapContext->Af->Sap = NULL;
    }
    Dispatching = SapContext->Dispatches > 0;
    SapContext->CompleteAfterDispatch = Dispatching;
    NdisReleaseSpinLock(&Adapter->Lock);
    if (Dispatching) {
        SapContext->Behavior = Behavior;
        SapContext->Behavior.Completion = TdCompleteWorkItem;
        TdLog("ProtocolCmDeregisterSap", NDIS_STATUS_PENDING, SapContext->NdisSapHandle, 0);
        return NDIS_STATUS_PENDING;  /* McmSapDeregistered completes it */
    }
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolCmDeregisterSap", NDIS_STATUS_SUCCESS, SapContext->NdisSapHandle, 0);
        TdFree(SapContext);
        return NDIS_STATUS_SUCCESS;
    }
    SapContext->Behavior = Behavior;
    TdLog("ProtocolCmDeregisterSap", NDIS_STATUS_PENDING, SapContext->NdisSapHandle, 0);
    TdDefer(&SapContext->Af->Adapter->Deferrals, &Behavior, TdOpDeregisterSap, SapContext);
    return NDIS_STATUS_PENDING;
}

/*
 * The deferred completions of the AF and SAP operations, from a work item (PASSIVE_LEVEL) or a
 * timer (DISPATCH_LEVEL). A configured fault is applied here: PENDING passed as the status
 * (then the real completion), a second completion, or a completion after a synchronous answer.
 */
VOID McmCompleteAfOrSap(TD_OPERATION Operation, PVOID Object) {
    switch (Operation) {
    case TdOpOpenAf: {
        PMCM_AF Af = (PMCM_AF)Object;
        NDIS_HANDLE NdisAfHandle = Af->NdisAfHandle;
        TD_BEHAVIOR Behavior = Af->Behavior;
        if (Behavior.Fault == TdFaultCompleteWithoutPending) {
            NdisMCmOpenAddressFamilyComplete(NDIS_STATUS_SUCCESS, NdisAfHandle, Af);
            TdLog("NdisMCmOpenAddressFamilyComplete", NDIS_STATUS_SUCCESS, NdisAfHandle, 0);
            return;
        }
        if (Behavior.Fault == TdFaultCompleteWithPending) {
            NdisMCmOpenAddressFamilyComplete(NDIS_STATUS_PENDING, NdisAfHandle, Af);
            TdLog("NdisMCmOpenAddressFamilyComplete", NDIS_STATUS_PENDING, NdisAfHandle, 0);
        }
        if (Behavior.Status == NDIS_STATUS_SUCCESS) {
            McmRememberAf(Af);
        }
        if (Behavior.Fault == TdFaultWrongCompletion) {
            NdisCmOpenAddressFamilyComplete(Behavior.Status, NdisAfHandle, Af);
        } else {
            NdisMCmOpenAddressFamilyComplete(Behavior.Status, NdisAfHandle, Af);
        }
        TdLog("NdisMCmOpenAddressFamilyComplete", Behavior.Status, NdisAfHandle, 0);
        if (Behavior.Fault == TdFaultCompleteTwice) {
            NdisMCmOpenAddressFamilyComplete(Behavior.Status, NdisAfHandle, Af);
            TdLog("NdisMCmOpenAddressFamilyComplete", Behavior.Status, NdisAfHandle, 0);
        }
        if (Behavior.Status != NDIS_STATUS_SUCCESS) {
            TdFree(Af);
        }
        break;
    }
    case TdOpCloseAf: {
        PMCM_AF Af = (PMCM_AF)Object;
        NDIS_HANDLE NdisAfHandle = Af->NdisAfHandle;
        TD_BEHAVIOR Behavior = Af->Behavior;
        TdFree(Af);
        if (Behavior.Fault == TdFaultCompleteWithPending) {
            NdisMCmCloseAddressFamilyComplete(NDIS_STATUS_PENDING, NdisAfHandle);
            TdLog("NdisMCmCloseAddressFamilyComplete", NDIS_STATUS_PENDING, NdisAfHandle, 0);
        }
        NdisMCmCloseAddressFamilyComplete(NDIS_STATUS_SUCCESS, NdisAfHandle);
        TdLog("NdisMCmCloseAddressFamilyComplete", NDIS_STATUS_SUCCESS, NdisAfHandle, 0);
        if (Behavior.Fault == TdFaultCompleteTwice) {
            NdisMCmCloseAddressFamilyComplete(NDIS_STATUS_SUCCESS, NdisAfHandle);
            TdLog("NdisMCmCloseAddressFamilyComplete", NDIS_STATUS_SUCCESS, NdisAfHandle, 0);
        }
        break;
    }
    case TdOpRegisterSap: {
        PMCM_SAP SapContext = (PMCM_SAP)Object;
        NDIS_HANDLE NdisSapHandle = SapContext->NdisSapHandle;
        TD_BEHAVIOR Behavior = SapContext->Behavior;
        if (Behavior.Fault == TdFaultCompleteWithoutPending) {
            NdisMCmRegisterSapComplete(NDIS_STATUS_SUCCESS, NdisSapHandle, SapContext);
            TdLog("NdisMCmRegisterSapComplete", NDIS_STATUS_SUCCESS, NdisSapHandle, 0);
            return;
        }
        if (Behavior.Fault == TdFaultCompleteWithPending) {
            NdisMCmRegisterSapComplete(NDIS_STATUS_PENDING, NdisSapHandle, SapContext);
            TdLog("NdisMCmRegisterSapComplete", NDIS_STATUS_PENDING, NdisSapHandle, 0);
        }
        if (Behavior.Status != NDIS_STATUS_SUCCESS) {
            TdFree(SapContext);
        }
        NdisMCmRegisterSapComplete(Behavior.Status, NdisSapHandle,
                                   Behavior.Status == NDIS_STATUS_SUCCESS ? SapContext : NULL);
        TdLog("NdisMCmRegisterSapComplete", Behavior.Status, NdisSapHandle, 0);
        if (Behavior.Fault == TdFaultCompleteTwice) {
            NdisMCmRegisterSapComplete(Behavior.Status, NdisSapHandle, NULL);
            TdLog("NdisMCmRegisterSapComplete", Behavior.Status, NdisSapHandle, 0);
        }
        break;
    }
    case TdOpDeregisterSap: {
        PMCM_SAP SapContext = (PMCM_SAP)Object;
        NDIS_HANDLE NdisSapHandle = SapContext->NdisSapHandle;
        TD_BEHAVIOR Behavior = SapContext->Behavior;
        TdFree(SapContext);
        if (Behavior.Fault == TdFaultCompleteWithPending) {
            NdisMCmDeregisterSapComplete(NDIS_STATUS_PENDING, NdisSapHandle);
            TdLog("NdisMCmDeregisterSapComplete", NDIS_STATUS_PENDING, NdisSapHandle, 0);
        }
        TdLog("NdisMCmDeregisterSapComplete", NDIS_STATUS_SUCCESS, NdisSapHandle, 0);
        NdisMCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, NdisSapHandle);
        if (Behavior.Fault == TdFaultCompleteTwice) {
            NdisMCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, NdisSapHandle);
            TdLog("NdisMCmDeregisterSapComplete", NDIS_STATUS_SUCCESS, NdisSapHandle, 0);
        }
        break;
    }
    default:
        break;
    }
}

/* The adapter's deferral routine. PASSIVE_LEVEL (work item) or DISPATCH_LEVEL (timer). */
VOID McmRunDeferred(TD_OPERATION Operation, PVOID Object) {
    if (Operation == TdOpMakeCall || Operation == TdOpCloseCall) {
        McmCompleteCall(Operation, Object);
    } else if (Operation == TdOpRemoteEvent) {
        McmRunEvent((PMCM_EVENT)Object);
    } else if (Operation == TdOpDeleteVc) {
        McmDeleteOwnVc((PMCM_VC)Object);
    } else if (Operation == TdOpAddParty || Operation == TdOpDropParty || Operation == TdOpModifyQoS) {
        McmCompletePartyOrQoS(Operation, Object);
    } else {
        McmCompleteAfOrSap(Operation, Object);
    }
}

/* ProtocolCmActivateVcComplete: NDIS never calls it on an MCM (CM-025); logged if it does. */
VOID McmCmActivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    TdLog("ProtocolCmActivateVcComplete", Status, NULL, 0);
}

/* ProtocolCmDeactivateVcComplete: never called on an MCM (CM-025); logged if it is. */
VOID McmCmDeactivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext) {
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    TdLog("ProtocolCmDeactivateVcComplete", Status, NULL, 0);
}

/* CmOidRequestHandler: distinct from MiniportCoOidRequest (CM-024); no OID is supported. */
NDIS_STATUS McmCmOidRequest(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext,
                            PNDIS_OID_REQUEST OidRequest) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* CmOidRequestCompleteHandler: t_mcm issues no OID requests. */
VOID McmCmOidRequestComplete(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext,
                             NDIS_HANDLE CallMgrPartyContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

/* ProtocolCmNotifyCloseAfComplete: the client finished a notify-close it had pended. */
VOID McmCmNotifyCloseAfComplete(NDIS_HANDLE CallMgrAfContext, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    TdLog("ProtocolCmNotifyCloseAfComplete", Status, NULL, 0);
}
