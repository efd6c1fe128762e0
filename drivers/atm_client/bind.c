/*
 * atm_client bindings: ProtocolBindAdapterEx opens the adapter (ATM or CoWAN media),
 * ProtocolUnbindAdapterEx releases what is still open and closes it.
 */
#include "atm_client.h"

/* Finishes a bind whose open has completed. PASSIVE_LEVEL. */
static VOID ClFinishBind(PCL_BINDING Binding, NDIS_STATUS Status) {
    if (Status == NDIS_STATUS_SUCCESS) {
        ClBinding = Binding;
    }
}

/*
 * ProtocolBindAdapterEx: called by NDIS at PASSIVE_LEVEL for each CoNDIS adapter.
 * Returns the open's status, or PENDING when the open pends (ProtocolOpenAdapterCompleteEx then
 * completes the bind).
 */
NDIS_STATUS ClBindAdapterEx(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                            PNDIS_BIND_PARAMETERS BindParameters) {
    NDIS_OPEN_PARAMETERS Open;
    PCL_BINDING Binding;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    if (ClBinding != NULL) {
        return NDIS_STATUS_NOT_ACCEPTED;  /* the sample serves one adapter */
    }
    Binding = (PCL_BINDING)ClAllocate(sizeof(*Binding));
    if (Binding == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisAllocateSpinLock(&Binding->Lock);
    Binding->BindContext = BindContext;
    Binding->Media[0] = NdisMediumAtm;
    Binding->Media[1] = NdisMediumCoWan;

    NdisZeroMemory(&Open, sizeof(Open));
    Open.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    Open.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    Open.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    Open.AdapterName = BindParameters->AdapterName;
    Open.MediumArray = Binding->Media;
    Open.MediumArraySize = 2;
    Open.SelectedMediumIndex = &Binding->SelectedMediumIndex;

    Status = NdisOpenAdapterEx(ClProtocolHandle, Binding, &Open, BindContext, &Binding->NdisBindingHandle);
    if (Status == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;
    }
    if (Status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&Binding->Lock);
        ClFree(Binding);
        return Status;
    }
    ClFinishBind(Binding, Status);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolOpenAdapterCompleteEx: PASSIVE_LEVEL, for an open that pended. */
VOID ClOpenAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolBindingContext;
    NDIS_HANDLE BindContext = Binding->BindContext;
    if (Status == NDIS_STATUS_SUCCESS) {
        ClFinishBind(Binding, Status);
    } else {
        NdisFreeSpinLock(&Binding->Lock);
        ClFree(Binding);
    }
    NdisCompleteBindAdapterEx(BindContext, Status);
}

static VOID ClFreeBinding(PCL_BINDING Binding) {
    if (ClBinding == Binding) {
        ClBinding = NULL;
    }
    NdisFreeSpinLock(&Binding->Lock);
    ClFree(Binding);
}

/*
 * ProtocolUnbindAdapterEx: called by NDIS at PASSIVE_LEVEL on a paused binding. Deletes the VC,
 * the SAP and the AF if still there (without waiting), then closes the adapter.
 * Returns SUCCESS, or PENDING when the close pends.
 */
NDIS_STATUS ClUnbindAdapterEx(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolBindingContext;
    NDIS_STATUS Status;
    ULONG Slot;

    for (Slot = 0; Slot < 1; Slot++) {
        if (Binding->Vcs[Slot].NdisVcHandle != NULL) {
            (VOID)NdisCoDeleteVc(Binding->Vcs[Slot].NdisVcHandle);
            Binding->Vcs[Slot].NdisVcHandle = NULL;
        }
    }
    if (Binding->NdisSapHandle != NULL) {
        (VOID)NdisClDeregisterSap(Binding->NdisSapHandle);
        Binding->NdisSapHandle = NULL;
    }
    if (Binding->NdisAfHandle != NULL) {
        (VOID)ClCloseAf(Binding);
    }
    Binding->UnbindContext = UnbindContext;
    Status = NdisCloseAdapterEx(Binding->NdisBindingHandle);
    if (Status == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;
    }
    ClFreeBinding(Binding);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCloseAdapterCompleteEx: PASSIVE_LEVEL, for a close that pended; ends the unbind. */
VOID ClCloseAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolBindingContext;
    NDIS_HANDLE UnbindContext = Binding->UnbindContext;
    ClFreeBinding(Binding);
    NdisCompleteUnbindAdapterEx(UnbindContext);
}
