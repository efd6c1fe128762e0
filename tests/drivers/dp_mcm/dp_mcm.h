/*
 * dp_mcm: a miniport call manager for the data-path end-to-end tests. One adapter, one AF
 * (Q.2931), one call at a time; ProtocolCmMakeCall answers synchronously after activating the VC,
 * ProtocolCmCloseCall after deactivating it (or, with CloseWhenQuiet, pends until every indicated
 * NBL is back). Sends are checked and completed at once or from a timer; receives are indicated
 * from a timer on request (DpMcmIndicate), with or without the resources flag.
 *
 *   dp_mcm.c   DriverEntry, the adapter, the call and the data path
 *   requests.c CoNDIS requests in both directions and status indications (3.4, 3.5)
 *   unused.c   handlers the tests never reach (NDIS wants every entry filled)
 */
#ifndef DP_MCM_H
#define DP_MCM_H

#include "dp_request_support.h"
#include "dp_test_driver.h"

typedef struct _DP_MCM_VC {
    NDIS_HANDLE NdisVcHandle;
    PCO_CALL_PARAMETERS CallParameters;
} DP_MCM_VC, *PDP_MCM_VC;

/* dp_mcm.c: the adapter, the AF instance and the VC, and their contexts (&DpMcmAdapterHandle is
 * the MiniportAdapterContext, &DpMcmAfHandle the CallMgrAfContext, &DpMcmVc the VC context). */
extern NDIS_HANDLE DpMcmAdapterHandle;
extern NDIS_HANDLE DpMcmAfHandle;
extern DP_MCM_VC DpMcmVc;
NDIS_HANDLE DpMcmCurrentAf(VOID);
/* The current call's VC handle (Last: the last call's, even once deleted). */
NDIS_HANDLE DpMcmCurrentVc(BOOLEAN Last);

/* requests.c */
extern DP_RQ_SIDE DpMcmRq;
DP_RQ_COMPLETE DpMcmRqComplete;

PROTOCOL_CM_OPEN_AF DpMcmCmOpenAf;
PROTOCOL_CM_CLOSE_AF DpMcmCmCloseAf;
PROTOCOL_CM_REG_SAP DpMcmCmRegisterSap;
PROTOCOL_CM_DEREGISTER_SAP DpMcmCmDeregisterSap;
PROTOCOL_CM_INCOMING_CALL_COMPLETE DpMcmCmIncomingCallComplete;
PROTOCOL_CM_ADD_PARTY DpMcmCmAddParty;
PROTOCOL_CM_DROP_PARTY DpMcmCmDropParty;
PROTOCOL_CM_MODIFY_QOS_CALL DpMcmCmModifyCallQoS;
PROTOCOL_CM_ACTIVATE_VC_COMPLETE DpMcmCmActivateVcComplete;
PROTOCOL_CM_DEACTIVATE_VC_COMPLETE DpMcmCmDeactivateVcComplete;
PROTOCOL_CO_OID_REQUEST DpMcmCmOidRequest;
PROTOCOL_CO_OID_REQUEST_COMPLETE DpMcmCmOidRequestComplete;
PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE DpMcmCmNotifyCloseAfComplete;
MINIPORT_CO_OID_REQUEST DpMcmCoOidRequest;
MINIPORT_PAUSE DpMcmPause;
MINIPORT_RESTART DpMcmRestart;
MINIPORT_OID_REQUEST DpMcmOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS DpMcmSendNetBufferLists;
MINIPORT_CANCEL_SEND DpMcmCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY DpMcmDevicePnPEventNotify;
MINIPORT_SHUTDOWN DpMcmShutdownEx;
MINIPORT_CANCEL_OID_REQUEST DpMcmCancelOidRequest;

#endif /* DP_MCM_H */
