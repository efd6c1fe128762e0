/*
 * condis: ndis.h, area "services": the NDIS library services every CoNDIS driver uses.
 *
 * IRQL, spin locks, RW locks, memory, nonpaged lookaside lists, I/O work items, timer objects,
 * events, delays, interlocked operations and list helpers, time and processor queries, the
 * error log (driver-model.md 2.7 and 2.8).
 *
 * Names, parameter lists, constant values and x64 layouts are the WDK's. Where the WDK defines a
 * service as a macro over a kernel routine (spin locks, lookaside lists, the interlocked helpers),
 * condis exports a real function of the same name so that its verifier sees every call; drivers
 * that embed NDIS_SPIN_LOCK, NDIS_EVENT or NPAGED_LOOKASIDE_LIST see the WDK sizes.
 */
#ifndef CONDIS_NDIS_SERVICES_H
#define CONDIS_NDIS_SERVICES_H

#include <string.h>

#include "condis/ndis/base.h"

#ifdef __cplusplus
#define CONDIS_STATIC_ASSERT(c, m) static_assert(c, m)
#define CONDIS_ALIGNOF(t) alignof(t)
#else
#define CONDIS_STATIC_ASSERT(c, m) _Static_assert(c, m)
#define CONDIS_ALIGNOF(t) _Alignof(t)
#endif

#ifndef FORCEINLINE
#define FORCEINLINE static inline
#endif
#ifndef DECLSPEC_ALIGN
#if defined(_MSC_VER) && !defined(__clang__)
#define DECLSPEC_ALIGN(x) __declspec(align(x))
#else
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#endif
#endif
#ifndef MAXLONG
#define MAXLONG 0x7fffffff
#endif

typedef char CCHAR;

CONDIS_EXTERN_C_BEGIN

/* ==== IRQL (driver-model.md 2.7) ============================================================ */

/* The calling thread's simulated IRQL. */
KIRQL KeGetCurrentIrql(VOID);
/* Raises to NewIrql (must not be below the current level) and returns the previous level. */
KIRQL KfRaiseIrql(KIRQL NewIrql);
/* Lowers to NewIrql (must not be above the current level). */
VOID KeLowerIrql(KIRQL NewIrql);
KIRQL KeRaiseIrqlToDpcLevel(VOID);
#define KeRaiseIrql(NewIrql, OldIrql) (*(OldIrql) = KfRaiseIrql(NewIrql))

#define NDIS_CURRENT_IRQL() KeGetCurrentIrql()
#define NDIS_RAISE_IRQL_TO_DISPATCH(_pIrql_) KeRaiseIrql(DISPATCH_LEVEL, _pIrql_)
#define NDIS_LOWER_IRQL(_OldIrql_, _CurIrql_) \
    do {                                      \
        if ((_OldIrql_) != (_CurIrql_)) {     \
            KeLowerIrql(_OldIrql_);           \
        }                                     \
    } while (0)

/* ==== Spin locks (2.8.1) ==================================================================== */

typedef struct _NDIS_SPIN_LOCK {
    KSPIN_LOCK SpinLock; /* condis: lock word (initialised marker and owner) */
    KIRQL OldIrql;       /* the level NdisAcquireSpinLock raised from */
} NDIS_SPIN_LOCK, *PNDIS_SPIN_LOCK;

VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock);

/* ==== Read/write locks, NDIS 6.20 (2.8.2) =================================================== */

typedef struct _NDIS_RW_LOCK_EX NDIS_RW_LOCK_EX, *PNDIS_RW_LOCK_EX;

typedef struct _LOCK_STATE_EX {
    KIRQL OldIrql;
    UCHAR LockState;
    UCHAR Flags;
} LOCK_STATE_EX, *PLOCK_STATE_EX;

#define NDIS_RWL_AT_DISPATCH_LEVEL 1

PNDIS_RW_LOCK_EX NdisAllocateRWLock(NDIS_HANDLE NdisHandle);
VOID NdisFreeRWLock(PNDIS_RW_LOCK_EX Lock);
VOID NdisAcquireRWLockRead(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags);
VOID NdisAcquireRWLockWrite(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags);
VOID NdisReleaseRWLock(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState);

/* ==== Memory (2.8.3) ======================================================================== */

