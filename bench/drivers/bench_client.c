/*
 * bench_client: the smallest CoNDIS client that makes calls: binds to the MCM's adapter, opens
 * the AF it is told about, and runs call cycles on request.
 */
#include "bench_drivers.h"

typedef struct _BENCH_CLIENT_VC {
    NDIS_HANDLE NdisVcHandle;
    volatile LONG Connected;
    NDIS_HANDLE NdisPartyHandle; /* a multipoint call's initial party, from ProtocolClMakeCallComplete */
} BENCH_CLIENT_VC, *PBENCH_CLIENT_VC;

static NDIS_HANDLE ClProtocolHandle;
static NDIS_HANDLE ClBindingHandle;
static NDIS_HANDLE ClAfHandle;
static BOOLEAN ClAfOpen;
static NDIS_MEDIUM ClMedia[] = {NdisMediumAtm};
static UINT ClSelectedMedium;
static CO_CALL_PARAMETERS ClCallParameters; /* a bare SVC request; the MCM does not inspect it */

BOOLEAN BenchClientReady(VOID) { return ClAfOpen; }

/* ProtocolBindAdapterEx, PASSIVE: open the adapter if it speaks ATM. */
static NDIS_STATUS ClBindAdapterEx(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                                   PNDIS_BIND_PARAMETERS BindParameters) {
    NDIS_OPEN_PARAMETERS Open;
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    NdisZeroMemory(&Open, sizeof(Open));
    Open.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    Open.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    Open.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    Open.AdapterName = BindParameters->AdapterName;
    Open.MediumArray = ClMedia;
    Open.MediumArraySize = 1;
    Open.SelectedMediumIndex = &ClSelectedMedium;
    return NdisOpenAdapterEx(ClProtocolHandle, &ClBindingHandle, &Open, BindContext, &ClBindingHandle);
}
static VOID ClOpenAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(Status);
}
static NDIS_STATUS ClUnbindAdapterEx(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext) {
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    if (ClAfOpen) {
        ClAfOpen = FALSE;
        if (NdisClCloseAddressFamily(ClAfHandle) == NDIS_STATUS_PENDING) {
            /* ProtocolClCloseAfComplete finishes the unbind. */
        }
    }
    return NdisCloseAdapterEx(ClBindingHandle);
}
static VOID ClCloseAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
}
static NDIS_STATUS ClNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION Notification) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(Notification);
    return NDIS_STATUS_SUCCESS;
}
static VOID ClUninstall(VOID) {}
static VOID ClOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}
static VOID ClStatusEx(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}
static VOID ClReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                                    NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
}
static VOID ClSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList,
                                         ULONG SendCompleteFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}

/* ProtocolCoAfRegisterNotify, PASSIVE: a call manager offers an AF; open it. */
static VOID ClAfRegisterNotify(NDIS_HANDLE ProtocolBindingContext, PCO_ADDRESS_FAMILY AddressFamily) {
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    Status = NdisClOpenAddressFamilyEx(ClBindingHandle, AddressFamily, &ClAfHandle, &ClAfHandle);
    if (Status == NDIS_STATUS_SUCCESS) ClAfOpen = TRUE;
}
static VOID ClOpenAfCompleteEx(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisAfHandle, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    if (Status == NDIS_STATUS_SUCCESS) {
        ClAfHandle = NdisAfHandle;
        ClAfOpen = TRUE;
    }
}
static VOID ClCloseAfComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolAfContext) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolAfContext);
}

