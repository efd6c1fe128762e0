/*
 * dp_mcm: a miniport call manager for the data-path end-to-end tests. One adapter, one AF
 * (Q.2931), one call at a time; ProtocolCmMakeCall / ProtocolCmCloseCall answer synchronously
 * after activating / deactivating the VC. Sends are checked and completed at once or from a
 * timer; receives are indicated from a timer on request (DpMcmIndicate).
 *
 *   dp_mcm.c   DriverEntry, the adapter, the call and the data path
 *   unused.c   handlers the tests never reach (NDIS wants every entry filled)
 */
#ifndef DP_MCM_H
#define DP_MCM_H

#include "dp_test_driver.h"

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
MINIPORT_CO_OID_REQUEST McmCoOidRequest;
MINIPORT_PAUSE McmPause;
MINIPORT_RESTART McmRestart;
MINIPORT_OID_REQUEST McmOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS McmSendNetBufferLists;
MINIPORT_CANCEL_SEND McmCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY McmDevicePnPEventNotify;
MINIPORT_SHUTDOWN McmShutdownEx;
MINIPORT_CANCEL_OID_REQUEST McmCancelOidRequest;

#endif /* DP_MCM_H */
