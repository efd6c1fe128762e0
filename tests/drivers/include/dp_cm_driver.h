/*
 * The test interface of the data-path drivers for the stand-alone call manager form
 * (vc-data-requests.md section 3 with a CM and a plain CoNDIS miniport): dp_cm, a stand-alone
 * CM, bound to dp_miniport, a plain CoNDIS miniport; dp_client is the client (dp_test_driver.h).
 *
 * dp_miniport completes sends at once, from a timer, or holds them until the test asks
 * (DpMiniportCompleteSends); indicates receives from a timer on any VC it has (the client's call
 * VC or the CM's signalling VC); answers MiniportCoOidRequest as DpRqMiniport is configured; and
 * indicates status on a VC or adapter-wide. Its MiniportCoDeactivateVc answers at once, or pends
 * until every queued send is completed and every indicated NBL is back (3.6), or pends and
 * completes at once whatever is outstanding (3.6 step 7, the faulty variant).
 *
 * dp_cm registers the Q.2931 AF on its binding; activates the client's VC in ProtocolCmMakeCall
 * and deactivates it in ProtocolCmCloseCall (completing the close from
 * ProtocolCmDeactivateVcComplete when the miniport pends); can release a call on its own
 * (deactivate, then NdisCmDispatchIncomingCloseCall: 3.6); keeps a signalling VC created with a
 * NULL AF handle (3.1 variant 6) on which it sends and receives; answers ProtocolCoOidRequest as
 * DpRqCallManager is configured and asks the client with NdisCoOidRequest (3.4 variant 6); and
 * records the status indications it gets (3.5).
 *
 * Payloads follow dp_test_driver.h; the request and status records dp_request_driver.h.
 */
#ifndef CONDIS_DP_CM_DRIVER_H
#define CONDIS_DP_CM_DRIVER_H

#include "dp_request_driver.h"
#include "dp_test_driver.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _DP_MP_SENDS {
    DpMpSendsAtOnce = 0, /* complete inside MiniportCoSendNetBufferLists */
    DpMpSendsTimer,      /* complete from a timer after SendDelayMs */
    DpMpSendsHeld        /* keep queued until DpMiniportCompleteSends */
} DP_MP_SENDS;

typedef enum _DP_MP_DEACTIVATE {
    DpMpDeactivateSync = 0,  /* complete the queued sends, return SUCCESS */
    DpMpDeactivateWhenQuiet, /* PENDING; NdisMCoDeactivateVcComplete from a timer once no send is
                              * queued and every indicated NBL is back (3.6 steps 2-6) */
    DpMpDeactivateAtOnce     /* PENDING; NdisMCoDeactivateVcComplete from a timer due now, whatever
                              * is outstanding (3.6 step 7: VC-011) */
} DP_MP_DEACTIVATE;

typedef struct _DP_MP_CONFIG {
    ULONG Sends;                   /* DP_MP_SENDS */
    ULONG SendDelayMs;             /* DpMpSendsTimer */
    ULONG Deactivate;              /* DP_MP_DEACTIVATE */
    BOOLEAN IndicateWithResources; /* NDIS_RECEIVE_FLAGS_RESOURCES; reclaimed on return (3.3) */
} DP_MP_CONFIG;

/* ---- dp_miniport ------------------------------------------------------------------------ *
 * DpMiniportStats: Sent = receives indicated, Completed = returned through
 * MiniportReturnNetBufferLists, Reclaimed = indicated with RESOURCES and taken back, Received =
 * sends that reached it, Intact / OutOfOrder of those (per VC sequence), Failed = sends it
 * completed with a failure. */
typedef VOID(DP_MP_CONFIGURE)(const DP_MP_CONFIG *Config);
/* Indicates Count receives on NdisVcHandle (one chain) from a timer after DelayMs. */
typedef NDIS_STATUS(DP_MP_INDICATE)(NDIS_HANDLE NdisVcHandle, ULONG Count, ULONG DelayMs);
/* Completes every held send from a timer after DelayMs, with Status. */
typedef NDIS_STATUS(DP_MP_COMPLETE_SENDS)(NDIS_STATUS Status, ULONG DelayMs);
/* NdisMCoIndicateStatusEx on NdisVcHandle (NULL: adapter-wide), a ULONG buffer when Value != 0. */
typedef VOID(DP_MP_INDICATE_STATUS)(NDIS_HANDLE NdisVcHandle, NDIS_STATUS StatusCode, ULONG Value);
/* The MiniportVcContext of one of its VCs (NULL if it has none for that handle). */
typedef NDIS_HANDLE(DP_MP_VC_CONTEXT)(NDIS_HANDLE NdisVcHandle);
/* DpMiniportContexts: AdapterContext and AdapterHandle. DpMiniportRqConfigure /
 * DpMiniportRqRecords: the DpRqMiniport handler. */

/* ---- dp_cm ------------------------------------------------------------------------------- *
 * DpCmContexts: BindingContext, AfContext, AfHandle, and the client call's VcContext (the
 * CallMgrVcContext) and VcHandle. DpCmSignallingContexts: VcContext and VcHandle of the
 * signalling VC. DpCmStats: the signalling VC's traffic (Sent/Completed/Failed: its sends;
 * Received/Intact/OutOfOrder: what it received). DpCmRqConfigure / DpCmRqRecords: the
 * DpRqCallManager handler; DpCmRqResults: its own requests to the client; DpCmStatusRecords:
 * ProtocolCoStatusEx calls. Actions run at PASSIVE_LEVEL and return what NDIS returned:
 *   DpCmOpenSignalling   NdisCoCreateVc(binding, NULL AF) then NdisCmActivateVc
 *   DpCmCloseSignalling  NdisCmDeactivateVc (the miniport answers at once) then NdisCoDeleteVc
 *   DpCmReleaseCall      NdisCmDeactivateVc on the client's call; once the VC is inactive,
 *                        NdisCmDispatchIncomingCloseCall(SUCCESS) */
typedef NDIS_STATUS(DP_CM_ACTION)(VOID);
/* Sends Count NBLs on the signalling VC. */
typedef NDIS_STATUS(DP_CM_SEND)(ULONG Count);
/* NdisCoOidRequest to the client on its AF, on the call's VC or not (3.4 variant 6). */
typedef NDIS_STATUS(DP_CM_REQUEST)(BOOLEAN OnVc, NDIS_OID Oid, ULONG Length);

#ifdef __cplusplus
}
#endif

#endif /* CONDIS_DP_CM_DRIVER_H */
