/* dp_mcm: the adapter, the call and the data path (see dp_mcm.h). */
#include "dp_mcm.h"

#define DP_TAG 0x434d6470u /* 'pdMC' */

static NDIS_HANDLE DpMcmDriverHandle;
NDIS_HANDLE DpMcmAdapterHandle;
NDIS_HANDLE DpMcmAfHandle;
static NDIS_HANDLE DpMcmPool;          /* receive NBLs with DP_PAYLOAD_LENGTH bytes of data each */
static NDIS_HANDLE DpMcmSendTimer;     /* completes queued sends */
static NDIS_HANDLE DpMcmReceiveTimer;  /* indicates the requested receives */
static NDIS_HANDLE DpMcmCloseTimer;    /* finishes a close that waited for the receives (3.6) */
static NDIS_SPIN_LOCK DpMcmLock;       /* guards everything below */
static DP_MCM_CONFIG DpMcmConfig;
DP_MCM_VC DpMcmVc;                     /* the one call; NdisVcHandle NULL when none */
static NDIS_HANDLE DpMcmLastVcHandle;  /* the VC of the last call, kept after it is deleted */
static PNET_BUFFER_LIST DpMcmQueueHead, DpMcmQueueTail; /* sends not yet completed */
static ULONG DpMcmReceivesWanted;
static BOOLEAN DpMcmClosePending;      /* ProtocolCmCloseCall pended until the receives are back */
static ULONG DpMcmNextSendSequence, DpMcmNextReceiveSequence;
static DP_STATS DpMcmCounters;

CONDIS_DRIVER_EXPORT DP_MCM_CONFIGURE DpMcmConfigure;
CONDIS_DRIVER_EXPORT DP_MCM_INDICATE DpMcmIndicate;
CONDIS_DRIVER_EXPORT DP_GET_STATS DpMcmStats;

/* Test interface: called by the test while the runtime is idle. */
VOID DpMcmConfigure(const DP_MCM_CONFIG *Config) {
    NdisAcquireSpinLock(&DpMcmLock);
    DpMcmConfig = *Config;
    NdisReleaseSpinLock(&DpMcmLock);
}

VOID DpMcmStats(DP_STATS *Stats) {
    NdisAcquireSpinLock(&DpMcmLock);
    *Stats = DpMcmCounters;
    NdisReleaseSpinLock(&DpMcmLock);
}

static LARGE_INTEGER DpMcmDueTime(ULONG DelayMs) {
    LARGE_INTEGER Due;
    Due.QuadPart = -(LONGLONG)DelayMs * 10000; /* relative, in 100 ns units */
    return Due;
}

NDIS_STATUS DpMcmIndicate(ULONG Count, ULONG DelayMs) {
    NdisAcquireSpinLock(&DpMcmLock);
    DpMcmReceivesWanted += Count;
    NdisReleaseSpinLock(&DpMcmLock);
    NdisSetTimerObject(DpMcmReceiveTimer, DpMcmDueTime(DelayMs), 0, NULL);
    return NDIS_STATUS_SUCCESS;
}

NDIS_HANDLE DpMcmCurrentAf(VOID) {
    NDIS_HANDLE Af;
    NdisAcquireSpinLock(&DpMcmLock);
    Af = DpMcmAfHandle;
    NdisReleaseSpinLock(&DpMcmLock);
    return Af;
}

NDIS_HANDLE DpMcmCurrentVc(BOOLEAN Last) {
    NDIS_HANDLE Vc;
    NdisAcquireSpinLock(&DpMcmLock);
    Vc = Last ? DpMcmLastVcHandle : DpMcmVc.NdisVcHandle;
    NdisReleaseSpinLock(&DpMcmLock);
    return Vc;
}

/* Checks the payload of one NB against the pattern of its sequence number. */
static BOOLEAN DpMcmPayloadIntact(PNET_BUFFER Nb, ULONG *Sequence) {
    UCHAR Storage[DP_PAYLOAD_LENGTH];
    const UCHAR *Data;
    ULONG i;
    if (Nb == NULL || NET_BUFFER_DATA_LENGTH(Nb) != DP_PAYLOAD_LENGTH) return FALSE;
    Data = (const UCHAR *)NdisGetDataBuffer(Nb, DP_PAYLOAD_LENGTH, Storage, 1, 0);
    if (Data == NULL) return FALSE;
    *Sequence = (ULONG)Data[0] | ((ULONG)Data[1] << 8) | ((ULONG)Data[2] << 16) | ((ULONG)Data[3] << 24);
    for (i = 4; i < DP_PAYLOAD_LENGTH; i++)
        if (Data[i] != DP_PAYLOAD_BYTE(*Sequence, i)) return FALSE;
    return TRUE;
}

