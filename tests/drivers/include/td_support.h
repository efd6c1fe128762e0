/*
 * Driver-side support shared by the condis test drivers: the callback log, the behaviour table
 * a test configures, and a small pool of deferred completions (work items and timers).
 *
 * td_support_impl.h defines the log and the behaviour table; exactly one file of each driver
 * (config.c) includes it. This header only declares them and defines the deferral pool.
 */
#ifndef CONDIS_TD_SUPPORT_H
#define CONDIS_TD_SUPPORT_H

#include "condis_test_driver.h"

/* Pool tag of every test-driver allocation: "tdTC" in memory order. */
#define TD_TAG ((ULONG)0x43546474)

/* Appends one record to this driver's log. Any IRQL, any thread. */
VOID TdLog(const char *Name, NDIS_STATUS Status, NDIS_HANDLE Handle, ULONG Flags);
/* Copies the behaviour the test chose for Operation. Any IRQL. */
VOID TdGetBehavior(TD_OPERATION Operation, PTD_BEHAVIOR Behavior);

static inline PVOID TdAllocate(NDIS_HANDLE NdisHandle, UINT Length) {
    PVOID Memory = NdisAllocateMemoryWithTagPriority(NdisHandle, Length, TD_TAG, NormalPoolPriority);
    if (Memory != NULL) {
        NdisZeroMemory(Memory, Length);
    }
    return Memory;
}

static inline VOID TdFree(PVOID Memory) {
    NdisFreeMemory(Memory, 0, 0);
}

/* ---- Deferred completions ------------------------------------------------------------------ */

/* Runs the completion of Operation on Object. Called from a work item (PASSIVE_LEVEL) or a
 * timer (DISPATCH_LEVEL). */
typedef VOID (TD_DEFERRED_ROUTINE)(TD_OPERATION Operation, PVOID Object);

#define TD_DEFERRAL_SLOTS 16

struct _TD_DEFERRAL_POOL;

typedef struct _TD_DEFERRAL_SLOT {
    struct _TD_DEFERRAL_POOL *Pool;
    NDIS_HANDLE Timer;
    BOOLEAN InUse;
    TD_OPERATION Operation;
    PVOID Object;
} TD_DEFERRAL_SLOT, *PTD_DEFERRAL_SLOT;

typedef struct _TD_DEFERRAL_POOL {
    NDIS_SPIN_LOCK Lock;
    NDIS_HANDLE NdisHandle;     /* owner of the timers and work items */
    BOOLEAN UseWorkItems;       /* miniports: TdCompleteWorkItem uses an I/O work item */
    TD_DEFERRED_ROUTINE *Routine;
    TD_DEFERRAL_SLOT Slots[TD_DEFERRAL_SLOTS];
} TD_DEFERRAL_POOL, *PTD_DEFERRAL_POOL;

/* NetTimerCallback of every slot timer. DISPATCH_LEVEL. */
static inline VOID TdDeferralTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
                            PVOID SystemSpecific3) {
    PTD_DEFERRAL_SLOT Slot = (PTD_DEFERRAL_SLOT)FunctionContext;
    PTD_DEFERRAL_POOL Pool = Slot->Pool;
    TD_OPERATION Operation;
    PVOID Object;
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);

    NdisAcquireSpinLock(&Pool->Lock);
    Operation = Slot->Operation;
    Object = Slot->Object;
    Slot->InUse = FALSE;
    NdisReleaseSpinLock(&Pool->Lock);
    Pool->Routine(Operation, Object);
}

typedef struct _TD_WORK_ITEM_CONTEXT {
    PTD_DEFERRAL_POOL Pool;
    TD_OPERATION Operation;
    PVOID Object;
} TD_WORK_ITEM_CONTEXT, *PTD_WORK_ITEM_CONTEXT;

/* NDIS_IO_WORKITEM_FUNCTION. PASSIVE_LEVEL. Frees its own work item, which NDIS allows. */
static inline VOID TdDeferralWorkItem(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle) {
    PTD_WORK_ITEM_CONTEXT Context = (PTD_WORK_ITEM_CONTEXT)WorkItemContext;
    PTD_DEFERRAL_POOL Pool = Context->Pool;
    TD_OPERATION Operation = Context->Operation;
    PVOID Object = Context->Object;

    TdFree(Context);
    NdisFreeIoWorkItem(NdisIoWorkItemHandle);
    Pool->Routine(Operation, Object);
}

