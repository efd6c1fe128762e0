/*
 * t_mcm registration: DriverEntry registers the miniport, MiniportSetOptions registers the
 * CoNDIS miniport table and the call-manager table, and the unload handler deregisters.
 */
#include "t_mcm.h"

NDIS_HANDLE McmDriverHandle;

static MINIPORT_UNLOAD McmUnload;
static SET_OPTIONS McmSetOptions;

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
    Chars.SetOptionsHandler = McmSetOptions;
    Chars.InitializeHandlerEx = McmInitializeEx;
    Chars.HaltHandlerEx = McmHaltEx;
    Chars.UnloadHandler = McmUnload;
    Chars.PauseHandler = McmPause;
    Chars.RestartHandler = McmRestart;
    Chars.OidRequestHandler = McmOidRequest;
    Chars.SendNetBufferListsHandler = McmSendNetBufferLists;
    Chars.ReturnNetBufferListsHandler = McmReturnNetBufferLists;
    Chars.CancelSendHandler = McmCancelSend;
    Chars.DevicePnPEventNotifyHandler = McmDevicePnPEventNotify;
    Chars.ShutdownHandlerEx = McmShutdownEx;
    Chars.CancelOidRequestHandler = McmCancelOidRequest;

    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &McmDriverHandle);
    TdLog("NdisMRegisterMiniportDriver", Status, McmDriverHandle, 0);
    return Status;
}

/*
 * MiniportSetOptions: called by NDIS inside NdisMRegisterMiniportDriver, at PASSIVE_LEVEL.
 * An MCM registers both NDIS_MINIPORT_CO_CHARACTERISTICS and the call-manager handlers here.
 */
static NDIS_STATUS McmSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_MINIPORT_CO_CHARACTERISTICS Co;
    NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS Cm;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(DriverContext);

    NdisZeroMemory(&Co, sizeof(Co));
    Co.Header.Type = NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS;
    Co.Header.Revision = NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    Co.Header.Size = NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    /* NDIS calls the call-manager table's CmCreateVc/CmDeleteVc for client VCs on an MCM, so the
     * miniport's CoCreateVc/CoDeleteVc entries stay NULL (VC-018). */
    Co.CoActivateVcHandler = McmCoActivateVc;
    Co.CoDeactivateVcHandler = McmCoDeactivateVc;
    Co.CoSendNetBufferListsHandler = McmCoSendNetBufferLists;
    Co.CoOidRequestHandler = McmCoOidRequest;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
    TdLog("NdisSetOptionalHandlers(miniport CO)", Status, NdisDriverHandle, 0);
    if (Status != NDIS_STATUS_SUCCESS) {
        return Status;
    }

    NdisZeroMemory(&Cm, sizeof(Cm));
    Cm.Header.Type = NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS;
    Cm.Header.Revision = NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1;
    Cm.Header.Size = sizeof(Cm);
    Cm.CmCreateVcHandler = McmCmCreateVc;
    Cm.CmDeleteVcHandler = McmCmDeleteVc;
    Cm.CmOpenAfHandler = McmCmOpenAf;
    Cm.CmCloseAfHandler = McmCmCloseAf;
    Cm.CmRegisterSapHandler = McmCmRegisterSap;
    Cm.CmDeregisterSapHandler = McmCmDeregisterSap;
    Cm.CmMakeCallHandler = McmCmMakeCall;
    Cm.CmCloseCallHandler = McmCmCloseCall;
    Cm.CmIncomingCallCompleteHandler = McmCmIncomingCallComplete;
    Cm.CmAddPartyHandler = McmCmAddParty;
    Cm.CmDropPartyHandler = McmCmDropParty;
    Cm.CmActivateVcCompleteHandler = McmCmActivateVcComplete;
    Cm.CmDeactivateVcCompleteHandler = McmCmDeactivateVcComplete;
    Cm.CmModifyCallQoSHandler = McmCmModifyCallQoS;
    Cm.CmOidRequestHandler = McmCmOidRequest;
    Cm.CmOidRequestCompleteHandler = McmCmOidRequestComplete;
    Cm.CmNotifyCloseAfCompleteHandler = McmCmNotifyCloseAfComplete;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Cm);
    TdLog("NdisSetOptionalHandlers(call manager)", Status, NdisDriverHandle, 0);
    return Status;
}

/*
 * MiniportDriverUnload: called by NDIS at PASSIVE_LEVEL after every adapter was halted.
 */
static VOID McmUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    TdLog("MiniportDriverUnload", NDIS_STATUS_SUCCESS, McmDriverHandle, 0);
    NdisMDeregisterMiniportDriver(McmDriverHandle);
}