/* Completes every queued send. `Flags`: NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL from the timer. */
static VOID DpMcmCompleteQueuedSends(ULONG Flags) {
    PNET_BUFFER_LIST Chain;
    PNET_BUFFER_LIST Nbl;
    NDIS_HANDLE Vc;
    NdisAcquireSpinLock(&DpMcmLock);
    Chain = DpMcmQueueHead;
    DpMcmQueueHead = DpMcmQueueTail = NULL;
    Vc = DpMcmVc.NdisVcHandle;
    NdisReleaseSpinLock(&DpMcmLock);
    if (Chain == NULL) return;
    for (Nbl = Chain; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
    NdisMCoSendNetBufferListsComplete(Vc, Chain, Flags);
}

/* NetTimerCallback, DISPATCH_LEVEL. */
static VOID DpMcmSendTimerFunction(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
                                 PVOID SystemSpecific3) {
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(FunctionContext);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    DpMcmCompleteQueuedSends(NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
}

/* Frees a chain of receive NBLs that are the MCM's own again; returns how many. */
static LONG DpMcmFreeReceives(PNET_BUFFER_LIST Chain) {
    PNET_BUFFER_LIST Nbl, Next;
    LONG Count = 0;
    for (Nbl = Chain; Nbl != NULL; Nbl = Next) {
        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
        NdisFreeNetBufferList(Nbl);
        Count++;
    }
    return Count;
}

/* Receives indicated and not yet back. Called with DpMcmLock held. */
static LONG DpMcmReceivesOut(VOID) { return DpMcmCounters.Sent - DpMcmCounters.Completed - DpMcmCounters.Reclaimed; }

/* NetTimerCallback, DISPATCH_LEVEL: indicates the requested receives as one chain. */
static VOID DpMcmReceiveTimerFunction(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
                                    PVOID SystemSpecific3) {
    PNET_BUFFER_LIST Head = NULL, Tail = NULL;
    ULONG Count, Made = 0, i;
    ULONG Sequence;
    NDIS_HANDLE Vc;
    BOOLEAN Resources;
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(FunctionContext);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);

    NdisAcquireSpinLock(&DpMcmLock);
    Count = DpMcmReceivesWanted;
    DpMcmReceivesWanted = 0;
    Vc = DpMcmVc.NdisVcHandle;
    Sequence = DpMcmNextReceiveSequence;
    DpMcmNextReceiveSequence += Count;
    DpMcmCounters.Sent += (LONG)Count;
    NdisReleaseSpinLock(&DpMcmLock);
    if (Count == 0 || Vc == NULL) return;

    for (Made = 0; Made < Count; Made++) {
        PNET_BUFFER_LIST Nbl = NdisAllocateNetBufferList(DpMcmPool, 0, 0);
        PUCHAR Data;
        if (Nbl == NULL) break;
        Data = (PUCHAR)MmGetSystemAddressForMdlSafe(NET_BUFFER_CURRENT_MDL(NET_BUFFER_LIST_FIRST_NB(Nbl)),
                                                    NormalPagePriority) +
               NET_BUFFER_CURRENT_MDL_OFFSET(NET_BUFFER_LIST_FIRST_NB(Nbl));
        Data[0] = (UCHAR)Sequence;
        Data[1] = (UCHAR)(Sequence >> 8);
        Data[2] = (UCHAR)(Sequence >> 16);
        Data[3] = (UCHAR)(Sequence >> 24);
        for (i = 4; i < DP_PAYLOAD_LENGTH; i++) Data[i] = DP_PAYLOAD_BYTE(Sequence, i);
        Sequence++;
        Nbl->SourceHandle = Vc;
        if (Tail != NULL) NET_BUFFER_LIST_NEXT_NBL(Tail) = Nbl;
        else Head = Nbl;
        Tail = Nbl;
    }
    if (Made != Count) {
        NdisAcquireSpinLock(&DpMcmLock);
        DpMcmCounters.Sent -= (LONG)(Count - Made);
        NdisReleaseSpinLock(&DpMcmLock);
    }
    if (Head == NULL) return;
    NdisAcquireSpinLock(&DpMcmLock);
    Resources = DpMcmConfig.IndicateWithResources;
    NdisReleaseSpinLock(&DpMcmLock);
    NdisMCoIndicateReceiveNetBufferLists(Vc, Head, Made,
                                         NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL | (Resources ? NDIS_RECEIVE_FLAGS_RESOURCES : 0));
    if (!Resources) return;
    /* The indication returned: the NBLs are ours again at once (3.3). */
    DpMcmFreeReceives(Head);
    NdisAcquireSpinLock(&DpMcmLock);
    DpMcmCounters.Reclaimed += (LONG)Made;
    NdisReleaseSpinLock(&DpMcmLock);
}

/* MiniportCoSendNetBufferLists, <= DISPATCH: check each NBL, then complete it at once or queue it. */
static VOID DpMcmCoSendNetBufferLists(NDIS_HANDLE MiniportVcContext, PNET_BUFFER_LIST NetBufferLists,
                                    ULONG SendFlags) {
    PNET_BUFFER_LIST Nbl, Next;
    ULONG Delay;
    UNREFERENCED_PARAMETER(MiniportVcContext);
    NdisAcquireSpinLock(&DpMcmLock);
    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = Next) {
        ULONG Sequence = 0;
        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        DpMcmCounters.Received++;
        if (DpMcmPayloadIntact(NET_BUFFER_LIST_FIRST_NB(Nbl), &Sequence)) DpMcmCounters.Intact++;
        if (Sequence != DpMcmNextSendSequence) DpMcmCounters.OutOfOrder++;
        DpMcmNextSendSequence = Sequence + 1;
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
        if (DpMcmQueueTail != NULL) NET_BUFFER_LIST_NEXT_NBL(DpMcmQueueTail) = Nbl;
        else DpMcmQueueHead = Nbl;
        DpMcmQueueTail = Nbl;
    }
    Delay = DpMcmConfig.CompleteSendsAfterMs;
    NdisReleaseSpinLock(&DpMcmLock);
    if (Delay == 0)
        DpMcmCompleteQueuedSends(SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
    else
        NdisSetTimerObject(DpMcmSendTimer, DpMcmDueTime(Delay), 0, NULL);
}

/* MiniportReturnNetBufferLists, <= DISPATCH: the client gave indicated NBLs back; free them. */
static VOID DpMcmReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                                    ULONG ReturnFlags) {
    LONG Count = DpMcmFreeReceives(NetBufferLists);
    BOOLEAN FinishClose = FALSE;
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ReturnFlags);
    NdisAcquireSpinLock(&DpMcmLock);
    DpMcmCounters.Completed += Count;
    if (DpMcmClosePending && DpMcmReceivesOut() == 0) {
        DpMcmClosePending = FALSE;
        FinishClose = TRUE;
    }
    NdisReleaseSpinLock(&DpMcmLock);
    if (FinishClose) NdisSetTimerObject(DpMcmCloseTimer, DpMcmDueTime(0), 0, NULL);
}

