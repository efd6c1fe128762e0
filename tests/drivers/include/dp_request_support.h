/*
 * Driver-side support for the request and status interface of dp_client and dp_mcm
 * (dp_request_driver.h): the records each side keeps, the answer of a request handler, pended
 * requests completed from timers or work items, and the requester's own request blocks.
 *
 * Each driver keeps one DP_RQ_SIDE and supplies the function that calls the right completion
 * for each of its handlers (it knows its own AF, VC and adapter handles).
 */
#ifndef CONDIS_DP_REQUEST_SUPPORT_H
#define CONDIS_DP_REQUEST_SUPPORT_H

#include "dp_request_driver.h"

#define DP_RQ_SLOTS 8u
#define DP_RQ_TAG 0x71527044u /* 'DpRq' */

/* Calls the completion function for a request that Handler pended (Wrong: the wrong one, on
 * purpose). VcContext is the one the handler received. <= DISPATCH_LEVEL. */
typedef VOID(DP_RQ_COMPLETE)(ULONG Handler, NDIS_HANDLE VcContext, PNDIS_OID_REQUEST Request, NDIS_STATUS Status,
                            BOOLEAN Wrong);

struct _DP_RQ_SIDE;

/* A request a handler pended, until its completion runs. */
typedef struct _DP_RQ_PENDING {
    struct _DP_RQ_SIDE *Side;
    NDIS_HANDLE Timer;
    BOOLEAN InUse;
    ULONG Handler;
    NDIS_HANDLE VcContext;
    PNDIS_OID_REQUEST Request;
    DP_RQ_BEHAVIOR Behavior;
} DP_RQ_PENDING, *PDP_RQ_PENDING;

/* One request a side issued: the structure and its information buffer in one block. */
typedef struct _DP_RQ_ISSUED {
    NDIS_OID_REQUEST Request; /* first: the completion's pointer is the block's */
    ULONG Index;              /* into DP_RQ_SIDE.Results */
    UCHAR Buffer[DP_RQ_ANSWER_LENGTH];
} DP_RQ_ISSUED, *PDP_RQ_ISSUED;

typedef struct _DP_RQ_SIDE {
    NDIS_SPIN_LOCK Lock;      /* guards everything below */
    NDIS_HANDLE NdisHandle;   /* owner of allocations, timers and work items */
    BOOLEAN UseWorkItems;     /* a miniport: DpRqWorkItem uses an I/O work item */
    DP_RQ_COMPLETE *Complete;
    DP_RQ_BEHAVIOR Behavior[DpRqHandlerCount];
    DP_RQ_RECORD Records[DP_RQ_MAX];
    ULONG RecordCount;
    DP_RQ_RESULT Results[DP_RQ_MAX];
    ULONG ResultCount;
    DP_ST_RECORD Statuses[DP_RQ_MAX];
    ULONG StatusCount;
    DP_RQ_PENDING Pending[DP_RQ_SLOTS];
} DP_RQ_SIDE, *PDP_RQ_SIDE;

/* DriverEntry: a new runtime loads the module again; start from a clean state. */
static inline VOID DpRqReset(PDP_RQ_SIDE Side) {
    NdisZeroMemory(Side, sizeof(*Side));
    NdisAllocateSpinLock(&Side->Lock);
}

static inline VOID DpRqFinish(PDP_RQ_PENDING Slot);

/* NetTimerCallback of the pending slots, DISPATCH_LEVEL. */
static inline VOID DpRqTimerFunction(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
                                     PVOID SystemSpecific3) {
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    DpRqFinish((PDP_RQ_PENDING)FunctionContext);
}

/* NDIS_IO_WORKITEM_FUNCTION, PASSIVE_LEVEL: frees its own work item, which NDIS allows. */
static inline VOID DpRqWorkItemFunction(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle) {
    NdisFreeIoWorkItem(NdisIoWorkItemHandle);
    DpRqFinish((PDP_RQ_PENDING)WorkItemContext);
}

/* Bind or MiniportInitializeEx, PASSIVE_LEVEL: the timers of the pending slots. */
static inline NDIS_STATUS DpRqStart(PDP_RQ_SIDE Side, NDIS_HANDLE NdisHandle, BOOLEAN UseWorkItems,
                                    DP_RQ_COMPLETE *Complete) {
    NDIS_TIMER_CHARACTERISTICS Timer;
    ULONG i;
    Side->NdisHandle = NdisHandle;
    Side->UseWorkItems = UseWorkItems;
    Side->Complete = Complete;
    for (i = 0; i < DP_RQ_SLOTS; i++) {
        NdisZeroMemory(&Timer, sizeof(Timer));
        Timer.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
        Timer.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
        Timer.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
        Timer.AllocationTag = DP_RQ_TAG;
        Timer.TimerFunction = DpRqTimerFunction;
        Timer.FunctionContext = &Side->Pending[i];
        Side->Pending[i].Side = Side;
        if (NdisAllocateTimerObject(NdisHandle, &Timer, &Side->Pending[i].Timer) != NDIS_STATUS_SUCCESS) {
            Side->Pending[i].Timer = NULL;
            return NDIS_STATUS_RESOURCES;
        }
    }
    return NDIS_STATUS_SUCCESS;
}