/* Allocates the slot timers. PASSIVE_LEVEL (initialisation or bind). */
static inline NDIS_STATUS TdDeferralPoolInitialize(PTD_DEFERRAL_POOL Pool, NDIS_HANDLE NdisHandle,
                                                   BOOLEAN UseWorkItems, TD_DEFERRED_ROUTINE *Routine) {
    NDIS_TIMER_CHARACTERISTICS Timer;
    ULONG i;

    NdisZeroMemory(Pool, sizeof(*Pool));
    NdisAllocateSpinLock(&Pool->Lock);
    Pool->NdisHandle = NdisHandle;
    Pool->UseWorkItems = UseWorkItems;
    Pool->Routine = Routine;
    for (i = 0; i < TD_DEFERRAL_SLOTS; i++) {
        NdisZeroMemory(&Timer, sizeof(Timer));
        Timer.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
        Timer.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
        Timer.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
        Timer.AllocationTag = TD_TAG;
        Timer.TimerFunction = TdDeferralTimer;
        Timer.FunctionContext = &Pool->Slots[i];
        Pool->Slots[i].Pool = Pool;
        if (NdisAllocateTimerObject(NdisHandle, &Timer, &Pool->Slots[i].Timer) != NDIS_STATUS_SUCCESS) {
            Pool->Slots[i].Timer = NULL;
            return NDIS_STATUS_RESOURCES;
        }
    }
    return NDIS_STATUS_SUCCESS;
}

/* Cancels and frees the slot timers. PASSIVE_LEVEL (halt or unbind). */
static inline VOID TdDeferralPoolFree(PTD_DEFERRAL_POOL Pool) {
    ULONG i;
    for (i = 0; i < TD_DEFERRAL_SLOTS; i++) {
        if (Pool->Slots[i].Timer != NULL) {
            NdisCancelTimerObject(Pool->Slots[i].Timer);
            NdisFreeTimerObject(Pool->Slots[i].Timer);
            Pool->Slots[i].Timer = NULL;
        }
    }
    NdisFreeSpinLock(&Pool->Lock);
}

/* Arranges for Pool->Routine(Operation, Object) to run later, as Behavior->Completion says.
 * Returns FALSE for TdCompleteNever (nothing is scheduled). <= DISPATCH_LEVEL. */
static inline BOOLEAN TdDefer(PTD_DEFERRAL_POOL Pool, const TD_BEHAVIOR *Behavior, TD_OPERATION Operation,
                              PVOID Object) {
    ULONG i;
    PTD_DEFERRAL_SLOT Slot = NULL;
    LARGE_INTEGER DueTime;

    if (Behavior->Completion == TdCompleteNever) {
        return FALSE;
    }
    if (Behavior->Completion == TdCompleteWorkItem && Pool->UseWorkItems) {
        PTD_WORK_ITEM_CONTEXT Context = (PTD_WORK_ITEM_CONTEXT)TdAllocate(Pool->NdisHandle, sizeof(*Context));
        NDIS_HANDLE WorkItem = Context != NULL ? NdisAllocateIoWorkItem(Pool->NdisHandle) : NULL;
        if (WorkItem != NULL) {
            Context->Pool = Pool;
            Context->Operation = Operation;
            Context->Object = Object;
            NdisQueueIoWorkItem(WorkItem, TdDeferralWorkItem, Context);
            return TRUE;
        }
        if (Context != NULL) {
            TdFree(Context);
        }
        /* No work item: fall back to a timer due now. */
    }

    NdisAcquireSpinLock(&Pool->Lock);
    for (i = 0; i < TD_DEFERRAL_SLOTS; i++) {
        if (!Pool->Slots[i].InUse && Pool->Slots[i].Timer != NULL) {
            Slot = &Pool->Slots[i];
            Slot->InUse = TRUE;
            Slot->Operation = Operation;
            Slot->Object = Object;
            break;
        }
    }
    NdisReleaseSpinLock(&Pool->Lock);
    if (Slot == NULL) {
        return FALSE;
    }
    /* Relative due time in 100 ns units; a timer due now still runs later, from the scheduler.
     * TdCompleteTimer with DelayMs 0 is due at once (an absolute time already past): it races the
     * work that is runnable now instead of waiting for it to finish. */
    if (Behavior->Completion == TdCompleteTimer && Behavior->DelayMs == 0) {
        DueTime.QuadPart = 0;
    } else {
        DueTime.QuadPart = Behavior->Completion == TdCompleteTimer ? -(LONGLONG)Behavior->DelayMs * 10000 : -1;
    }
    NdisSetTimerObject(Slot->Timer, DueTime, 0, Slot);
    return TRUE;
}

#endif /* CONDIS_TD_SUPPORT_H */
