/*
 * t_cm: a configurable stand-alone CoNDIS call manager for the condis end-to-end tests.
 *
 * A protocol driver that binds to a plain CoNDIS miniport (t_miniport), registers
 * CO_ADDRESS_FAMILY_Q2931 on its binding with NdisCmRegisterAddressFamilyEx, and serves the
 * clients bound to the same adapter. VCs are activated and deactivated in the miniport through
 * NdisCmActivateVc / NdisCmDeactivateVc; when the miniport pends, ProtocolCmActivateVcComplete /
 * ProtocolCmDeactivateVcComplete continue the call operation. Each call-manager operation
 * answers as the test configured it (see condis_test_driver.h) and every callback is logged.
 *
 *   protocol.c  DriverEntry, ProtocolSetOptions (CO characteristics and call-manager table), stubs
 *   bind.c      ProtocolBindAdapterEx (open + AF registration) / UnbindAdapterEx and completions
 *   callmgr.c   ProtocolCm* for address families and SAPs, their deferred completions, and the
 *               handlers of features t_cm does not offer (incoming calls, parties, QoS)
 *   vc.c        VCs: ProtocolCoCreateVc/DeleteVc, make-call, close-call, activation completions
 *   incoming.c  remote events: incoming calls, remote closes, drops and QoS changes; notify-close
 *   party.c     add/drop party and QoS modification, with their deferred completions
 *   config.c    the test interface (log and behaviour table)
 */
#ifndef T_CM_H
#define T_CM_H

#include "td_support.h"

#define CM_MAX_AFS 4
#define CM_MAX_VCS (2 * TD_MAX_VCS)

typedef struct _CM_BINDING {
    NDIS_SPIN_LOCK Lock;
    NDIS_HANDLE NdisBindingHandle;
    NDIS_HANDLE BindContext;
    NDIS_HANDLE UnbindContext;
    UINT SelectedMediumIndex;
    NDIS_MEDIUM Media[1];
    CO_ADDRESS_FAMILY AddressFamily;       /* the AF registered on this binding */
    struct _CM_AF *OpenAfs[CM_MAX_AFS];    /* the open AF instances (for notify-close at unbind) */
    struct _CM_VC *Vcs[CM_MAX_VCS];        /* every VC context, to find one by its handle */
    NDIS_HANDLE Created[TD_MAX_VCS];       /* the VCs it created for incoming calls, in order */
    ULONG CreatedCount;
    NDIS_SPIN_LOCK EventLock;              /* serialises remote closes with close completions */
    TD_DEFERRAL_POOL Deferrals;
} CM_BINDING, *PCM_BINDING;

typedef struct _CM_AF {
    PCM_BINDING Binding;
    NDIS_HANDLE NdisAfHandle;
    struct _CM_SAP *Sap;            /* the SAP incoming calls are offered on */
    TD_BEHAVIOR Behavior;           /* the answer chosen for the operation in progress */
} CM_AF, *PCM_AF;

typedef struct _CM_SAP {
    PCM_AF Af;
    NDIS_HANDLE NdisSapHandle;
    TD_BEHAVIOR Behavior;
    BOOLEAN Deregistering;          /* ProtocolCmDeregisterSap ran: no more incoming calls */
    BOOLEAN CompleteAfterDispatch;  /* its deregistration waits for a dispatch in progress */
    ULONG Dispatches;               /* incoming-call dispatches in progress on it */
} CM_SAP, *PCM_SAP;

typedef struct _CM_PARTY {
    struct _CM_VC *Vc;
    NDIS_HANDLE NdisPartyHandle;
    PCO_CALL_PARAMETERS Parameters; /* the add-party buffer while the add pends */
    TD_BEHAVIOR Behavior;
} CM_PARTY, *PCM_PARTY;

/* What a pending activation or deactivation in the miniport is part of. */
typedef enum _CM_VC_STEP {
    CmStepNone = 0,
    CmStepMakeCall,     /* activation for a make-call: completes it */
    CmStepCloseCall,    /* deactivation for a close-call: completes it */
    CmStepIncomingCall, /* activation for an incoming call: dispatches it */
    CmStepModifyQoS,    /* reactivation for the client's QoS change: completes it */
    CmStepQoSChange,    /* reactivation for the network's QoS change: dispatches it */
    CmStepDeleteOwn     /* deactivation before deleting a VC the CM created */
} CM_VC_STEP;

/* A remote event, run from a timer of the binding's pool. */
typedef enum _CM_EVENT_KIND {
    CmEventIncomingCall = 0,
    CmEventCloseCall,
    CmEventDropParty,
    CmEventQoSChange
} CM_EVENT_KIND;

typedef struct _CM_EVENT {
    PCM_BINDING Binding;
    CM_EVENT_KIND Kind;
    NDIS_HANDLE Handle;   /* the VC or party */
    NDIS_STATUS Status;   /* the close or drop status */
} CM_EVENT, *PCM_EVENT;

/* The CM's own resident activation buffer (CM-049): a copy of the call's parameters. */
typedef struct _CM_ACTIVATION {
    CO_CALL_PARAMETERS Call;
    CO_CALL_MANAGER_PARAMETERS CallManager;
    CO_MEDIA_PARAMETERS Media;
} CM_ACTIVATION;

