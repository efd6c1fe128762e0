/*
 * The two minimal drivers of the call-cycle benchmark: an MCM whose ProtocolCmMakeCall pends and
 * whose "network" completes on demand, and a client that runs one call cycle.
 *
 * Their handlers are also called directly, without condis, to measure the floor: the MCM reaches
 * NDIS only through BenchMcmOps, which the floor points at stubs that call the client's
 * completion handlers straight away.
 */
#ifndef CONDIS_BENCH_DRIVERS_H
#define CONDIS_BENCH_DRIVERS_H

#include <ndis.h>

CONDIS_EXTERN_C_BEGIN

/* How the MCM reaches NDIS: NdisMCm* under condis, direct stubs in the floor. */
typedef struct _BENCH_MCM_OPS {
    NDIS_STATUS (*ActivateVc)(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters);
    NDIS_STATUS (*DeactivateVc)(NDIS_HANDLE NdisVcHandle);
    VOID (*MakeCallComplete)(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle,
                             NDIS_HANDLE CallMgrPartyContext, PCO_CALL_PARAMETERS CallParameters);
} BENCH_MCM_OPS;
extern BENCH_MCM_OPS BenchMcmOps;

NDIS_STATUS BenchMcmDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
NDIS_STATUS BenchClientDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

/* The MCM's call-manager handlers (the floor calls them directly). */
PROTOCOL_CO_CREATE_VC BenchMcmCmCreateVc;
PROTOCOL_CO_DELETE_VC BenchMcmCmDeleteVc;
PROTOCOL_CM_MAKE_CALL BenchMcmCmMakeCall;
PROTOCOL_CM_CLOSE_CALL BenchMcmCmCloseCall;
/* The network answers: activate and complete the make-call pended on this processor. */
VOID BenchMcmCompletePendingCalls(VOID);

/* The client's completion handler (the floor's MakeCallComplete stub calls it). */
PROTOCOL_CL_MAKE_CALL_COMPLETE BenchClMakeCallComplete;

/* True once the client has an open AF on the MCM's adapter. */
BOOLEAN BenchClientReady(VOID);
/* One call cycle through condis: create VC, make call (pended), network completes, close, delete.
 * Returns NDIS_STATUS_SUCCESS when every step behaved as expected. */
NDIS_STATUS BenchClientCallCycle(VOID);
/* Holds `count` VCs created and idle (no call), for memory measurements; then deletes them. */
NDIS_STATUS BenchClientCreateIdleVcs(ULONG count, NDIS_HANDLE *handles);
NDIS_STATUS BenchClientDeleteVcs(ULONG count, NDIS_HANDLE *handles);
/* A connected point-to-multipoint call (the make-call's initial party), `count` more parties
 * added to it and dropped again, and its close, for the per-party memory measurement. */
NDIS_STATUS BenchClientOpenMultipointCall(NDIS_HANDLE *vc_handle, NDIS_HANDLE *initial_party);
NDIS_STATUS BenchClientAddParties(NDIS_HANDLE vc_handle, ULONG count, NDIS_HANDLE *parties);
NDIS_STATUS BenchClientDropParties(ULONG count, NDIS_HANDLE *parties);
NDIS_STATUS BenchClientCloseMultipointCall(NDIS_HANDLE vc_handle, NDIS_HANDLE initial_party);
/* Completed make-calls seen by the client (the floor checks its cycle with it). */

CONDIS_EXTERN_C_END

#endif
