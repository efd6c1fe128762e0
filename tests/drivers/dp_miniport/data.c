/* dp_miniport: sends, receives and returns on its VCs (see dp_miniport.h). */
#include "dp_miniport.h"

static NDIS_HANDLE DpMpPool;          /* receive NBLs with DP_PAYLOAD_LENGTH bytes of data each */
static NDIS_HANDLE DpMpSendTimer;     /* completes queued sends */
static NDIS_HANDLE DpMpReceiveTimer;  /* indicates the requested receives */
static NDIS_STATUS DpMpSendStatus;    /* what the send timer completes with */

CONDIS_DRIVER_EXPORT DP_MP_INDICATE DpMiniportIndicate;
CONDIS_DRIVER_EXPORT DP_MP_COMPLETE_SENDS DpMiniportCompleteSends;

PNET_BUFFER_LIST DpMpTakeQueue(PDP_MP_VC Vc) {
    PNET_BUFFER_LIST Chain = Vc->QueueHead;
    Vc->QueueHead = Vc->QueueTail = NULL;
    return Chain;
}

VOID DpMpCompleteChain(NDIS_HANDLE NdisVcHandle, PNET_BUFFER_LIST Chain, NDIS_STATUS Status, ULONG Flags) {
    PNET_BUFFER_LIST Nbl;
    LONG Count = 0;
    if (Chain == NULL) return;
    for (Nbl = Chain; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        NET_BUFFER_LIST_STATUS(Nbl) = Status;
        Count++;
    }
    if (Status != NDIS_STATUS_SUCCESS) {
        NdisAcquireSpinLock(&DpMpLock);
        DpMpCounters.Failed += Count;
        NdisReleaseSpinLock(&DpMpLock);
    }
    NdisMCoSendNetBufferListsComplete(NdisVcHandle, Chain, Flags);
}

/* Completes the queues of every VC; a pended deactivation may become due. */
static VOID DpMpCompleteAllQueues(NDIS_STATUS Status, ULONG Flags) {
    ULONG i;
    BOOLEAN Due = FALSE;
    for (i = 0; i < DP_MP_VCS; i++) {
        PNET_BUFFER_LIST Chain;
        NDIS_HANDLE NdisVcHandle;
        NdisAcquireSpinLock(&DpMpLock);
        Chain = DpMpTakeQueue(&DpMpVcs[i]);
        NdisVcHandle = DpMpVcs[i].NdisVcHandle;
        NdisReleaseSpinLock(&DpMpLock);
        DpMpCompleteChain(NdisVcHandle, Chain, Status, Flags);
        NdisAcquireSpinLock(&DpMpLock);
        if (DpMpVcs[i].InUse && DpMpDeactivationDue(&DpMpVcs[i])) Due = TRUE;
        NdisReleaseSpinLock(&DpMpLock);
    }
    if (Due) DpMpScheduleDeactivation();
}