/* ProtocolClMakeCallComplete, <= DISPATCH: the pended make-call finished. */
VOID BenchClMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE NdisPartyHandle,
                             PCO_CALL_PARAMETERS CallParameters) {
    PBENCH_CLIENT_VC Vc = (PBENCH_CLIENT_VC)ProtocolVcContext;
    UNREFERENCED_PARAMETER(CallParameters);
    if (Status == NDIS_STATUS_SUCCESS) {
        Vc->NdisPartyHandle = NdisPartyHandle;
        Vc->Connected = 1;
    }
}
static VOID ClCloseCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE ProtocolPartyContext) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
}
static NDIS_STATUS ClCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    UNREFERENCED_PARAMETER(NdisVcHandle);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    return NDIS_STATUS_NOT_SUPPORTED; /* no incoming calls in the benchmark */
}
static NDIS_STATUS ClDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS ClIncomingCall(NDIS_HANDLE ProtocolSapContext, NDIS_HANDLE ProtocolVcContext,
                                  PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(ProtocolSapContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_FAILURE;
}
static VOID ClIncomingCloseCall(NDIS_STATUS CloseStatus, NDIS_HANDLE ProtocolVcContext, PVOID CloseData, UINT Size) {
    UNREFERENCED_PARAMETER(CloseStatus);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
}
static VOID ClCallConnected(NDIS_HANDLE ProtocolVcContext) { UNREFERENCED_PARAMETER(ProtocolVcContext); }
static NDIS_STATUS ClNotifyCloseAf(NDIS_HANDLE ProtocolAfContext) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    ClAfOpen = FALSE;
    return NdisClCloseAddressFamily(ClAfHandle);
}

/* Handlers for what the benchmark never does: NDIS wants every entry filled (CM-009, DRV-007). */
static VOID ClCoStatusEx(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                         PNDIS_STATUS_INDICATION StatusIndication) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}
static VOID ClCoReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                                      PNET_BUFFER_LIST NetBufferLists, ULONG NumberOfNetBufferLists,
                                      ULONG ReceiveFlags) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
}
static VOID ClCoSendNetBufferListsComplete(NDIS_HANDLE ProtocolVcContext, PNET_BUFFER_LIST NetBufferLists,
                                           ULONG SendCompleteFlags) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
static NDIS_STATUS ClOidRequest(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE ProtocolVcContext,
                                NDIS_HANDLE ProtocolPartyContext, PNDIS_OID_REQUEST OidRequest) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}
static VOID ClOidRequestCompleteCo(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE ProtocolVcContext,
                                   NDIS_HANDLE ProtocolPartyContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}
static VOID ClRegisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolSapContext, PCO_SAP Sap,
                                  NDIS_HANDLE NdisSapHandle) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolSapContext);
    UNREFERENCED_PARAMETER(Sap);
    UNREFERENCED_PARAMETER(NdisSapHandle);
}
static VOID ClDeregisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolSapContext) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolSapContext);
}
static VOID ClModifyCallQoSComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext,
                                    PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
}
static VOID ClAddPartyComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext, NDIS_HANDLE NdisPartyHandle,
                               PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    UNREFERENCED_PARAMETER(NdisPartyHandle);
    UNREFERENCED_PARAMETER(CallParameters);
}
static VOID ClDropPartyComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
}
static VOID ClIncomingCallQoSChange(NDIS_HANDLE ProtocolVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
}
static VOID ClIncomingDropParty(NDIS_STATUS DropStatus, NDIS_HANDLE ProtocolPartyContext, PVOID CloseData, UINT Size) {
    UNREFERENCED_PARAMETER(DropStatus);
    UNREFERENCED_PARAMETER(ProtocolPartyContext);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
}