typedef enum _EX_POOL_PRIORITY {
    LowPoolPriority = 0,
    LowPoolPrioritySpecialPoolOverrun = 8,
    LowPoolPrioritySpecialPoolUnderrun = 9,
    NormalPoolPriority = 16,
    NormalPoolPrioritySpecialPoolOverrun = 24,
    NormalPoolPrioritySpecialPoolUnderrun = 25,
    HighPoolPriority = 32,
    HighPoolPrioritySpecialPoolOverrun = 40,
    HighPoolPrioritySpecialPoolUnderrun = 41
} EX_POOL_PRIORITY;

typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    PagedPool = 1,
    NonPagedPoolMustSucceed = 2,
    DontUseThisType = 3,
    NonPagedPoolCacheAligned = 4,
    PagedPoolCacheAligned = 5,
    NonPagedPoolCacheAlignedMustS = 6,
    MaxPoolType = 7,
    NonPagedPoolNx = 512
} POOL_TYPE;

#define NDIS_MEMORY_CONTIGUOUS 0x00000001
#define NDIS_MEMORY_NONCACHED 0x00000002

_Must_inspect_result_ PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag,
                                                              EX_POOL_PRIORITY Priority);
VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags);
VOID NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, ULONG Tag);

/* Header macros over the C runtime, as in the WDK (no verifier hook; OQ-D21, SVC-034). */
#define RtlEqualMemory(Destination, Source, Length) (!memcmp((Destination), (Source), (Length)))
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define NdisZeroMemory(Destination, Length) RtlZeroMemory(Destination, Length)
#define NdisFillMemory(Destination, Length, Fill) RtlFillMemory(Destination, Length, Fill)
#define NdisEqualMemory(Source1, Source2, Length) RtlEqualMemory(Source1, Source2, Length)
#define NdisMoveMappedMemory(Destination, Source, Length) RtlCopyMemory(Destination, Source, Length)
/* A driver built with CONDIS_CHECK_MOVE_MEMORY gets the SVC-034 overlap check (debug builds). */
VOID CondisCheckedMoveMemory(PVOID Destination, const VOID *Source, ULONG Length);
#if defined(CONDIS_CHECK_MOVE_MEMORY)
#define NdisMoveMemory(Destination, Source, Length) CondisCheckedMoveMemory((Destination), (Source), (ULONG)(Length))
#else
#define NdisMoveMemory(Destination, Source, Length) RtlCopyMemory(Destination, Source, Length)
#endif

/* ==== Nonpaged lookaside lists (2.8.4) ====================================================== */

typedef PVOID (*PALLOCATE_FUNCTION)(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
typedef VOID (*PFREE_FUNCTION)(PVOID Buffer);
typedef struct _LOOKASIDE_LIST_EX *PLOOKASIDE_LIST_EX;
typedef PVOID (*PALLOCATE_FUNCTION_EX)(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag,
                                       PLOOKASIDE_LIST_EX Lookaside);
typedef VOID (*PFREE_FUNCTION_EX)(PVOID Buffer, PLOOKASIDE_LIST_EX Lookaside);

typedef union DECLSPEC_ALIGN(16) _SLIST_HEADER {
    struct {
        ULONGLONG Alignment;
        ULONGLONG Region;
    };
    ULONGLONG Reserved[2];
} SLIST_HEADER, *PSLIST_HEADER;

typedef struct DECLSPEC_CACHEALIGN _GENERAL_LOOKASIDE {
    union {
        SLIST_HEADER ListHead; /* condis: its own list handle lives here */
        SINGLE_LIST_ENTRY SingleListHead;
    };
    USHORT Depth;
    USHORT MaximumDepth;
    ULONG TotalAllocates;
    union {
        ULONG AllocateMisses;
        ULONG AllocateHits;
    };
    ULONG TotalFrees;
    union {
        ULONG FreeMisses;
        ULONG FreeHits;
    };
    POOL_TYPE Type;
    ULONG Tag;
    ULONG Size;
    union {
        PALLOCATE_FUNCTION_EX AllocateEx;
        PALLOCATE_FUNCTION Allocate;
    };
    union {
        PFREE_FUNCTION_EX FreeEx;
        PFREE_FUNCTION Free;
    };
    LIST_ENTRY ListEntry;
    ULONG LastTotalAllocates;
    union {
        ULONG LastAllocateMisses;
        ULONG LastAllocateHits;
    };
    ULONG Future[2];
} GENERAL_LOOKASIDE, *PGENERAL_LOOKASIDE;

typedef struct DECLSPEC_CACHEALIGN _NPAGED_LOOKASIDE_LIST {
    GENERAL_LOOKASIDE L;
} NPAGED_LOOKASIDE_LIST, *PNPAGED_LOOKASIDE_LIST;

VOID NdisInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PALLOCATE_FUNCTION Allocate,
                                       PFREE_FUNCTION Free, ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth);
