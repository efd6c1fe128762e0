/*
 * dp_miniport: a plain CoNDIS miniport for the data-path end-to-end tests in the stand-alone
 * call manager form (dp_cm_driver.h). One adapter; a few VCs (the client's call VC and the CM's
 * signalling VC), each with its own send queue, receive count and sequence numbers.
 *
 *   dp_miniport.c  DriverEntry, MiniportSetOptions, the adapter, the handlers the tests never reach
 *   vc.c           MiniportCoCreateVc / DeleteVc / ActivateVc / DeactivateVc and the pended
 *                  deactivation (3.6)
 *   data.c         sends, receives and returns (3.1-3.3)
 *   requests.c     MiniportCoOidRequest and status indications (3.4 variant 5, 3.5)
 */
#ifndef DP_MINIPORT_H
#define DP_MINIPORT_H

#include "dp_cm_driver.h"
#include "dp_request_support.h"

#define DP_MP_TAG 0x504d7044u /* 'DpMP' */
#define DP_MP_VCS 4u

typedef struct _DP_MP_VC {
    BOOLEAN InUse;
    NDIS_HANDLE NdisVcHandle;
    BOOLEAN Active;
    BOOLEAN Deactivating;      /* MiniportCoDeactivateVc returned PENDING, not yet completed */
    BOOLEAN DeactivateDue;     /* the deactivation timer completes it */
    PNET_BUFFER_LIST QueueHead, QueueTail; /* sends not yet completed */
    ULONG ReceivesOut;         /* indicated and not yet back */
    ULONG ReceivesWanted;      /* for the receive timer */
    ULONG NextSendSequence, NextReceiveSequence;
} DP_MP_VC, *PDP_MP_VC;

/* dp_miniport.c: everything below is guarded by DpMpLock. */
extern NDIS_SPIN_LOCK DpMpLock;
extern NDIS_HANDLE DpMpAdapterHandle; /* &DpMpAdapterHandle is the MiniportAdapterContext */
extern DP_MP_CONFIG DpMpConfig;
extern DP_STATS DpMpCounters;
extern DP_MP_VC DpMpVcs[DP_MP_VCS];
NDIS_STATUS DpMpAllocateTimer(NDIS_TIMER_FUNCTION *Function, NDIS_HANDLE *Timer);
LARGE_INTEGER DpMpDueTime(ULONG DelayMs);

/* vc.c */
MINIPORT_CO_CREATE_VC DpMpCoCreateVc;
MINIPORT_CO_DELETE_VC DpMpCoDeleteVc;
MINIPORT_CO_ACTIVATE_VC DpMpCoActivateVc;
MINIPORT_CO_DEACTIVATE_VC DpMpCoDeactivateVc;
NDIS_STATUS DpMpVcStart(VOID);
VOID DpMpVcStop(VOID);
/* With DpMpLock held: a pended deactivation of Vc whose VC has gone quiet is due now. */
BOOLEAN DpMpDeactivationDue(PDP_MP_VC Vc);
VOID DpMpScheduleDeactivation(VOID);

/* data.c */
MINIPORT_CO_SEND_NET_BUFFER_LISTS DpMpCoSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS DpMpReturnNetBufferLists;
NDIS_STATUS DpMpDataStart(VOID);
VOID DpMpDataStop(VOID);
/* Takes Vc's queued sends (DpMpLock held); completes a chain taken so (lock not held). */
PNET_BUFFER_LIST DpMpTakeQueue(PDP_MP_VC Vc);
VOID DpMpCompleteChain(NDIS_HANDLE NdisVcHandle, PNET_BUFFER_LIST Chain, NDIS_STATUS Status, ULONG Flags);

/* requests.c */
extern DP_RQ_SIDE DpMpRq;
DP_RQ_COMPLETE DpMpRqComplete;
MINIPORT_CO_OID_REQUEST DpMpCoOidRequest;

#endif /* DP_MINIPORT_H */
