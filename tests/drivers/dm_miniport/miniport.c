/* Registration and unload (driver-model.md 2.1). */
#include "dm_miniport.h"

DM_MINIPORT_CONFIG DmConfig = {NdisMediumAtm, 6, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, NDIS_STATUS_SUCCESS,
                               FALSE, FALSE, FALSE, FALSE, NULL};
DM_MINIPORT_STATS DmStats;
NDIS_HANDLE DmDriverHandle;

/* Called by the test before condis runs DriverEntry, or between operations. */
CONDIS_DRIVER_EXPORT void DmMiniportConfigure(const DM_MINIPORT_CONFIG *Config) { DmConfig = *Config; }
CONDIS_DRIVER_EXPORT DM_MINIPORT_CONFIG *DmMiniportConfig(void) { return &DmConfig; }
CONDIS_DRIVER_EXPORT DM_MINIPORT_STATS *DmMiniportStats(void) { return &DmStats; }

/* MiniportSetOptions: called by NDIS inside NdisMRegisterMiniportDriver, PASSIVE_LEVEL.
 * Registers the CoNDIS miniport table. */
static NDIS_STATUS DmSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_MINIPORT_CO_CHARACTERISTICS co;
    NDIS_STATUS status;
    UNREFERENCED_PARAMETER(DriverContext);
    status = DM_HOOK_STATUS(DM_AT_SET_OPTIONS, NdisDriverHandle, NULL);
    if (status != NDIS_STATUS_SUCCESS) return status;
    if (DmConfig.NoCoTable) return NDIS_STATUS_SUCCESS;
    NdisZeroMemory(&co, sizeof co);
    co.Header.Type = NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS;
    co.Header.Revision = NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    co.Header.Size = NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    co.CoCreateVcHandler = DmCoCreateVc;
    co.CoDeleteVcHandler = DmCoDeleteVc;
    co.CoActivateVcHandler = DmCoActivateVc;
    co.CoDeactivateVcHandler = DmCoDeactivateVc;
    co.CoSendNetBufferListsHandler = DmCoSendNetBufferLists;
    co.CoOidRequestHandler = DmCoOidRequest;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&co);
}

/* MiniportDriverUnload: called by NDIS at PASSIVE_LEVEL once every adapter is halted. */
static VOID DmUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    DmStats.Unloaded++;
    if (!DmConfig.SkipDeregister) NdisMDeregisterMiniportDriver(DmDriverHandle);
}

/* DriverEntry: called by the system (condis's loader) at PASSIVE_LEVEL. */
CONDIS_DRIVER_EXPORT NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;
    NdisZeroMemory(&mc, sizeof mc);
    NdisZeroMemory(&DmStats, sizeof DmStats);
    mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.MajorNdisVersion = DmConfig.MajorNdisVersion;
    mc.MinorNdisVersion = 20;
    mc.SetOptionsHandler = DmSetOptions;
    mc.InitializeHandlerEx = DmInitializeEx;
    mc.HaltHandlerEx = DmConfig.NoHaltHandler ? NULL : DmHaltEx;
    mc.UnloadHandler = DmUnload;
    mc.PauseHandler = DmPause;
    mc.RestartHandler = DmRestart;
    mc.OidRequestHandler = DmConfig.NoOidHandler ? NULL : DmOidRequest;
    mc.SendNetBufferListsHandler = DmSendNetBufferLists;
    mc.ReturnNetBufferListsHandler = DmReturnNetBufferLists;
    mc.CancelSendHandler = DmCancelSend;
    mc.CheckForHangHandlerEx = DmConfig.CheckForHangOnly ? DmCheckForHang : NULL;
    mc.DevicePnPEventNotifyHandler = DmDevicePnPEventNotify;
    mc.ShutdownHandlerEx = DmShutdownEx;
    mc.CancelOidRequestHandler = DmCancelOidRequest;
    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc, &DmDriverHandle);
}

/* Shares its name with dm_protocol's helper: each module must bind to its own (RTLD_LOCAL). */
const char *DmSharedHelper(void) { return "dm_miniport"; }
CONDIS_DRIVER_EXPORT const char *DmWhoAmI(void) { return DmSharedHelper(); }
