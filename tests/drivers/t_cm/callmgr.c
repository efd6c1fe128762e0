/*
 * t_cm call-manager handlers for address families and SAPs, the deferred completions of those
 * operations, and the deferral routine of the binding.
 *
 * NDIS calls every ProtocolCm* handler at IRQL <= DISPATCH_LEVEL; none of them blocks.
 */
#include "t_cm.h"

static VOID CmRememberAf(PCM_AF Af) {
    PCM_BINDING Binding = Af->Binding;
    ULONG i;
    NdisAcquireSpinLock(&Binding->Lock);
    for (i = 0; i < CM_MAX_AFS; i++) {
        if (Binding->OpenAfs[i] == NULL) {
            Binding->OpenAfs[i] = Af;
            break;
        }
    }
    NdisReleaseSpinLock(&Binding->Lock);
}

static VOID CmForgetAf(PCM_AF Af) {
    PCM_BINDING Binding = Af->Binding;
    ULONG i;
    NdisAcquireSpinLock(&Binding->Lock);
    for (i = 0; i < CM_MAX_AFS; i++) {
        if (Binding->OpenAfs[i] == Af) {
            Binding->OpenAfs[i] = NULL;
        }
    }
    NdisReleaseSpinLock(&Binding->Lock);
}

/*
 * ProtocolCmOpenAf: NDIS calls it for NdisClOpenAddressFamilyEx, at PASSIVE_LEVEL.
 * CallMgrBindingContext is the ProtocolBindingContext of t_cm's binding ([CM 1.9]). Returns
 * SUCCESS with *CallMgrAfContext set, PENDING (completed later with
 * NdisCmOpenAddressFamilyComplete), or the configured failure.
 */
NDIS_STATUS CmCmOpenAf(NDIS_HANDLE CallMgrBindingContext, PCO_ADDRESS_FAMILY AddressFamily, NDIS_HANDLE NdisAfHandle,
                       PNDIS_HANDLE CallMgrAfContext) {
    PCM_BINDING Binding = (PCM_BINDING)CallMgrBindingContext;
    PCM_AF Af;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpOpenAf, &Behavior);
    if (AddressFamily->AddressFamily != CO_ADDRESS_FAMILY_Q2931) {
        TdLog("ProtocolCmOpenAf", NDIS_STATUS_FAILURE, NdisAfHandle, 0);
        return NDIS_STATUS_FAILURE;
    }
    Af = (PCM_AF)TdAllocate(CmProtocolHandle, sizeof(*Af));
    if (Af == NULL) {
        TdLog("ProtocolCmOpenAf", NDIS_STATUS_RESOURCES, NdisAfHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    Af->Binding = Binding;
    Af->NdisAfHandle = NdisAfHandle;
    Af->Behavior = Behavior;
    *CallMgrAfContext = Af;

    if (Behavior.Completion == TdCompleteSync) {
        if (Behavior.Status != NDIS_STATUS_SUCCESS) {
            TdFree(Af);
            TdLog("ProtocolCmOpenAf", Behavior.Status, NdisAfHandle, 0);
            return Behavior.Status;
        }
        CmRememberAf(Af);
        TdLog("ProtocolCmOpenAf", NDIS_STATUS_SUCCESS, NdisAfHandle, 0);
        if (Behavior.Fault == TdFaultCompleteWithoutPending) {
            TdDefer(&Binding->Deferrals, &Behavior, TdOpOpenAf, Af);
        }
        return NDIS_STATUS_SUCCESS;
    }
    TdLog("ProtocolCmOpenAf", NDIS_STATUS_PENDING, NdisAfHandle, 0);
    TdDefer(&Binding->Deferrals, &Behavior, TdOpOpenAf, Af);
    return NDIS_STATUS_PENDING;
}

/*
 * ProtocolCmCloseAf: NDIS calls it for NdisClCloseAddressFamily. Returns SUCCESS (the AF
 * context is freed), PENDING (NdisMCmCloseAddressFamilyComplete follows), or the configured
 * failure (the AF stays open).
 */
NDIS_STATUS CmCmCloseAf(NDIS_HANDLE CallMgrAfContext) {
    PCM_AF Af = (PCM_AF)CallMgrAfContext;
    NDIS_HANDLE NdisAfHandle = Af->NdisAfHandle;
    TD_BEHAVIOR Behavior;

    TdGetBehavior(TdOpCloseAf, &Behavior);
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolCmCloseAf", Behavior.Status, NdisAfHandle, 0);
        if (Behavior.Status == NDIS_STATUS_SUCCESS) {
            CmForgetAf(Af);
            TdFree(Af);
        }
        return Behavior.Status;
    }
    Af->Behavior = Behavior;
    CmForgetAf(Af);
    TdLog("ProtocolCmCloseAf", NDIS_STATUS_PENDING, NdisAfHandle, 0);
    TdDefer(&Af->Binding->Deferrals, &Behavior, TdOpCloseAf, Af);
    return NDIS_STATUS_PENDING;
}

