/* OID requests (driver-model.md 2.2.10). MiniportOidRequest is called by NDIS at PASSIVE_LEVEL. */
#include "dm_miniport.h"

NDIS_STATUS DmOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest) {
    NDIS_STATUS hooked;
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    DmStats.Oids++;
    hooked = DM_HOOK_STATUS(DM_AT_OID, NULL, OidRequest);
    if (hooked != NDIS_STATUS_SUCCESS) return hooked;
    if (DmConfig.PendOid) {
        DmStats.PendingOid = OidRequest; /* the test completes it with NdisMOidRequestComplete */
        return NDIS_STATUS_PENDING;
    }
    if (OidRequest->RequestType == NdisRequestQueryInformation &&
        OidRequest->DATA.QUERY_INFORMATION.Oid == OID_GEN_VENDOR_ID &&
        OidRequest->DATA.QUERY_INFORMATION.InformationBufferLength >= sizeof(ULONG)) {
        *(PULONG)OidRequest->DATA.QUERY_INFORMATION.InformationBuffer = 0x00C0DE15;
        OidRequest->DATA.QUERY_INFORMATION.BytesWritten = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;
    }
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID DmCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}

/* CoNDIS VC handlers: this miniport serves no VCs in the driver-model tests. */
NDIS_STATUS DmCoCreateVc(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE MiniportVcContext) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NdisVcHandle);
    *MiniportVcContext = NULL;
    return NDIS_STATUS_RESOURCES;
}
NDIS_STATUS DmCoDeleteVc(NDIS_HANDLE MiniportVcContext) { UNREFERENCED_PARAMETER(MiniportVcContext); return NDIS_STATUS_SUCCESS; }
NDIS_STATUS DmCoActivateVc(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_SUCCESS;
}
NDIS_STATUS DmCoDeactivateVc(NDIS_HANDLE MiniportVcContext) { UNREFERENCED_PARAMETER(MiniportVcContext); return NDIS_STATUS_SUCCESS; }
NDIS_STATUS DmCoOidRequest(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext, PNDIS_OID_REQUEST NdisRequest) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    /* With a NULL VC context: an adapter-wide request routed here (OQ-D07). */
    if (MiniportVcContext == NULL) {
        DmStats.CoOids++;
        if (NdisRequest->RequestType == NdisRequestQueryInformation &&
            NdisRequest->DATA.QUERY_INFORMATION.Oid == OID_GEN_VENDOR_ID &&
            NdisRequest->DATA.QUERY_INFORMATION.InformationBufferLength >= sizeof(ULONG)) {
            *(PULONG)NdisRequest->DATA.QUERY_INFORMATION.InformationBuffer = 0x00C0DE15;
            NdisRequest->DATA.QUERY_INFORMATION.BytesWritten = sizeof(ULONG);
            return NDIS_STATUS_SUCCESS;
        }
    }
    return NDIS_STATUS_NOT_SUPPORTED;
}
