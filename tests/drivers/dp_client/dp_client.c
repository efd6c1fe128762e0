/* dp_client: binding, AF, the call and the data path (see dp_client.h). */
#include "dp_client.h"

#define DP_TAG 0x4c436470u /* 'pdCL' */

NDIS_HANDLE DpClProtocolHandle;
NDIS_HANDLE DpClBindingHandle;
NDIS_HANDLE DpClAfHandle;
NDIS_HANDLE DpClVcHandle;
static NDIS_HANDLE DpClPool;              /* NBLs with one NB each, over the client's own MDLs */
static BOOLEAN DpClAfOpen;
static NDIS_MEDIUM DpClMedia[] = {NdisMediumAtm};
static UINT DpClSelectedMedium;
static CO_CALL_PARAMETERS DpClCallParameters; /* a bare SVC request; the MCM does not inspect it */
static NDIS_SPIN_LOCK DpClLock;           /* guards the counters and sequence numbers */
static DP_STATS DpClStats;
static ULONG DpClNextSendSequence, DpClNextReceiveSequence;
LONG DpClVcContext;                /* the VC context: its address only */
static DP_CLIENT_CONFIG DpClConfig;
static PNET_BUFFER_LIST DpClHeld;         /* received NBLs kept for DpClientReturnHeld, newest first */

CONDIS_DRIVER_EXPORT DP_GET_STATS DpClientStats;
CONDIS_DRIVER_EXPORT DP_CLIENT_ACTION DpClientMakeCall;
CONDIS_DRIVER_EXPORT DP_CLIENT_SEND DpClientSend;
CONDIS_DRIVER_EXPORT DP_CLIENT_ACTION DpClientCloseCall;
CONDIS_DRIVER_EXPORT DP_CLIENT_ACTION DpClientDeleteVc;
CONDIS_DRIVER_EXPORT DP_CLIENT_ACTION DpClientCloseAf;
CONDIS_DRIVER_EXPORT DP_CLIENT_CONFIGURE DpClientConfigure;
CONDIS_DRIVER_EXPORT DP_CLIENT_ACTION DpClientReturnHeld;

/* Test interface: called by the test while the runtime is idle. */
VOID DpClientConfigure(const DP_CLIENT_CONFIG *Config) {
    NdisAcquireSpinLock(&DpClLock);
    DpClConfig = *Config;
    NdisReleaseSpinLock(&DpClLock);
}

VOID DpClientStats(DP_STATS *Stats) {
    NdisAcquireSpinLock(&DpClLock);
    *Stats = DpClStats;
    NdisReleaseSpinLock(&DpClLock);
}

/* ProtocolBindAdapterEx, PASSIVE: open the adapter and create the send pool. */
static NDIS_STATUS DpClBindAdapterEx(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
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
    DpClPool = NdisAllocateNetBufferListPool(DpClProtocolHandle, &Pool);
    if (DpClPool == NULL) return NDIS_STATUS_RESOURCES;
    if (DpRqStart(&DpClRq, DpClProtocolHandle, FALSE, DpClRqComplete) != NDIS_STATUS_SUCCESS) return NDIS_STATUS_RESOURCES;

    NdisZeroMemory(&Open, sizeof(Open));
    Open.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    Open.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    Open.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    Open.AdapterName = BindParameters->AdapterName;
    Open.MediumArray = DpClMedia;
    Open.MediumArraySize = 1;
    Open.SelectedMediumIndex = &DpClSelectedMedium;
    return NdisOpenAdapterEx(DpClProtocolHandle, &DpClBindingHandle, &Open, BindContext, &DpClBindingHandle);
}

/* ProtocolUnbindAdapterEx, PASSIVE: every send came back (the tests close the call first). */
static NDIS_STATUS DpClUnbindAdapterEx(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext) {
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    if (DpClAfOpen) {
        DpClAfOpen = FALSE;
        NdisClCloseAddressFamily(DpClAfHandle);
    }
    if (DpClPool != NULL) {
        NdisFreeNetBufferListPool(DpClPool);
        DpClPool = NULL;
    }
    DpRqStop(&DpClRq);
    return NdisCloseAdapterEx(DpClBindingHandle);
}

