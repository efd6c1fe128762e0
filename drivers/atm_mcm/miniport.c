/*
 * atm_mcm registration: DriverEntry registers the miniport, MiniportSetOptions registers the
 * CoNDIS miniport table and the call-manager table, and the unload handler deregisters.
 */
#include "atm_mcm.h"

NDIS_HANDLE AtmDriverHandle;

static MINIPORT_UNLOAD AtmUnload;
static SET_OPTIONS AtmSetOptions;

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
    Chars.SetOptionsHandler = AtmSetOptions;
    Chars.InitializeHandlerEx = AtmInitializeEx;
    Chars.HaltHandlerEx = AtmHaltEx;
    Chars.UnloadHandler = AtmUnload;
    Chars.PauseHandler = AtmPause;
    Chars.RestartHandler = AtmRestart;
    Chars.OidRequestHandler = AtmOidRequest;
    Chars.SendNetBufferListsHandler = AtmSendNetBufferLists;
    Chars.ReturnNetBufferListsHandler = AtmReturnNetBufferLists;
    Chars.CancelSendHandler = AtmCancelSend;
    Chars.DevicePnPEventNotifyHandler = AtmDevicePnPEventNotify;
    Chars.ShutdownHandlerEx = AtmShutdownEx;
    Chars.CancelOidRequestHandler = AtmCancelOidRequest;

    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &AtmDriverHandle);
    return Status;
}

/*
 * MiniportSetOptions: called by NDIS inside NdisMRegisterMiniportDriver, at PASSIVE_LEVEL.
 * An MCM registers both NDIS_MINIPORT_CO_CHARACTERISTICS and the call-manager handlers here.
 */
static NDIS_STATUS AtmSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
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
    Co.CoActivateVcHandler = AtmCoActivateVc;
    Co.CoDeactivateVcHandler = AtmCoDeactivateVc;
    Co.CoSendNetBufferListsHandler = AtmCoSendNetBufferLists;
    Co.CoOidRequestHandler = AtmCoOidRequest;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
    if (Status != NDIS_STATUS_SUCCESS) {
        return Status;
    }

    NdisZeroMemory(&Cm, sizeof(Cm));
    Cm.Header.Type = NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS;
    Cm.Header.Revision = NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1;
    Cm.Header.Size = sizeof(Cm);
    Cm.CmCreateVcHandler = AtmCmCreateVc;
    Cm.CmDeleteVcHandler = AtmCmDeleteVc;
    Cm.CmOpenAfHandler = AtmCmOpenAf;
    Cm.CmCloseAfHandler = AtmCmCloseAf;
    Cm.CmRegisterSapHandler = AtmCmRegisterSap;
    Cm.CmDeregisterSapHandler = AtmCmDeregisterSap;
    Cm.CmMakeCallHandler = AtmCmMakeCall;
    Cm.CmCloseCallHandler = AtmCmCloseCall;
    Cm.CmIncomingCallCompleteHandler = AtmCmIncomingCallComplete;
    Cm.CmAddPartyHandler = AtmCmAddParty;
    Cm.CmDropPartyHandler = AtmCmDropParty;
    Cm.CmActivateVcCompleteHandler = AtmCmActivateVcComplete;
    Cm.CmDeactivateVcCompleteHandler = AtmCmDeactivateVcComplete;
    Cm.CmModifyCallQoSHandler = AtmCmModifyCallQoS;
    Cm.CmOidRequestHandler = AtmCmOidRequest;
    Cm.CmOidRequestCompleteHandler = AtmCmOidRequestComplete;
    Cm.CmNotifyCloseAfCompleteHandler = AtmCmNotifyCloseAfComplete;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Cm);
    return Status;
}

/*
 * MiniportDriverUnload: called by NDIS at PASSIVE_LEVEL after every adapter was halted.
 */
static VOID AtmUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    NdisMDeregisterMiniportDriver(AtmDriverHandle);
}

BOOLEAN AtmCompleteBeforeActivate = ATM_MCM_COMPLETE_BEFORE_ACTIVATE;

/*
 * The teaching fault switch, exported so that a host (condis demo) can turn it on before the
 * adapter comes up: the MCM then completes calls before activating their VCs (rule CM-054).
 */
CONDIS_DRIVER_EXPORT VOID AtmMcmCompleteBeforeActivate(BOOLEAN Enable) {
    AtmCompleteBeforeActivate = Enable;
}

/* Allocates zeroed, resident memory charged to NdisHandle. <= DISPATCH_LEVEL. */
PVOID AtmAllocate(NDIS_HANDLE NdisHandle, UINT Length) {
    PVOID Memory = NdisAllocateMemoryWithTagPriority(NdisHandle, Length, ATM_MCM_TAG, NormalPoolPriority);
    if (Memory != NULL) {
        NdisZeroMemory(Memory, Length);
    }
    return Memory;
}

VOID AtmFree(PVOID Memory) {
    NdisFreeMemory(Memory, 0, 0);
}