/* Unbind or MiniportHaltEx, PASSIVE_LEVEL. */
static inline VOID DpRqStop(PDP_RQ_SIDE Side) {
    ULONG i;
    for (i = 0; i < DP_RQ_SLOTS; i++) {
        if (Side->Pending[i].Timer != NULL) {
            NdisCancelTimerObject(Side->Pending[i].Timer);
            NdisFreeTimerObject(Side->Pending[i].Timer);
            Side->Pending[i].Timer = NULL;
        }
    }
}

static inline VOID DpRqConfigure(PDP_RQ_SIDE Side, ULONG Handler, const DP_RQ_BEHAVIOR *Behavior) {
    if (Handler >= DpRqHandlerCount) return;
    NdisAcquireSpinLock(&Side->Lock);
    Side->Behavior[Handler] = *Behavior;
    NdisReleaseSpinLock(&Side->Lock);
}

/* Copies up to Max records out; returns how many there are (Count is read under the lock). */
static inline ULONG DpRqCopy(PDP_RQ_SIDE Side, PVOID Out, const VOID *From, ULONG Size, const ULONG *Count, ULONG Max) {
    ULONG N, Kept;
    NdisAcquireSpinLock(&Side->Lock);
    N = *Count;
    Kept = N < DP_RQ_MAX ? N : DP_RQ_MAX;
    if (Out != NULL) NdisMoveMemory(Out, From, (Kept < Max ? Kept : Max) * Size);
    NdisReleaseSpinLock(&Side->Lock);
    return N;
}

/* The handler's answer to a query, written into the request. */
static inline NDIS_STATUS DpRqAnswer(PNDIS_OID_REQUEST Request, ULONG Handler, const DP_RQ_BEHAVIOR *Behavior) {
    PUCHAR Buffer = (PUCHAR)Request->DATA.QUERY_INFORMATION.InformationBuffer;
    ULONG Who = DP_RQ_WHO(Handler), Oid = Request->DATA.QUERY_INFORMATION.Oid;
    if (Behavior->Status != NDIS_STATUS_SUCCESS) return Behavior->Status;
    if (Request->DATA.QUERY_INFORMATION.InformationBufferLength < DP_RQ_ANSWER_LENGTH) {
        Request->DATA.QUERY_INFORMATION.BytesWritten = 0;
        Request->DATA.QUERY_INFORMATION.BytesNeeded = Behavior->Fault == DpRqFaultNoBytesNeeded ? 0 : DP_RQ_ANSWER_LENGTH;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }
    NdisMoveMemory(Buffer, &Who, sizeof(Who));
    NdisMoveMemory(Buffer + sizeof(Who), &Oid, sizeof(Oid));
    Request->DATA.QUERY_INFORMATION.BytesWritten = DP_RQ_ANSWER_LENGTH;
    Request->DATA.QUERY_INFORMATION.BytesNeeded = 0;
    return NDIS_STATUS_SUCCESS;
}

/* A pended request's time has come: answer it and call the completion (twice, if so told). */
static inline VOID DpRqFinish(PDP_RQ_PENDING Slot) {
    PDP_RQ_SIDE Side = Slot->Side;
    ULONG Handler;
    NDIS_HANDLE VcContext;
    PNDIS_OID_REQUEST Request;
    DP_RQ_BEHAVIOR Behavior;
    NDIS_STATUS Status;
    NdisAcquireSpinLock(&Side->Lock);
    Handler = Slot->Handler;
    VcContext = Slot->VcContext;
    Request = Slot->Request;
    Behavior = Slot->Behavior;
    Slot->InUse = FALSE;
    NdisReleaseSpinLock(&Side->Lock);
    Status = DpRqAnswer(Request, Handler, &Behavior);
    Side->Complete(Handler, VcContext, Request, Status, Behavior.Fault == DpRqFaultWrongCompletion);
    if (Behavior.Fault == DpRqFaultCompleteTwice) Side->Complete(Handler, VcContext, Request, Status, FALSE);
}

