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
 *   config.c    the test interface (log and behaviour table)
 */
#ifndef T_CM_H
#define T_CM_H

#include "td_support.h"

#define CM_MAX_AFS 4

typedef struct _CM_BINDING {
    NDIS_SPIN_LOCK Lock;
    NDIS_HANDLE NdisBindingHandle;
    NDIS_HANDLE BindContext;
    NDIS_HANDLE UnbindContext;
    UINT SelectedMediumIndex;
    NDIS_MEDIUM Media[1];
    CO_ADDRESS_FAMILY AddressFamily;       /* the AF registered on this binding */
    struct _CM_AF *OpenAfs[CM_MAX_AFS];    /* the open AF instances (for notify-close at unbind) */
    TD_DEFERRAL_POOL Deferrals;
} CM_BINDING, *PCM_BINDING;

typedef struct _CM_AF {
    PCM_BINDING Binding;
    NDIS_HANDLE NdisAfHandle;
    TD_BEHAVIOR Behavior;           /* the answer chosen for the operation in progress */
} CM_AF, *PCM_AF;

typedef struct _CM_SAP {
    PCM_AF Af;
    NDIS_HANDLE NdisSapHandle;
    TD_BEHAVIOR Behavior;
} CM_SAP, *PCM_SAP;

typedef struct _CM_PARTY {
    NDIS_HANDLE NdisPartyHandle;
} CM_PARTY, *PCM_PARTY;

/* What a pending activation or deactivation in the miniport is part of. */
typedef enum _CM_VC_STEP {
    CmStepNone = 0,
    CmStepMakeCall,     /* activation for a make-call: completes it */
    CmStepCloseCall     /* deactivation for a close-call: completes it */
} CM_VC_STEP;

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

/* The deferral routine of the binding's pool: dispatches to callmgr.c or vc.c. */
VOID CmRunDeferred(TD_OPERATION Operation, PVOID Object);

#endif /* T_CM_H */