/* ProtocolCmOpenAf, PASSIVE: the client opens the AF; keep its handle for requests to it. */
NDIS_STATUS DpMcmCmOpenAf(NDIS_HANDLE CallMgrBindingContext, PCO_ADDRESS_FAMILY AddressFamily, NDIS_HANDLE NdisAfHandle,
                          PNDIS_HANDLE CallMgrAfContext) {
    UNREFERENCED_PARAMETER(CallMgrBindingContext);
    UNREFERENCED_PARAMETER(AddressFamily);
    NdisAcquireSpinLock(&DpMcmLock);
    DpMcmAfHandle = NdisAfHandle;
    NdisReleaseSpinLock(&DpMcmLock);
    *CallMgrAfContext = &DpMcmAfHandle;
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCmCloseAf, PASSIVE. */
NDIS_STATUS DpMcmCmCloseAf(NDIS_HANDLE CallMgrAfContext) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    NdisAcquireSpinLock(&DpMcmLock);
    DpMcmAfHandle = NULL;
    NdisReleaseSpinLock(&DpMcmLock);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCoCreateVc (CmCreateVcHandler): a client creates its VC; one call at a time. */
static NDIS_STATUS DpMcmCmCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle,
                                 PNDIS_HANDLE ProtocolVcContext) {
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    NdisAcquireSpinLock(&DpMcmLock);
    if (DpMcmVc.NdisVcHandle != NULL) {
        Status = NDIS_STATUS_RESOURCES;
    } else {
        DpMcmVc.NdisVcHandle = DpMcmLastVcHandle = NdisVcHandle;
        DpMcmNextSendSequence = DpMcmNextReceiveSequence = 0;
        *ProtocolVcContext = &DpMcmVc;
    }
    NdisReleaseSpinLock(&DpMcmLock);
    return Status;
}