PVOID NdisAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside);
VOID NdisFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry);
VOID NdisDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside);

/* ==== NDIS I/O work items (2.8.5) =========================================================== */

typedef VOID(NDIS_IO_WORKITEM_FUNCTION)(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle);
typedef NDIS_IO_WORKITEM_FUNCTION *NDIS_IO_WORKITEM_ROUTINE;

NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle);
VOID NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle, NDIS_IO_WORKITEM_ROUTINE Routine, PVOID WorkItemContext);
VOID NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle);

/* ==== Timer objects (2.8.6) ================================================================= */

typedef VOID(NDIS_TIMER_FUNCTION)(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2,
                                  PVOID SystemSpecific3);
typedef NDIS_TIMER_FUNCTION *PNDIS_TIMER_FUNCTION;

#define NDIS_TIMER_CHARACTERISTICS_REVISION_1 1
typedef struct _NDIS_TIMER_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;
    ULONG AllocationTag;
    PNDIS_TIMER_FUNCTION TimerFunction;
    PVOID FunctionContext;
} NDIS_TIMER_CHARACTERISTICS, *PNDIS_TIMER_CHARACTERISTICS;
#define NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_TIMER_CHARACTERISTICS, FunctionContext)

_Must_inspect_result_ NDIS_STATUS NdisAllocateTimerObject(NDIS_HANDLE NdisHandle,
                                                          PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
                                                          PNDIS_HANDLE pTimerObject);
BOOLEAN NdisSetTimerObject(NDIS_HANDLE TimerObject, LARGE_INTEGER DueTime, LONG MillisecondsPeriod,
                           PVOID FunctionContext);
BOOLEAN NdisCancelTimerObject(NDIS_HANDLE TimerObject);
VOID NdisFreeTimerObject(NDIS_HANDLE TimerObject);

/* ==== Events (2.8.7) ======================================================================== */

typedef struct _DISPATCHER_HEADER {
    union {
        struct {
            UCHAR Type;
            UCHAR Signalling;
            UCHAR Size;
            UCHAR Reserved1;
        };
        LONG Lock;
    };
    LONG SignalState;
    LIST_ENTRY WaitListHead; /* condis: initialised marker */
} DISPATCHER_HEADER;

typedef struct _KEVENT {
    DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

typedef struct _NDIS_EVENT {
    KEVENT Event;
} NDIS_EVENT, *PNDIS_EVENT;

VOID NdisInitializeEvent(PNDIS_EVENT Event);
VOID NdisSetEvent(PNDIS_EVENT Event);
VOID NdisResetEvent(PNDIS_EVENT Event);
_Must_inspect_result_ BOOLEAN NdisWaitEvent(PNDIS_EVENT Event, UINT MsToWait);

/* ==== Delays (2.8.8) ======================================================================== */

VOID NdisMSleep(ULONG MicrosecondsToSleep);
VOID NdisStallExecution(UINT MicrosecondsToStall);

/* ==== Interlocked operations and lists (2.8.9) ============================================= */

LONG NdisInterlockedIncrement(PLONG Addend);
LONG NdisInterlockedDecrement(PLONG Addend);
ULONG NdisInterlockedAddUlong(PULONG Addend, ULONG Increment, PNDIS_SPIN_LOCK SpinLock);
LONG NdisInterlockedAddLargeStatistic(PLARGE_INTEGER Addend, ULONG Increment);
PLIST_ENTRY NdisInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock);
PLIST_ENTRY NdisInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock);
PLIST_ENTRY NdisInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PNDIS_SPIN_LOCK SpinLock);

