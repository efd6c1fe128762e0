/* Binding (driver-model.md 2.4-2.5). Bind, unbind, the open/close completions and the PnP
 * handler are called by NDIS at PASSIVE_LEVEL. */
#include "dm_protocol.h"

static NDIS_MEDIUM DpMedia[1];
static UINT DpSelected;
static NDIS_OPEN_PARAMETERS DpOpen;  /* kept alive until the open completes (DRV-044) */
static LONG DpContext;              /* the per-binding context */

NDIS_STATUS DpBindAdapterEx(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                            PNDIS_BIND_PARAMETERS BindParameters) {
    NDIS_STATUS status;
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    DpStats.Binds++;
    DpStats.BindContext = BindContext;
    DpMedia[0] = DpConfig.Medium;
    NdisZeroMemory(&DpOpen, sizeof DpOpen);
    DpOpen.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    DpOpen.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    DpOpen.Header.Size = DpConfig.BadOpenHeader ? 8 : NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    DpOpen.AdapterName = BindParameters->AdapterName;
    DpOpen.MediumArray = DpMedia;
    DpOpen.MediumArraySize = 1;
    DpOpen.SelectedMediumIndex = &DpSelected;
    status = NdisOpenAdapterEx(DpProtocolHandle, &DpContext, &DpOpen, BindContext, &DpStats.BindingHandle);
    DpStats.LastOpenStatus = status;
    if (status == NDIS_STATUS_PENDING) {
        (void)DP_HOOK_STATUS(DP_AT_BIND, DpStats.BindingHandle, BindParameters); /* handle not yet valid */
        return NDIS_STATUS_PENDING; /* finished in DpOpenAdapterCompleteEx */
    }
    if (status != NDIS_STATUS_SUCCESS) return status;
    DpStats.Opens++;
    status = DP_HOOK_STATUS(DP_AT_BIND, DpStats.BindingHandle, BindParameters);
    if (status != NDIS_STATUS_SUCCESS) return status;
    if (DpConfig.FailBindAfterOpen) return NDIS_STATUS_RESOURCES; /* without closing: DRV-054 */
    return DpConfig.PendBind ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS;
}

VOID DpOpenAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    DpStats.LastOpenStatus = Status;
    if (Status == NDIS_STATUS_SUCCESS) DpStats.Opens++;
    (void)DP_HOOK_STATUS(DP_AT_OPEN_COMPLETE, DpStats.BindingHandle, NULL);
    NdisCompleteBindAdapterEx(DpStats.BindContext, Status);
}

NDIS_STATUS DpUnbindAdapterEx(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext) {
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    DpStats.Unbinds++;
    DpStats.UnbindContext = UnbindContext;
    (void)DP_HOOK_STATUS(DP_AT_UNBIND, DpStats.BindingHandle, NULL);
    if (!DpConfig.SkipClose) {
        status = NdisCloseAdapterEx(DpStats.BindingHandle);
        if (status == NDIS_STATUS_SUCCESS) DpStats.Closes++;
    }
    if (DpConfig.FailUnbind) return NDIS_STATUS_FAILURE;
    if (status == NDIS_STATUS_PENDING || DpConfig.PendUnbind) return NDIS_STATUS_PENDING;
    return NDIS_STATUS_SUCCESS;
}

VOID DpCloseAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    DpStats.Closes++;
    NdisCompleteUnbindAdapterEx(DpStats.UnbindContext);
}

NDIS_STATUS DpNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION Notification) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    DpStats.PnpEvents++;
    DpStats.LastEvent = Notification->NetPnPEvent.NetEvent;
    {
        NDIS_STATUS hooked = DP_HOOK_STATUS(DP_AT_PNP, ProtocolBindingContext, Notification);
        if (hooked != NDIS_STATUS_SUCCESS) return hooked;
    }
    if (DpConfig.PnpReturnsNotSupported) return NDIS_STATUS_NOT_SUPPORTED;
    if (DpConfig.PendPnp) {
        DpStats.PendingPnp = Notification;
        return NDIS_STATUS_PENDING;
    }
    return NDIS_STATUS_SUCCESS;
}

VOID DpOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
    /* Completions of different requests may run on several processors at once. */
    NdisInterlockedIncrement(&DpStats.OidCompletes);
}
