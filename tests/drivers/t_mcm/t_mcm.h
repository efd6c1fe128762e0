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
 *   incoming.c  remote events: incoming calls, remote closes, drops and QoS changes; notify-close
 *   party.c     add/drop party and QoS modification, with their deferred completions
 *   config.c    the test interface (log and behaviour table)
 */
#ifndef T_MCM_H
#define T_MCM_H

#include "td_support.h"

#define MCM_MAX_AFS 4
#define MCM_MAX_VCS (2 * TD_MAX_VCS)

typedef struct _MCM_ADAPTER {
    NDIS_HANDLE MiniportAdapterHandle;
    NDIS_SPIN_LOCK Lock;
    NDIS_SPIN_LOCK EventLock;              /* serialises remote closes with close completions */
    struct _MCM_AF *OpenAfs[MCM_MAX_AFS];  /* the open AF instances (for notify-close at halt) */
    struct _MCM_VC *Vcs[MCM_MAX_VCS];      /* every VC context, to find one by its handle */
    NDIS_HANDLE Created[TD_MAX_VCS];       /* the VCs it created for incoming calls, in order */
    ULONG CreatedCount;
    CO_ADDRESS_FAMILY AddressFamily;
    TD_DEFERRAL_POOL Deferrals;
} MCM_ADAPTER, *PMCM_ADAPTER;

typedef struct _MCM_AF {
    PMCM_ADAPTER Adapter;
    NDIS_HANDLE NdisAfHandle;
    struct _MCM_SAP *Sap;           /* the SAP incoming calls are offered on */
    TD_BEHAVIOR Behavior;           /* the answer chosen for the operation in progress */
} MCM_AF, *PMCM_AF;

typedef struct _MCM_SAP {
    PMCM_AF Af;
    NDIS_HANDLE NdisSapHandle;
    TD_BEHAVIOR Behavior;
    BOOLEAN Deregistering;          /* ProtocolCmDeregisterSap ran: no more incoming calls */
    BOOLEAN CompleteAfterDispatch;  /* its deregistration waits for a dispatch in progress */
    ULONG Dispatches;               /* incoming-call dispatches in progress on it */
} MCM_SAP, *PMCM_SAP;

typedef struct _MCM_PARTY {
    struct _MCM_VC *Vc;
    NDIS_HANDLE NdisPartyHandle;
    PCO_CALL_PARAMETERS Parameters; /* the add-party buffer while the add pends */
    TD_BEHAVIOR Behavior;
} MCM_PARTY, *PMCM_PARTY;

/* The MCM's own call parameters (CM-066): an incoming call's offer, and any new QoS it
 * activates (CM-094). */
typedef struct _MCM_PARAMETERS {
    CO_CALL_PARAMETERS Call;
    CO_CALL_MANAGER_PARAMETERS CallManager;
    CO_MEDIA_PARAMETERS Media;
} MCM_PARAMETERS;

typedef struct _MCM_VC {
    PMCM_AF Af;
    NDIS_HANDLE NdisVcHandle;
    PCO_CALL_PARAMETERS CallParameters;  /* the client's buffer while a make-call is pending */
    NDIS_HANDLE NdisPartyHandle;         /* the first party of a multipoint call */
    PMCM_PARTY Party;
    BOOLEAN Active;
    TD_BEHAVIOR Behavior;
    CO_MEDIA_PARAMETERS PvcMedia;        /* media parameters filled in for a PVC call */
    BOOLEAN CreatedByCm;                 /* an incoming call's VC: the MCM deletes it */
    BOOLEAN CallUp;                      /* connected (outgoing) or accepted (incoming) */
    BOOLEAN Closed;                      /* its close completed: no remote event any more */
    PMCM_PARTY Added[TD_MAX_PARTIES];    /* parties added after the first */
    PCO_CALL_PARAMETERS QoSParameters;   /* the client's buffer while a modify pends */
    MCM_PARAMETERS Own;
} MCM_VC, *PMCM_VC;

/* A remote event, run from a timer of the adapter's pool. */
typedef enum _MCM_EVENT_KIND {
    McmEventIncomingCall = 0,
    McmEventCloseCall,
    McmEventDropParty,
    McmEventQoSChange
} MCM_EVENT_KIND;

typedef struct _MCM_EVENT {
    PMCM_ADAPTER Adapter;
    MCM_EVENT_KIND Kind;
    NDIS_HANDLE Handle;   /* the VC or party */
    NDIS_STATUS Status;   /* the close or drop status */
} MCM_EVENT, *PMCM_EVENT;

extern PMCM_ADAPTER McmAdapter;         /* the one adapter the tests bring up */

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
VOID McmTrackVc(PMCM_VC Vc);
VOID McmUntrackVc(PMCM_VC Vc);
PMCM_VC McmFindVc(PMCM_ADAPTER Adapter, NDIS_HANDLE NdisVcHandle);
VOID McmFreeParties(PMCM_VC Vc);
NDIS_STATUS McmActivateOwn(PMCM_VC Vc, PCO_CALL_PARAMETERS CallParameters);

/* incoming.c */
VOID McmRunEvent(PMCM_EVENT Event);
VOID McmDeleteOwnVc(PMCM_VC Vc);
VOID McmSapDeregistered(PMCM_SAP Sap);
CONDIS_DRIVER_EXPORT TD_CM_INCOMING_CALL TdCmIncomingCall;
CONDIS_DRIVER_EXPORT TD_CM_VC_EVENT TdCmIncomingCloseCall;
CONDIS_DRIVER_EXPORT TD_CM_VC_EVENT TdCmIncomingQoSChange;
CONDIS_DRIVER_EXPORT TD_CM_PARTY_EVENT TdCmIncomingDropParty;
CONDIS_DRIVER_EXPORT TD_CM_ACTION TdCmNotifyCloseAf;
CONDIS_DRIVER_EXPORT TD_CM_VC_HANDLE TdCmVcHandle;

/* party.c */
VOID McmCompletePartyOrQoS(TD_OPERATION Operation, PVOID Object);

/* The deferral routine of the adapter's pool: dispatches to callmgr.c or vc.c. */
VOID McmRunDeferred(TD_OPERATION Operation, PVOID Object);

#endif /* T_MCM_H */