/* The doubly and singly linked list helpers the WDK gives drivers as inline functions. */
FORCEINLINE VOID InitializeListHead(PLIST_ENTRY ListHead) { ListHead->Flink = ListHead->Blink = ListHead; }
FORCEINLINE BOOLEAN IsListEmpty(const LIST_ENTRY *ListHead) { return (BOOLEAN)(ListHead->Flink == ListHead); }
FORCEINLINE BOOLEAN RemoveEntryList(PLIST_ENTRY Entry) {
    PLIST_ENTRY Flink = Entry->Flink;
    PLIST_ENTRY Blink = Entry->Blink;
    Blink->Flink = Flink;
    Flink->Blink = Blink;
    return (BOOLEAN)(Flink == Blink);
}
FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead) {
    PLIST_ENTRY Entry = ListHead->Flink;
    PLIST_ENTRY Flink = Entry->Flink;
    ListHead->Flink = Flink;
    Flink->Blink = ListHead;
    return Entry;
}
FORCEINLINE PLIST_ENTRY RemoveTailList(PLIST_ENTRY ListHead) {
    PLIST_ENTRY Entry = ListHead->Blink;
    PLIST_ENTRY Blink = Entry->Blink;
    ListHead->Blink = Blink;
    Blink->Flink = ListHead;
    return Entry;
}
FORCEINLINE VOID InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
    PLIST_ENTRY Blink = ListHead->Blink;
    Entry->Flink = ListHead;
    Entry->Blink = Blink;
    Blink->Flink = Entry;
    ListHead->Blink = Entry;
}
FORCEINLINE VOID InsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
    PLIST_ENTRY Flink = ListHead->Flink;
    Entry->Flink = Flink;
    Entry->Blink = ListHead;
    Flink->Blink = Entry;
    ListHead->Flink = Entry;
}
FORCEINLINE VOID AppendTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListToAppend) {
    PLIST_ENTRY ListEnd = ListHead->Blink;
    ListHead->Blink->Flink = ListToAppend;
    ListHead->Blink = ListToAppend->Blink;
    ListToAppend->Blink->Flink = ListHead;
    ListToAppend->Blink = ListEnd;
}
FORCEINLINE PSINGLE_LIST_ENTRY PopEntryList(PSINGLE_LIST_ENTRY ListHead) {
    PSINGLE_LIST_ENTRY FirstEntry = ListHead->Next;
    if (FirstEntry != NULL) ListHead->Next = FirstEntry->Next;
    return FirstEntry;
}
FORCEINLINE VOID PushEntryList(PSINGLE_LIST_ENTRY ListHead, PSINGLE_LIST_ENTRY Entry) {
    Entry->Next = ListHead->Next;
    ListHead->Next = Entry;
}
#define NdisInitializeListHead(_ListHead) InitializeListHead(_ListHead)

/* ==== Time and processor queries (2.8.10) =================================================== */

VOID NdisGetCurrentSystemTime(PLARGE_INTEGER pSystemTime);
VOID NdisGetSystemUpTime(PULONG pSystemUpTime);          /* milliseconds since start */
VOID NdisGetSystemUpTimeEx(PLARGE_INTEGER pSystemUpTime); /* milliseconds since start */
CCHAR NdisSystemProcessorCount(VOID);
ULONG NdisGroupMaxProcessorCount(USHORT Group);
ULONG NdisGroupActiveProcessorCount(USHORT Group);
ULONG NdisCurrentProcessorIndex(VOID);
ULONG NdisGetCurrentProcessorNumber(VOID); /* undocumented alias of NdisCurrentProcessorIndex (OQ-D23) */
ULONG KeGetCurrentProcessorNumber(VOID);
#define ALL_PROCESSOR_GROUPS 0xffff
#define NDIS_CURRENT_PROCESSOR_NUMBER KeGetCurrentProcessorNumber()

/* ==== Error log (2.8.11) ==================================================================== */

