/*
 * t_client: a configurable CoNDIS client for the condis end-to-end tests.
 *
 * It binds to CoNDIS adapters, opens the first address family it is told about (or waits for
 * TdClientOpenAf), and performs call-management requests when a test runs its TdClient*
 * actions. It logs every callback and the status NDIS returned for every request.
 *
 *   protocol.c  DriverEntry, ProtocolSetOptions, unload, PnP and data-path stubs
 *   bind.c      ProtocolBindAdapterEx / UnbindAdapterEx and the open/close completions
 *   af.c        address family and SAP requests with their callbacks (ProtocolCoAfRegisterNotify, ...)
 *   call.c      VCs and calls: create/delete VC, make/close call, incoming calls and their callbacks
 *   party.c     multipoint parties (add, drop, incoming drop) and QoS changes
 *   teardown.c  ProtocolClNotifyCloseAf: closing calls, VCs, the SAP and the AF in order
 *   config.c    the test interface (log and behaviour table)
 */
#ifndef T_CLIENT_H
#define T_CLIENT_H

#include "td_support.h"

/* The client's view of the call on one VC. */
typedef enum _CL_CALL {
    ClCallNone = 0,   /* no call (never made, failed, or rejected) */
    ClCallMaking,     /* NdisClMakeCall pended */
    ClCallOffered,    /* an incoming call whose ProtocolClIncomingCall pended */
    ClCallAccepted,   /* an incoming call accepted, ProtocolClCallConnected not yet seen */
    ClCallUp,         /* connected */
    ClCallClosing,    /* NdisClCloseCall issued (by a test action, a remote close or a teardown) */
    ClCallClosed
} CL_CALL;

struct _CL_VC;

typedef struct _CL_PARTY {
    struct _CL_VC *Vc;                /* its address is the ProtocolPartyContext */
    NDIS_HANDLE NdisPartyHandle;
    PCO_CALL_PARAMETERS Parameters;   /* the add-party buffer until the add completes */
    BOOLEAN InUse;                    /* being added, active or being dropped */
    BOOLEAN Active;
    BOOLEAN Dropping;
} CL_PARTY, *PCL_PARTY;

typedef struct _CL_VC {
    NDIS_HANDLE NdisVcHandle;
    NDIS_HANDLE NdisPartyHandle;      /* first party of a multipoint call, once connected */
    BOOLEAN CreatedByCm;              /* an incoming call's VC: the call manager deletes it */
    BOOLEAN RemoteClosed;             /* ProtocolClIncomingCloseCall arrived */
    BOOLEAN Deleting;                 /* the teardown is deleting it */
    CL_CALL Call;
    PCO_CALL_PARAMETERS Offered;      /* the incoming call's parameters while our answer pends */
    TD_BEHAVIOR IncomingBehavior;     /* the answer chosen for that incoming call */
    CL_PARTY Parties[TD_MAX_PARTIES]; /* [0] the first party of a multipoint call, then added ones */
} CL_VC, *PCL_VC;

/* One allocation holds call parameters and the blocks they point to (the client owns it until
 * the request that carries it has completed: CM-051, CM-095). */
typedef struct _CL_CALL_BUFFER {
    CO_CALL_PARAMETERS Call;
    CO_MEDIA_PARAMETERS Media;
    CO_CALL_MANAGER_PARAMETERS CallManager;  /* last: its specific tail carries a PVC id */
    UCHAR SpecificTail[sizeof(ULONG)];
} CL_CALL_BUFFER, *PCL_CALL_BUFFER;

typedef struct _CL_SAP_BUFFER {
    CO_SAP Sap;
    UCHAR Address[20];                /* an NSAP-style address after the CO_SAP header */
} CL_SAP_BUFFER;