/*
 * ProtocolCmRegisterSap: NDIS calls it for NdisClRegisterSap. Any SAP is accepted unless the
 * test configured a failure.
 */
NDIS_STATUS CmCmRegisterSap(NDIS_HANDLE CallMgrAfContext, PCO_SAP Sap, NDIS_HANDLE NdisSapHandle,
                            PNDIS_HANDLE CallMgrSapContext) {
    PCM_AF Af = (PCM_AF)CallMgrAfContext;
    PCM_SAP SapContext;
    TD_BEHAVIOR Behavior;
    UNREFERENCED_PARAMETER(Sap);

    TdGetBehavior(TdOpRegisterSap, &Behavior);
    SapContext = (PCM_SAP)TdAllocate(CmProtocolHandle, sizeof(*SapContext));
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
        NdisAcquireSpinLock(&Af->Binding->Lock);
        Af->Sap = SapContext;
        NdisReleaseSpinLock(&Af->Binding->Lock);
    }
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolCmRegisterSap", Behavior.Status, NdisSapHandle, 0);
        if (Behavior.Status != NDIS_STATUS_SUCCESS) {
            TdFree(SapContext);
        } else if (Behavior.Fault == TdFaultCompleteWithoutPending) {
            TdDefer(&Af->Binding->Deferrals, &Behavior, TdOpRegisterSap, SapContext);
        }
        return Behavior.Status;
    }
    TdLog("ProtocolCmRegisterSap", NDIS_STATUS_PENDING, NdisSapHandle, 0);
    TdDefer(&Af->Binding->Deferrals, &Behavior, TdOpRegisterSap, SapContext);
    return NDIS_STATUS_PENDING;
}

/*
 * ProtocolCmDeregisterSap: NDIS calls it for NdisClDeregisterSap. SUCCESS frees the SAP;
 * PENDING is followed by NdisMCmDeregisterSapComplete.
 */
NDIS_STATUS CmCmDeregisterSap(NDIS_HANDLE CallMgrSapContext) {
    PCM_SAP SapContext = (PCM_SAP)CallMgrSapContext;
    PCM_BINDING Binding = SapContext->Af->Binding;
    TD_BEHAVIOR Behavior;
    BOOLEAN Dispatching;

    TdGetBehavior(TdOpDeregisterSap, &Behavior);
    /* No incoming call is offered on it from now on; one being dispatched finishes first. */
    NdisAcquireSpinLock(&Binding->Lock);
    SapContext->Deregistering = TRUE;
    if (SapContext->Af->Sap == SapContext) {
        SapContext->Af->Sap = NULL;
    }
    Dispatching = SapContext->Dispatches > 0;
    SapContext->CompleteAfterDispatch = Dispatching;
    NdisReleaseSpinLock(&Binding->Lock);
    if (Dispatching) {
        SapContext->Behavior = Behavior;
        SapContext->Behavior.Completion = TdCompleteWorkItem;
        TdLog("ProtocolCmDeregisterSap", NDIS_STATUS_PENDING, SapContext->NdisSapHandle, 0);
        return NDIS_STATUS_PENDING;  /* CmSapDispatchDone completes it */
    }
    if (Behavior.Completion == TdCompleteSync) {
        TdLog("ProtocolCmDeregisterSap", NDIS_STATUS_SUCCESS, SapContext->NdisSapHandle, 0);
        TdFree(SapContext);
        return NDIS_STATUS_SUCCESS;
    }
    SapContext->Behavior = Behavior;
    TdLog("ProtocolCmDeregisterSap", NDIS_STATUS_PENDING, SapContext->NdisSapHandle, 0);
    TdDefer(&SapContext->Af->Binding->Deferrals, &Behavior, TdOpDeregisterSap, SapContext);
    return NDIS_STATUS_PENDING;
}

