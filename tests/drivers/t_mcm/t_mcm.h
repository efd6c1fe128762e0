/*
 * t_mcm: a configurable CoNDIS miniport call manager for the condis end-to-end tests.
 *
 * One adapter offers CO_ADDRESS_FAMILY_Q2931 through NdisMCmRegisterAddressFamilyEx. Each
 * call-manager operation answers as the test configured it (see condis_test_driver.h) and every
 * callback is logged.
 *
 *   miniport.c  DriverEntry, MiniportSetOptions, unload: registration of the handler tables
 *   adapter.c   MiniportInitializeEx / HaltEx / Pause / Restart and the other adapter handlers
 *   callmgr.c   ProtocolCm* for address families and SAPs, and the stubs for unused features
 *   vc.c        VCs: CmCreateVc/CmDeleteVc, make-call, close-call, the MiniportCo* handlers
 *   config.c    the test interface (log and behaviour table)
 */
#ifndef T_MCM_H
#define T_MCM_H

#include "td_support.h"

#define MCM_MAX_AFS 4

typedef struct _MCM_ADAPTER {
    NDIS_HANDLE MiniportAdapterHandle;
    NDIS_SPIN_LOCK Lock;
    struct _MCM_AF *OpenAfs[MCM_MAX_AFS];  /* the open AF instances (for notify-close at halt) */
    CO_ADDRESS_FAMILY AddressFamily;
    TD_DEFERRAL_POOL Deferrals;
} MCM_ADAPTER, *PMCM_ADAPTER;

typedef struct _MCM_AF {
    PMCM_ADAPTER Adapter;
    NDIS_HANDLE NdisAfHandle;
    TD_BEHAVIOR Behavior;           /* the answer chosen for the operation in progress */
} MCM_AF, *PMCM_AF;

typedef struct _MCM_SAP {
    PMCM_AF Af;
    NDIS_HANDLE NdisSapHandle;
    TD_BEHAVIOR Behavior;
} MCM_SAP, *PMCM_SAP;

typedef struct _MCM_PARTY {
    NDIS_HANDLE NdisPartyHandle;
} MCM_PARTY, *PMCM_PARTY;

typedef struct _MCM_VC {
    PMCM_AF Af;
    NDIS_HANDLE NdisVcHandle;
    PCO_CALL_PARAMETERS CallParameters;  /* the client's buffer while a make-call is pending */
    NDIS_HANDLE NdisPartyHandle;         /* the first party of a multipoint call */
    PMCM_PARTY Party;
    BOOLEAN Active;
    TD_BEHAVIOR Behavior;
    CO_MEDIA_PARAMETERS PvcMedia;        /* media parameters filled in for a PVC call */
} MCM_VC, *PMCM_VC;

extern NDIS_HANDLE McmDriverHandle;

/* adapter.c */
MINIPORT_INITIALIZE McmInitializeEx;
MINIPORT_HALT McmHaltEx;
MINIPORT_PAUSE McmPause;
MINIPORT_RESTART McmRestart;
MINIPORT_OID_REQUEST McmOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS McmSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS McmReturnNetBufferLists;
MINIPORT_CANCEL_SEND McmCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY McmDevicePnPEventNotify;
MINIPORT_SHUTDOWN McmShutdownEx;
MINIPORT_CANCEL_OID_REQUEST McmCancelOidRequest;

/* callmgr.c */
PROTOCOL_CM_OPEN_AF McmCmOpenAf;
PROTOCOL_CM_CLOSE_AF McmCmCloseAf;
PROTOCOL_CM_REG_SAP McmCmRegisterSap;
PROTOCOL_CM_DEREGISTER_SAP McmCmDeregisterSap;
PROTOCOL_CM_INCOMING_CALL_COMPLETE McmCmIncomingCallComplete;
PROTOCOL_CM_ADD_PARTY McmCmAddParty;
PROTOCOL_CM_DROP_PARTY McmCmDropParty;
PROTOCOL_CM_MODIFY_QOS_CALL McmCmModifyCallQoS;
PROTOCOL_CM_ACTIVATE_VC_COMPLETE McmCmActivateVcComplete;
PROTOCOL_CM_DEACTIVATE_VC_COMPLETE McmCmDeactivateVcComplete;
PROTOCOL_CO_OID_REQUEST McmCmOidRequest;
PROTOCOL_CO_OID_REQUEST_COMPLETE McmCmOidRequestComplete;
PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE McmCmNotifyCloseAfComplete;
VOID McmCompleteAfOrSap(TD_OPERATION Operation, PVOID Object);
VOID McmForgetAf(PMCM_AF Af);

/* vc.c */
PROTOCOL_CO_CREATE_VC McmCmCreateVc;
PROTOCOL_CO_DELETE_VC McmCmDeleteVc;
PROTOCOL_CM_MAKE_CALL McmCmMakeCall;
PROTOCOL_CM_CLOSE_CALL McmCmCloseCall;
MINIPORT_CO_CREATE_VC McmCoCreateVc;
MINIPORT_CO_DELETE_VC McmCoDeleteVc;
MINIPORT_CO_ACTIVATE_VC McmCoActivateVc;
MINIPORT_CO_DEACTIVATE_VC McmCoDeactivateVc;
MINIPORT_CO_SEND_NET_BUFFER_LISTS McmCoSendNetBufferLists;
MINIPORT_CO_OID_REQUEST McmCoOidRequest;
VOID McmCompleteCall(TD_OPERATION Operation, PVOID Object);

/* The deferral routine of the adapter's pool: dispatches to callmgr.c or vc.c. */
VOID McmRunDeferred(TD_OPERATION Operation, PVOID Object);

#endif /* T_MCM_H */
