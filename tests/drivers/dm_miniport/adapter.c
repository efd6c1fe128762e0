/* The adapter life cycle (driver-model.md 2.2). Every handler here is called by NDIS at
 * PASSIVE_LEVEL. */
#include "dm_miniport.h"

static DM_ADAPTER DmAdapterBlock;  /* one adapter at a time is enough for these tests */

static NDIS_STATUS DmSetGeneral(NDIS_HANDLE Handle) {
    static NDIS_OID oids[] = {OID_GEN_SUPPORTED_LIST, OID_GEN_MEDIA_CONNECT_STATUS, OID_GEN_VENDOR_ID};
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES g;
    NdisZeroMemory(&g, sizeof g);
    g.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    g.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    g.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    g.MediaType = DmConfig.Medium;
    g.PhysicalMediumType = NdisPhysicalMediumWiredCoWan;
    g.MtuSize = 9180;
    g.MaxXmitLinkSpeed = g.XmitLinkSpeed = g.MaxRcvLinkSpeed = g.RcvLinkSpeed = 155520000ull;
    g.MediaConnectState = MediaConnectStateConnected;
    g.MediaDuplexState = MediaDuplexStateFull;
    g.AccessType = NET_IF_ACCESS_POINT_TO_MULTI_POINT;
    g.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    g.IfType = 37; /* IF_TYPE_ATM */
    g.SupportedOidList = oids;
    g.SupportedOidListLength = sizeof oids;
    return NdisMSetMiniportAttributes(Handle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&g);
}

NDIS_STATUS DmInitializeEx(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext,
                           PNDIS_MINIPORT_INIT_PARAMETERS InitParameters) {
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES r;
    NDIS_STATUS status;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(InitParameters);
    if (DmConfig.InitializeReturnsPending) return NDIS_STATUS_PENDING;
    DmAdapterBlock.AdapterHandle = NdisMiniportHandle;
    DmStats.LastAdapterHandle = NdisMiniportHandle;
    if (DmConfig.GeneralFirst) (void)DmSetGeneral(NdisMiniportHandle);
    NdisZeroMemory(&r, sizeof r);
    r.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    r.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    r.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    r.MiniportAdapterContext = &DmAdapterBlock;
    r.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK;
    r.InterfaceType = NdisInterfaceInternal;
    status = NdisMSetMiniportAttributes(NdisMiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&r);
    if (status != NDIS_STATUS_SUCCESS) return status;
    if (!DmConfig.SkipGeneralAttributes && !DmConfig.GeneralFirst) {
        status = DmSetGeneral(NdisMiniportHandle);
        if (status != NDIS_STATUS_SUCCESS) return status;
    }
    status = DM_HOOK_STATUS(DM_AT_INITIALIZE, NdisMiniportHandle, NULL);
    if (status != NDIS_STATUS_SUCCESS) return status;
    DmStats.Initialized++;
    return NDIS_STATUS_SUCCESS;
}

VOID DmHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    DmStats.Halted++;
    DmStats.LastHaltAction = HaltAction;
    (void)DM_HOOK_STATUS(DM_AT_HALT, DmAdapterBlock.AdapterHandle, NULL);
}

NDIS_STATUS DmPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    DmStats.Paused++;
    return DmConfig.PauseStatus;
}

NDIS_STATUS DmRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    DmStats.Restarted++;
    if (DM_HOOK_STATUS(DM_AT_RESTART, DmAdapterBlock.AdapterHandle, RestartParameters) != NDIS_STATUS_SUCCESS)
        return NDIS_STATUS_FAILURE;
    return DmConfig.PendRestart ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS;
}

VOID DmShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
    DmStats.Shutdowns++;
    (void)DM_HOOK_STATUS(DM_AT_SHUTDOWN, DmAdapterBlock.AdapterHandle, NULL);
}

VOID DmDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    DmStats.PnpEvents++;
    (void)DM_HOOK_STATUS(DM_AT_DEVICE_PNP, DmAdapterBlock.AdapterHandle, NetDevicePnPEvent);
}

BOOLEAN DmCheckForHang(NDIS_HANDLE MiniportAdapterContext) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    return FALSE;
}