/*
 * The deferred completions of the AF and SAP operations, from a work item (PASSIVE_LEVEL) or a
 * timer (DISPATCH_LEVEL). A configured fault is applied here: PENDING passed as the status
 * (then the real completion), a second completion, or a completion after a synchronous answer.
 */
VOID CmCompleteAfOrSap(TD_OPERATION Operation, PVOID Object) {
    switch (Operation) {
    case TdOpOpenAf: {
        PCM_AF Af = (PCM_AF)Object;
        NDIS_HANDLE NdisAfHandle = Af->NdisAfHandle;
        TD_BEHAVIOR Behavior = Af->Behavior;
        if (Behavior.Fault == TdFaultCompleteWithoutPending) {
            NdisCmOpenAddressFamilyComplete(NDIS_STATUS_SUCCESS, NdisAfHandle, Af);
            TdLog("NdisCmOpenAddressFamilyComplete", NDIS_STATUS_SUCCESS, NdisAfHandle, 0);
            return;
        }
        if (Behavior.Fault == TdFaultCompleteWithPending) {
            NdisCmOpenAddressFamilyComplete(NDIS_STATUS_PENDING, NdisAfHandle, Af);
            TdLog("NdisCmOpenAddressFamilyComplete", NDIS_STATUS_PENDING, NdisAfHandle, 0);
        }
        if (Behavior.Status == NDIS_STATUS_SUCCESS) {
            CmRememberAf(Af);
        }
        if (Behavior.Fault == TdFaultWrongCompletion) {
            /* The miniport call manager's name on a stand-alone CM (CM-021). */
            NdisMCmOpenAddressFamilyComplete(Behavior.Status, NdisAfHandle, Af);
            TdLog("NdisMCmOpenAddressFamilyComplete", Behavior.Status, NdisAfHandle, 0);
        } else {
            NdisCmOpenAddressFamilyComplete(Behavior.Status, NdisAfHandle, Af);
            TdLog("NdisCmOpenAddressFamilyComplete", Behavior.Status, NdisAfHandle, 0);
        }
        if (Behavior.Fault == TdFaultCompleteTwice) {
            NdisCmOpenAddressFamilyComplete(Behavior.Status, NdisAfHandle, Af);
            TdLog("NdisCmOpenAddressFamilyComplete", Behavior.Status, NdisAfHandle, 0);
        }
        if (Behavior.Status != NDIS_STATUS_SUCCESS) {
            TdFree(Af);
        }
        break;
    }
    case TdOpCloseAf: {
        PCM_AF Af = (PCM_AF)Object;
        NDIS_HANDLE NdisAfHandle = Af->NdisAfHandle;
        TD_BEHAVIOR Behavior = Af->Behavior;
        TdFree(Af);
        if (Behavior.Fault == TdFaultCompleteWithPending) {
            NdisCmCloseAddressFamilyComplete(NDIS_STATUS_PENDING, NdisAfHandle);
            TdLog("NdisCmCloseAddressFamilyComplete", NDIS_STATUS_PENDING, NdisAfHandle, 0);
        }
        NdisCmCloseAddressFamilyComplete(NDIS_STATUS_SUCCESS, NdisAfHandle);
        TdLog("NdisCmCloseAddressFamilyComplete", NDIS_STATUS_SUCCESS, NdisAfHandle, 0);
        if (Behavior.Fault == TdFaultCompleteTwice) {
            NdisCmCloseAddressFamilyComplete(NDIS_STATUS_SUCCESS, NdisAfHandle);
            TdLog("NdisCmCloseAddressFamilyComplete", NDIS_STATUS_SUCCESS, NdisAfHandle, 0);
        }
        break;
    }
    case TdOpRegisterSap: {
        PCM_SAP SapContext = (PCM_SAP)Object;
        NDIS_HANDLE NdisSapHandle = SapContext->NdisSapHandle;
        TD_BEHAVIOR Behavior = SapContext->Behavior;
        if (Behavior.Fault == TdFaultCompleteWithoutPending) {
            NdisCmRegisterSapComplete(NDIS_STATUS_SUCCESS, NdisSapHandle, SapContext);
            TdLog("NdisCmRegisterSapComplete", NDIS_STATUS_SUCCESS, NdisSapHandle, 0);
            return;
        }
        if (Behavior.Fault == TdFaultCompleteWithPending) {
            NdisCmRegisterSapComplete(NDIS_STATUS_PENDING, NdisSapHandle, SapContext);
            TdLog("NdisCmRegisterSapComplete", NDIS_STATUS_PENDING, NdisSapHandle, 0);
        }
        if (Behavior.Status != NDIS_STATUS_SUCCESS) {
            TdFree(SapContext);
        }
        NdisCmRegisterSapComplete(Behavior.Status, NdisSapHandle,
                                   Behavior.Status == NDIS_STATUS_SUCCESS ? SapContext : NULL);
        TdLog("NdisCmRegisterSapComplete", Behavior.Status, NdisSapHandle, 0);
        if (Behavior.Fault == TdFaultCompleteTwice) {
            NdisCmRegisterSapComplete(Behavior.Status, NdisSapHandle, NULL);
            TdLog("NdisCmRegisterSapComplete", Behavior.Status, NdisSapHandle, 0);
        }
        break;
    }
    case TdOpDeregisterSap: {
        PCM_SAP SapContext = (PCM_SAP)Object;
        NDIS_HANDLE NdisSapHandle = SapContext->NdisSapHandle;
        TD_BEHAVIOR Behavior = SapContext->Behavior;
        TdFree(SapContext);
        if (Behavior.Fault == TdFaultCompleteWithPending) {
            NdisCmDeregisterSapComplete(NDIS_STATUS_PENDING, NdisSapHandle);
            TdLog("NdisCmDeregisterSapComplete", NDIS_STATUS_PENDING, NdisSapHandle, 0);
        }
        TdLog("NdisCmDeregisterSapComplete", NDIS_STATUS_SUCCESS, NdisSapHandle, 0);
        NdisCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, NdisSapHandle);
        if (Behavior.Fault == TdFaultCompleteTwice) {
            NdisCmDeregisterSapComplete(NDIS_STATUS_SUCCESS, NdisSapHandle);
            TdLog("NdisCmDeregisterSapComplete", NDIS_STATUS_SUCCESS, NdisSapHandle, 0);
        }
        break;
    }
    default:
        break;
    }
}