/* ProtocolCoAfRegisterNotify, PASSIVE: the MCM offers its AF; open it. */
static VOID DpClAfRegisterNotify(NDIS_HANDLE ProtocolBindingContext, PCO_ADDRESS_FAMILY AddressFamily) {
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    if (NdisClOpenAddressFamilyEx(DpClBindingHandle, AddressFamily, &DpClAfHandle, &DpClAfHandle) == NDIS_STATUS_SUCCESS)
        DpClAfOpen = TRUE;
}
static VOID DpClOpenAfCompleteEx(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisAfHandle, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    if (Status == NDIS_STATUS_SUCCESS) {
        DpClAfHandle = NdisAfHandle;
        DpClAfOpen = TRUE;
    }
}
static VOID DpClCloseAfComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolAfContext) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolAfContext);
}
static NDIS_STATUS DpClNotifyCloseAf(NDIS_HANDLE ProtocolAfContext) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    DpClAfOpen = FALSE;
    return NdisClCloseAddressFamily(DpClAfHandle);
}
static VOID DpClMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE NdisPartyHandle,
                               PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(NdisPartyHandle);
    UNREFERENCED_PARAMETER(CallParameters);
}
/* Client-created VCs only: an incoming call's VC is refused. */
static NDIS_STATUS DpClCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    UNREFERENCED_PARAMETER(NdisVcHandle);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    return NDIS_STATUS_NOT_SUPPORTED;
}
static NDIS_STATUS DpClDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    return NDIS_STATUS_SUCCESS;
}
/* ProtocolCoSendNetBufferListsComplete, <= DISPATCH: free each NBL, its MDL and its buffer. */
static VOID DpClCoSendNetBufferListsComplete(NDIS_HANDLE ProtocolVcContext, PNET_BUFFER_LIST NetBufferLists,
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
    NdisAcquireSpinLock(&DpClLock);
    DpClStats.Completed += Completed;
    DpClStats.Failed += Failed;
    NdisReleaseSpinLock(&DpClLock);
}

/* ProtocolCoReceiveNetBufferLists, <= DISPATCH: check each payload; return the NBLs at once, or
 * keep up to DP_CLIENT_CONFIG.HoldReceives of them for DpClientReturnHeld. With the resources flag
 * the data is only read here and nothing is returned (3.3). */
static VOID DpClCoReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                                      PNET_BUFFER_LIST NetBufferLists, ULONG NumberOfNetBufferLists,
                                      ULONG ReceiveFlags) {
    PNET_BUFFER_LIST Nbl, Next, ReturnHead = NULL, ReturnTail = NULL;
    const BOOLEAN Resources = (ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) != 0;
    BOOLEAN ReturnAnyway;
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    NdisAcquireSpinLock(&DpClLock);
    ReturnAnyway = DpClConfig.ReturnResourcesReceives;
    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        UCHAR Storage[DP_PAYLOAD_LENGTH];
        PNET_BUFFER Nb = NET_BUFFER_LIST_FIRST_NB(Nbl);
        const UCHAR *Data = NULL;
        BOOLEAN Intact = FALSE;
        ULONG Sequence = 0, i;
        DpClStats.Received++;
        if (Nb != NULL && NET_BUFFER_DATA_LENGTH(Nb) == DP_PAYLOAD_LENGTH)
            Data = (const UCHAR *)NdisGetDataBuffer(Nb, DP_PAYLOAD_LENGTH, Storage, 1, 0);
        if (Data != NULL) {
            Sequence = (ULONG)Data[0] | ((ULONG)Data[1] << 8) | ((ULONG)Data[2] << 16) | ((ULONG)Data[3] << 24);
            Intact = TRUE;
            for (i = 4; i < DP_PAYLOAD_LENGTH; i++)
                if (Data[i] != DP_PAYLOAD_BYTE(Sequence, i)) Intact = FALSE;
        }
        if (Intact) DpClStats.Intact++;
        if (Sequence != DpClNextReceiveSequence) DpClStats.OutOfOrder++;
        DpClNextReceiveSequence = Sequence + 1;
    }
    if (Resources && !ReturnAnyway) {
        NdisReleaseSpinLock(&DpClLock);
        return;
    }
    /* Ours until returned: split the chain into what we keep and what goes back now. */
    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = Next) {
        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        if (!Resources && (ULONG)DpClStats.Held < DpClConfig.HoldReceives) {
            NET_BUFFER_LIST_NEXT_NBL(Nbl) = DpClHeld;
            DpClHeld = Nbl;
            DpClStats.Held++;
            continue;
        }
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
        if (ReturnTail != NULL) NET_BUFFER_LIST_NEXT_NBL(ReturnTail) = Nbl;
        else ReturnHead = Nbl;
        ReturnTail = Nbl;
    }
    NdisReleaseSpinLock(&DpClLock);
    if (ReturnHead != NULL)
        NdisReturnNetBufferLists(DpClBindingHandle, ReturnHead,
                                 (ReceiveFlags & NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL) ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
}

