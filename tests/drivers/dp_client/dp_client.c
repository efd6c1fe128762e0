/* dp_client: binding, AF, the call and the data path (see dp_client.h). */
#include "dp_client.h"

#define DP_TAG 0x4c436470u /* 'pdCL' */

static NDIS_HANDLE ClProtocolHandle;
static NDIS_HANDLE ClBindingHandle;
static NDIS_HANDLE ClAfHandle;
static NDIS_HANDLE ClVcHandle;
static NDIS_HANDLE ClPool;              /* NBLs with one NB each, over the client's own MDLs */
static BOOLEAN ClAfOpen;
static NDIS_MEDIUM ClMedia[] = {NdisMediumAtm};
static UINT ClSelectedMedium;
static CO_CALL_PARAMETERS ClCallParameters; /* a bare SVC request; the MCM does not inspect it */
static NDIS_SPIN_LOCK ClLock;           /* guards the counters and sequence numbers */
static DP_STATS ClStats;
static ULONG ClNextSendSequence, ClNextReceiveSequence;
static LONG ClVcContext;                /* the VC context: its address only */

CONDIS_DRIVER_EXPORT DP_GET_STATS DpClientStats;
CONDIS_DRIVER_EXPORT DP_CLIENT_ACTION DpClientMakeCall;
CONDIS_DRIVER_EXPORT DP_CLIENT_SEND DpClientSend;
CONDIS_DRIVER_EXPORT DP_CLIENT_ACTION DpClientCloseCall;
CONDIS_DRIVER_EXPORT DP_CLIENT_ACTION DpClientDeleteVc;
CONDIS_DRIVER_EXPORT DP_CLIENT_ACTION DpClientCloseAf;

VOID DpClientStats(DP_STATS *Stats) {
    NdisAcquireSpinLock(&ClLock);
    *Stats = ClStats;
    NdisReleaseSpinLock(&ClLock);
}

/* ProtocolBindAdapterEx, PASSIVE: open the adapter and create the send pool. */
static NDIS_STATUS ClBindAdapterEx(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                                   PNDIS_BIND_PARAMETERS BindParameters) {
    NDIS_OPEN_PARAMETERS Open;
    NET_BUFFER_LIST_POOL_PARAMETERS Pool;
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    NdisZeroMemory(&Pool, sizeof(Pool));
    Pool.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    Pool.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    Pool.fAllocateNetBuffer = TRUE;
    Pool.PoolTag = DP_TAG;
    ClPool = NdisAllocateNetBufferListPool(ClProtocolHandle, &Pool);
    if (ClPool == NULL) return NDIS_STATUS_RESOURCES;

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

/* ProtocolUnbindAdapterEx, PASSIVE: every send came back (the tests close the call first). */
static NDIS_STATUS ClUnbindAdapterEx(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext) {
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    if (ClAfOpen) {
        ClAfOpen = FALSE;
        NdisClCloseAddressFamily(ClAfHandle);
    }
    if (ClPool != NULL) {
        NdisFreeNetBufferListPool(ClPool);
        ClPool = NULL;
    }
    return NdisCloseAdapterEx(ClBindingHandle);
}

/* ProtocolCoAfRegisterNotify, PASSIVE: the MCM offers its AF; open it. */
static VOID ClAfRegisterNotify(NDIS_HANDLE ProtocolBindingContext, PCO_ADDRESS_FAMILY AddressFamily) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    if (NdisClOpenAddressFamilyEx(ClBindingHandle, AddressFamily, &ClAfHandle, &ClAfHandle) == NDIS_STATUS_SUCCESS)
        ClAfOpen = TRUE;
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
static NDIS_STATUS ClNotifyCloseAf(NDIS_HANDLE ProtocolAfContext) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    ClAfOpen = FALSE;
    return NdisClCloseAddressFamily(ClAfHandle);
}
static VOID ClMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE NdisPartyHandle,
                               PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(NdisPartyHandle);
    UNREFERENCED_PARAMETER(CallParameters);
}
/* Client-created VCs only: an incoming call's VC is refused. */
static NDIS_STATUS ClCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    UNREFERENCED_PARAMETER(NdisVcHandle);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    return NDIS_STATUS_NOT_SUPPORTED;
}
static NDIS_STATUS ClDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    return NDIS_STATUS_SUCCESS;
}
static VOID ClCoStatusEx(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                         PNDIS_STATUS_INDICATION StatusIndication) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

/* ProtocolCoSendNetBufferListsComplete, <= DISPATCH: free each NBL, its MDL and its buffer. */
static VOID ClCoSendNetBufferListsComplete(NDIS_HANDLE ProtocolVcContext, PNET_BUFFER_LIST NetBufferLists,
                                           ULONG SendCompleteFlags) {
    PNET_BUFFER_LIST Nbl, Next;
    LONG Completed = 0, Failed = 0;
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = Next) {
        PMDL Mdl = NET_BUFFER_FIRST_MDL(NET_BUFFER_LIST_FIRST_NB(Nbl));
        PVOID Buffer = MmGetSystemAddressForMdlSafe(Mdl, NormalPagePriority);
        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        Completed++;
        if (NET_BUFFER_LIST_STATUS(Nbl) != NDIS_STATUS_SUCCESS) Failed++;
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
        NdisFreeNetBufferList(Nbl);
        NdisFreeMdl(Mdl);
        NdisFreeMemory(Buffer, DP_PAYLOAD_LENGTH, 0);
    }
    NdisAcquireSpinLock(&ClLock);
    ClStats.Completed += Completed;
    ClStats.Failed += Failed;
    NdisReleaseSpinLock(&ClLock);
}