/* ProtocolCoDeleteVc (CmDeleteVcHandler). */
static NDIS_STATUS DpMcmCmDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    UNREFERENCED_PARAMETER(ProtocolVcContext);
    NdisAcquireSpinLock(&DpMcmLock);
    DpMcmVc.NdisVcHandle = NULL;
    NdisReleaseSpinLock(&DpMcmLock);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCmMakeCall, <= DISPATCH: the network accepts at once: activate, then SUCCESS. */
static NDIS_STATUS DpMcmCmMakeCall(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters,
                                 NDIS_HANDLE NdisPartyHandle, PNDIS_HANDLE CallMgrPartyContext) {
    PDP_MCM_VC Vc = (PDP_MCM_VC)CallMgrVcContext;
    UNREFERENCED_PARAMETER(NdisPartyHandle);
    if (CallMgrPartyContext != NULL) *CallMgrPartyContext = NULL;
    Vc->CallParameters = CallParameters;
    return NdisMCmActivateVc(Vc->NdisVcHandle, CallParameters);
}

/* NetTimerCallback, DISPATCH_LEVEL: the last indicated NBL came back; finish the pended close. */
static VOID DpMcmCloseTimerFunction(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
                                  PVOID SystemSpecific3) {
    NDIS_HANDLE Vc;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(FunctionContext);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    DpMcmCompleteQueuedSends(NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    NdisAcquireSpinLock(&DpMcmLock);
    Vc = DpMcmVc.NdisVcHandle;
    DpMcmVc.CallParameters = NULL;
    NdisReleaseSpinLock(&DpMcmLock);
    Status = NdisMCmDeactivateVc(Vc);
    NdisMCmCloseCallComplete(Status, Vc, NULL);
}

/* ProtocolCmCloseCall, <= DISPATCH: complete what the hardware still holds, deactivate, SUCCESS.
 * With CloseWhenQuiet and indicated NBLs still out, PENDING: the deactivation waits for them. */
static NDIS_STATUS DpMcmCmCloseCall(NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext, PVOID CloseData,
                                  UINT Size) {
    PDP_MCM_VC Vc = (PDP_MCM_VC)CallMgrVcContext;
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    NdisAcquireSpinLock(&DpMcmLock);
    if (DpMcmConfig.CloseWhenQuiet && DpMcmReceivesOut() > 0) {
        DpMcmClosePending = TRUE;
        NdisReleaseSpinLock(&DpMcmLock);
        return NDIS_STATUS_PENDING;
    }
    NdisReleaseSpinLock(&DpMcmLock);
    DpMcmCompleteQueuedSends(0);
    Vc->CallParameters = NULL;
    return NdisMCmDeactivateVc(Vc->NdisVcHandle);
}

/* MiniportCo* VC handlers: an MCM's client VCs go through the call-manager table instead, and
 * CoCreateVc/CoDeleteVc stay NULL (VC-018). */
static NDIS_STATUS DpMcmCoActivateVc(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS DpMcmCoDeactivateVc(NDIS_HANDLE MiniportVcContext) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS DpMcmAllocateTimer(NDIS_TIMER_FUNCTION *Function, NDIS_HANDLE *Timer) {
    NDIS_TIMER_CHARACTERISTICS Chars;
    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    Chars.AllocationTag = DP_TAG;
    Chars.TimerFunction = Function;
    return NdisAllocateTimerObject(DpMcmAdapterHandle, &Chars, Timer);
}

/* MiniportInitializeEx, PASSIVE: attributes, the receive pool, the timers, then the AF. */
static NDIS_STATUS DpMcmInitializeEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
                                   PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters) {
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Reg;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES Gen;
    NET_BUFFER_LIST_POOL_PARAMETERS Pool;
    CO_ADDRESS_FAMILY Af;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    DpMcmAdapterHandle = MiniportAdapterHandle;
    NdisZeroMemory(&Reg, sizeof(Reg));
    Reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    Reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Reg.MiniportAdapterContext = &DpMcmAdapterHandle;
    Reg.InterfaceType = NdisInterfaceInternal;
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Reg);
    if (Status != NDIS_STATUS_SUCCESS) return Status;

    NdisZeroMemory(&Gen, sizeof(Gen));
    Gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    Gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    Gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    Gen.MediaType = NdisMediumAtm;
    Gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    Gen.MtuSize = 9180;
    Gen.MaxXmitLinkSpeed = Gen.XmitLinkSpeed = Gen.MaxRcvLinkSpeed = Gen.RcvLinkSpeed = 155520000;
    Gen.MediaConnectState = MediaConnectStateConnected;
    Gen.MediaDuplexState = MediaDuplexStateFull;
    Gen.LookaheadSize = 9180;
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Gen);
    if (Status != NDIS_STATUS_SUCCESS) return Status;

    NdisZeroMemory(&Pool, sizeof(Pool));
    Pool.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    Pool.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    Pool.fAllocateNetBuffer = TRUE;
    Pool.DataSize = DP_PAYLOAD_LENGTH;
    Pool.PoolTag = DP_TAG;
    DpMcmPool = NdisAllocateNetBufferListPool(MiniportAdapterHandle, &Pool);
    if (DpMcmPool == NULL) return NDIS_STATUS_RESOURCES;
    if (DpMcmAllocateTimer(DpMcmSendTimerFunction, &DpMcmSendTimer) != NDIS_STATUS_SUCCESS ||
        DpMcmAllocateTimer(DpMcmReceiveTimerFunction, &DpMcmReceiveTimer) != NDIS_STATUS_SUCCESS ||
        DpMcmAllocateTimer(DpMcmCloseTimerFunction, &DpMcmCloseTimer) != NDIS_STATUS_SUCCESS ||
        DpRqStart(&DpMcmRq, MiniportAdapterHandle, TRUE, DpMcmRqComplete) != NDIS_STATUS_SUCCESS)
        return NDIS_STATUS_RESOURCES;

    NdisZeroMemory(&Af, sizeof(Af));
    Af.AddressFamily = CO_ADDRESS_FAMILY_Q2931;
    Af.MajorVersion = 3;
    Af.MinorVersion = 1;
    return NdisMCmRegisterAddressFamilyEx(MiniportAdapterHandle, &Af);
}

