/* dp_cm: the signalling VC, created with a NULL AF handle, and its data path (see dp_cm.h). */
#include "dp_cm.h"

DP_CM_VC DpCmSignalVc;
static NDIS_HANDLE DpCmPool;                  /* send NBLs with one NB each, over our own MDLs */
static CO_CALL_PARAMETERS DpCmSignalParameters; /* the miniport does not inspect them */
static DP_STATS DpCmCounters;
static ULONG DpCmNextSendSequence, DpCmNextReceiveSequence;

CONDIS_DRIVER_EXPORT DP_CM_ACTION DpCmOpenSignalling;
CONDIS_DRIVER_EXPORT DP_CM_ACTION DpCmCloseSignalling;
CONDIS_DRIVER_EXPORT DP_CM_SEND DpCmSend;
CONDIS_DRIVER_EXPORT DP_GET_STATS DpCmStats;
CONDIS_DRIVER_EXPORT DP_GET_CONTEXTS DpCmSignallingContexts;

VOID DpCmSignallingReset(VOID) {
    NdisZeroMemory(&DpCmSignalVc, sizeof(DpCmSignalVc));
    NdisZeroMemory(&DpCmCounters, sizeof(DpCmCounters));
    DpCmPool = NULL;
}

/* Bind, PASSIVE: the send pool. */
NDIS_STATUS DpCmSignallingStart(VOID) {
    NET_BUFFER_LIST_POOL_PARAMETERS Pool;
    NdisZeroMemory(&Pool, sizeof(Pool));
    Pool.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    Pool.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    Pool.fAllocateNetBuffer = TRUE;
    Pool.PoolTag = DP_CM_TAG;
    DpCmPool = NdisAllocateNetBufferListPool(DpCmProtocolHandle, &Pool);
    return DpCmPool != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

/* Unbind, PASSIVE: every signalling send came back. */
VOID DpCmSignallingStop(VOID) {
    if (DpCmPool != NULL) {
        NdisFreeNetBufferListPool(DpCmPool);
        DpCmPool = NULL;
    }
}

VOID DpCmStats(DP_STATS *Stats) {
    NdisAcquireSpinLock(&DpCmLock);
    *Stats = DpCmCounters;
    NdisReleaseSpinLock(&DpCmLock);
}

VOID DpCmSignallingContexts(DP_CONTEXTS *Contexts) {
    NdisZeroMemory(Contexts, sizeof(*Contexts));
    Contexts->BindingContext = &DpCmBindingHandle;
    Contexts->VcContext = &DpCmSignalVc;
    Contexts->VcHandle = DpCmSignalVc.NdisVcHandle;
}

/* Test action, PASSIVE: a VC of the CM's own (NULL AF handle: only MiniportCoCreateVc runs),
 * activated in the miniport. */
NDIS_STATUS DpCmOpenSignalling(VOID) {
    NDIS_STATUS Status = NdisCoCreateVc(DpCmBindingHandle, NULL, &DpCmSignalVc, &DpCmSignalVc.NdisVcHandle);
    if (Status != NDIS_STATUS_SUCCESS) return Status;
    NdisAcquireSpinLock(&DpCmLock);
    DpCmNextSendSequence = DpCmNextReceiveSequence = 0;
    NdisReleaseSpinLock(&DpCmLock);
    Status = NdisCmActivateVc(DpCmSignalVc.NdisVcHandle, &DpCmSignalParameters);
    if (Status == NDIS_STATUS_SUCCESS) DpCmSignalVc.Active = TRUE;
    return Status;
}

/* Test action, PASSIVE: deactivate (the miniport answers at once in these tests), then delete. */
NDIS_STATUS DpCmCloseSignalling(VOID) {
    NDIS_STATUS Status;
    DpCmSignalVc.Active = FALSE;
    Status = NdisCmDeactivateVc(DpCmSignalVc.NdisVcHandle);
    if (Status != NDIS_STATUS_SUCCESS) return Status;
    Status = NdisCoDeleteVc(DpCmSignalVc.NdisVcHandle);
    if (Status == NDIS_STATUS_SUCCESS) DpCmSignalVc.NdisVcHandle = NULL;
    return Status;
}

/* Test action, PASSIVE: Count signalling messages, one NdisCoSendNetBufferLists each (3.1 v6). */
NDIS_STATUS DpCmSend(ULONG Count) {
    ULONG n, i;
    for (n = 0; n < Count; n++) {
        PUCHAR Buffer = (PUCHAR)NdisAllocateMemoryWithTagPriority(DpCmProtocolHandle, DP_PAYLOAD_LENGTH, DP_CM_TAG,
                                                                  NormalPoolPriority);
        PMDL Mdl;
        PNET_BUFFER_LIST Nbl;
        ULONG Sequence;
        if (Buffer == NULL) return NDIS_STATUS_RESOURCES;
        Mdl = NdisAllocateMdl(DpCmProtocolHandle, Buffer, DP_PAYLOAD_LENGTH);
        if (Mdl == NULL) {
            NdisFreeMemory(Buffer, DP_PAYLOAD_LENGTH, 0);
            return NDIS_STATUS_RESOURCES;
        }
        Nbl = NdisAllocateNetBufferAndNetBufferList(DpCmPool, 0, 0, Mdl, 0, DP_PAYLOAD_LENGTH);
        if (Nbl == NULL) {
            NdisFreeMdl(Mdl);
            NdisFreeMemory(Buffer, DP_PAYLOAD_LENGTH, 0);
            return NDIS_STATUS_RESOURCES;
        }
        NdisAcquireSpinLock(&DpCmLock);
        Sequence = DpCmNextSendSequence++;
        DpCmCounters.Sent++;
        NdisReleaseSpinLock(&DpCmLock);
        Buffer[0] = (UCHAR)Sequence;
        Buffer[1] = (UCHAR)(Sequence >> 8);
        Buffer[2] = (UCHAR)(Sequence >> 16);
        Buffer[3] = (UCHAR)(Sequence >> 24);
        for (i = 4; i < DP_PAYLOAD_LENGTH; i++) Buffer[i] = DP_PAYLOAD_BYTE(Sequence, i);
        Nbl->SourceHandle = DpCmSignalVc.NdisVcHandle;
        NdisCoSendNetBufferLists(DpCmSignalVc.NdisVcHandle, Nbl, 0);
    }
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCoSendNetBufferListsComplete, <= DISPATCH: our signalling sends are back; free them. */
VOID DpCmCoSendNetBufferListsComplete(NDIS_HANDLE ProtocolVcContext, PNET_BUFFER_LIST NetBufferLists,
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
    NdisAcquireSpinLock(&DpCmLock);
    DpCmCounters.Completed += Completed;
    DpCmCounters.Failed += Failed;
    NdisReleaseSpinLock(&DpCmLock);
}

/* ProtocolCoReceiveNetBufferLists, <= DISPATCH: signalling messages on our VC (3.2, the CM in the
 * client's role). Check each and give them back at once, unless indicated with RESOURCES. */
VOID DpCmCoReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                                 PNET_BUFFER_LIST NetBufferLists, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags) {
    PNET_BUFFER_LIST Nbl;
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    NdisAcquireSpinLock(&DpCmLock);
    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        UCHAR Storage[DP_PAYLOAD_LENGTH];
        PNET_BUFFER Nb = NET_BUFFER_LIST_FIRST_NB(Nbl);
        const UCHAR *Data = NULL;
        BOOLEAN Intact = FALSE;
        ULONG Sequence = ~0u, i;
        DpCmCounters.Received++;
        if (ProtocolVcContext != &DpCmSignalVc) continue; /* counted, never Intact */
        if (Nb != NULL && NET_BUFFER_DATA_LENGTH(Nb) == DP_PAYLOAD_LENGTH)
            Data = (const UCHAR *)NdisGetDataBuffer(Nb, DP_PAYLOAD_LENGTH, Storage, 1, 0);
        if (Data != NULL) {
            Sequence = (ULONG)Data[0] | ((ULONG)Data[1] << 8) | ((ULONG)Data[2] << 16) | ((ULONG)Data[3] << 24);
            Intact = TRUE;
            for (i = 4; i < DP_PAYLOAD_LENGTH; i++)
                if (Data[i] != DP_PAYLOAD_BYTE(Sequence, i)) Intact = FALSE;
        }
        if (Intact) DpCmCounters.Intact++;
        if (Sequence != DpCmNextReceiveSequence) DpCmCounters.OutOfOrder++;
        DpCmNextReceiveSequence = Sequence + 1;
    }
    NdisReleaseSpinLock(&DpCmLock);
    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
        NdisReturnNetBufferLists(DpCmBindingHandle, NetBufferLists,
                                 (ReceiveFlags & NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL) ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
}