static NDIS_STATUS ClSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_PROTOCOL_CO_CHARACTERISTICS Co;
    NDIS_CO_CLIENT_OPTIONAL_HANDLERS Cl;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(DriverContext);

    NdisZeroMemory(&Co, sizeof(Co));
    Co.Header.Type = NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS;
    Co.Header.Revision = NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    Co.Header.Size = NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    Co.CoAfRegisterNotifyHandler = ClAfRegisterNotify;
    Co.CoStatusHandlerEx = ClCoStatusEx;
    Co.CoReceiveNetBufferListsHandler = ClCoReceiveNetBufferLists;
    Co.CoSendNetBufferListsCompleteHandler = ClCoSendNetBufferListsComplete;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
    if (Status != NDIS_STATUS_SUCCESS) return Status;

    NdisZeroMemory(&Cl, sizeof(Cl));
    Cl.Header.Type = NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS;
    Cl.Header.Revision = NDIS_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1;
    Cl.Header.Size = NDIS_SIZEOF_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1;
    Cl.ClCreateVcHandler = ClCreateVc;
    Cl.ClDeleteVcHandler = ClDeleteVc;
    Cl.ClOpenAfCompleteHandlerEx = ClOpenAfCompleteEx;
    Cl.ClCloseAfCompleteHandler = ClCloseAfComplete;
    Cl.ClMakeCallCompleteHandler = BenchClMakeCallComplete;
    Cl.ClCloseCallCompleteHandler = ClCloseCallComplete;
    Cl.ClIncomingCallHandler = ClIncomingCall;
    Cl.ClIncomingCloseCallHandler = ClIncomingCloseCall;
    Cl.ClCallConnectedHandler = ClCallConnected;
    Cl.ClNotifyCloseAfHandler = ClNotifyCloseAf;
    Cl.ClOidRequestHandler = ClOidRequest;
    Cl.ClOidRequestCompleteHandler = ClOidRequestCompleteCo;
    Cl.ClRegisterSapCompleteHandler = ClRegisterSapComplete;
    Cl.ClDeregisterSapCompleteHandler = ClDeregisterSapComplete;
    Cl.ClModifyCallQoSCompleteHandler = ClModifyCallQoSComplete;
    Cl.ClAddPartyCompleteHandler = ClAddPartyComplete;
    Cl.ClDropPartyCompleteHandler = ClDropPartyComplete;
    Cl.ClIncomingCallQoSChangeHandler = ClIncomingCallQoSChange;
    Cl.ClIncomingDropPartyHandler = ClIncomingDropParty;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Cl);
}

NDIS_STATUS BenchClientDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars;
    ClAfOpen = FALSE; /* a new runtime loads the driver again */
    static WCHAR Name[] = {'b', 'e', 'n', 'c', 'h', '_', 'c', 'l', 'i', 'e', 'n', 't', 0};
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 0;
    Chars.Name.Buffer = Name;
    Chars.Name.Length = (USHORT)(12 * sizeof(WCHAR));
    Chars.Name.MaximumLength = (USHORT)sizeof(Name);
    Chars.SetOptionsHandler = ClSetOptions;
    Chars.BindAdapterHandlerEx = ClBindAdapterEx;
    Chars.UnbindAdapterHandlerEx = ClUnbindAdapterEx;
    Chars.OpenAdapterCompleteHandlerEx = ClOpenAdapterCompleteEx;
    Chars.CloseAdapterCompleteHandlerEx = ClCloseAdapterCompleteEx;
    Chars.NetPnPEventHandler = ClNetPnPEvent;
    Chars.UninstallHandler = ClUninstall;
    Chars.OidRequestCompleteHandler = ClOidRequestComplete;
    Chars.StatusHandlerEx = ClStatusEx;
    Chars.ReceiveNetBufferListsHandler = ClReceiveNetBufferLists;
    Chars.SendNetBufferListsCompleteHandler = ClSendNetBufferListsComplete;
    return NdisRegisterProtocolDriver(NULL, &Chars, &ClProtocolHandle);
}

