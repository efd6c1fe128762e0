/*
 * dp_cm: a stand-alone call manager for the data-path end-to-end tests (dp_cm_driver.h). It
 * binds to dp_miniport, registers one AF (Q.2931), carries one client call at a time, and keeps
 * a signalling VC of its own.
 *
 *   dp_cm.c       DriverEntry, ProtocolSetOptions, the binding, the AF, unused handlers
 *   call.c        the client's VC and call: activation, deactivation, the CM's own release (3.6)
 *   signalling.c  the signalling VC (NULL AF handle) and its sends and receives (3.1 v6, 3.2)
 *   requests.c    requests in both directions and status indications (3.4, 3.5)
 */
#ifndef DP_CM_H
#define DP_CM_H

#include "dp_cm_driver.h"
#include "dp_request_support.h"

#define DP_CM_TAG 0x4d437044u /* 'DpCM' */

typedef struct _DP_CM_VC {
    NDIS_HANDLE NdisVcHandle;
    BOOLEAN Active;
    BOOLEAN MakePending;  /* ProtocolCmMakeCall pended on the activation */
    BOOLEAN ClosePending; /* ProtocolCmCloseCall pended on the deactivation */
    BOOLEAN Releasing;    /* DpCmReleaseCall: dispatch the incoming close once inactive */
} DP_CM_VC, *PDP_CM_VC;

/* dp_cm.c: the binding and the AF (their addresses are the binding and AF contexts). */
extern NDIS_HANDLE DpCmProtocolHandle;
extern NDIS_HANDLE DpCmBindingHandle;
extern NDIS_HANDLE DpCmAfHandle;
extern NDIS_SPIN_LOCK DpCmLock; /* guards the VC flags and the counters */

/* call.c: the client's call VC (&DpCmCallVc is its CallMgrVcContext). */
extern DP_CM_VC DpCmCallVc;
PROTOCOL_CO_CREATE_VC DpCmCreateVc;
PROTOCOL_CO_DELETE_VC DpCmDeleteVc;
PROTOCOL_CM_MAKE_CALL DpCmMakeCall;
PROTOCOL_CM_CLOSE_CALL DpCmCloseCall;
PROTOCOL_CM_ACTIVATE_VC_COMPLETE DpCmActivateVcComplete;
PROTOCOL_CM_DEACTIVATE_VC_COMPLETE DpCmDeactivateVcComplete;

/* signalling.c: the signalling VC (&DpCmSignalVc is its ProtocolVcContext). */
extern DP_CM_VC DpCmSignalVc;
NDIS_STATUS DpCmSignallingStart(VOID);
VOID DpCmSignallingStop(VOID);
VOID DpCmSignallingReset(VOID);
PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE DpCmCoSendNetBufferListsComplete;
PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS DpCmCoReceiveNetBufferLists;

/* requests.c */
extern DP_RQ_SIDE DpCmRq;
DP_RQ_COMPLETE DpCmRqComplete;
PROTOCOL_CO_OID_REQUEST DpCmOidRequest;
PROTOCOL_CO_OID_REQUEST_COMPLETE DpCmOidRequestComplete;
PROTOCOL_CO_STATUS_EX DpCmCoStatusEx;

#endif /* DP_CM_H */
