/* dp_cm: registration, the binding, the AF and the handlers the tests never reach (see dp_cm.h). */
#include "dp_cm.h"

NDIS_HANDLE DpCmProtocolHandle;
NDIS_HANDLE DpCmBindingHandle;
NDIS_HANDLE DpCmAfHandle;
NDIS_SPIN_LOCK DpCmLock;
static NDIS_MEDIUM DpCmMedia[] = {NdisMediumAtm};
static UINT DpCmSelectedMedium;
static CO_ADDRESS_FAMILY DpCmAf;
static NDIS_HANDLE DpCmBindContext; /* a pended open's bind */

/* Registers the AF on the open binding ([CM 3.1]); clients hear of it through
 * ProtocolCoAfRegisterNotify. PASSIVE_LEVEL. */
static NDIS_STATUS DpCmFinishBind(VOID) {
    NdisZeroMemory(&DpCmAf, sizeof(DpCmAf));
    DpCmAf.AddressFamily = CO_ADDRESS_FAMILY_Q2931;
    DpCmAf.MajorVersion = 3;
    DpCmAf.MinorVersion = 1;
    return NdisCmRegisterAddressFamilyEx(DpCmBindingHandle, &DpCmAf);
}

/* ProtocolBindAdapterEx, PASSIVE: the send pool and request timers, open the miniport, register
 * the AF. */
static NDIS_STATUS DpCmBindAdapterEx(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                                     PNDIS_BIND_PARAMETERS BindParameters) {
    NDIS_OPEN_PARAMETERS Open;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    if (DpCmSignallingStart() != NDIS_STATUS_SUCCESS ||
        DpRqStart(&DpCmRq, DpCmProtocolHandle, FALSE, DpCmRqComplete) != NDIS_STATUS_SUCCESS) {
        DpRqStop(&DpCmRq);
        DpCmSignallingStop();
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(&Open, sizeof(Open));
    Open.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    Open.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    Open.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    Open.AdapterName = BindParameters->AdapterName;
    Open.MediumArray = DpCmMedia;
    Open.MediumArraySize = 1;
    Open.SelectedMediumIndex = &DpCmSelectedMedium;
    DpCmBindContext = BindContext;
    Status = NdisOpenAdapterEx(DpCmProtocolHandle, &DpCmBindingHandle, &Open, BindContext, &DpCmBindingHandle);
    if (Status == NDIS_STATUS_SUCCESS) Status = DpCmFinishBind();
    return Status;
}

/* ProtocolOpenAdapterCompleteEx, PASSIVE: an open that pended; finish the bind. */
static VOID DpCmOpenAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    if (Status == NDIS_STATUS_SUCCESS) Status = DpCmFinishBind();
    NdisCompleteBindAdapterEx(DpCmBindContext, Status);
}

/* ProtocolUnbindAdapterEx, PASSIVE: the tests have closed the AF, the calls and the signalling VC. */
static NDIS_STATUS DpCmUnbindAdapterEx(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext) {
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    DpRqStop(&DpCmRq);
    DpCmSignallingStop();
    return NdisCloseAdapterEx(DpCmBindingHandle);
}

static VOID DpCmCloseAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
}

/* ProtocolCmOpenAf, PASSIVE: the client opens the AF; keep its handle for requests to it. */
static NDIS_STATUS DpCmOpenAf(NDIS_HANDLE CallMgrBindingContext, PCO_ADDRESS_FAMILY AddressFamily,
                              NDIS_HANDLE NdisAfHandle, PNDIS_HANDLE CallMgrAfContext) {
    UNREFERENCED_PARAMETER(CallMgrBindingContext);
    UNREFERENCED_PARAMETER(AddressFamily);
    NdisAcquireSpinLock(&DpCmLock);
    DpCmAfHandle = NdisAfHandle;
    NdisReleaseSpinLock(&DpCmLock);
    *CallMgrAfContext = &DpCmAfHandle;
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCmCloseAf, PASSIVE. */
static NDIS_STATUS DpCmCloseAf(NDIS_HANDLE CallMgrAfContext) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    NdisAcquireSpinLock(&DpCmLock);
    DpCmAfHandle = NULL;
    NdisReleaseSpinLock(&DpCmLock);
    return NDIS_STATUS_SUCCESS;
}

/* ---- Handlers the tests never reach --------------------------------------------------------- */
static NDIS_STATUS DpCmRegisterSap(NDIS_HANDLE CallMgrAfContext, PCO_SAP Sap, NDIS_HANDLE NdisSapHandle,
                                   PNDIS_HANDLE CallMgrSapContext) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(Sap);
    UNREFERENCED_PARAMETER(NdisSapHandle);
    UNREFERENCED_PARAMETER(CallMgrSapContext);
    return NDIS_STATUS_NOT_SUPPORTED;
}
static NDIS_STATUS DpCmDeregisterSap(NDIS_HANDLE CallMgrSapContext) {
    UNREFERENCED_PARAMETER(CallMgrSapContext);
    return NDIS_STATUS_SUCCESS;
}
static VOID DpCmIncomingCallComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext,
                                     PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
}
static NDIS_STATUS DpCmAddParty(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters,
                                NDIS_HANDLE NdisPartyHandle, PNDIS_HANDLE CallMgrPartyContext) {
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    UNREFERENCED_PARAMETER(NdisPartyHandle);
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    return NDIS_STATUS_NOT_SUPPORTED;
}
static NDIS_STATUS DpCmDropParty(NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size) {
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    return NDIS_STATUS_NOT_SUPPORTED;
}
static NDIS_STATUS DpCmModifyCallQoS(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_NOT_SUPPORTED;
}
static VOID DpCmNotifyCloseAfComplete(NDIS_HANDLE CallMgrAfContext, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(Status);
}
static NDIS_STATUS DpCmNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION Notification) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(Notification);
    return NDIS_STATUS_SUCCESS;
}
static VOID DpCmOidRequestCompleteCl(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest,
                                     NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}