NDIS_STATUS BenchClientCallCycle(VOID) {
    BENCH_CLIENT_VC Vc;
    NDIS_STATUS Status;
    Vc.NdisVcHandle = NULL;
    Vc.Connected = 0;
    Status = NdisCoCreateVc(ClBindingHandle, ClAfHandle, &Vc, &Vc.NdisVcHandle);
    if (Status != NDIS_STATUS_SUCCESS) return Status;
    Status = NdisClMakeCall(Vc.NdisVcHandle, &ClCallParameters, NULL, NULL);
    if (Status == NDIS_STATUS_PENDING) {
        BenchMcmCompletePendingCalls();
        Status = Vc.Connected ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
    }
    if (Status == NDIS_STATUS_SUCCESS) Status = NdisClCloseCall(Vc.NdisVcHandle, NULL, NULL, 0);
    if (Status == NDIS_STATUS_SUCCESS) Status = NdisCoDeleteVc(Vc.NdisVcHandle);
    return Status;
}

NDIS_STATUS BenchClientCreateIdleVcs(ULONG count, NDIS_HANDLE *handles) {
    static BENCH_CLIENT_VC Context; /* idle VCs never call back into the client */
    ULONG i;
    for (i = 0; i < count; i++) {
        NDIS_STATUS Status = NdisCoCreateVc(ClBindingHandle, ClAfHandle, &Context, &handles[i]);
        if (Status != NDIS_STATUS_SUCCESS) return Status;
    }
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS BenchClientDeleteVcs(ULONG count, NDIS_HANDLE *handles) {
    ULONG i;
    for (i = 0; i < count; i++) {
        NDIS_STATUS Status = NdisCoDeleteVc(handles[i]);
        if (Status != NDIS_STATUS_SUCCESS) return Status;
    }
    return NDIS_STATUS_SUCCESS;
}

/* One multipoint call kept up for the per-party memory measurement: its VC context and the
 * ProtocolPartyContext of every party (the client keeps no per-party state). */
static BENCH_CLIENT_VC ClMultipointVc;
static UCHAR ClPartyContext;

NDIS_STATUS BenchClientOpenMultipointCall(NDIS_HANDLE *vc_handle, NDIS_HANDLE *initial_party) {
    NDIS_STATUS Status;
    ClMultipointVc.NdisVcHandle = NULL;
    ClMultipointVc.Connected = 0;
    ClMultipointVc.NdisPartyHandle = NULL;
    *initial_party = NULL;
    Status = NdisCoCreateVc(ClBindingHandle, ClAfHandle, &ClMultipointVc, &ClMultipointVc.NdisVcHandle);
    if (Status != NDIS_STATUS_SUCCESS) return Status;
    *vc_handle = ClMultipointVc.NdisVcHandle;
    Status = NdisClMakeCall(ClMultipointVc.NdisVcHandle, &ClCallParameters, &ClPartyContext, initial_party);
    if (Status == NDIS_STATUS_PENDING) {
        BenchMcmCompletePendingCalls();
        Status = ClMultipointVc.Connected ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
        *initial_party = ClMultipointVc.NdisPartyHandle;
    }
    return Status;
}

NDIS_STATUS BenchClientAddParties(NDIS_HANDLE vc_handle, ULONG count, NDIS_HANDLE *parties) {
    ULONG i;
    for (i = 0; i < count; i++) {
        NDIS_STATUS Status;
        parties[i] = NULL;
        Status = NdisClAddParty(vc_handle, &ClPartyContext, &ClCallParameters, &parties[i]);
        if (Status != NDIS_STATUS_SUCCESS) return Status;
    }
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS BenchClientDropParties(ULONG count, NDIS_HANDLE *parties) {
    ULONG i;
    for (i = 0; i < count; i++) {
        NDIS_STATUS Status = NdisClDropParty(parties[i], NULL, 0);
        if (Status != NDIS_STATUS_SUCCESS) return Status;
    }
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS BenchClientCloseMultipointCall(NDIS_HANDLE vc_handle, NDIS_HANDLE initial_party) {
    NDIS_STATUS Status = NdisClCloseCall(vc_handle, initial_party, NULL, 0);
    if (Status == NDIS_STATUS_SUCCESS) Status = NdisCoDeleteVc(vc_handle);
    return Status;
}