static inline VOID DpRqRecord(PDP_RQ_SIDE Side, ULONG Handler, NDIS_HANDLE AfContext, NDIS_HANDLE VcContext,
                              NDIS_HANDLE PartyContext, PNDIS_OID_REQUEST Request, NDIS_STATUS Status) {
    NdisAcquireSpinLock(&Side->Lock);
    if (Side->RecordCount < DP_RQ_MAX) {
        DP_RQ_RECORD *R = &Side->Records[Side->RecordCount];
        R->Handler = Handler;
        R->AfContext = AfContext;
        R->VcContext = VcContext;
        R->PartyContext = PartyContext;
        R->Request = Request;
        R->Oid = Request->DATA.QUERY_INFORMATION.Oid;
        R->Status = Status;
    }
    Side->RecordCount++;
    NdisReleaseSpinLock(&Side->Lock);
}

/* A request handler (ProtocolCoOidRequest or MiniportCoOidRequest), <= DISPATCH_LEVEL: answers as
 * the test configured, records what it received and what it returned. */
static inline NDIS_STATUS DpRqHandle(PDP_RQ_SIDE Side, ULONG Handler, NDIS_HANDLE AfContext, NDIS_HANDLE VcContext,
                                     NDIS_HANDLE PartyContext, PNDIS_OID_REQUEST Request) {
    DP_RQ_BEHAVIOR Behavior;
    PDP_RQ_PENDING Slot = NULL;
    NDIS_STATUS Status;
    ULONG i;
    NdisAcquireSpinLock(&Side->Lock);
    Behavior = Side->Behavior[Handler];
    NdisReleaseSpinLock(&Side->Lock);

    if (Behavior.Answer == DpRqSync) {
        Status = DpRqAnswer(Request, Handler, &Behavior);
        DpRqRecord(Side, Handler, AfContext, VcContext, PartyContext, Request, Status);
        if (Behavior.Fault == DpRqFaultCompleteAfterSync) Side->Complete(Handler, VcContext, Request, Status, FALSE);
        return Status;
    }
    DpRqRecord(Side, Handler, AfContext, VcContext, PartyContext, Request, NDIS_STATUS_PENDING);
    if (Behavior.Answer == DpRqNever) return NDIS_STATUS_PENDING;

    NdisAcquireSpinLock(&Side->Lock);
    for (i = 0; i < DP_RQ_SLOTS; i++) {
        if (!Side->Pending[i].InUse && Side->Pending[i].Timer != NULL) {
            Slot = &Side->Pending[i];
            Slot->InUse = TRUE;
            Slot->Handler = Handler;
            Slot->VcContext = VcContext;
            Slot->Request = Request;
            Slot->Behavior = Behavior;
            break;
        }
    }
    NdisReleaseSpinLock(&Side->Lock);
    if (Slot == NULL) return NDIS_STATUS_RESOURCES; /* recorded as PENDING: the test sees the mismatch */
    if (Behavior.Answer == DpRqWorkItem && Side->UseWorkItems) {
        NDIS_HANDLE WorkItem = NdisAllocateIoWorkItem(Side->NdisHandle);
        if (WorkItem != NULL) {
            NdisQueueIoWorkItem(WorkItem, DpRqWorkItemFunction, Slot);
            return NDIS_STATUS_PENDING;
        }
    }
    {
        LARGE_INTEGER Due;
        /* Relative, in 100 ns units; a work item without work items is a timer due at once. */
        Due.QuadPart = Behavior.Answer == DpRqTimer ? -(LONGLONG)Behavior.DelayMs * 10000 : -1;
        NdisSetTimerObject(Slot->Timer, Due, 0, Slot);
    }
    return NDIS_STATUS_PENDING;
}

/* Requester, PASSIVE_LEVEL: a new query block and its result slot. NULL when out of either. */
static inline PDP_RQ_ISSUED DpRqPrepare(PDP_RQ_SIDE Side, NDIS_OID Oid, ULONG Length) {
    PDP_RQ_ISSUED Issued;
    if (Length > DP_RQ_ANSWER_LENGTH) Length = DP_RQ_ANSWER_LENGTH;
    Issued = (PDP_RQ_ISSUED)NdisAllocateMemoryWithTagPriority(Side->NdisHandle, sizeof(*Issued), DP_RQ_TAG,
                                                              NormalPoolPriority);
    if (Issued == NULL) return NULL;
    NdisZeroMemory(Issued, sizeof(*Issued));
    Issued->Request.Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
    Issued->Request.Header.Revision = NDIS_OID_REQUEST_REVISION_1;
    Issued->Request.Header.Size = NDIS_SIZEOF_OID_REQUEST_REVISION_1;
    Issued->Request.RequestType = NdisRequestQueryInformation;
    Issued->Request.DATA.QUERY_INFORMATION.Oid = Oid;
    Issued->Request.DATA.QUERY_INFORMATION.InformationBuffer = Issued->Buffer;
    Issued->Request.DATA.QUERY_INFORMATION.InformationBufferLength = Length;
    NdisAcquireSpinLock(&Side->Lock);
    if (Side->ResultCount >= DP_RQ_MAX) {
        NdisReleaseSpinLock(&Side->Lock);
        NdisFreeMemory(Issued, sizeof(*Issued), 0);
        return NULL;
    }
    Issued->Index = Side->ResultCount++;
    NdisZeroMemory(&Side->Results[Issued->Index], sizeof(DP_RQ_RESULT));
    Side->Results[Issued->Index].Request = &Issued->Request;
    Side->Results[Issued->Index].Oid = Oid;
    Side->Results[Issued->Index].Returned = NDIS_STATUS_PENDING;
    NdisReleaseSpinLock(&Side->Lock);
    return Issued;
}