/* condis's own distinct values (OQ-D24); the Windows event-log ids are not reproduced. */
#define NDIS_ERROR_CODE_RESOURCE_CONFLICT ((NDIS_ERROR_CODE)0xC0001388L)
#define NDIS_ERROR_CODE_OUT_OF_RESOURCES ((NDIS_ERROR_CODE)0xC0001389L)
#define NDIS_ERROR_CODE_HARDWARE_FAILURE ((NDIS_ERROR_CODE)0xC000138AL)
#define NDIS_ERROR_CODE_ADAPTER_NOT_FOUND ((NDIS_ERROR_CODE)0xC000138BL)
#define NDIS_ERROR_CODE_INTERRUPT_CONNECT ((NDIS_ERROR_CODE)0xC000138CL)
#define NDIS_ERROR_CODE_DRIVER_FAILURE ((NDIS_ERROR_CODE)0xC000138DL)
#define NDIS_ERROR_CODE_BAD_VERSION ((NDIS_ERROR_CODE)0xC000138EL)
#define NDIS_ERROR_CODE_TIMEOUT ((NDIS_ERROR_CODE)0xC000138FL)
#define NDIS_ERROR_CODE_NETWORK_ADDRESS ((NDIS_ERROR_CODE)0xC0001390L)
#define NDIS_ERROR_CODE_UNSUPPORTED_CONFIGURATION ((NDIS_ERROR_CODE)0xC0001391L)
#define NDIS_ERROR_CODE_INVALID_VALUE_FROM_ADAPTER ((NDIS_ERROR_CODE)0xC0001392L)
#define NDIS_ERROR_CODE_MISSING_CONFIGURATION_PARAMETER ((NDIS_ERROR_CODE)0xC0001393L)
#define NDIS_ERROR_CODE_BAD_IO_BASE_ADDRESS ((NDIS_ERROR_CODE)0xC0001394L)
#define NDIS_ERROR_CODE_RECEIVE_SPACE_SMALL ((NDIS_ERROR_CODE)0xC0001395L)
#define NDIS_ERROR_CODE_ADAPTER_DISABLED ((NDIS_ERROR_CODE)0xC0001396L)

VOID NdisWriteErrorLogEntry(NDIS_HANDLE NdisAdapterHandle, NDIS_ERROR_CODE ErrorCode, ULONG NumberOfErrorValues,
                            ...);

CONDIS_EXTERN_C_END

/* ==== x64 layouts (driver-model.md Appendix B) ============================================= */
CONDIS_STATIC_ASSERT(sizeof(NDIS_SPIN_LOCK) == 16 && CONDIS_ALIGNOF(NDIS_SPIN_LOCK) == 8, "NDIS_SPIN_LOCK");
CONDIS_STATIC_ASSERT(offsetof(NDIS_SPIN_LOCK, OldIrql) == 8, "NDIS_SPIN_LOCK.OldIrql");
CONDIS_STATIC_ASSERT(sizeof(LOCK_STATE_EX) == 3 && CONDIS_ALIGNOF(LOCK_STATE_EX) == 1, "LOCK_STATE_EX");
CONDIS_STATIC_ASSERT(sizeof(NDIS_EVENT) == 24 && CONDIS_ALIGNOF(NDIS_EVENT) == 8, "NDIS_EVENT");
CONDIS_STATIC_ASSERT(sizeof(SLIST_HEADER) == 16 && CONDIS_ALIGNOF(SLIST_HEADER) == 16, "SLIST_HEADER");
CONDIS_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE, Type) == 36 && offsetof(GENERAL_LOOKASIDE, Allocate) == 48 &&
                         offsetof(GENERAL_LOOKASIDE, ListEntry) == 64 && offsetof(GENERAL_LOOKASIDE, Future) == 88,
                     "GENERAL_LOOKASIDE");
CONDIS_STATIC_ASSERT(sizeof(NPAGED_LOOKASIDE_LIST) == 128 && CONDIS_ALIGNOF(NPAGED_LOOKASIDE_LIST) == 64,
                     "NPAGED_LOOKASIDE_LIST");
CONDIS_STATIC_ASSERT(sizeof(NDIS_TIMER_CHARACTERISTICS) == 24 && NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1 == 24,
                     "NDIS_TIMER_CHARACTERISTICS");
CONDIS_STATIC_ASSERT(offsetof(NDIS_TIMER_CHARACTERISTICS, TimerFunction) == 8, "TimerFunction");
CONDIS_STATIC_ASSERT(sizeof(EX_POOL_PRIORITY) == 4 && sizeof(POOL_TYPE) == 4, "enums are 4 bytes");

#endif /* CONDIS_NDIS_SERVICES_H */
