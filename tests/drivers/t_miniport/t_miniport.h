/*
 * t_miniport: a configurable plain CoNDIS miniport (no call management) for the condis
 * end-to-end tests of stand-alone call managers.
 *
 * One adapter of medium NdisMediumAtm. A stand-alone call manager (t_cm) binds to it and
 * registers the address family; NDIS forwards the VC operations of the CM and its clients here.
 * Activation and deactivation answer as the test configured them (see condis_test_driver.h):
 * synchronously, or PENDING and completed with NdisMCoActivateVcComplete /
 * NdisMCoDeactivateVcComplete from a work item or a timer, or failed.
 *
 *   miniport.c  DriverEntry, MiniportSetOptions, unload: registration of the handler tables
 *   adapter.c   MiniportInitializeEx / HaltEx / Pause / Restart and the other adapter handlers
 *   vc.c        MiniportCoCreateVc / DeleteVc / ActivateVc / DeactivateVc / Send / OidRequest
 *   config.c    the test interface (log and behaviour table)
 */
#ifndef T_MINIPORT_H
#define T_MINIPORT_H

#include "td_support.h"

typedef struct _MP_ADAPTER {
    NDIS_HANDLE MiniportAdapterHandle;
    TD_DEFERRAL_POOL Deferrals;
} MP_ADAPTER, *PMP_ADAPTER;

typedef struct _MP_VC {
    PMP_ADAPTER Adapter;
    NDIS_HANDLE NdisVcHandle;           /* saved for the NdisMCo* completions */
    PCO_CALL_PARAMETERS CallParameters; /* the CM's buffer while an activation is pending */
    BOOLEAN Active;
    TD_BEHAVIOR Behavior;               /* the answer chosen for the operation in progress */
} MP_VC, *PMP_VC;

extern NDIS_HANDLE MpDriverHandle;

/* adapter.c */
MINIPORT_INITIALIZE MpInitializeEx;
MINIPORT_HALT MpHaltEx;
MINIPORT_PAUSE MpPause;
MINIPORT_RESTART MpRestart;
MINIPORT_OID_REQUEST MpOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS MpSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS MpReturnNetBufferLists;
MINIPORT_CANCEL_SEND MpCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY MpDevicePnPEventNotify;
MINIPORT_SHUTDOWN MpShutdownEx;
MINIPORT_CANCEL_OID_REQUEST MpCancelOidRequest;

/* vc.c */
MINIPORT_CO_CREATE_VC MpCoCreateVc;
MINIPORT_CO_DELETE_VC MpCoDeleteVc;
MINIPORT_CO_ACTIVATE_VC MpCoActivateVc;
MINIPORT_CO_DEACTIVATE_VC MpCoDeactivateVc;
MINIPORT_CO_SEND_NET_BUFFER_LISTS MpCoSendNetBufferLists;
MINIPORT_CO_OID_REQUEST MpCoOidRequest;

/* The deferral routine of the adapter's pool: the pended activation or deactivation. */
VOID MpRunDeferred(TD_OPERATION Operation, PVOID Object);

#endif /* T_MINIPORT_H */