/* Copies what the target wrote into the result; frees the block. The request is finished. */
static inline VOID DpRqSettle(PDP_RQ_SIDE Side, PDP_RQ_ISSUED Issued, NDIS_STATUS Final) {
    DP_RQ_RESULT *R = &Side->Results[Issued->Index];
    ULONG Who = 0, Oid = 0;
    if (Issued->Request.DATA.QUERY_INFORMATION.BytesWritten >= DP_RQ_ANSWER_LENGTH) {
        NdisMoveMemory(&Who, Issued->Buffer, sizeof(Who));
        NdisMoveMemory(&Oid, Issued->Buffer + sizeof(Who), sizeof(Oid));
    }
    NdisAcquireSpinLock(&Side->Lock);
    R->Final = Final;
    R->BytesWritten = Issued->Request.DATA.QUERY_INFORMATION.BytesWritten;
    R->BytesNeeded = Issued->Request.DATA.QUERY_INFORMATION.BytesNeeded;
    R->AnsweredBy = Who;
    R->AnsweredOid = Oid;
    NdisReleaseSpinLock(&Side->Lock);
    NdisFreeMemory(Issued, sizeof(*Issued), 0);
}

/* Requester: what NdisCoOidRequest / NdisMCmOidRequest returned. After PENDING the block belongs
 * to the target until ProtocolCoOidRequestComplete, which may already have run: touch only the
 * result slot then. */
static inline VOID DpRqIssued(PDP_RQ_SIDE Side, PDP_RQ_ISSUED Issued, ULONG Index, NDIS_STATUS Status) {
    NdisAcquireSpinLock(&Side->Lock);
    Side->Results[Index].Returned = Status;
    NdisReleaseSpinLock(&Side->Lock);
    if (Status != NDIS_STATUS_PENDING) DpRqSettle(Side, Issued, Status);
}

/* Requester's ProtocolCoOidRequestComplete, <= DISPATCH_LEVEL. */
static inline VOID DpRqCompleted(PDP_RQ_SIDE Side, NDIS_HANDLE AfContext, NDIS_HANDLE VcContext,
                                 NDIS_HANDLE PartyContext, PNDIS_OID_REQUEST Request, NDIS_STATUS Status) {
    PDP_RQ_ISSUED Issued = (PDP_RQ_ISSUED)Request;
    DP_RQ_RESULT *R = &Side->Results[Issued->Index];
    NdisAcquireSpinLock(&Side->Lock);
    R->Completions++;
    R->Completion.AfContext = AfContext;
    R->Completion.VcContext = VcContext;
    R->Completion.PartyContext = PartyContext;
    R->Completion.Request = Request;
    R->Completion.Oid = Request->DATA.QUERY_INFORMATION.Oid;
    R->Completion.Status = Status;
    NdisReleaseSpinLock(&Side->Lock);
    DpRqSettle(Side, Issued, Status);
}

/* A protocol's ProtocolCoStatusEx, <= DISPATCH_LEVEL. */
static inline VOID DpStRecord(PDP_RQ_SIDE Side, NDIS_HANDLE BindingContext, NDIS_HANDLE VcContext,
                              const NDIS_STATUS_INDICATION *Indication) {
    NdisAcquireSpinLock(&Side->Lock);
    if (Side->StatusCount < DP_RQ_MAX) {
        DP_ST_RECORD *R = &Side->Statuses[Side->StatusCount];
        R->BindingContext = BindingContext;
        R->VcContext = VcContext;
        R->SourceHandle = Indication->SourceHandle;
        R->StatusCode = Indication->StatusCode;
        R->StatusBufferSize = Indication->StatusBufferSize;
        R->Value = 0;
        if (Indication->StatusBuffer != NULL && Indication->StatusBufferSize >= sizeof(ULONG))
            NdisMoveMemory(&R->Value, Indication->StatusBuffer, sizeof(ULONG));
    }
    Side->StatusCount++;
    NdisReleaseSpinLock(&Side->Lock);
}

#endif /* CONDIS_DP_REQUEST_SUPPORT_H */
