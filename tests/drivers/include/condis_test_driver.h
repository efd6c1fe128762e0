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
    TdOpNotifyCloseAf,   /* client: ProtocolClNotifyCloseAf (sync: tear down inline if possible) */
    TdOpIncomingCall,    /* client: ProtocolClIncomingCall (Status SUCCESS accepts, a failure rejects) */
    TdOpAddParty,        /* (M)CM: ProtocolCmAddParty */
    TdOpDropParty,       /* (M)CM: ProtocolCmDropParty */
    TdOpModifyQoS,       /* (M)CM: ProtocolCmModifyCallQoS */
    TdOpDeleteVc,        /* t_cm: Never keeps the VCs it created after their call (TdCmDeleteVc deletes);
                          * t_miniport: DelayMs is slept (NdisMSleep) inside MiniportCoDeleteVc */
    TdOpRemoteEvent,     /* (M)CM: internal, a remote event (incoming call, close, drop, QoS change) */
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
#define TD_MAX_PARTIES 4        /* per VC at the client: the first party and up to 3 added ones */

/* The client keeps VCs a call manager created (incoming calls) in its slots from the top down:
 * the first incoming call's VC is in slot TD_INCOMING_SLOT(0). */
#define TD_INCOMING_SLOT(n) (TD_MAX_VCS - 1 - (n))
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
typedef NDIS_STATUS (TD_CLIENT_PARTY_ACTION)(ULONG Slot, ULONG Party);  /* Party: 1..TD_MAX_PARTIES-1 */
typedef NDIS_HANDLE (TD_CLIENT_VC_HANDLE)(ULONG Slot);
typedef NDIS_HANDLE (TD_CLIENT_PARTY_HANDLE)(ULONG Slot, ULONG Party);  /* Party 0: the first party */

/* ---- Exported by t_mcm and t_cm: remote events, run from a timer of the call manager ------- *
 * Each schedules the event and returns SUCCESS (or RESOURCES / INVALID_PARAMETER); what NDIS
 * returned to the call manager is in its log. TdCmNotifyCloseAf runs at once (PASSIVE_LEVEL) on
 * every open AF instance and returns the status of the last notification. */
typedef NDIS_STATUS (TD_CM_INCOMING_CALL)(VOID);                      /* create, activate, dispatch */
typedef NDIS_STATUS (TD_CM_VC_EVENT)(NDIS_HANDLE NdisVcHandle, NDIS_STATUS Status);  /* close, QoS change */
typedef NDIS_STATUS (TD_CM_PARTY_EVENT)(NDIS_HANDLE NdisPartyHandle, NDIS_STATUS Status);  /* incoming drop */
typedef NDIS_STATUS (TD_CM_ACTION)(VOID);
typedef NDIS_HANDLE (TD_CM_VC_HANDLE)(ULONG Index);                   /* the Index-th VC it created */
/* t_cm: TdCmDeleteVc(NdisVcHandle, ignored) deletes a VC it kept, at once (PASSIVE_LEVEL). */

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
