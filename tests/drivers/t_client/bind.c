/*
 * t_client bindings: ProtocolBindAdapterEx opens the adapter (ATM or CoWAN media),
 * ProtocolUnbindAdapterEx releases what the tests left open and closes it.
 */
#include "t_client.h"

/* Finishes a bind whose open has completed. PASSIVE_LEVEL. */
static VOID ClFinishBind(PCL_BINDING Binding, NDIS_STATUS Status) {
    if (Status == NDIS_STATUS_SUCCESS) {
        /* Timers for pended incoming-call answers and notify-close teardowns. A pool short of
         * timers only pends fewer of them; the binding works without. */
        (VOID)TdDeferralPoolInitialize(&Binding->Deferrals, ClProtocolHandle, FALSE, ClRunDeferred);
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
        return NDIS_STATUS_NOT_ACCEPTED;  /* one binding is all the tests need */
    }
    Binding = (PCL_BINDING)TdAllocate(ClProtocolHandle, sizeof(*Binding));
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
    TdLog("NdisOpenAdapterEx", Status, Binding->NdisBindingHandle, 0);
    if (Status == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;
    }
    if (Status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&Binding->Lock);
        TdFree(Binding);
        return Status;
    }
    ClFinishBind(Binding, Status);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolOpenAdapterCompleteEx: PASSIVE_LEVEL, for an open that pended. */
VOID ClOpenAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolBindingContext;
    NDIS_HANDLE BindContext = Binding->BindContext;
    TdLog("ProtocolOpenAdapterCompleteEx", Status, Binding->NdisBindingHandle, 0);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClFinishBind(Binding, Status);
    } else {
        NdisFreeSpinLock(&Binding->Lock);
        TdFree(Binding);
    }
    NdisCompleteBindAdapterEx(BindContext, Status);
}

static VOID ClFreeBinding(PCL_BINDING Binding) {
    if (ClBinding == Binding) {
        ClBinding = NULL;
    }
    NdisFreeSpinLock(&Binding->Lock);
    TdFree(Binding);
}

/*
 * ProtocolUnbindAdapterEx: called by NDIS at PASSIVE_LEVEL on a paused binding. Closes calls,
 * VCs, the SAP and the AF the test left behind (best effort, without waiting), then the adapter.
 * Returns SUCCESS, or PENDING when the close pends.
 */
NDIS_STATUS ClUnbindAdapterEx(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext) {
    PCL_BINDING Binding = (PCL_BINDING)ProtocolBindingContext;
    NDIS_STATUS Status;
    ULONG Slot;

    TdLog("ProtocolUnbindAdapterEx", NDIS_STATUS_SUCCESS, Binding->NdisBindingHandle, 0);
    for (Slot = 0; Slot < TD_MAX_VCS; Slot++) {
        if (Binding->Vcs[Slot].NdisVcHandle != NULL && !Binding->Vcs[Slot].CreatedByCm) {
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
    TdDeferralPoolFree(&Binding->Deferrals);
    Binding->UnbindContext = UnbindContext;
    Status = NdisCloseAdapterEx(Binding->NdisBindingHandle);
    TdLog("NdisCloseAdapterEx", Status, Binding->NdisBindingHandle, 0);
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
    TdLog("ProtocolCloseAdapterCompleteEx", NDIS_STATUS_SUCCESS, NULL, 0);
    ClFreeBinding(Binding);
    NdisCompleteUnbindAdapterEx(UnbindContext);
}
