/*
 * The log and the behaviour table of one test driver, with the functions it exports to tests.
 * Included by exactly one file of each test driver (config.c).
 *
 * The log is lock-free: a writer reserves a record with an atomic counter, fills it and then
 * publishes it; a reader sees only published records. Drivers write from any processor and
 * IRQL; the test reads after the scheduler has gone idle.
 */
#ifndef CONDIS_TD_SUPPORT_IMPL_H
#define CONDIS_TD_SUPPORT_IMPL_H

#define CONDIS_TEST_DRIVER_IMPLEMENTATION 1
#include "td_support.h"

#include <stdatomic.h>

#define TD_LOG_CAPACITY 4096

typedef struct _TD_LOG_RECORD {
    TD_LOG_ENTRY Entry;
    atomic_int Published;
} TD_LOG_RECORD;

static TD_LOG_RECORD TdLogRecords[TD_LOG_CAPACITY];
static atomic_uint TdLogNext;
static TD_BEHAVIOR TdBehaviors[TdOpCount];

VOID TdLog(const char *Name, NDIS_STATUS Status, NDIS_HANDLE Handle, ULONG Flags) {
    unsigned Index = atomic_fetch_add(&TdLogNext, 1u);
    if (Index >= TD_LOG_CAPACITY) {
        return;
    }
    TdLogRecords[Index].Entry.Name = Name;
    TdLogRecords[Index].Entry.Status = Status;
    TdLogRecords[Index].Entry.Handle = Handle;
    TdLogRecords[Index].Entry.Flags = Flags;
    atomic_store_explicit(&TdLogRecords[Index].Published, 1, memory_order_release);
}

VOID TdGetBehavior(TD_OPERATION Operation, PTD_BEHAVIOR Behavior) {
    if ((unsigned)Operation < TdOpCount) {
        *Behavior = TdBehaviors[Operation];
    } else {
        NdisZeroMemory(Behavior, sizeof(*Behavior));
    }
}

/* Called by the test between runs, while the scheduler is idle. */
VOID TdSetBehavior(TD_OPERATION Operation, const TD_BEHAVIOR *Behavior) {
    if ((unsigned)Operation < TdOpCount && Behavior != NULL) {
        TdBehaviors[Operation] = *Behavior;
    }
}

/* Every operation answers synchronously with SUCCESS; the log is emptied. */
VOID TdReset(VOID) {
    ULONG i;
    for (i = 0; i < TdOpCount; i++) {
        NdisZeroMemory(&TdBehaviors[i], sizeof(TdBehaviors[i]));
    }
    for (i = 0; i < TD_LOG_CAPACITY; i++) {
        atomic_store_explicit(&TdLogRecords[i].Published, 0, memory_order_relaxed);
    }
    atomic_store(&TdLogNext, 0u);
}

ULONG TdLogCount(VOID) {
    unsigned Count = atomic_load(&TdLogNext);
    return Count < TD_LOG_CAPACITY ? Count : TD_LOG_CAPACITY;
}

BOOLEAN TdLogGet(ULONG Index, PTD_LOG_ENTRY Entry) {
    if (Index >= TD_LOG_CAPACITY ||
        atomic_load_explicit(&TdLogRecords[Index].Published, memory_order_acquire) == 0) {
        return FALSE;
    }
    *Entry = TdLogRecords[Index].Entry;
    return TRUE;
}

#endif /* CONDIS_TD_SUPPORT_IMPL_H */