static VOID DpCmReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                                      NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
}
static VOID DpCmSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList,
                                           ULONG SendCompleteFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
/* ProtocolCoAfRegisterNotify, PASSIVE: a call manager opens no AF. */
static VOID DpCmAfRegisterNotify(NDIS_HANDLE ProtocolBindingContext, PCO_ADDRESS_FAMILY AddressFamily) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(AddressFamily);
}

/* ProtocolSetOptions, PASSIVE: the CoNDIS protocol table and the call-manager table. */
static NDIS_STATUS DpCmSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_PROTOCOL_CO_CHARACTERISTICS Co;
    NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS Cm;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(DriverContext);

    NdisZeroMemory(&Co, sizeof(Co));
    Co.Header.Type = NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS;
    Co.Header.Revision = NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    Co.Header.Size = NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    Co.CoStatusHandlerEx = DpCmCoStatusEx;
    Co.CoAfRegisterNotifyHandler = DpCmAfRegisterNotify;
    Co.CoReceiveNetBufferListsHandler = DpCmCoReceiveNetBufferLists;
    Co.CoSendNetBufferListsCompleteHandler = DpCmCoSendNetBufferListsComplete;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
    if (Status != NDIS_STATUS_SUCCESS) return Status;

    NdisZeroMemory(&Cm, sizeof(Cm));
    Cm.Header.Type = NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS;
    Cm.Header.Revision = NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1;
    Cm.Header.Size = sizeof(Cm);
    Cm.CmCreateVcHandler = DpCmCreateVc;
    Cm.CmDeleteVcHandler = DpCmDeleteVc;
    Cm.CmOpenAfHandler = DpCmOpenAf;
    Cm.CmCloseAfHandler = DpCmCloseAf;
    Cm.CmRegisterSapHandler = DpCmRegisterSap;
    Cm.CmDeregisterSapHandler = DpCmDeregisterSap;
    Cm.CmMakeCallHandler = DpCmMakeCall;
    Cm.CmCloseCallHandler = DpCmCloseCall;
    Cm.CmIncomingCallCompleteHandler = DpCmIncomingCallComplete;
    Cm.CmAddPartyHandler = DpCmAddParty;
    Cm.CmDropPartyHandler = DpCmDropParty;
    Cm.CmActivateVcCompleteHandler = DpCmActivateVcComplete;
    Cm.CmDeactivateVcCompleteHandler = DpCmDeactivateVcComplete;
    Cm.CmModifyCallQoSHandler = DpCmModifyCallQoS;
    Cm.CmOidRequestHandler = DpCmOidRequest;
    Cm.CmOidRequestCompleteHandler = DpCmOidRequestComplete;
    Cm.CmNotifyCloseAfCompleteHandler = DpCmNotifyCloseAfComplete;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Cm);
}

/* Unload, PASSIVE: every binding is closed; deregister (DRV-009). */
static VOID DpCmUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    NdisDeregisterProtocolDriver(DpCmProtocolHandle);
}

NDIS_STATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars;
    static WCHAR Name[] = {'d', 'p', '_', 'c', 'm', 0};
    UNREFERENCED_PARAMETER(RegistryPath);
    /* A new runtime loads the module again: start from a clean state. */
    NdisAllocateSpinLock(&DpCmLock);
    DpCmBindingHandle = DpCmAfHandle = DpCmBindContext = NULL;
    NdisZeroMemory(&DpCmCallVc, sizeof(DpCmCallVc));
    DpCmSignallingReset();
    DpRqReset(&DpCmRq);

    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 0;
    Chars.Name.Buffer = Name;
    Chars.Name.Length = (USHORT)(5 * sizeof(WCHAR));
    Chars.Name.MaximumLength = (USHORT)sizeof(Name);
    Chars.SetOptionsHandler = DpCmSetOptions;
    Chars.BindAdapterHandlerEx = DpCmBindAdapterEx;
    Chars.UnbindAdapterHandlerEx = DpCmUnbindAdapterEx;
    Chars.OpenAdapterCompleteHandlerEx = DpCmOpenAdapterCompleteEx;
    Chars.CloseAdapterCompleteHandlerEx = DpCmCloseAdapterCompleteEx;
    Chars.NetPnPEventHandler = DpCmNetPnPEvent;
    Chars.OidRequestCompleteHandler = DpCmOidRequestCompleteCl;
    Chars.ReceiveNetBufferListsHandler = DpCmReceiveNetBufferLists;
    Chars.SendNetBufferListsCompleteHandler = DpCmSendNetBufferListsComplete;
    DriverObject->DriverUnload = DpCmUnload;
    return NdisRegisterProtocolDriver(NULL, &Chars, &DpCmProtocolHandle);
}