/* MiniportHaltEx, PASSIVE: every VC is gone, every receive came back; free timers and pool. */
static VOID DpMcmHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(HaltAction);
    if (DpMcmSendTimer != NULL) {
        NdisCancelTimerObject(DpMcmSendTimer);
        NdisFreeTimerObject(DpMcmSendTimer);
        DpMcmSendTimer = NULL;
    }
    if (DpMcmReceiveTimer != NULL) {
        NdisCancelTimerObject(DpMcmReceiveTimer);
        NdisFreeTimerObject(DpMcmReceiveTimer);
        DpMcmReceiveTimer = NULL;
    }
    if (DpMcmCloseTimer != NULL) {
        NdisCancelTimerObject(DpMcmCloseTimer);
        NdisFreeTimerObject(DpMcmCloseTimer);
        DpMcmCloseTimer = NULL;
    }
    DpRqStop(&DpMcmRq);
    if (DpMcmPool != NULL) {
        NdisFreeNetBufferListPool(DpMcmPool);
        DpMcmPool = NULL;
    }
}

static VOID DpMcmUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    NdisMDeregisterMiniportDriver(DpMcmDriverHandle);
}

/* MiniportSetOptions: an MCM registers both the CoNDIS miniport table and the CM table. */
static NDIS_STATUS DpMcmSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_MINIPORT_CO_CHARACTERISTICS Co;
    NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS Cm;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(DriverContext);

    NdisZeroMemory(&Co, sizeof(Co));
    Co.Header.Type = NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS;
    Co.Header.Revision = NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    Co.Header.Size = NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    Co.CoActivateVcHandler = DpMcmCoActivateVc;
    Co.CoDeactivateVcHandler = DpMcmCoDeactivateVc;
    Co.CoSendNetBufferListsHandler = DpMcmCoSendNetBufferLists;
    Co.CoOidRequestHandler = DpMcmCoOidRequest;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
    if (Status != NDIS_STATUS_SUCCESS) return Status;

    NdisZeroMemory(&Cm, sizeof(Cm));
    Cm.Header.Type = NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS;
    Cm.Header.Revision = NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1;
    Cm.Header.Size = sizeof(Cm);
    Cm.CmCreateVcHandler = DpMcmCmCreateVc;
    Cm.CmDeleteVcHandler = DpMcmCmDeleteVc;
    Cm.CmOpenAfHandler = DpMcmCmOpenAf;
    Cm.CmCloseAfHandler = DpMcmCmCloseAf;
    Cm.CmRegisterSapHandler = DpMcmCmRegisterSap;
    Cm.CmDeregisterSapHandler = DpMcmCmDeregisterSap;
    Cm.CmMakeCallHandler = DpMcmCmMakeCall;
    Cm.CmCloseCallHandler = DpMcmCmCloseCall;
    Cm.CmIncomingCallCompleteHandler = DpMcmCmIncomingCallComplete;
    Cm.CmAddPartyHandler = DpMcmCmAddParty;
    Cm.CmDropPartyHandler = DpMcmCmDropParty;
    Cm.CmActivateVcCompleteHandler = DpMcmCmActivateVcComplete;
    Cm.CmDeactivateVcCompleteHandler = DpMcmCmDeactivateVcComplete;
    Cm.CmModifyCallQoSHandler = DpMcmCmModifyCallQoS;
    Cm.CmOidRequestHandler = DpMcmCmOidRequest;
    Cm.CmOidRequestCompleteHandler = DpMcmCmOidRequestComplete;
    Cm.CmNotifyCloseAfCompleteHandler = DpMcmCmNotifyCloseAfComplete;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Cm);
}

