/*
 * atm_client registration: DriverEntry registers the protocol; ProtocolSetOptions registers the
 * CoNDIS protocol characteristics and the client handler table.
 */
#include "atm_client.h"

NDIS_HANDLE ClProtocolHandle;
PCL_BINDING ClBinding;

static const WCHAR ClName[] = {'a', 't', 'm', '_', 'c', 'l', 'i', 'e', 'n', 't', 0};

static SET_OPTIONS ClSetOptions;
static DRIVER_UNLOAD ClUnload;
static PROTOCOL_NET_PNP_EVENT ClNetPnPEvent;
static PROTOCOL_OID_REQUEST_COMPLETE ClOidRequestComplete;
static PROTOCOL_RECEIVE_NET_BUFFER_LISTS ClReceiveNetBufferLists;
static PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE ClSendNetBufferListsComplete;
static PROTOCOL_CO_STATUS_EX ClCoStatusEx;
static PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS ClCoReceiveNetBufferLists;
static PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE ClCoSendNetBufferListsComplete;
static PROTOCOL_CO_OID_REQUEST ClCoOidRequest;
static PROTOCOL_CO_OID_REQUEST_COMPLETE ClCoOidRequestComplete;

/*
 * DriverEntry: called by condis when the module is loaded, at PASSIVE_LEVEL.
 */
CONDIS_DRIVER_EXPORT NDIS_STATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = ClUnload;
    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 0;
    Chars.Name.Buffer = (PWSTR)ClName;
    Chars.Name.Length = (USHORT)(sizeof(ClName) - sizeof(WCHAR));
    Chars.Name.MaximumLength = (USHORT)sizeof(ClName);
    Chars.SetOptionsHandler = ClSetOptions;
    Chars.BindAdapterHandlerEx = ClBindAdapterEx;
    Chars.UnbindAdapterHandlerEx = ClUnbindAdapterEx;
    Chars.OpenAdapterCompleteHandlerEx = ClOpenAdapterCompleteEx;
    Chars.CloseAdapterCompleteHandlerEx = ClCloseAdapterCompleteEx;
    Chars.NetPnPEventHandler = ClNetPnPEvent;
    Chars.OidRequestCompleteHandler = ClOidRequestComplete;
    Chars.ReceiveNetBufferListsHandler = ClReceiveNetBufferLists;
    Chars.SendNetBufferListsCompleteHandler = ClSendNetBufferListsComplete;

    Status = NdisRegisterProtocolDriver(NULL, &Chars, &ClProtocolHandle);
    return Status;
}

/* DriverUnload: called at PASSIVE_LEVEL once every binding is closed; deregisters the protocol. */
static VOID ClUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    NdisDeregisterProtocolDriver(ClProtocolHandle);
}

/*
 * ProtocolSetOptions: called by NDIS inside NdisRegisterProtocolDriver, at PASSIVE_LEVEL.
 */
static NDIS_STATUS ClSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_PROTOCOL_CO_CHARACTERISTICS Co;
    NDIS_CO_CLIENT_OPTIONAL_HANDLERS Cl;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(DriverContext);

    NdisZeroMemory(&Co, sizeof(Co));
    Co.Header.Type = NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS;
    Co.Header.Revision = NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    Co.Header.Size = NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    Co.CoStatusHandlerEx = ClCoStatusEx;
    Co.CoAfRegisterNotifyHandler = ClCoAfRegisterNotify;
    Co.CoReceiveNetBufferListsHandler = ClCoReceiveNetBufferLists;
    Co.CoSendNetBufferListsCompleteHandler = ClCoSendNetBufferListsComplete;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
    if (Status != NDIS_STATUS_SUCCESS) {
        return Status;
    }

    NdisZeroMemory(&Cl, sizeof(Cl));
    Cl.Header.Type = NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS;
    Cl.Header.Revision = NDIS_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1;
    Cl.Header.Size = NDIS_SIZEOF_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1;
    Cl.ClCreateVcHandler = ClCreateVc;
    Cl.ClDeleteVcHandler = ClDeleteVc;
    Cl.ClOidRequestHandler = ClCoOidRequest;
    Cl.ClOidRequestCompleteHandler = ClCoOidRequestComplete;
    Cl.ClOpenAfCompleteHandlerEx = ClOpenAfCompleteEx;
    Cl.ClCloseAfCompleteHandler = ClCloseAfComplete;
    Cl.ClRegisterSapCompleteHandler = ClRegisterSapComplete;
    Cl.ClDeregisterSapCompleteHandler = ClDeregisterSapComplete;
    Cl.ClMakeCallCompleteHandler = ClMakeCallComplete;
    Cl.ClModifyCallQoSCompleteHandler = ClModifyCallQoSComplete;
    Cl.ClCloseCallCompleteHandler = ClCloseCallComplete;
    Cl.ClAddPartyCompleteHandler = ClAddPartyComplete;
    Cl.ClDropPartyCompleteHandler = ClDropPartyComplete;
    Cl.ClIncomingCallHandler = ClIncomingCall;
    Cl.ClIncomingCallQoSChangeHandler = ClIncomingCallQoSChange;
    Cl.ClIncomingCloseCallHandler = ClIncomingCloseCall;
    Cl.ClIncomingDropPartyHandler = ClIncomingDropParty;
    Cl.ClCallConnectedHandler = ClCallConnected;
    Cl.ClNotifyCloseAfHandler = ClNotifyCloseAf;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Cl);
}

/* ProtocolNetPnPEvent: PASSIVE_LEVEL. Pause, restart and binds-complete need no work here. */
static NDIS_STATUS ClNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolOidRequestComplete: t_client issues no OID requests. */
static VOID ClOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

/* Connectionless receive: never used on a CoNDIS binding. */
static VOID ClReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                                    NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
}

/* Connectionless send completion: t_client sends nothing. */
static VOID ClSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList,
                                         ULONG SendCompleteFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}

/* ProtocolCoStatusEx: <= DISPATCH_LEVEL. Status indications are ignored. */
static VOID ClCoStatusEx(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                         struct _NDIS_STATUS_INDICATION *StatusIndication) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

/* ProtocolCoReceiveNetBufferLists: the sample carries no data yet. */
static VOID ClCoReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                                      struct _NET_BUFFER_LIST *NetBufferLists, ULONG NumberOfNetBufferLists,
                                      ULONG ReceiveFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
}

/* ProtocolCoSendNetBufferListsComplete: the sample sends nothing yet. */
static VOID ClCoSendNetBufferListsComplete(NDIS_HANDLE ProtocolVcContext, struct _NET_BUFFER_LIST *NetBufferLists,
                                           ULONG SendCompleteFlags) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}

/* ClOidRequestHandler: the call manager asks nothing of this client. */
static NDIS_STATUS ClCoOidRequest(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE ProtocolVcContext,
                                  NDIS_HANDLE ProtocolPartyContext, struct _NDIS_OID_REQUEST *OidRequest) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* ClOidRequestCompleteHandler: t_client issues no CoNDIS OID requests. */
static VOID ClCoOidRequestComplete(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE ProtocolVcContext,
                                   NDIS_HANDLE ProtocolPartyContext, struct _NDIS_OID_REQUEST *OidRequest,
                                   NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

PVOID ClAllocate(UINT Length) {
    PVOID Memory = NdisAllocateMemoryWithTagPriority(ClProtocolHandle, Length, ATM_CLIENT_TAG, NormalPoolPriority);
    if (Memory != NULL) {
        NdisZeroMemory(Memory, Length);
    }
    return Memory;
}

VOID ClFree(PVOID Memory) {
    NdisFreeMemory(Memory, 0, 0);
}
