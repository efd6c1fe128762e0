/*
 * atm_mcm: sample CoNDIS miniport call manager for a simulated ATM NIC.
 *
 * The adapter offers the Q.2931 address family (NdisMCmRegisterAddressFamilyEx). An outgoing
 * call is signalled "on the wire" (a timer stands for the network's answer); when the answer
 * arrives the MCM activates the VC with NdisMCmActivateVc and completes the call with
 * NdisMCmMakeCallComplete ([CM 3.5]).
 *
 *   miniport.c  DriverEntry, MiniportSetOptions, MiniportDriverUnload
 *   adapter.c   MiniportInitializeEx, MiniportHaltEx and the other adapter handlers
 *   callmgr.c   address families and SAPs (ProtocolCmOpenAf, ...), unsupported features
 *   vc.c        VCs and calls (ProtocolCoCreateVc, ProtocolCmMakeCall, ...), MiniportCo* handlers
 *
 * Teaching fault: AtmMcmCompleteBeforeActivate(TRUE) (exported), or building with
 * -DATM_MCM_COMPLETE_BEFORE_ACTIVATE=1, makes the MCM complete the call with SUCCESS before it
 * activates the VC; the condis verifier reports rule CM-054.
 */
#ifndef ATM_MCM_H
#define ATM_MCM_H

#include <ndis.h>

#define ATM_MCM_TAG ((ULONG)0x4D4D7441) /* "AtMM" in memory order */
#define ATM_MCM_SIGNALLING_DELAY_MS 20  /* the simulated network answers a SETUP after this long */
#define ATM_MCM_MAX_AFS 4

#ifndef ATM_MCM_COMPLETE_BEFORE_ACTIVATE
#define ATM_MCM_COMPLETE_BEFORE_ACTIVATE 0
#endif

typedef struct _ATM_ADAPTER {
    NDIS_HANDLE MiniportAdapterHandle;
    NDIS_SPIN_LOCK Lock;
    CO_ADDRESS_FAMILY AddressFamily;
    struct _ATM_AF *OpenAfs[ATM_MCM_MAX_AFS];
} ATM_ADAPTER, *PATM_ADAPTER;

typedef struct _ATM_AF {
    PATM_ADAPTER Adapter;
    NDIS_HANDLE NdisAfHandle;
} ATM_AF, *PATM_AF;

typedef struct _ATM_SAP {
    PATM_AF Af;
    NDIS_HANDLE NdisSapHandle;
} ATM_SAP, *PATM_SAP;

typedef struct _ATM_VC {
    PATM_AF Af;
    NDIS_HANDLE NdisVcHandle;
    NDIS_HANDLE SignallingTimer;         /* stands for the network's CONNECT */
    PCO_CALL_PARAMETERS CallParameters;  /* the client's, while the make-call is pending */
    NDIS_HANDLE NdisPartyHandle;
    BOOLEAN Active;
} ATM_VC, *PATM_VC;

extern NDIS_HANDLE AtmDriverHandle;
extern BOOLEAN AtmCompleteBeforeActivate;

PVOID AtmAllocate(NDIS_HANDLE NdisHandle, UINT Length);
VOID AtmFree(PVOID Memory);

/* adapter.c */
MINIPORT_INITIALIZE AtmInitializeEx;
MINIPORT_HALT AtmHaltEx;
MINIPORT_PAUSE AtmPause;
MINIPORT_RESTART AtmRestart;
MINIPORT_OID_REQUEST AtmOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS AtmSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS AtmReturnNetBufferLists;
MINIPORT_CANCEL_SEND AtmCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY AtmDevicePnPEventNotify;
MINIPORT_SHUTDOWN AtmShutdownEx;
MINIPORT_CANCEL_OID_REQUEST AtmCancelOidRequest;

/* callmgr.c */
PROTOCOL_CM_OPEN_AF AtmCmOpenAf;
PROTOCOL_CM_CLOSE_AF AtmCmCloseAf;
PROTOCOL_CM_REG_SAP AtmCmRegisterSap;
PROTOCOL_CM_DEREGISTER_SAP AtmCmDeregisterSap;
PROTOCOL_CM_INCOMING_CALL_COMPLETE AtmCmIncomingCallComplete;
PROTOCOL_CM_ADD_PARTY AtmCmAddParty;
PROTOCOL_CM_DROP_PARTY AtmCmDropParty;
PROTOCOL_CM_MODIFY_QOS_CALL AtmCmModifyCallQoS;
PROTOCOL_CM_ACTIVATE_VC_COMPLETE AtmCmActivateVcComplete;
PROTOCOL_CM_DEACTIVATE_VC_COMPLETE AtmCmDeactivateVcComplete;
PROTOCOL_CO_OID_REQUEST AtmCmOidRequest;
PROTOCOL_CO_OID_REQUEST_COMPLETE AtmCmOidRequestComplete;
PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE AtmCmNotifyCloseAfComplete;

/* vc.c */
PROTOCOL_CO_CREATE_VC AtmCmCreateVc;
PROTOCOL_CO_DELETE_VC AtmCmDeleteVc;
PROTOCOL_CM_MAKE_CALL AtmCmMakeCall;
PROTOCOL_CM_CLOSE_CALL AtmCmCloseCall;
MINIPORT_CO_CREATE_VC AtmCoCreateVc;
MINIPORT_CO_DELETE_VC AtmCoDeleteVc;
MINIPORT_CO_ACTIVATE_VC AtmCoActivateVc;
MINIPORT_CO_DEACTIVATE_VC AtmCoDeactivateVc;
MINIPORT_CO_SEND_NET_BUFFER_LISTS AtmCoSendNetBufferLists;
MINIPORT_CO_OID_REQUEST AtmCoOidRequest;

#endif /* ATM_MCM_H */
