/*
 * atm_client: sample CoNDIS client. When a call manager offers the Q.2931 address family it
 * opens it, creates a VC and makes an outgoing call; once the call is up it closes it again and
 * deletes the VC. The AF is closed when the binding goes away (or the call manager asks).
 *
 *   protocol.c  DriverEntry, ProtocolSetOptions, PnP and data-path stubs
 *   bind.c      ProtocolBindAdapterEx / UnbindAdapterEx and the open/close completions
 *   af.c        the address family (ProtocolCoAfRegisterNotify, open/close completions)
 *   call.c      the VC and the call (make, close, delete) and their callbacks
 */
#ifndef ATM_CLIENT_H
#define ATM_CLIENT_H

#include <ndis.h>

#define ATM_CLIENT_TAG ((ULONG)0x6C437441) /* "AtCl" in memory order */

typedef struct _CL_VC {
    NDIS_HANDLE NdisVcHandle;
    NDIS_HANDLE NdisPartyHandle;
    UCHAR PartyContext;
} CL_VC, *PCL_VC;

typedef struct _CL_BINDING {
    NDIS_SPIN_LOCK Lock;
    NDIS_HANDLE NdisBindingHandle;
    NDIS_HANDLE BindContext;
    NDIS_HANDLE UnbindContext;
    UINT SelectedMediumIndex;
    NDIS_MEDIUM Media[2];
    BOOLEAN AfKnown;
    CO_ADDRESS_FAMILY AddressFamily;
    NDIS_HANDLE NdisAfHandle;
    NDIS_HANDLE NdisSapHandle;
    CL_VC Vcs[1];
} CL_BINDING, *PCL_BINDING;

extern NDIS_HANDLE ClProtocolHandle;
extern PCL_BINDING ClBinding;

PVOID ClAllocate(UINT Length);
VOID ClFree(PVOID Memory);

/* bind.c */
PROTOCOL_BIND_ADAPTER_EX ClBindAdapterEx;
PROTOCOL_UNBIND_ADAPTER_EX ClUnbindAdapterEx;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX ClOpenAdapterCompleteEx;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX ClCloseAdapterCompleteEx;

/* af.c */
PROTOCOL_CO_AF_REGISTER_NOTIFY ClCoAfRegisterNotify;
PROTOCOL_CL_OPEN_AF_COMPLETE_EX ClOpenAfCompleteEx;
PROTOCOL_CL_CLOSE_AF_COMPLETE ClCloseAfComplete;
PROTOCOL_CL_REGISTER_SAP_COMPLETE ClRegisterSapComplete;
PROTOCOL_CL_DEREGISTER_SAP_COMPLETE ClDeregisterSapComplete;
PROTOCOL_CL_NOTIFY_CLOSE_AF ClNotifyCloseAf;
NDIS_STATUS ClCloseAf(PCL_BINDING Binding);

/* call.c */
VOID ClStartCall(PCL_BINDING Binding);
PROTOCOL_CO_CREATE_VC ClCreateVc;
PROTOCOL_CO_DELETE_VC ClDeleteVc;
PROTOCOL_CL_MAKE_CALL_COMPLETE ClMakeCallComplete;
PROTOCOL_CL_CLOSE_CALL_COMPLETE ClCloseCallComplete;
PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE ClModifyCallQoSComplete;
PROTOCOL_CL_ADD_PARTY_COMPLETE ClAddPartyComplete;
PROTOCOL_CL_DROP_PARTY_COMPLETE ClDropPartyComplete;
PROTOCOL_CL_INCOMING_CALL ClIncomingCall;
PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE ClIncomingCallQoSChange;
PROTOCOL_CL_INCOMING_CLOSE_CALL ClIncomingCloseCall;
PROTOCOL_CL_INCOMING_DROP_PARTY ClIncomingDropParty;
PROTOCOL_CL_CALL_CONNECTED ClCallConnected;

#endif /* ATM_CLIENT_H */