typedef struct _CL_BINDING {
    NDIS_SPIN_LOCK Lock;
    NDIS_HANDLE NdisBindingHandle;
    NDIS_HANDLE BindContext;
    NDIS_HANDLE UnbindContext;
    UINT SelectedMediumIndex;
    NDIS_MEDIUM Media[2];
    BOOLEAN AfKnown;
    CO_ADDRESS_FAMILY AddressFamily;  /* the AF NDIS told us about */
    NDIS_HANDLE NdisAfHandle;         /* non-NULL while the AF is open for us */
    NDIS_HANDLE NdisSapHandle;        /* non-NULL while the SAP is registered */
    CL_SAP_BUFFER SapBuffer;
    CL_VC Vcs[TD_MAX_VCS];
    TD_DEFERRAL_POOL Deferrals;       /* pended incoming-call answers and notify-close teardowns */
    BOOLEAN TearingDown;              /* ProtocolClNotifyCloseAf: closing everything on the AF */
    BOOLEAN SapDeregistering;         /* the teardown's SAP deregistration pended */
    BOOLEAN AfClosing;                /* the teardown has closed the AF */
    ULONG NotifyState;                /* CL_NOTIFY_* */
} CL_BINDING, *PCL_BINDING;

#define CL_NOTIFY_NONE 0
#define CL_NOTIFY_IN_HANDLER 1        /* ProtocolClNotifyCloseAf is still running */
#define CL_NOTIFY_FINISHED_IN_HANDLER 2
#define CL_NOTIFY_PENDED 3            /* it returned PENDING: NdisClNotifyCloseAddressFamilyComplete follows */

extern NDIS_HANDLE ClProtocolHandle;
extern PCL_BINDING ClBinding;         /* the first (and only) binding */
extern BOOLEAN ClAutoOpen;

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
NDIS_STATUS ClOpenAf(PCL_BINDING Binding, PCO_ADDRESS_FAMILY AddressFamily);
NDIS_STATUS ClCloseAf(PCL_BINDING Binding);
VOID ClContinueTeardown(PCL_BINDING Binding);
VOID ClRunDeferred(TD_OPERATION Operation, PVOID Object);

/* call.c */
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
VOID ClCompleteIncomingCall(PCL_VC Vc);
PCO_CALL_PARAMETERS ClAllocateCallParameters(ULONG Slot, ULONG CallFlags);
NDIS_STATUS ClCloseCallOn(PCL_VC Vc);
NDIS_STATUS ClDropPartyOn(PCL_PARTY Party);
NDIS_STATUS ClDeleteVcOn(PCL_VC Vc);

/* The test actions (exported). */
CONDIS_DRIVER_EXPORT TD_CLIENT_ACTION TdClientOpenAf;
CONDIS_DRIVER_EXPORT TD_CLIENT_ACTION TdClientCloseAf;
CONDIS_DRIVER_EXPORT TD_CLIENT_ACTION TdClientRegisterSap;
CONDIS_DRIVER_EXPORT TD_CLIENT_ACTION TdClientDeregisterSap;
CONDIS_DRIVER_EXPORT TD_CLIENT_VC_ACTION TdClientCreateVc;
CONDIS_DRIVER_EXPORT TD_CLIENT_VC_ACTION TdClientDeleteVc;
CONDIS_DRIVER_EXPORT TD_CLIENT_VC_ACTION TdClientCloseCall;
CONDIS_DRIVER_EXPORT TD_CLIENT_MAKE_CALL TdClientMakeCall;
CONDIS_DRIVER_EXPORT TD_CLIENT_SET_AUTO_OPEN TdClientSetAutoOpen;
CONDIS_DRIVER_EXPORT TD_CLIENT_PARTY_ACTION TdClientAddParty;
CONDIS_DRIVER_EXPORT TD_CLIENT_PARTY_ACTION TdClientDropParty;
CONDIS_DRIVER_EXPORT TD_CLIENT_VC_ACTION TdClientModifyQoS;
CONDIS_DRIVER_EXPORT TD_CLIENT_VC_HANDLE TdClientVcHandle;
CONDIS_DRIVER_EXPORT TD_CLIENT_PARTY_HANDLE TdClientPartyHandle;

#endif /* T_CLIENT_H */