/* Test action, PASSIVE: gives every held NBL back in one call, in reverse order of receipt. */
NDIS_STATUS DpClientReturnHeld(VOID) {
    PNET_BUFFER_LIST Held;
    NdisAcquireSpinLock(&DpClLock);
    Held = DpClHeld;
    DpClHeld = NULL;
    NdisReleaseSpinLock(&DpClLock);
    if (Held == NULL) return NDIS_STATUS_FAILURE;
    NdisReturnNetBufferLists(DpClBindingHandle, Held, 0);
    return NDIS_STATUS_SUCCESS;
}

/* Test actions, PASSIVE_LEVEL. */
NDIS_STATUS DpClientMakeCall(VOID) {
    NDIS_STATUS Status = NdisCoCreateVc(DpClBindingHandle, DpClAfHandle, &DpClVcContext, &DpClVcHandle);
    if (Status != NDIS_STATUS_SUCCESS) return Status;
    NdisAcquireSpinLock(&DpClLock);
    DpClNextSendSequence = DpClNextReceiveSequence = 0;
    NdisReleaseSpinLock(&DpClLock);
    return NdisClMakeCall(DpClVcHandle, &DpClCallParameters, NULL, NULL);
}

NDIS_STATUS DpClientSend(ULONG Count) {
    ULONG n, i;
    for (n = 0; n < Count; n++) {
        PUCHAR Buffer = (PUCHAR)NdisAllocateMemoryWithTagPriority(DpClProtocolHandle, DP_PAYLOAD_LENGTH, DP_TAG,
                                                                  NormalPoolPriority);
        PMDL Mdl;
        PNET_BUFFER_LIST Nbl;
        ULONG Sequence;
        if (Buffer == NULL) return NDIS_STATUS_RESOURCES;
        Mdl = NdisAllocateMdl(DpClProtocolHandle, Buffer, DP_PAYLOAD_LENGTH);
        if (Mdl == NULL) {
            NdisFreeMemory(Buffer, DP_PAYLOAD_LENGTH, 0);
            return NDIS_STATUS_RESOURCES;
        }
        Nbl = NdisAllocateNetBufferAndNetBufferList(DpClPool, 0, 0, Mdl, 0, DP_PAYLOAD_LENGTH);
        if (Nbl == NULL) {
            NdisFreeMdl(Mdl);
            NdisFreeMemory(Buffer, DP_PAYLOAD_LENGTH, 0);
            return NDIS_STATUS_RESOURCES;
        }
        NdisAcquireSpinLock(&DpClLock);
        Sequence = DpClNextSendSequence++;
        DpClStats.Sent++;
        NdisReleaseSpinLock(&DpClLock);
        Buffer[0] = (UCHAR)Sequence;
        Buffer[1] = (UCHAR)(Sequence >> 8);
        Buffer[2] = (UCHAR)(Sequence >> 16);
        Buffer[3] = (UCHAR)(Sequence >> 24);
        for (i = 4; i < DP_PAYLOAD_LENGTH; i++) Buffer[i] = DP_PAYLOAD_BYTE(Sequence, i);
        Nbl->SourceHandle = DpClVcHandle;
        NdisCoSendNetBufferLists(DpClVcHandle, Nbl, 0);
    }
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS DpClientCloseCall(VOID) { return NdisClCloseCall(DpClVcHandle, NULL, NULL, 0); }

NDIS_STATUS DpClientDeleteVc(VOID) {
    NDIS_STATUS Status = NdisCoDeleteVc(DpClVcHandle);
    if (Status == NDIS_STATUS_SUCCESS) DpClVcHandle = NULL;
    return Status;
}

NDIS_STATUS DpClientCloseAf(VOID) {
    if (!DpClAfOpen) return NDIS_STATUS_FAILURE;
    DpClAfOpen = FALSE;
    return NdisClCloseAddressFamily(DpClAfHandle);
}

static NDIS_STATUS DpClSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_PROTOCOL_CO_CHARACTERISTICS Co;
    NDIS_CO_CLIENT_OPTIONAL_HANDLERS Cl;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(DriverContext);

    NdisZeroMemory(&Co, sizeof(Co));
    Co.Header.Type = NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS;
    Co.Header.Revision = NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    Co.Header.Size = NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
    Co.CoAfRegisterNotifyHandler = DpClAfRegisterNotify;
    Co.CoStatusHandlerEx = DpClCoStatusEx;
    Co.CoReceiveNetBufferListsHandler = DpClCoReceiveNetBufferLists;
    Co.CoSendNetBufferListsCompleteHandler = DpClCoSendNetBufferListsComplete;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
    if (Status != NDIS_STATUS_SUCCESS) return Status;

    NdisZeroMemory(&Cl, sizeof(Cl));
    Cl.Header.Type = NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS;
    Cl.Header.Revision = NDIS_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1;
    Cl.Header.Size = NDIS_SIZEOF_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1;
    Cl.ClCreateVcHandler = DpClCreateVc;
    Cl.ClDeleteVcHandler = DpClDeleteVc;
    Cl.ClOpenAfCompleteHandlerEx = DpClOpenAfCompleteEx;
    Cl.ClCloseAfCompleteHandler = DpClCloseAfComplete;
    Cl.ClMakeCallCompleteHandler = DpClMakeCallComplete;
    Cl.ClCloseCallCompleteHandler = DpClCloseCallComplete;
    Cl.ClIncomingCallHandler = DpClIncomingCall;
    Cl.ClIncomingCloseCallHandler = DpClIncomingCloseCall;
    Cl.ClCallConnectedHandler = DpClCallConnected;
    Cl.ClNotifyCloseAfHandler = DpClNotifyCloseAf;
    Cl.ClOidRequestHandler = DpClOidRequest;
    Cl.ClOidRequestCompleteHandler = DpClOidRequestCompleteCo;
    Cl.ClRegisterSapCompleteHandler = DpClRegisterSapComplete;
    Cl.ClDeregisterSapCompleteHandler = DpClDeregisterSapComplete;
    Cl.ClModifyCallQoSCompleteHandler = DpClModifyCallQoSComplete;
    Cl.ClAddPartyCompleteHandler = DpClAddPartyComplete;
    Cl.ClDropPartyCompleteHandler = DpClDropPartyComplete;
    Cl.ClIncomingCallQoSChangeHandler = DpClIncomingCallQoSChange;
    Cl.ClIncomingDropPartyHandler = DpClIncomingDropParty;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Cl);
}

