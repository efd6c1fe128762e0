/*
 * dp_client: a CoNDIS client for the data-path end-to-end tests. It binds to the MCM's adapter,
 * opens the AF it is offered, and on request makes one call, sends NBLs it builds with
 * NdisAllocateNetBufferAndNetBufferList over its own buffers, checks and returns what it
 * receives, closes the call and deletes the VC.
 *
 *   dp_client.c  DriverEntry, binding, AF, the call and the data path
 *   unused.c     handlers the tests never reach (NDIS wants every entry filled)
 */
#ifndef DP_CLIENT_H
#define DP_CLIENT_H

#include "dp_test_driver.h"

PROTOCOL_OPEN_ADAPTER_COMPLETE_EX ClOpenAdapterCompleteEx;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX ClCloseAdapterCompleteEx;
PROTOCOL_NET_PNP_EVENT ClNetPnPEvent;
PROTOCOL_UNINSTALL ClUninstall;
PROTOCOL_OID_REQUEST_COMPLETE ClOidRequestComplete;
PROTOCOL_STATUS_EX ClStatusEx;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS ClReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE ClSendNetBufferListsComplete;
PROTOCOL_CL_CLOSE_CALL_COMPLETE ClCloseCallComplete;
PROTOCOL_CL_INCOMING_CALL ClIncomingCall;
PROTOCOL_CL_INCOMING_CLOSE_CALL ClIncomingCloseCall;
PROTOCOL_CL_CALL_CONNECTED ClCallConnected;
PROTOCOL_CO_OID_REQUEST ClOidRequest;
PROTOCOL_CO_OID_REQUEST_COMPLETE ClOidRequestCompleteCo;
PROTOCOL_CL_REGISTER_SAP_COMPLETE ClRegisterSapComplete;
PROTOCOL_CL_DEREGISTER_SAP_COMPLETE ClDeregisterSapComplete;
PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE ClModifyCallQoSComplete;
PROTOCOL_CL_ADD_PARTY_COMPLETE ClAddPartyComplete;
PROTOCOL_CL_DROP_PARTY_COMPLETE ClDropPartyComplete;
PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE ClIncomingCallQoSChange;
PROTOCOL_CL_INCOMING_DROP_PARTY ClIncomingDropParty;

#endif /* DP_CLIENT_H */