/* ProtocolCoReceiveNetBufferLists, <= DISPATCH: check each payload and return the NBLs at once. */
static VOID ClCoReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                                      PNET_BUFFER_LIST NetBufferLists, ULONG NumberOfNetBufferLists,
                                      ULONG ReceiveFlags) {
    PNET_BUFFER_LIST Nbl;
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    NdisAcquireSpinLock(&ClLock);
    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        UCHAR Storage[DP_PAYLOAD_LENGTH];
        PNET_BUFFER Nb = NET_BUFFER_LIST_FIRST_NB(Nbl);
        const UCHAR *Data = NULL;
        BOOLEAN Intact = FALSE;
        ULONG Sequence = 0, i;
        ClStats.Received++;
        if (Nb != NULL && NET_BUFFER_DATA_LENGTH(Nb) == DP_PAYLOAD_LENGTH)
            Data = (const UCHAR *)NdisGetDataBuffer(Nb, DP_PAYLOAD_LENGTH, Storage, 1, 0);
        if (Data != NULL) {
            Sequence = (ULONG)Data[0] | ((ULONG)Data[1] << 8) | ((ULONG)Data[2] << 16) | ((ULONG)Data[3] << 24);
            Intact = TRUE;
            for (i = 4; i < DP_PAYLOAD_LENGTH; i++)
                if (Data[i] != DP_PAYLOAD_BYTE(Sequence, i)) Intact = FALSE;
        }
        if (Intact) ClStats.Intact++;
        if (Sequence != ClNextReceiveSequence) ClStats.OutOfOrder++;
        ClNextReceiveSequence = Sequence + 1;
    }
    NdisReleaseSpinLock(&ClLock);
    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
        NdisReturnNetBufferLists(ClBindingHandle, NetBufferLists,
                                 (ReceiveFlags & NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL) ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
}

/* Test actions, PASSIVE_LEVEL. */
NDIS_STATUS DpClientMakeCall(VOID) {
    NDIS_STATUS Status = NdisCoCreateVc(ClBindingHandle, ClAfHandle, &ClVcContext, &ClVcHandle);
    if (Status != NDIS_STATUS_SUCCESS) return Status;
    NdisAcquireSpinLock(&ClLock);
    ClNextSendSequence = ClNextReceiveSequence = 0;
    NdisReleaseSpinLock(&ClLock);
    return NdisClMakeCall(ClVcHandle, &ClCallParameters, NULL, NULL);
}

NDIS_STATUS DpClientSend(ULONG Count) {
    ULONG n, i;
    for (n = 0; n < Count; n++) {
        PUCHAR Buffer = (PUCHAR)NdisAllocateMemoryWithTagPriority(ClProtocolHandle, DP_PAYLOAD_LENGTH, DP_TAG,
                                                                  NormalPoolPriority);
        PMDL Mdl;
        PNET_BUFFER_LIST Nbl;
        ULONG Sequence;
        if (Buffer == NULL) return NDIS_STATUS_RESOURCES;
        Mdl = NdisAllocateMdl(ClProtocolHandle, Buffer, DP_PAYLOAD_LENGTH);
        if (Mdl == NULL) {
            NdisFreeMemory(Buffer, DP_PAYLOAD_LENGTH, 0);
            return NDIS_STATUS_RESOURCES;
        }
        Nbl = NdisAllocateNetBufferAndNetBufferList(ClPool, 0, 0, Mdl, 0, DP_PAYLOAD_LENGTH);
        if (Nbl == NULL) {
            NdisFreeMdl(Mdl);
            NdisFreeMemory(Buffer, DP_PAYLOAD_LENGTH, 0);
            return NDIS_STATUS_RESOURCES;
        }
        NdisAcquireSpinLock(&ClLock);
        Sequence = ClNextSendSequence++;
        ClStats.Sent++;
        NdisReleaseSpinLock(&ClLock);
        Buffer[0] = (UCHAR)Sequence;
        Buffer[1] = (UCHAR)(Sequence >> 8);
        Buffer[2] = (UCHAR)(Sequence >> 16);
        Buffer[3] = (UCHAR)(Sequence >> 24);
        for (i = 4; i < DP_PAYLOAD_LENGTH; i++) Buffer[i] = DP_PAYLOAD_BYTE(Sequence, i);
        Nbl->SourceHandle = ClVcHandle;
        NdisCoSendNetBufferLists(ClVcHandle, Nbl, 0);
    }
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS DpClientCloseCall(VOID) { return NdisClCloseCall(ClVcHandle, NULL, NULL, 0); }

NDIS_STATUS DpClientDeleteVc(VOID) {
    NDIS_STATUS Status = NdisCoDeleteVc(ClVcHandle);
    if (Status == NDIS_STATUS_SUCCESS) ClVcHandle = NULL;
    return Status;
}

NDIS_STATUS DpClientCloseAf(VOID) {
    if (!ClAfOpen) return NDIS_STATUS_FAILURE;
    ClAfOpen = FALSE;
    return NdisClCloseAddressFamily(ClAfHandle);
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
    Cl.ClMakeCallCompleteHandler = ClMakeCallComplete;
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

NDIS_STATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars;
    static WCHAR Name[] = {'d', 'p', '_', 'c', 'l', 'i', 'e', 'n', 't', 0};
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(RegistryPath);
    /* A new runtime loads the module again: start from a clean state. */
    NdisAllocateSpinLock(&ClLock);
    NdisZeroMemory(&ClStats, sizeof(ClStats));
    ClAfOpen = FALSE;
    ClPool = ClVcHandle = NULL;

    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 0;
    Chars.Name.Buffer = Name;
    Chars.Name.Length = (USHORT)(9 * sizeof(WCHAR));
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