/* Unload, PASSIVE: every binding is closed; deregister (DRV-009). */
static VOID DpClUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    NdisDeregisterProtocolDriver(DpClProtocolHandle);
}

NDIS_STATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars;
    static WCHAR Name[] = {'d', 'p', '_', 'c', 'l', 'i', 'e', 'n', 't', 0};
    UNREFERENCED_PARAMETER(RegistryPath);
    /* A new runtime loads the module again: start from a clean state. */
    NdisAllocateSpinLock(&DpClLock);
    NdisZeroMemory(&DpClStats, sizeof(DpClStats));
    DpRqReset(&DpClRq);
    NdisZeroMemory(&DpClConfig, sizeof(DpClConfig));
    DpClHeld = NULL;
    DpClAfOpen = FALSE;
    DpClPool = DpClVcHandle = NULL;

    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 0;
    Chars.Name.Buffer = Name;
    Chars.Name.Length = (USHORT)(9 * sizeof(WCHAR));
    Chars.Name.MaximumLength = (USHORT)sizeof(Name);
    Chars.SetOptionsHandler = DpClSetOptions;
    Chars.BindAdapterHandlerEx = DpClBindAdapterEx;
    Chars.UnbindAdapterHandlerEx = DpClUnbindAdapterEx;
    Chars.OpenAdapterCompleteHandlerEx = DpClOpenAdapterCompleteEx;
    Chars.CloseAdapterCompleteHandlerEx = DpClCloseAdapterCompleteEx;
    Chars.NetPnPEventHandler = DpClNetPnPEvent;
    Chars.UninstallHandler = DpClUninstall;
    Chars.OidRequestCompleteHandler = DpClOidRequestComplete;
    Chars.StatusHandlerEx = DpClStatusEx;
    Chars.ReceiveNetBufferListsHandler = DpClReceiveNetBufferLists;
    Chars.SendNetBufferListsCompleteHandler = DpClSendNetBufferListsComplete;
    DriverObject->DriverUnload = DpClUnload;
    return NdisRegisterProtocolDriver(NULL, &Chars, &DpClProtocolHandle);
}