/* NetTimerCallback, DISPATCH_LEVEL. */
static VOID DpMpSendTimerFunction(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
                                  PVOID SystemSpecific3) {
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(FunctionContext);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    NdisAcquireSpinLock(&DpMpLock);
    Status = DpMpSendStatus;
    NdisReleaseSpinLock(&DpMpLock);
    DpMpCompleteAllQueues(Status, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
}

/* Test action, <= DISPATCH_LEVEL: the held sends go out (or are dropped) from a timer. */
NDIS_STATUS DpMiniportCompleteSends(NDIS_STATUS Status, ULONG DelayMs) {
    NdisAcquireSpinLock(&DpMpLock);
    DpMpSendStatus = Status;
    NdisReleaseSpinLock(&DpMpLock);
    NdisSetTimerObject(DpMpSendTimer, DpMpDueTime(DelayMs), 0, NULL);
    return NDIS_STATUS_SUCCESS;
}

/* Checks the payload of one NB against the pattern of its sequence number. */
static BOOLEAN DpMpPayloadIntact(PNET_BUFFER Nb, ULONG *Sequence) {
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

/* MiniportCoSendNetBufferLists, <= DISPATCH: check each NBL and queue it; then complete the queue
 * at once, from a timer, or not until the test asks (DP_MP_SENDS). */
VOID DpMpCoSendNetBufferLists(NDIS_HANDLE MiniportVcContext, PNET_BUFFER_LIST NetBufferLists, ULONG SendFlags) {
    PDP_MP_VC Vc = (PDP_MP_VC)MiniportVcContext;
    PNET_BUFFER_LIST Nbl, Next, Chain = NULL;
    ULONG Mode, Delay;
    NdisAcquireSpinLock(&DpMpLock);
    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = Next) {
        ULONG Sequence = ~0u;
        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        DpMpCounters.Received++;
        if (DpMpPayloadIntact(NET_BUFFER_LIST_FIRST_NB(Nbl), &Sequence)) DpMpCounters.Intact++;
        if (Sequence != Vc->NextSendSequence) DpMpCounters.OutOfOrder++;
        Vc->NextSendSequence = Sequence + 1;
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
        if (Vc->QueueTail != NULL) NET_BUFFER_LIST_NEXT_NBL(Vc->QueueTail) = Nbl;
        else Vc->QueueHead = Nbl;
        Vc->QueueTail = Nbl;
    }
    Mode = DpMpConfig.Sends;
    Delay = DpMpConfig.SendDelayMs;
    if (Mode == DpMpSendsAtOnce) Chain = DpMpTakeQueue(Vc);
    else if (Mode == DpMpSendsTimer) DpMpSendStatus = NDIS_STATUS_SUCCESS;
    NdisReleaseSpinLock(&DpMpLock);
    if (Mode == DpMpSendsAtOnce)
        DpMpCompleteChain(Vc->NdisVcHandle, Chain, NDIS_STATUS_SUCCESS,
                          (SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
    else if (Mode == DpMpSendsTimer)
        NdisSetTimerObject(DpMpSendTimer, DpMpDueTime(Delay), 0, NULL);
}

/* Frees a chain of receive NBLs that are the miniport's own again; a pended deactivation of
 * their VC may become due. Returns whether one did. */
static BOOLEAN DpMpReclaim(PNET_BUFFER_LIST Chain, BOOLEAN Returned) {
    PNET_BUFFER_LIST Nbl, Next;
    BOOLEAN Due = FALSE;
    for (Nbl = Chain; Nbl != NULL; Nbl = Next) {
        PDP_MP_VC Vc = (PDP_MP_VC)NET_BUFFER_LIST_MINIPORT_RESERVED(Nbl)[0];
        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
        NdisFreeNetBufferList(Nbl);
        NdisAcquireSpinLock(&DpMpLock);
        if (Returned) DpMpCounters.Completed++;
        else DpMpCounters.Reclaimed++;
        Vc->ReceivesOut--;
        if (Vc->InUse && DpMpDeactivationDue(Vc)) Due = TRUE;
        NdisReleaseSpinLock(&DpMpLock);
    }
    return Due;
}

/* MiniportReturnNetBufferLists, <= DISPATCH: a protocol gave indicated NBLs back. */
VOID DpMpReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ReturnFlags);
    if (DpMpReclaim(NetBufferLists, TRUE)) DpMpScheduleDeactivation();
}

/* Indicates Count receives on one VC as one chain. DISPATCH_LEVEL (the receive timer). */
static VOID DpMpIndicateOn(PDP_MP_VC Vc, ULONG Count) {
    PNET_BUFFER_LIST Head = NULL, Tail = NULL;
    ULONG Made, i, Sequence;
    NDIS_HANDLE NdisVcHandle;
    BOOLEAN Resources;
    NdisAcquireSpinLock(&DpMpLock);
    NdisVcHandle = Vc->NdisVcHandle;
    Sequence = Vc->NextReceiveSequence;
    Resources = DpMpConfig.IndicateWithResources;
    NdisReleaseSpinLock(&DpMpLock);
    for (Made = 0; Made < Count; Made++) {
        PNET_BUFFER_LIST Nbl = NdisAllocateNetBufferList(DpMpPool, 0, 0);
        PNET_BUFFER Nb;
        PUCHAR Data;
        if (Nbl == NULL) break;
        Nb = NET_BUFFER_LIST_FIRST_NB(Nbl);
        Data = (PUCHAR)MmGetSystemAddressForMdlSafe(NET_BUFFER_CURRENT_MDL(Nb), NormalPagePriority) +
               NET_BUFFER_CURRENT_MDL_OFFSET(Nb);
        Data[0] = (UCHAR)Sequence;
        Data[1] = (UCHAR)(Sequence >> 8);
        Data[2] = (UCHAR)(Sequence >> 16);
        Data[3] = (UCHAR)(Sequence >> 24);
        for (i = 4; i < DP_PAYLOAD_LENGTH; i++) Data[i] = DP_PAYLOAD_BYTE(Sequence, i);
        Sequence++;
        Nbl->SourceHandle = NdisVcHandle;
        NET_BUFFER_LIST_MINIPORT_RESERVED(Nbl)[0] = Vc;
        if (Tail != NULL) NET_BUFFER_LIST_NEXT_NBL(Tail) = Nbl;
        else Head = Nbl;
        Tail = Nbl;
    }
    if (Head == NULL) return;
    NdisAcquireSpinLock(&DpMpLock);
    Vc->NextReceiveSequence = Sequence;
    Vc->ReceivesOut += Made;
    DpMpCounters.Sent += (LONG)Made;
    NdisReleaseSpinLock(&DpMpLock);
    NdisMCoIndicateReceiveNetBufferLists(NdisVcHandle, Head, Made,
                                         NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL | (Resources ? NDIS_RECEIVE_FLAGS_RESOURCES : 0));
    /* With the resources flag the NBLs are ours again once the indication returned (3.3). */
    if (Resources && DpMpReclaim(Head, FALSE)) DpMpScheduleDeactivation();
}

/* NetTimerCallback, DISPATCH_LEVEL: indicates what each VC has been asked for. */
static VOID DpMpReceiveTimerFunction(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
                                     PVOID SystemSpecific3) {
    ULONG i, Count;
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(FunctionContext);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    for (i = 0; i < DP_MP_VCS; i++) {
        NdisAcquireSpinLock(&DpMpLock);
        Count = DpMpVcs[i].InUse ? DpMpVcs[i].ReceivesWanted : 0;
        DpMpVcs[i].ReceivesWanted = 0;
        NdisReleaseSpinLock(&DpMpLock);
        if (Count != 0) DpMpIndicateOn(&DpMpVcs[i], Count);
    }
}

/* Test action, <= DISPATCH_LEVEL. */
NDIS_STATUS DpMiniportIndicate(NDIS_HANDLE NdisVcHandle, ULONG Count, ULONG DelayMs) {
    ULONG i;
    NDIS_STATUS Status = NDIS_STATUS_INVALID_PARAMETER;
    NdisAcquireSpinLock(&DpMpLock);
    for (i = 0; i < DP_MP_VCS; i++) {
        if (DpMpVcs[i].InUse && DpMpVcs[i].NdisVcHandle == NdisVcHandle) {
            DpMpVcs[i].ReceivesWanted += Count;
            Status = NDIS_STATUS_SUCCESS;
        }
    }
    NdisReleaseSpinLock(&DpMpLock);
    if (Status == NDIS_STATUS_SUCCESS) NdisSetTimerObject(DpMpReceiveTimer, DpMpDueTime(DelayMs), 0, NULL);
    return Status;
}

static VOID DpMpFreeTimer(NDIS_HANDLE *Timer) {
    if (*Timer != NULL) {
        NdisCancelTimerObject(*Timer);
        NdisFreeTimerObject(*Timer);
        *Timer = NULL;
    }
}

/* MiniportInitializeEx, PASSIVE: the receive pool (3.7) and the timers. */
NDIS_STATUS DpMpDataStart(VOID) {
    NET_BUFFER_LIST_POOL_PARAMETERS Pool;
    DpMpPool = DpMpSendTimer = DpMpReceiveTimer = NULL;
    NdisZeroMemory(&Pool, sizeof(Pool));
    Pool.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    Pool.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    Pool.fAllocateNetBuffer = TRUE;
    Pool.DataSize = DP_PAYLOAD_LENGTH;
    Pool.PoolTag = DP_MP_TAG;
    DpMpPool = NdisAllocateNetBufferListPool(DpMpAdapterHandle, &Pool);
    if (DpMpPool == NULL) return NDIS_STATUS_RESOURCES;
    if (DpMpAllocateTimer(DpMpSendTimerFunction, &DpMpSendTimer) != NDIS_STATUS_SUCCESS ||
        DpMpAllocateTimer(DpMpReceiveTimerFunction, &DpMpReceiveTimer) != NDIS_STATUS_SUCCESS)
        return NDIS_STATUS_RESOURCES;
    return NDIS_STATUS_SUCCESS;
}

/* MiniportHaltEx, PASSIVE: every indicated NBL came back (DP-038). */
VOID DpMpDataStop(VOID) {
    DpMpFreeTimer(&DpMpSendTimer);
    DpMpFreeTimer(&DpMpReceiveTimer);
    if (DpMpPool != NULL) {
        NdisFreeNetBufferListPool(DpMpPool);
        DpMpPool = NULL;
    }
}