NDIS_STATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars;
    /* A new runtime loads the module again: start from a clean state. */
    NdisAllocateSpinLock(&DpMcmLock);
    NdisZeroMemory(&DpMcmConfig, sizeof(DpMcmConfig));
    NdisZeroMemory(&DpMcmVc, sizeof(DpMcmVc));
    NdisZeroMemory(&DpMcmCounters, sizeof(DpMcmCounters));
    DpMcmQueueHead = DpMcmQueueTail = NULL;
    DpMcmReceivesWanted = 0;
    DpMcmClosePending = FALSE;
    DpMcmAfHandle = DpMcmLastVcHandle = NULL;
    DpRqReset(&DpMcmRq);
    DpMcmPool = DpMcmSendTimer = DpMcmReceiveTimer = DpMcmCloseTimer = NULL;

    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 0;
    Chars.MajorDriverVersion = 1;
    Chars.SetOptionsHandler = DpMcmSetOptions;
    Chars.InitializeHandlerEx = DpMcmInitializeEx;
    Chars.HaltHandlerEx = DpMcmHaltEx;
    Chars.UnloadHandler = DpMcmUnload;
    Chars.PauseHandler = DpMcmPause;
    Chars.RestartHandler = DpMcmRestart;
    Chars.OidRequestHandler = DpMcmOidRequest;
    Chars.SendNetBufferListsHandler = DpMcmSendNetBufferLists;
    Chars.ReturnNetBufferListsHandler = DpMcmReturnNetBufferLists;
    Chars.CancelSendHandler = DpMcmCancelSend;
    Chars.DevicePnPEventNotifyHandler = DpMcmDevicePnPEventNotify;
    Chars.ShutdownHandlerEx = DpMcmShutdownEx;
    Chars.CancelOidRequestHandler = DpMcmCancelOidRequest;
    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &DpMcmDriverHandle);
}