typedef struct _CM_VC {
    PCM_AF Af;
    NDIS_HANDLE NdisVcHandle;
    PCO_CALL_PARAMETERS CallParameters;  /* the client's buffer while a make-call is in progress */
    NDIS_HANDLE NdisPartyHandle;         /* the first party of a multipoint call */
    PCM_PARTY Party;
    BOOLEAN Active;                      /* activated in the miniport */
    BOOLEAN Pended;                      /* the make-call or close-call in progress returned PENDING */
    CM_VC_STEP Step;
    TD_BEHAVIOR Behavior;
    CM_ACTIVATION Activation;
    CO_MEDIA_PARAMETERS PvcMedia;        /* media parameters filled in for a PVC call */
    BOOLEAN CreatedByCm;                 /* an incoming call's VC: the CM deletes it */
    BOOLEAN CallUp;                      /* connected (outgoing) or accepted (incoming) */
    BOOLEAN Closed;                      /* its close completed: no remote event any more */
    PCM_SAP Sap;                         /* the SAP an incoming call is offered on, until dispatched */
    PCM_PARTY Added[TD_MAX_PARTIES];     /* parties added after the first */
    PCO_CALL_PARAMETERS QoSParameters;   /* the client's buffer while a modify pends */
} CM_VC, *PCM_VC;

extern NDIS_HANDLE CmProtocolHandle;
extern PCM_BINDING CmBinding;            /* the first (and only) binding */

/* bind.c */
PROTOCOL_BIND_ADAPTER_EX CmBindAdapterEx;
PROTOCOL_UNBIND_ADAPTER_EX CmUnbindAdapterEx;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX CmOpenAdapterCompleteEx;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX CmCloseAdapterCompleteEx;

/* callmgr.c */
PROTOCOL_CM_OPEN_AF CmCmOpenAf;
PROTOCOL_CM_CLOSE_AF CmCmCloseAf;
PROTOCOL_CM_REG_SAP CmCmRegisterSap;
PROTOCOL_CM_DEREGISTER_SAP CmCmDeregisterSap;
PROTOCOL_CM_INCOMING_CALL_COMPLETE CmCmIncomingCallComplete;
PROTOCOL_CM_ADD_PARTY CmCmAddParty;
PROTOCOL_CM_DROP_PARTY CmCmDropParty;
PROTOCOL_CM_MODIFY_QOS_CALL CmCmModifyCallQoS;
PROTOCOL_CO_OID_REQUEST CmCmOidRequest;
PROTOCOL_CO_OID_REQUEST_COMPLETE CmCmOidRequestComplete;
PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE CmCmNotifyCloseAfComplete;
VOID CmCompleteAfOrSap(TD_OPERATION Operation, PVOID Object);

/* vc.c */
PROTOCOL_CO_CREATE_VC CmCmCreateVc;
PROTOCOL_CO_DELETE_VC CmCmDeleteVc;
PROTOCOL_CM_MAKE_CALL CmCmMakeCall;
PROTOCOL_CM_CLOSE_CALL CmCmCloseCall;
PROTOCOL_CM_ACTIVATE_VC_COMPLETE CmCmActivateVcComplete;
PROTOCOL_CM_DEACTIVATE_VC_COMPLETE CmCmDeactivateVcComplete;
VOID CmContinueCall(TD_OPERATION Operation, PVOID Object);
NDIS_STATUS CmActivateFor(PCM_VC Vc, PCO_CALL_PARAMETERS CallParameters, CM_VC_STEP Step);
VOID CmTrackVc(PCM_VC Vc);
VOID CmUntrackVc(PCM_VC Vc);
PCM_VC CmFindVc(PCM_BINDING Binding, NDIS_HANDLE NdisVcHandle);
VOID CmFreeParties(PCM_VC Vc);
BOOLEAN CmKeepsOwnVcs(VOID);

/* incoming.c */
VOID CmRunEvent(PCM_EVENT Event);
VOID CmDeleteOwnVc(PCM_VC Vc);
VOID CmDeleteOwnVcNow(PCM_VC Vc);
VOID CmIncomingActivated(PCM_VC Vc, NDIS_STATUS Status);
VOID CmQoSChangeActivated(PCM_VC Vc, NDIS_STATUS Status);
CONDIS_DRIVER_EXPORT TD_CM_INCOMING_CALL TdCmIncomingCall;
CONDIS_DRIVER_EXPORT TD_CM_VC_EVENT TdCmIncomingCloseCall;
CONDIS_DRIVER_EXPORT TD_CM_VC_EVENT TdCmIncomingQoSChange;
CONDIS_DRIVER_EXPORT TD_CM_PARTY_EVENT TdCmIncomingDropParty;
CONDIS_DRIVER_EXPORT TD_CM_ACTION TdCmNotifyCloseAf;
CONDIS_DRIVER_EXPORT TD_CM_VC_HANDLE TdCmVcHandle;
CONDIS_DRIVER_EXPORT TD_CM_VC_EVENT TdCmDeleteVc;

/* party.c */
VOID CmCompletePartyOrQoS(TD_OPERATION Operation, PVOID Object);
VOID CmModifyQoSActivated(PCM_VC Vc, NDIS_STATUS Status);

/* The deferral routine of the binding's pool: dispatches to callmgr.c or vc.c. */
VOID CmRunDeferred(TD_OPERATION Operation, PVOID Object);

#endif /* T_CM_H */
