/*
 * dp_client: a CoNDIS client for the data-path end-to-end tests. It binds to the MCM's adapter,
 * opens the AF it is offered, and on request makes one call, sends NBLs it builds with
 * NdisAllocateNetBufferAndNetBufferList over its own buffers, checks and returns what it
 * receives, closes the call and deletes the VC.
 *
 *   dp_client.c  DriverEntry, binding, AF, the call and the data path
 *   requests.c   CoNDIS requests in both directions and status indications (3.4, 3.5)
 *   unused.c     handlers the tests never reach (NDIS wants every entry filled)
 */
#ifndef DP_CLIENT_H
#define DP_CLIENT_H

#include "dp_request_support.h"
#include "dp_test_driver.h"

/* dp_client.c: the binding, AF and VC, and their contexts (the addresses of these variables). */
extern NDIS_HANDLE DpClProtocolHandle;
extern NDIS_HANDLE DpClBindingHandle; /* &DpClBindingHandle is the ProtocolBindingContext */
extern NDIS_HANDLE DpClAfHandle;      /* &DpClAfHandle is the ProtocolAfContext */
extern NDIS_HANDLE DpClVcHandle;
extern LONG DpClVcContext;            /* &DpClVcContext is the ProtocolVcContext */

/* requests.c */
extern DP_RQ_SIDE DpClRq;
DP_RQ_COMPLETE DpClRqComplete;
PROTOCOL_CO_STATUS_EX DpClCoStatusEx;

PROTOCOL_OPEN_ADAPTER_COMPLETE_EX DpClOpenAdapterCompleteEx;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX DpClCloseAdapterCompleteEx;
PROTOCOL_NET_PNP_EVENT DpClNetPnPEvent;
PROTOCOL_UNINSTALL DpClUninstall;
PROTOCOL_OID_REQUEST_COMPLETE DpClOidRequestComplete;
PROTOCOL_STATUS_EX DpClStatusEx;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS DpClReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE DpClSendNetBufferListsComplete;
PROTOCOL_CL_CLOSE_CALL_COMPLETE DpClCloseCallComplete;
PROTOCOL_CL_INCOMING_CALL DpClIncomingCall;
PROTOCOL_CL_INCOMING_CLOSE_CALL DpClIncomingCloseCall;
PROTOCOL_CL_CALL_CONNECTED DpClCallConnected;
PROTOCOL_CO_OID_REQUEST DpClOidRequest;
PROTOCOL_CO_OID_REQUEST_COMPLETE DpClOidRequestCompleteCo;
PROTOCOL_CL_REGISTER_SAP_COMPLETE DpClRegisterSapComplete;
PROTOCOL_CL_DEREGISTER_SAP_COMPLETE DpClDeregisterSapComplete;
PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE DpClModifyCallQoSComplete;
PROTOCOL_CL_ADD_PARTY_COMPLETE DpClAddPartyComplete;
PROTOCOL_CL_DROP_PARTY_COMPLETE DpClDropPartyComplete;
PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE DpClIncomingCallQoSChange;
PROTOCOL_CL_INCOMING_DROP_PARTY DpClIncomingDropParty;

#endif /* DP_CLIENT_H */