/* The binding's deferral routine. DISPATCH_LEVEL (a timer; protocols use no I/O work items). */
VOID CmRunDeferred(TD_OPERATION Operation, PVOID Object) {
    if (Operation == TdOpMakeCall || Operation == TdOpCloseCall) {
        CmContinueCall(Operation, Object);
    } else if (Operation == TdOpRemoteEvent) {
        CmRunEvent((PCM_EVENT)Object);
    } else if (Operation == TdOpDeleteVc) {
        CmDeleteOwnVc((PCM_VC)Object);
    } else if (Operation == TdOpAddParty || Operation == TdOpDropParty || Operation == TdOpModifyQoS) {
        CmCompletePartyOrQoS(Operation, Object);
    } else {
        CmCompleteAfOrSap(Operation, Object);
    }
}

/* CmOidRequestHandler: a client's request to the call manager; no OID is supported. */
NDIS_STATUS CmCmOidRequest(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext,
                           PNDIS_OID_REQUEST OidRequest) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* CmOidRequestCompleteHandler: t_cm issues no OID requests. */
VOID CmCmOidRequestComplete(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext,
                            NDIS_HANDLE CallMgrPartyContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

/* ProtocolCmNotifyCloseAfComplete: the client finished a notify-close it had pended. */
VOID CmCmNotifyCloseAfComplete(NDIS_HANDLE CallMgrAfContext, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    TdLog("ProtocolCmNotifyCloseAfComplete", Status, NULL, 0);
}
