/*
 * t_cm registration: DriverEntry registers the protocol; ProtocolSetOptions registers the
 * CoNDIS protocol characteristics and the call-manager handler table.
 */
#include "t_cm.h"

NDIS_HANDLE CmProtocolHandle;
PCM_BINDING CmBinding;

static const WCHAR CmName[] = {'t', '_', 'c', 'm', 0};

static DRIVER_UNLOAD CmUnload;
static SET_OPTIONS CmSetOptions;
static PROTOCOL_NET_PNP_EVENT CmNetPnPEvent;
static PROTOCOL_OID_REQUEST_COMPLETE CmOidRequestComplete;
static PROTOCOL_RECEIVE_NET_BUFFER_LISTS CmReceiveNetBufferLists;
static PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE CmSendNetBufferListsComplete;
static PROTOCOL_CO_STATUS_EX CmCoStatusEx;
static PROTOCOL_CO_AF_REGISTER_NOTIFY CmCoAfRegisterNotify;
static PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS CmCoReceiveNetBufferLists;
static PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE CmCoSendNetBufferListsComplete;

/*
 * DriverEntry: called by condis when the module is loaded, at PASSIVE_LEVEL.
 */
CONDIS_DRIVER_EXPORT NDIS_STATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 0;
    Chars.Name.Buffer = (PWSTR)CmName;
    Chars.Name.Length = (USHORT)(sizeof(CmName) - sizeof(WCHAR));
    Chars.Name.MaximumLength = (USHORT)sizeof(CmName);
    Chars.SetOptionsHandler = CmSetOptions;
    Chars.BindAdapterHandlerEx = CmBindAdapterEx;
    Chars.UnbindAdapterHandlerEx = CmUnbindAdapterEx;
    Chars.OpenAdapterCompleteHandlerEx = CmOpenAdapterCompleteEx;
    Chars.CloseAdapterCompleteHandlerEx = CmCloseAdapterCompleteEx;
    Chars.NetPnPEventHandler = CmNetPnPEvent;
    Chars.OidRequestCompleteHandler = CmOidRequestComplete;
    Chars.ReceiveNetBufferListsHandler = CmReceiveNetBufferLists;
    Chars.SendNetBufferListsCompleteHandler = CmSendNetBufferListsComplete;

    DriverObject->DriverUnload = CmUnload;
    Status = NdisRegisterProtocolDriver(NULL, &Chars, &CmProtocolHandle);
    TdLog("NdisRegisterProtocolDriver", Status, CmProtocolHandle, 0);
    return Status;
}

/* Unload: called by the system at PASSIVE_LEVEL after every binding was closed. */
static VOID CmUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    TdLog("Unload", NDIS_STATUS_SUCCESS, CmProtocolHandle, 0);
    NdisDeregisterProtocolDriver(CmProtocolHandle);
}

/*
 * ProtocolSetOptions: called by NDIS inside NdisRegisterProtocolDriver, at PASSIVE_LEVEL.
 * A stand-alone call manager registers NDIS_PROTOCOL_CO_CHARACTERISTICS and
 * NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS here ([CM 1.9]).
 */
static NDIS_STATUS CmSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_PROTOCOL_CO_CHARACTERISTICS Co;
    NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS Cm;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(DriverContext);

    NdisZeroMemory(&Co, sizeof(Co));
    Co.Header.Type = NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS;
    Co.Header.Revision = NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    Co.Header.Size = NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    Co.CoStatusHandlerEx = CmCoStatusEx;
    Co.CoAfRegisterNotifyHandler = CmCoAfRegisterNotify;
    Co.CoReceiveNetBufferListsHandler = CmCoReceiveNetBufferLists;
    Co.CoSendNetBufferListsCompleteHandler = CmCoSendNetBufferListsComplete;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
    TdLog("NdisSetOptionalHandlers(protocol CO)", Status, NdisDriverHandle, 0);
    if (Status != NDIS_STATUS_SUCCESS) {
        return Status;
    }

    NdisZeroMemory(&Cm, sizeof(Cm));
    Cm.Header.Type = NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS;
    Cm.Header.Revision = NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1;
    Cm.Header.Size = sizeof(Cm);
    Cm.CmCreateVcHandler = CmCmCreateVc;
    Cm.CmDeleteVcHandler = CmCmDeleteVc;
    Cm.CmOpenAfHandler = CmCmOpenAf;
    Cm.CmCloseAfHandler = CmCmCloseAf;
    Cm.CmRegisterSapHandler = CmCmRegisterSap;
    Cm.CmDeregisterSapHandler = CmCmDeregisterSap;
    Cm.CmMakeCallHandler = CmCmMakeCall;
    Cm.CmCloseCallHandler = CmCmCloseCall;
    Cm.CmIncomingCallCompleteHandler = CmCmIncomingCallComplete;
    Cm.CmAddPartyHandler = CmCmAddParty;
    Cm.CmDropPartyHandler = CmCmDropParty;
    Cm.CmActivateVcCompleteHandler = CmCmActivateVcComplete;
    Cm.CmDeactivateVcCompleteHandler = CmCmDeactivateVcComplete;
    Cm.CmModifyCallQoSHandler = CmCmModifyCallQoS;
    Cm.CmOidRequestHandler = CmCmOidRequest;
    Cm.CmOidRequestCompleteHandler = CmCmOidRequestComplete;
    Cm.CmNotifyCloseAfCompleteHandler = CmCmNotifyCloseAfComplete;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Cm);
    TdLog("NdisSetOptionalHandlers(call manager)", Status, NdisDriverHandle, 0);
    return Status;
}

/* ProtocolNetPnPEvent: PASSIVE_LEVEL. Pause, restart and binds-complete need no work here. */
static NDIS_STATUS CmNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolOidRequestComplete: t_cm issues no OID requests (and NDIS uses the CM table's
 * handler once the AF is registered, CM-027). */
static VOID CmOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

/* Connectionless receive: never used on a CoNDIS binding. */
static VOID CmReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                                    NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
}

/* Connectionless send completion: t_cm sends nothing connectionless. */
static VOID CmSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList,
                                         ULONG SendCompleteFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}

/* ProtocolCoStatusEx: <= DISPATCH_LEVEL. Status indications are only logged. */
static VOID CmCoStatusEx(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                         struct _NDIS_STATUS_INDICATION *StatusIndication) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(StatusIndication);
    TdLog("ProtocolCoStatusEx", NDIS_STATUS_SUCCESS, NULL, 0);
}

/* ProtocolCoAfRegisterNotify: PASSIVE_LEVEL. A call manager opens no AF; it only returns
 * ([CM 1.3]). */
static VOID CmCoAfRegisterNotify(NDIS_HANDLE ProtocolBindingContext, PCO_ADDRESS_FAMILY AddressFamily) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(AddressFamily);
}

/* ProtocolCoReceiveNetBufferLists: t_cm signals over no VC of its own. */
static VOID CmCoReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                                      struct _NET_BUFFER_LIST *NetBufferLists, ULONG NumberOfNetBufferLists,
                                      ULONG ReceiveFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
    TdLog("ProtocolCoReceiveNetBufferLists", NDIS_STATUS_SUCCESS, NULL, 0);
}

/* ProtocolCoSendNetBufferListsComplete: t_cm sends nothing. */
static VOID CmCoSendNetBufferListsComplete(NDIS_HANDLE ProtocolVcContext, struct _NET_BUFFER_LIST *NetBufferLists,
                                           ULONG SendCompleteFlags) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
