/*
 * The configuration interface of the condis test drivers (t_client, t_mcm, t_cm, t_miniport).
 *
 * Each test driver is an ordinary CoNDIS driver whose answers can be chosen by a test: answer
 * synchronously or pend, complete from a work item or a timer, fail with a given status, change
 * the call parameters, or break one rule on purpose. Every driver records the callbacks it
 * received and the requests it made in a log the test reads back.
 *
 * The functions below are exported by every test driver module under the same names; a test
 * reaches those of one driver with Runtime::driver_symbol(driver, "TdSetBehavior"). The client
 * also exports the TdClient* actions, which a test runs on a simulated processor at
 * PASSIVE_LEVEL (as a user-mode request would reach a real client).
 */
#ifndef CONDIS_TEST_DRIVER_H
#define CONDIS_TEST_DRIVER_H

#include <ndis.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Operations whose answer a test can choose. */
typedef enum _TD_OPERATION {
    TdOpOpenAf = 0,      /* (M)CM: ProtocolCmOpenAf */
    TdOpCloseAf,         /* (M)CM: ProtocolCmCloseAf */
    TdOpRegisterSap,     /* (M)CM: ProtocolCmRegisterSap */
    TdOpDeregisterSap,   /* (M)CM: ProtocolCmDeregisterSap */
    TdOpMakeCall,        /* (M)CM: ProtocolCmMakeCall */
    TdOpCloseCall,       /* (M)CM: ProtocolCmCloseCall */
    TdOpActivateVc,      /* miniport: MiniportCoActivateVc */
    TdOpDeactivateVc,    /* miniport: MiniportCoDeactivateVc */
    TdOpCreateVc,        /* (M)CM: ProtocolCoCreateVc; miniport: MiniportCoCreateVc */
    TdOpNotifyCloseAf,   /* client: ProtocolClNotifyCloseAf */
    TdOpCount
} TD_OPERATION;

/* How the handler answers. */
typedef enum _TD_COMPLETION {
    TdCompleteSync = 0,  /* return Status from the handler itself */
    TdCompleteWorkItem,  /* return PENDING, complete from an I/O work item (protocols: a timer due now) */
    TdCompleteTimer,     /* return PENDING, complete from a timer after DelayMs */
    TdCompleteNever      /* return PENDING and never complete (CM-003) */
} TD_COMPLETION;

/* A rule the handler breaks on purpose. */
typedef enum _TD_FAULT {
    TdFaultNone = 0,
    TdFaultSuccessBeforeActivate,   /* make-call: report SUCCESS without activating the VC (CM-054) */
    TdFaultCompleteTwice,           /* call the completion function a second time (CM-002) */
    TdFaultCompleteWithPending,     /* pass NDIS_STATUS_PENDING to the completion function (CM-001) */
    TdFaultCompleteWithoutPending,  /* answer synchronously, then call the completion function too (CM-002) */
    TdFaultWrongCompletion,         /* MCM: NdisCm* instead of NdisMCm* (CM-020); CM: NdisMCm* (CM-021) */
    TdFaultUsePartyAfterFailure     /* make-call failed: use the party handle afterwards (CM-056, stale handle) */
} TD_FAULT;

typedef struct _TD_BEHAVIOR {
    TD_COMPLETION Completion;
    ULONG DelayMs;             /* TdCompleteTimer */
    NDIS_STATUS Status;        /* the final status of the operation */
    TD_FAULT Fault;
    BOOLEAN ChangeParameters;  /* make-call: rewrite the QoS and set CALL_PARAMETERS_CHANGED */
} TD_BEHAVIOR, *PTD_BEHAVIOR;

/* One log record: a callback the driver received (Status = what it returned, or its Status
 * argument for VOID callbacks), or a request it made (Status = what NDIS returned). */
typedef struct _TD_LOG_ENTRY {
    const char *Name;    /* "ProtocolCmMakeCall", "NdisClMakeCall", ... (static storage) */
    NDIS_STATUS Status;
    NDIS_HANDLE Handle;  /* the NDIS handle the record concerns (VC, AF, SAP, party), or NULL */
    ULONG Flags;         /* CO_CALL_PARAMETERS.Flags where call parameters are involved */
} TD_LOG_ENTRY, *PTD_LOG_ENTRY;

/* Flags for TdClientMakeCall. */
#define TD_CALL_MULTIPOINT 0x1  /* pass a ProtocolPartyContext: a multipoint call with a first party */
#define TD_CALL_PVC 0x2         /* PERMANENT_VC, no media parameters: the CM looks the PVC up */

#define TD_MAX_VCS 8
#define TD_PVC_COUNT 4          /* PVC identifiers 0..3 exist on the (M)CM; others fail */

/* ---- Exported by every test driver ------------------------------------------------------- */
typedef VOID (TD_SET_BEHAVIOR)(TD_OPERATION Operation, const TD_BEHAVIOR *Behavior);
typedef VOID (TD_RESET)(VOID);
typedef ULONG (TD_LOG_COUNT)(VOID);
typedef BOOLEAN (TD_LOG_GET)(ULONG Index, PTD_LOG_ENTRY Entry);

/* ---- Exported by t_client: actions, each returns what NDIS returned ----------------------- */
typedef NDIS_STATUS (TD_CLIENT_ACTION)(VOID);
typedef NDIS_STATUS (TD_CLIENT_VC_ACTION)(ULONG Slot);
typedef NDIS_STATUS (TD_CLIENT_MAKE_CALL)(ULONG Slot, ULONG CallFlags);
typedef VOID (TD_CLIENT_SET_AUTO_OPEN)(BOOLEAN AutoOpen);

#ifdef CONDIS_TEST_DRIVER_IMPLEMENTATION
CONDIS_DRIVER_EXPORT TD_SET_BEHAVIOR TdSetBehavior;
CONDIS_DRIVER_EXPORT TD_RESET TdReset;
CONDIS_DRIVER_EXPORT TD_LOG_COUNT TdLogCount;
CONDIS_DRIVER_EXPORT TD_LOG_GET TdLogGet;
#endif

#ifdef __cplusplus
}
#endif

#endif /* CONDIS_TEST_DRIVER_H */
