/* Registration and unload (driver-model.md 2.3). */
#include "dm_protocol.h"

DM_PROTOCOL_CONFIG DpConfig = {NdisMediumAtm, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, NULL};
DM_PROTOCOL_STATS DpStats;
NDIS_HANDLE DpProtocolHandle;

CONDIS_DRIVER_EXPORT DM_PROTOCOL_CONFIG *DmProtocolConfig(void) { return &DpConfig; }
CONDIS_DRIVER_EXPORT DM_PROTOCOL_STATS *DmProtocolStats(void) { return &DpStats; }

/* The CoNDIS client entry points are never reached in the driver-model tests; one stub fills the
 * client table so that the registration is a complete CoNDIS client's. */
static NDIS_STATUS DpUnusedCoHandler(void) { return NDIS_STATUS_NOT_SUPPORTED; }
static VOID DpCoStatus(NDIS_HANDLE b, NDIS_HANDLE v, struct _NDIS_STATUS_INDICATION *s) {
    UNREFERENCED_PARAMETER(b); UNREFERENCED_PARAMETER(v); UNREFERENCED_PARAMETER(s);
}
static VOID DpCoAfRegisterNotify(NDIS_HANDLE b, PCO_ADDRESS_FAMILY af) { UNREFERENCED_PARAMETER(b); UNREFERENCED_PARAMETER(af); }
static VOID DpCoReceive(NDIS_HANDLE b, NDIS_HANDLE v, PNET_BUFFER_LIST n, ULONG c, ULONG f) {
    UNREFERENCED_PARAMETER(b); UNREFERENCED_PARAMETER(v); UNREFERENCED_PARAMETER(n); UNREFERENCED_PARAMETER(c);
    UNREFERENCED_PARAMETER(f);
}
static VOID DpCoSendComplete(NDIS_HANDLE v, PNET_BUFFER_LIST n, ULONG f) {
    UNREFERENCED_PARAMETER(v); UNREFERENCED_PARAMETER(n); UNREFERENCED_PARAMETER(f);
}

/* ProtocolSetOptions: called by NDIS inside NdisRegisterProtocolDriver, PASSIVE_LEVEL. */
static NDIS_STATUS DpSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_PROTOCOL_CO_CHARACTERISTICS co;
    NDIS_CO_CLIENT_OPTIONAL_HANDLERS cl;
    NDIS_STATUS status;
    PVOID *slot;
    UNREFERENCED_PARAMETER(DriverContext);
    status = DP_HOOK_STATUS(DP_AT_SET_OPTIONS, NdisDriverHandle, NULL);
    if (status != NDIS_STATUS_SUCCESS) return status;
    NdisZeroMemory(&co, sizeof co);
    co.Header.Type = NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS;
    co.Header.Revision = NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    co.Header.Size = NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    co.CoStatusHandlerEx = DpCoStatus;
    co.CoAfRegisterNotifyHandler = DpCoAfRegisterNotify;
    co.CoReceiveNetBufferListsHandler = DpCoReceive;
    co.CoSendNetBufferListsCompleteHandler = DpCoSendComplete;
    status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&co);
    if (status != NDIS_STATUS_SUCCESS) return status;
    NdisZeroMemory(&cl, sizeof cl);
    cl.Header.Type = NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS;
    cl.Header.Revision = NDIS_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1;
    cl.Header.Size = NDIS_SIZEOF_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1;
    for (slot = (PVOID *)&cl.ClCreateVcHandler; (PUCHAR)slot < (PUCHAR)&cl + cl.Header.Size; ++slot)
        *slot = (PVOID)DpUnusedCoHandler;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&cl);
}

/* ProtocolUninstall: called by NDIS at PASSIVE_LEVEL when the protocol is uninstalled. */
static VOID DpUninstall(VOID) {
    DpStats.Uninstalls++;
    (void)DP_HOOK_STATUS(DP_AT_UNINSTALL, NULL, NULL);
}

/* Unload: called by the system at PASSIVE_LEVEL. */
static VOID DpUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    NdisDeregisterProtocolDriver(DpProtocolHandle);
}

CONDIS_DRIVER_EXPORT NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    static WCHAR name[] = {'D', 'M', 'P', 'R', 'O', 'T', 'O', 0};
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS pc;
    UNREFERENCED_PARAMETER(RegistryPath);
    NdisZeroMemory(&DpStats, sizeof DpStats);
    NdisZeroMemory(&pc, sizeof pc);
    pc.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    pc.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.MajorNdisVersion = 6;
    pc.MinorNdisVersion = 20;
    pc.Name.Buffer = name;
    pc.Name.Length = sizeof name - sizeof(WCHAR);
    pc.Name.MaximumLength = sizeof name;
    pc.SetOptionsHandler = DpSetOptions;
    pc.BindAdapterHandlerEx = DpBindAdapterEx;
    pc.UnbindAdapterHandlerEx = DpUnbindAdapterEx;
    pc.OpenAdapterCompleteHandlerEx = DpOpenAdapterCompleteEx;
    pc.CloseAdapterCompleteHandlerEx = DpCloseAdapterCompleteEx;
    pc.NetPnPEventHandler = DpNetPnPEvent;
    pc.OidRequestCompleteHandler = DpOidRequestComplete;
    pc.UninstallHandler = DpConfig.WithUninstall ? DpUninstall : NULL;
    DriverObject->DriverUnload = DpUnload;
    return NdisRegisterProtocolDriver(NULL, &pc, &DpProtocolHandle);
}

/* Shares its name with dm_miniport's helper: each module must bind to its own (RTLD_LOCAL). */
const char *DmSharedHelper(void) { return "dm_protocol"; }
CONDIS_DRIVER_EXPORT const char *DmWhoAmI(void) { return DmSharedHelper(); }
