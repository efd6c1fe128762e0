/*
 * t_miniport registration: DriverEntry registers the miniport, MiniportSetOptions registers the
 * CoNDIS miniport table (and no call-manager table: this miniport serves a stand-alone CM), and
 * the unload handler deregisters.
 */
#include "t_miniport.h"

NDIS_HANDLE MpDriverHandle;

static MINIPORT_UNLOAD MpUnload;
static SET_OPTIONS MpSetOptions;

/*
 * DriverEntry: called by condis when the module is loaded, at PASSIVE_LEVEL.
 * Registers the miniport characteristics; returns the registration status.
 */
CONDIS_DRIVER_EXPORT NDIS_STATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars;
    NDIS_STATUS Status;

    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 0;
    Chars.MajorDriverVersion = 1;
    Chars.SetOptionsHandler = MpSetOptions;
    Chars.InitializeHandlerEx = MpInitializeEx;
    Chars.HaltHandlerEx = MpHaltEx;
    Chars.UnloadHandler = MpUnload;
    Chars.PauseHandler = MpPause;
    Chars.RestartHandler = MpRestart;
    Chars.OidRequestHandler = MpOidRequest;
    Chars.SendNetBufferListsHandler = MpSendNetBufferLists;
    Chars.ReturnNetBufferListsHandler = MpReturnNetBufferLists;
    Chars.CancelSendHandler = MpCancelSend;
    Chars.DevicePnPEventNotifyHandler = MpDevicePnPEventNotify;
    Chars.ShutdownHandlerEx = MpShutdownEx;
    Chars.CancelOidRequestHandler = MpCancelOidRequest;

    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &MpDriverHandle);
    TdLog("NdisMRegisterMiniportDriver", Status, MpDriverHandle, 0);
    return Status;
}

/*
 * MiniportSetOptions: called by NDIS inside NdisMRegisterMiniportDriver, at PASSIVE_LEVEL.
 * A plain CoNDIS miniport registers NDIS_MINIPORT_CO_CHARACTERISTICS only.
 */
static NDIS_STATUS MpSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_MINIPORT_CO_CHARACTERISTICS Co;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(DriverContext);

    NdisZeroMemory(&Co, sizeof(Co));
    Co.Header.Type = NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS;
    Co.Header.Revision = NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    Co.Header.Size = NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    Co.CoCreateVcHandler = MpCoCreateVc;
    Co.CoDeleteVcHandler = MpCoDeleteVc;
    Co.CoActivateVcHandler = MpCoActivateVc;
    Co.CoDeactivateVcHandler = MpCoDeactivateVc;
    Co.CoSendNetBufferListsHandler = MpCoSendNetBufferLists;
    Co.CoOidRequestHandler = MpCoOidRequest;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
    TdLog("NdisSetOptionalHandlers(miniport CO)", Status, NdisDriverHandle, 0);
    return Status;
}

/*
 * MiniportDriverUnload: called by NDIS at PASSIVE_LEVEL after every adapter was halted.
 */
static VOID MpUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    TdLog("MiniportDriverUnload", NDIS_STATUS_SUCCESS, MpDriverHandle, 0);
    NdisMDeregisterMiniportDriver(MpDriverHandle);
}
