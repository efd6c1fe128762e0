/*
 * t_cm bindings: ProtocolBindAdapterEx opens the CoNDIS miniport and registers the address
 * family on the binding ([CM 3.1]); ProtocolUnbindAdapterEx asks the clients to close the AF
 * instances still open, then closes the binding.
 */
#include "t_cm.h"

/*
 * Registers the AF once the binding is open. PASSIVE_LEVEL (bind, or the open completion).
 * Clients bound to the adapter hear of it through ProtocolCoAfRegisterNotify.
 */
static NDIS_STATUS CmFinishBind(PCM_BINDING Binding) {
    NDIS_STATUS Status;

    Status = TdDeferralPoolInitialize(&Binding->Deferrals, CmProtocolHandle, FALSE, CmRunDeferred);
    if (Status != NDIS_STATUS_SUCCESS) {
        TdDeferralPoolFree(&Binding->Deferrals);
        return Status;
    }
    Binding->AddressFamily.AddressFamily = CO_ADDRESS_FAMILY_Q2931;
    Binding->AddressFamily.MajorVersion = 3;
    Binding->AddressFamily.MinorVersion = 1;
    CmBinding = Binding;
    Status = NdisCmRegisterAddressFamilyEx(Binding->NdisBindingHandle, &Binding->AddressFamily);
    TdLog("NdisCmRegisterAddressFamilyEx", Status, Binding->NdisBindingHandle, 0);
    if (Status != NDIS_STATUS_SUCCESS) {
        CmBinding = NULL;
        TdDeferralPoolFree(&Binding->Deferrals);
    }
    return Status;
}

static VOID CmFreeBinding(PCM_BINDING Binding) {
    if (CmBinding == Binding) {
        CmBinding = NULL;
    }
    NdisFreeSpinLock(&Binding->EventLock);
    NdisFreeSpinLock(&Binding->Lock);
    TdFree(Binding);
}

/*
 * ProtocolBindAdapterEx: called by NDIS at PASSIVE_LEVEL for each CoNDIS adapter.
 * Returns SUCCESS once the AF is registered, PENDING when the open pends
 * (ProtocolOpenAdapterCompleteEx then finishes the bind), or the failure.
 */
NDIS_STATUS CmBindAdapterEx(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                            PNDIS_BIND_PARAMETERS BindParameters) {
    NDIS_OPEN_PARAMETERS Open;
    PCM_BINDING Binding;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    if (CmBinding != NULL) {
        return NDIS_STATUS_NOT_ACCEPTED;  /* one binding is all the tests need */
    }
    Binding = (PCM_BINDING)TdAllocate(CmProtocolHandle, sizeof(*Binding));
    if (Binding == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisAllocateSpinLock(&Binding->Lock);
    NdisAllocateSpinLock(&Binding->EventLock);
    Binding->BindContext = BindContext;
    Binding->Media[0] = NdisMediumAtm;

    NdisZeroMemory(&Open, sizeof(Open));
    Open.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    Open.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    Open.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    Open.AdapterName = BindParameters->AdapterName;
    Open.MediumArray = Binding->Media;
    Open.MediumArraySize = 1;
    Open.SelectedMediumIndex = &Binding->SelectedMediumIndex;

    Status = NdisOpenAdapterEx(CmProtocolHandle, Binding, &Open, BindContext, &Binding->NdisBindingHandle);
    TdLog("NdisOpenAdapterEx", Status, Binding->NdisBindingHandle, 0);
    if (Status == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;
    }
    if (Status == NDIS_STATUS_SUCCESS) {
        Status = CmFinishBind(Binding);
        if (Status == NDIS_STATUS_SUCCESS) {
            return NDIS_STATUS_SUCCESS;
        }
        /* No AF: the binding is of no use to a call manager. */
        if (NdisCloseAdapterEx(Binding->NdisBindingHandle) == NDIS_STATUS_PENDING) {
            return Status;  /* CmCloseAdapterCompleteEx frees the binding */
        }
    }
    CmFreeBinding(Binding);
    return Status;
}

/* ProtocolOpenAdapterCompleteEx: PASSIVE_LEVEL, for an open that pended; ends the bind. */
VOID CmOpenAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status) {
    PCM_BINDING Binding = (PCM_BINDING)ProtocolBindingContext;
    NDIS_HANDLE BindContext = Binding->BindContext;

    TdLog("ProtocolOpenAdapterCompleteEx", Status, Binding->NdisBindingHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        Status = CmFinishBind(Binding);
    }
    if (Status != NDIS_STATUS_SUCCESS) {
        CmFreeBinding(Binding);
    }
    NdisCompleteBindAdapterEx(BindContext, Status);
}

/*
 * ProtocolUnbindAdapterEx: called by NDIS at PASSIVE_LEVEL. Asks the client of each AF instance
 * still open to close it ([CM 3.11], CM-initiated), then closes the binding. Returns SUCCESS, or
 * PENDING when the close pends.
 */
NDIS_STATUS CmUnbindAdapterEx(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext) {
    PCM_BINDING Binding = (PCM_BINDING)ProtocolBindingContext;
    NDIS_STATUS Status;
    ULONG i;

    TdLog("ProtocolUnbindAdapterEx", NDIS_STATUS_SUCCESS, Binding->NdisBindingHandle, 0);
    for (i = 0; i < CM_MAX_AFS; i++) {
        NDIS_HANDLE NdisAfHandle = NULL;
        NdisAcquireSpinLock(&Binding->Lock);
        if (Binding->OpenAfs[i] != NULL) {
            NdisAfHandle = Binding->OpenAfs[i]->NdisAfHandle;
        }
        NdisReleaseSpinLock(&Binding->Lock);
        if (NdisAfHandle != NULL) {
            /* The client's close (ProtocolCmCloseAf) forgets the instance. */
            Status = NdisCmNotifyCloseAddressFamily(NdisAfHandle);
            TdLog("NdisCmNotifyCloseAddressFamily", Status, NdisAfHandle, 0);
        }
    }
    TdDeferralPoolFree(&Binding->Deferrals);
    Binding->UnbindContext = UnbindContext;
    Status = NdisCloseAdapterEx(Binding->NdisBindingHandle);
    TdLog("NdisCloseAdapterEx", Status, Binding->NdisBindingHandle, 0);
    if (Status == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;
    }
    CmFreeBinding(Binding);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCloseAdapterCompleteEx: PASSIVE_LEVEL, for a close that pended; ends the unbind. */
VOID CmCloseAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext) {
    PCM_BINDING Binding = (PCM_BINDING)ProtocolBindingContext;
    NDIS_HANDLE UnbindContext = Binding->UnbindContext;

    TdLog("ProtocolCloseAdapterCompleteEx", NDIS_STATUS_SUCCESS, NULL, 0);
    CmFreeBinding(Binding);
    if (UnbindContext != NULL) {
        NdisCompleteUnbindAdapterEx(UnbindContext);
    }
}
