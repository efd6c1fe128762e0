/*
 * condis: ndis.h, area "co": CoNDIS call management.
 *
 * Address families, SAPs, call parameters, the client / call-manager handler tables, the CoNDIS
 * protocol and miniport characteristics, every handler role typedef, and every NdisCl*, NdisCm*,
 * NdisMCm* and NdisCo* call-management function, as in the WDK's ndis.h for x64.
 *
 * The NdisMCm* names are real exported functions (the WDK makes most of them macros over the
 * NdisCm* functions): condis needs to know which kind of call manager called (rules CM-020/021),
 * and source written against the WDK compiles unchanged either way.
 */
#ifndef CONDIS_NDIS_CO_H
#define CONDIS_NDIS_CO_H

#include "condis/ndis/base.h"

CONDIS_EXTERN_C_BEGIN

/* ---- Types of other areas, by tag only (their headers may define the same typedefs) ------- */
struct _NET_BUFFER_LIST;
struct _NDIS_OID_REQUEST;
struct _NDIS_STATUS_INDICATION;

#ifndef POINTER_ALIGNMENT
#if defined(_MSC_VER) && !defined(__clang__)
#if defined(_WIN64)
#define POINTER_ALIGNMENT __declspec(align(8))
#else
#define POINTER_ALIGNMENT
#endif
#elif defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8
#define POINTER_ALIGNMENT __attribute__((aligned(8)))
#else
#define POINTER_ALIGNMENT
#endif
#endif

/* ---- Address families ---------------------------------------------------------------------- */
#define CO_ADDRESS_FAMILY_Q2931 ((NDIS_AF)0x1)
#define CO_ADDRESS_FAMILY_PSCHED ((NDIS_AF)0x2)
#define CO_ADDRESS_FAMILY_L2TP ((NDIS_AF)0x3)
#define CO_ADDRESS_FAMILY_IRDA ((NDIS_AF)0x4)
#define CO_ADDRESS_FAMILY_1394 ((NDIS_AF)0x5)
#define CO_ADDRESS_FAMILY_PPP ((NDIS_AF)0x6)
#define CO_ADDRESS_FAMILY_INFINIBAND ((NDIS_AF)0x7)
#define CO_ADDRESS_FAMILY_TAPI ((NDIS_AF)0x800)
#define CO_ADDRESS_FAMILY_TAPI_PROXY ((NDIS_AF)0x801)
#define CO_ADDRESS_FAMILY_PROXY 0x80000000

typedef struct _CO_ADDRESS_FAMILY {
    NDIS_AF AddressFamily;
    ULONG MajorVersion;
    ULONG MinorVersion;
} CO_ADDRESS_FAMILY, *PCO_ADDRESS_FAMILY;

/* ---- Service access points ----------------------------------------------------------------- */
typedef struct _CO_SAP {
    ULONG SapType;
    ULONG SapLength;
    UCHAR Sap[1];
} CO_SAP, *PCO_SAP;

#ifndef SAP_TYPE_NSAP
#define SAP_TYPE_NSAP 0x00000001
#endif
#ifndef SAP_TYPE_E164
#define SAP_TYPE_E164 0x00000002
#endif
#ifndef AF_TAPI_SAP_TYPE
#define AF_TAPI_SAP_TYPE 0x00008000
#endif

/* ---- Call parameters ------------------------------------------------------------------------ */
typedef struct _CO_SPECIFIC_PARAMETERS {
    ULONG ParamType;
    ULONG Length;
    UCHAR Parameters[1];
} CO_SPECIFIC_PARAMETERS, *PCO_SPECIFIC_PARAMETERS;

/* FLOWSPEC and its constants come from qos.h in the WDK. */
#ifndef CONDIS_FLOWSPEC_DEFINED
#define CONDIS_FLOWSPEC_DEFINED 1
typedef ULONG SERVICETYPE;
typedef struct _flowspec {
    ULONG TokenRate;
    ULONG TokenBucketSize;
    ULONG PeakBandwidth;
    ULONG Latency;
    ULONG DelayVariation;
    SERVICETYPE ServiceType;
    ULONG MaxSduSize;
    ULONG MinimumPolicedSize;
} FLOWSPEC, *PFLOWSPEC, *LPFLOWSPEC;

#define SERVICETYPE_NOTRAFFIC 0x00000000
#define SERVICETYPE_BESTEFFORT 0x00000001
#define SERVICETYPE_CONTROLLEDLOAD 0x00000002
#define SERVICETYPE_GUARANTEED 0x00000003
#define SERVICETYPE_NETWORK_UNAVAILABLE 0x00000004
#define SERVICETYPE_GENERAL_INFORMATION 0x00000005
#define SERVICETYPE_NOCHANGE 0x00000006
#define SERVICETYPE_NONCONFORMING 0x00000009
#define SERVICETYPE_NETWORK_CONTROL 0x0000000A
#define SERVICETYPE_QUALITATIVE 0x0000000D
#define SERVICE_NO_TRAFFIC_CONTROL 0x81000000
#define SERVICE_NO_QOS_SIGNALING 0x40000000
#define QOS_NOT_SPECIFIED 0xFFFFFFFF
#define POSITIVE_INFINITY_RATE 0xFFFFFFFE
#endif

typedef struct _CO_CALL_MANAGER_PARAMETERS {
    FLOWSPEC Transmit;
    FLOWSPEC Receive;
    CO_SPECIFIC_PARAMETERS CallMgrSpecific;
} CO_CALL_MANAGER_PARAMETERS, *PCO_CALL_MANAGER_PARAMETERS;

/* CO_MEDIA_PARAMETERS.Flags */
#define RECEIVE_TIME_INDICATION 0x00000001
#define USE_TIME_STAMPS 0x00000002
#define TRANSMIT_VC 0x00000004
#define RECEIVE_VC 0x00000008
#define INDICATE_ERRED_PACKETS 0x00000010
#define INDICATE_END_OF_TX 0x00000020
#define RESERVE_RESOURCES_VC 0x00000040
#define ROUND_DOWN_FLOW 0x00000080
#define ROUND_UP_FLOW 0x00000100
/* Receive-indication flag (separate namespace) */
#define ERRED_PACKET_INDICATION 0x00000001

typedef struct _CO_MEDIA_PARAMETERS {
    ULONG Flags;
    ULONG ReceivePriority;
    ULONG ReceiveSizeHint;
    CO_SPECIFIC_PARAMETERS POINTER_ALIGNMENT MediaSpecific;
} CO_MEDIA_PARAMETERS, *PCO_MEDIA_PARAMETERS;

/* CO_CALL_PARAMETERS.Flags */
#define PERMANENT_VC 0x00000001
#define CALL_PARAMETERS_CHANGED 0x00000002
#define QUERY_CALL_PARAMETERS 0x00000004
#define BROADCAST_VC 0x00000008
#define MULTIPOINT_VC 0x00000010

typedef struct _CO_CALL_PARAMETERS {
    ULONG Flags;
    PCO_CALL_MANAGER_PARAMETERS CallMgrParameters;
    PCO_MEDIA_PARAMETERS MediaParameters;
} CO_CALL_PARAMETERS, *PCO_CALL_PARAMETERS;

typedef struct _CO_PVC {
    NDIS_HANDLE NdisAfHandle;
    CO_SPECIFIC_PARAMETERS PvcParameters;
} CO_PVC, *PCO_PVC;

/* ---- Handler roles shared by clients and call managers ------------------------------------ */
typedef NDIS_STATUS(PROTOCOL_CO_CREATE_VC)(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle,
                                           PNDIS_HANDLE ProtocolVcContext);
typedef PROTOCOL_CO_CREATE_VC(*CO_CREATE_VC_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CO_DELETE_VC)(NDIS_HANDLE ProtocolVcContext);
typedef PROTOCOL_CO_DELETE_VC(*CO_DELETE_VC_HANDLER);

typedef VOID(PROTOCOL_CO_AF_REGISTER_NOTIFY)(NDIS_HANDLE ProtocolBindingContext, PCO_ADDRESS_FAMILY AddressFamily);
typedef PROTOCOL_CO_AF_REGISTER_NOTIFY PROTCOL_CO_AF_REGISTER_NOTIFY; /* the older header's spelling */
typedef PROTOCOL_CO_AF_REGISTER_NOTIFY(*CO_AF_REGISTER_NOTIFY_HANDLER);

/* Data-path and request roles (the same typedefs may also appear in the nbl/oid areas). */
typedef VOID(PROTOCOL_CO_STATUS_EX)(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                                    struct _NDIS_STATUS_INDICATION *StatusIndication);
typedef PROTOCOL_CO_STATUS_EX(*CO_STATUS_HANDLER_EX);

typedef VOID(PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS)(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                                                   struct _NET_BUFFER_LIST *NetBufferLists,
                                                   ULONG NumberOfNetBufferLists, ULONG ReceiveFlags);
typedef PROTOCOL_CO_RECEIVE_NET_BUFFER_LISTS(*CO_RECEIVE_NET_BUFFER_LISTS_HANDLER);

typedef VOID(PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE)(NDIS_HANDLE ProtocolVcContext,
                                                         struct _NET_BUFFER_LIST *NetBufferLists,
                                                         ULONG SendCompleteFlags);
typedef PROTOCOL_CO_SEND_NET_BUFFER_LISTS_COMPLETE(*CO_SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CO_OID_REQUEST)(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE ProtocolVcContext,
                                             NDIS_HANDLE ProtocolPartyContext,
                                             struct _NDIS_OID_REQUEST *OidRequest);
typedef PROTOCOL_CO_OID_REQUEST(*CO_OID_REQUEST_HANDLER);

typedef VOID(PROTOCOL_CO_OID_REQUEST_COMPLETE)(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE ProtocolVcContext,
                                               NDIS_HANDLE ProtocolPartyContext,
                                               struct _NDIS_OID_REQUEST *OidRequest, NDIS_STATUS Status);
typedef PROTOCOL_CO_OID_REQUEST_COMPLETE(*CO_OID_REQUEST_COMPLETE_HANDLER);

/* ---- Client handler roles ------------------------------------------------------------------ */
typedef VOID(PROTOCOL_CL_OPEN_AF_COMPLETE_EX)(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisAfHandle,
                                              NDIS_STATUS Status);
typedef PROTOCOL_CL_OPEN_AF_COMPLETE_EX(*CL_OPEN_AF_COMPLETE_HANDLER_EX);

typedef VOID(PROTOCOL_CL_CLOSE_AF_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE ProtocolAfContext);
typedef PROTOCOL_CL_CLOSE_AF_COMPLETE(*CL_CLOSE_AF_COMPLETE_HANDLER);

typedef VOID(PROTOCOL_CL_REGISTER_SAP_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE ProtocolSapContext, PCO_SAP Sap,
                                                NDIS_HANDLE NdisSapHandle);
typedef PROTOCOL_CL_REGISTER_SAP_COMPLETE(*CL_REG_SAP_COMPLETE_HANDLER);

typedef VOID(PROTOCOL_CL_DEREGISTER_SAP_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE ProtocolSapContext);
typedef PROTOCOL_CL_DEREGISTER_SAP_COMPLETE(*CL_DEREG_SAP_COMPLETE_HANDLER);

typedef VOID(PROTOCOL_CL_MAKE_CALL_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext,
                                             NDIS_HANDLE NdisPartyHandle, PCO_CALL_PARAMETERS CallParameters);
typedef PROTOCOL_CL_MAKE_CALL_COMPLETE(*CL_MAKE_CALL_COMPLETE_HANDLER);

typedef VOID(PROTOCOL_CL_CLOSE_CALL_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext,
                                              NDIS_HANDLE ProtocolPartyContext);
typedef PROTOCOL_CL_CLOSE_CALL_COMPLETE(*CL_CLOSE_CALL_COMPLETE_HANDLER);

typedef VOID(PROTOCOL_CL_ADD_PARTY_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext,
                                             NDIS_HANDLE NdisPartyHandle, PCO_CALL_PARAMETERS CallParameters);
typedef PROTOCOL_CL_ADD_PARTY_COMPLETE(*CL_ADD_PARTY_COMPLETE_HANDLER);

typedef VOID(PROTOCOL_CL_DROP_PARTY_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext);
typedef PROTOCOL_CL_DROP_PARTY_COMPLETE(*CL_DROP_PARTY_COMPLETE_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CL_INCOMING_CALL)(NDIS_HANDLE ProtocolSapContext, NDIS_HANDLE ProtocolVcContext,
                                               PCO_CALL_PARAMETERS CallParameters);
typedef PROTOCOL_CL_INCOMING_CALL(*CL_INCOMING_CALL_HANDLER);

typedef VOID(PROTOCOL_CL_CALL_CONNECTED)(NDIS_HANDLE ProtocolVcContext);
typedef PROTOCOL_CL_CALL_CONNECTED(*CL_CALL_CONNECTED_HANDLER);

typedef VOID(PROTOCOL_CL_INCOMING_CLOSE_CALL)(NDIS_STATUS CloseStatus, NDIS_HANDLE ProtocolVcContext,
                                              PVOID CloseData, UINT Size);
typedef PROTOCOL_CL_INCOMING_CLOSE_CALL(*CL_INCOMING_CLOSE_CALL_HANDLER);

typedef VOID(PROTOCOL_CL_INCOMING_DROP_PARTY)(NDIS_STATUS DropStatus, NDIS_HANDLE ProtocolPartyContext,
                                              PVOID CloseData, UINT Size);
typedef PROTOCOL_CL_INCOMING_DROP_PARTY(*CL_INCOMING_DROP_PARTY_HANDLER);

typedef VOID(PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext,
                                                   PCO_CALL_PARAMETERS CallParameters);
typedef PROTOCOL_CL_MODIFY_CALL_QOS_COMPLETE(*CL_MODIFY_CALL_QOS_COMPLETE_HANDLER);

typedef VOID(PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE)(NDIS_HANDLE ProtocolVcContext, PCO_CALL_PARAMETERS CallParameters);
typedef PROTOCOL_CL_INCOMING_CALL_QOS_CHANGE(*CL_INCOMING_CALL_QOS_CHANGE_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CL_NOTIFY_CLOSE_AF)(NDIS_HANDLE ProtocolAfContext);
typedef PROTOCOL_CL_NOTIFY_CLOSE_AF(*CL_NOTIFY_CLOSE_AF_HANDLER);

/* ---- Call-manager handler roles (stand-alone CM and MCM) ---------------------------------- */
typedef NDIS_STATUS(PROTOCOL_CM_OPEN_AF)(NDIS_HANDLE CallMgrBindingContext, PCO_ADDRESS_FAMILY AddressFamily,
                                         NDIS_HANDLE NdisAfHandle, PNDIS_HANDLE CallMgrAfContext);
typedef PROTOCOL_CM_OPEN_AF(*CM_OPEN_AF_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CM_CLOSE_AF)(NDIS_HANDLE CallMgrAfContext);
typedef PROTOCOL_CM_CLOSE_AF(*CM_CLOSE_AF_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CM_REG_SAP)(NDIS_HANDLE CallMgrAfContext, PCO_SAP Sap, NDIS_HANDLE NdisSapHandle,
                                         PNDIS_HANDLE CallMgrSapContext);
typedef PROTOCOL_CM_REG_SAP(*CM_REG_SAP_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CM_DEREGISTER_SAP)(NDIS_HANDLE CallMgrSapContext);
typedef PROTOCOL_CM_DEREGISTER_SAP(*CM_DEREG_SAP_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CM_MAKE_CALL)(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters,
                                           NDIS_HANDLE NdisPartyHandle, PNDIS_HANDLE CallMgrPartyContext);
typedef PROTOCOL_CM_MAKE_CALL(*CM_MAKE_CALL_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CM_CLOSE_CALL)(NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext,
                                            PVOID CloseData, UINT Size);
typedef PROTOCOL_CM_CLOSE_CALL(*CM_CLOSE_CALL_HANDLER);

typedef VOID(PROTOCOL_CM_INCOMING_CALL_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext,
                                                 PCO_CALL_PARAMETERS CallParameters);
typedef PROTOCOL_CM_INCOMING_CALL_COMPLETE(*CM_INCOMING_CALL_COMPLETE_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CM_ADD_PARTY)(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters,
                                           NDIS_HANDLE NdisPartyHandle, PNDIS_HANDLE CallMgrPartyContext);
typedef PROTOCOL_CM_ADD_PARTY(*CM_ADD_PARTY_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CM_DROP_PARTY)(NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size);
typedef PROTOCOL_CM_DROP_PARTY(*CM_DROP_PARTY_HANDLER);

typedef NDIS_STATUS(PROTOCOL_CM_MODIFY_QOS_CALL)(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters);
typedef PROTOCOL_CM_MODIFY_QOS_CALL(*CM_MODIFY_CALL_QOS_HANDLER);

typedef VOID(PROTOCOL_CM_ACTIVATE_VC_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext,
                                               PCO_CALL_PARAMETERS CallParameters);
typedef PROTOCOL_CM_ACTIVATE_VC_COMPLETE(*CM_ACTIVATE_VC_COMPLETE_HANDLER);

typedef VOID(PROTOCOL_CM_DEACTIVATE_VC_COMPLETE)(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext);
typedef PROTOCOL_CM_DEACTIVATE_VC_COMPLETE(*CM_DEACTIVATE_VC_COMPLETE_HANDLER);

typedef VOID(PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE)(NDIS_HANDLE CallMgrAfContext, NDIS_STATUS Status);
typedef PROTOCOL_CM_NOTIFY_CLOSE_AF_COMPLETE(*CM_NOTIFY_CLOSE_AF_COMPLETE_HANDLER);

/* ---- Miniport CoNDIS handler roles ---------------------------------------------------------- */
typedef NDIS_STATUS(MINIPORT_CO_CREATE_VC)(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE NdisVcHandle,
                                           PNDIS_HANDLE MiniportVcContext);
typedef MINIPORT_CO_CREATE_VC(*W_CO_CREATE_VC_HANDLER);

typedef NDIS_STATUS(MINIPORT_CO_DELETE_VC)(NDIS_HANDLE MiniportVcContext);
typedef MINIPORT_CO_DELETE_VC(*W_CO_DELETE_VC_HANDLER);

typedef NDIS_STATUS(MINIPORT_CO_ACTIVATE_VC)(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters);
typedef MINIPORT_CO_ACTIVATE_VC(*W_CO_ACTIVATE_VC_HANDLER);

typedef NDIS_STATUS(MINIPORT_CO_DEACTIVATE_VC)(NDIS_HANDLE MiniportVcContext);
typedef MINIPORT_CO_DEACTIVATE_VC(*W_CO_DEACTIVATE_VC_HANDLER);

typedef VOID(MINIPORT_CO_SEND_NET_BUFFER_LISTS)(NDIS_HANDLE MiniportVcContext, struct _NET_BUFFER_LIST *NetBufferLists,
                                                ULONG SendFlags);
typedef MINIPORT_CO_SEND_NET_BUFFER_LISTS(*W_CO_SEND_NET_BUFFER_LISTS_HANDLER);

typedef NDIS_STATUS(MINIPORT_CO_OID_REQUEST)(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext,
                                             struct _NDIS_OID_REQUEST *NdisRequest);
typedef MINIPORT_CO_OID_REQUEST(*W_CO_OID_REQUEST_HANDLER);

/* ---- Handler tables (registered with NdisSetOptionalHandlers) ------------------------------ */
#define NDIS_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1 1

typedef struct _NDIS_CO_CLIENT_OPTIONAL_HANDLERS {
    NDIS_OBJECT_HEADER Header;
    ULONG Reserved;
    CO_CREATE_VC_HANDLER ClCreateVcHandler;
    CO_DELETE_VC_HANDLER ClDeleteVcHandler;
    CO_OID_REQUEST_HANDLER ClOidRequestHandler;
    CO_OID_REQUEST_COMPLETE_HANDLER ClOidRequestCompleteHandler;
    CL_OPEN_AF_COMPLETE_HANDLER_EX ClOpenAfCompleteHandlerEx;
    CL_CLOSE_AF_COMPLETE_HANDLER ClCloseAfCompleteHandler;
    CL_REG_SAP_COMPLETE_HANDLER ClRegisterSapCompleteHandler;
    CL_DEREG_SAP_COMPLETE_HANDLER ClDeregisterSapCompleteHandler;
    CL_MAKE_CALL_COMPLETE_HANDLER ClMakeCallCompleteHandler;
    CL_MODIFY_CALL_QOS_COMPLETE_HANDLER ClModifyCallQoSCompleteHandler;
    CL_CLOSE_CALL_COMPLETE_HANDLER ClCloseCallCompleteHandler;
    CL_ADD_PARTY_COMPLETE_HANDLER ClAddPartyCompleteHandler;
    CL_DROP_PARTY_COMPLETE_HANDLER ClDropPartyCompleteHandler;
    CL_INCOMING_CALL_HANDLER ClIncomingCallHandler;
    CL_INCOMING_CALL_QOS_CHANGE_HANDLER ClIncomingCallQoSChangeHandler;
    CL_INCOMING_CLOSE_CALL_HANDLER ClIncomingCloseCallHandler;
    CL_INCOMING_DROP_PARTY_HANDLER ClIncomingDropPartyHandler;
    CL_CALL_CONNECTED_HANDLER ClCallConnectedHandler;
    CL_NOTIFY_CLOSE_AF_HANDLER ClNotifyCloseAfHandler;
} NDIS_CO_CLIENT_OPTIONAL_HANDLERS, *PNDIS_CO_CLIENT_OPTIONAL_HANDLERS;

#define NDIS_SIZEOF_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_CO_CLIENT_OPTIONAL_HANDLERS, ClNotifyCloseAfHandler)

#define NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1 1

typedef struct _NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS {
    NDIS_OBJECT_HEADER Header;
    ULONG Reserved;
    CO_CREATE_VC_HANDLER CmCreateVcHandler;
    CO_DELETE_VC_HANDLER CmDeleteVcHandler;
    CM_OPEN_AF_HANDLER CmOpenAfHandler;
    CM_CLOSE_AF_HANDLER CmCloseAfHandler;
    CM_REG_SAP_HANDLER CmRegisterSapHandler;
    CM_DEREG_SAP_HANDLER CmDeregisterSapHandler;
    CM_MAKE_CALL_HANDLER CmMakeCallHandler;
    CM_CLOSE_CALL_HANDLER CmCloseCallHandler;
    CM_INCOMING_CALL_COMPLETE_HANDLER CmIncomingCallCompleteHandler;
    CM_ADD_PARTY_HANDLER CmAddPartyHandler;
    CM_DROP_PARTY_HANDLER CmDropPartyHandler;
    CM_ACTIVATE_VC_COMPLETE_HANDLER CmActivateVcCompleteHandler;
    CM_DEACTIVATE_VC_COMPLETE_HANDLER CmDeactivateVcCompleteHandler;
    CM_MODIFY_CALL_QOS_HANDLER CmModifyCallQoSHandler;
    CO_OID_REQUEST_HANDLER CmOidRequestHandler;
    CO_OID_REQUEST_COMPLETE_HANDLER CmOidRequestCompleteHandler;
    CM_NOTIFY_CLOSE_AF_COMPLETE_HANDLER CmNotifyCloseAfCompleteHandler;
} NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS, *PNDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS;

/* As in the WDK header: runs through CmOidRequestCompleteHandler (136 on x64). condis also accepts
 * the full sizeof (144), which covers CmNotifyCloseAfCompleteHandler (spec OQ-10). */
#define NDIS_SIZEOF_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS, CmOidRequestCompleteHandler)

#define NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1 1

typedef struct _NDIS_PROTOCOL_CO_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;
    ULONG Flags;
    CO_STATUS_HANDLER_EX CoStatusHandlerEx;
    CO_AF_REGISTER_NOTIFY_HANDLER CoAfRegisterNotifyHandler;
    CO_RECEIVE_NET_BUFFER_LISTS_HANDLER CoReceiveNetBufferListsHandler;
    CO_SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER CoSendNetBufferListsCompleteHandler;
} NDIS_PROTOCOL_CO_CHARACTERISTICS, *PNDIS_PROTOCOL_CO_CHARACTERISTICS;

#define NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_PROTOCOL_CO_CHARACTERISTICS, CoSendNetBufferListsCompleteHandler)

#define NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1 1

typedef struct _NDIS_MINIPORT_CO_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;
    ULONG Flags;
    W_CO_CREATE_VC_HANDLER CoCreateVcHandler;
    W_CO_DELETE_VC_HANDLER CoDeleteVcHandler;
    W_CO_ACTIVATE_VC_HANDLER CoActivateVcHandler;
    W_CO_DEACTIVATE_VC_HANDLER CoDeactivateVcHandler;
    W_CO_SEND_NET_BUFFER_LISTS_HANDLER CoSendNetBufferListsHandler;
    W_CO_OID_REQUEST_HANDLER CoOidRequestHandler;
} NDIS_MINIPORT_CO_CHARACTERISTICS, *PNDIS_MINIPORT_CO_CHARACTERISTICS;

#define NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_CO_CHARACTERISTICS, CoOidRequestHandler)

/* NdisSetOptionalHandlers takes any of the tables above through this header-only view. The
 * driver-model area may define the same type; whichever header comes first defines it. */
#ifndef CONDIS_NDIS_DRIVER_OPTIONAL_HANDLERS_DEFINED
#define CONDIS_NDIS_DRIVER_OPTIONAL_HANDLERS_DEFINED 1
typedef struct _NDIS_DRIVER_OPTIONAL_HANDLERS {
    NDIS_OBJECT_HEADER Header;
} NDIS_DRIVER_OPTIONAL_HANDLERS, *PNDIS_DRIVER_OPTIONAL_HANDLERS;
#endif

/* PASSIVE_LEVEL; from XxxSetOptions (driver handle) or after a successful open (binding handle). */
NDIS_STATUS NdisSetOptionalHandlers(NDIS_HANDLE NdisHandle, PNDIS_DRIVER_OPTIONAL_HANDLERS OptionalHandlers);

/* ---- Client functions (NdisCl*) ------------------------------------------------------------ */
NDIS_STATUS NdisClOpenAddressFamilyEx(NDIS_HANDLE NdisBindingHandle, PCO_ADDRESS_FAMILY AddressFamily,
                                      NDIS_HANDLE ClientAfContext, PNDIS_HANDLE NdisAfHandle);
NDIS_STATUS NdisClCloseAddressFamily(NDIS_HANDLE NdisAfHandle);
NDIS_STATUS NdisClRegisterSap(NDIS_HANDLE NdisAfHandle, NDIS_HANDLE ProtocolSapContext, PCO_SAP Sap,
                              PNDIS_HANDLE NdisSapHandle);
NDIS_STATUS NdisClDeregisterSap(NDIS_HANDLE NdisSapHandle);
NDIS_STATUS NdisClMakeCall(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters,
                           NDIS_HANDLE ProtocolPartyContext, PNDIS_HANDLE NdisPartyHandle);
NDIS_STATUS NdisClCloseCall(NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle, PVOID Buffer, UINT Size);
NDIS_STATUS NdisClAddParty(NDIS_HANDLE NdisVcHandle, NDIS_HANDLE ProtocolPartyContext,
                           PCO_CALL_PARAMETERS CallParameters, PNDIS_HANDLE NdisPartyHandle);
NDIS_STATUS NdisClDropParty(NDIS_HANDLE NdisPartyHandle, PVOID Buffer, UINT Size);
VOID NdisClIncomingCallComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters);
NDIS_STATUS NdisClModifyCallQoS(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters);
VOID NdisClNotifyCloseAddressFamilyComplete(NDIS_HANDLE NdisAfHandle, NDIS_STATUS Status);
NDIS_STATUS NdisClGetProtocolVcContextFromTapiCallId(UNICODE_STRING TapiCallId, PNDIS_HANDLE ProtocolVcContext);

/* ---- Stand-alone call-manager functions (NdisCm*) ------------------------------------------- */
NDIS_STATUS NdisCmRegisterAddressFamilyEx(NDIS_HANDLE NdisBindingHandle, PCO_ADDRESS_FAMILY AddressFamily);
VOID NdisCmOpenAddressFamilyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisAfHandle, NDIS_HANDLE CallMgrAfContext);
VOID NdisCmCloseAddressFamilyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisAfHandle);
NDIS_STATUS NdisCmNotifyCloseAddressFamily(NDIS_HANDLE NdisAfHandle);
VOID NdisCmRegisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE NdisSapHandle, NDIS_HANDLE CallMgrSapContext);
VOID NdisCmDeregisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE NdisSapHandle);
VOID NdisCmMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle,
                            NDIS_HANDLE CallMgrPartyContext, PCO_CALL_PARAMETERS CallParameters);
VOID NdisCmCloseCallComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle);
NDIS_STATUS NdisCmDispatchIncomingCall(NDIS_HANDLE NdisSapHandle, NDIS_HANDLE NdisVcHandle,
                                       PCO_CALL_PARAMETERS CallParameters);
VOID NdisCmDispatchCallConnected(NDIS_HANDLE NdisVcHandle);
VOID NdisCmDispatchIncomingCloseCall(NDIS_STATUS CloseStatus, NDIS_HANDLE NdisVcHandle, PVOID Buffer, UINT Size);
VOID NdisCmAddPartyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisPartyHandle, NDIS_HANDLE CallMgrPartyContext,
                            PCO_CALL_PARAMETERS CallParameters);
VOID NdisCmDropPartyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisPartyHandle);
VOID NdisCmDispatchIncomingDropParty(NDIS_STATUS DropStatus, NDIS_HANDLE NdisPartyHandle, PVOID Buffer, UINT Size);
VOID NdisCmModifyCallQoSComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters);
VOID NdisCmDispatchIncomingCallQoSChange(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters);
NDIS_STATUS NdisCmActivateVc(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters);
NDIS_STATUS NdisCmDeactivateVc(NDIS_HANDLE NdisVcHandle);

/* ---- Miniport call-manager functions (NdisMCm*): real functions, see the file comment ----- */
NDIS_STATUS NdisMCmRegisterAddressFamilyEx(NDIS_HANDLE MiniportAdapterHandle, PCO_ADDRESS_FAMILY AddressFamily);
NDIS_STATUS NdisMCmCreateVc(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE NdisAfHandle,
                            NDIS_HANDLE MiniportVcContext, PNDIS_HANDLE NdisVcHandle);
NDIS_STATUS NdisMCmDeleteVc(NDIS_HANDLE NdisVcHandle);
NDIS_STATUS NdisMCmActivateVc(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters);
NDIS_STATUS NdisMCmDeactivateVc(NDIS_HANDLE NdisVcHandle);
VOID NdisMCmOpenAddressFamilyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisAfHandle, NDIS_HANDLE CallMgrAfContext);
VOID NdisMCmCloseAddressFamilyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisAfHandle);
NDIS_STATUS NdisMCmNotifyCloseAddressFamily(NDIS_HANDLE NdisAfHandle);
VOID NdisMCmRegisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE NdisSapHandle, NDIS_HANDLE CallMgrSapContext);
VOID NdisMCmDeregisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE NdisSapHandle);
VOID NdisMCmMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle,
                             NDIS_HANDLE CallMgrPartyContext, PCO_CALL_PARAMETERS CallParameters);
VOID NdisMCmCloseCallComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle);
VOID NdisMCmAddPartyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisPartyHandle, NDIS_HANDLE CallMgrPartyContext,
                             PCO_CALL_PARAMETERS CallParameters);
VOID NdisMCmDropPartyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisPartyHandle);
NDIS_STATUS NdisMCmDispatchIncomingCall(NDIS_HANDLE NdisSapHandle, NDIS_HANDLE NdisVcHandle,
                                        PCO_CALL_PARAMETERS CallParameters);
VOID NdisMCmDispatchCallConnected(NDIS_HANDLE NdisVcHandle);
VOID NdisMCmModifyCallQoSComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters);
VOID NdisMCmDispatchIncomingCallQoSChange(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters);
VOID NdisMCmDispatchIncomingCloseCall(NDIS_STATUS CloseStatus, NDIS_HANDLE NdisVcHandle, PVOID Buffer, UINT Size);
VOID NdisMCmDispatchIncomingDropParty(NDIS_STATUS DropStatus, NDIS_HANDLE NdisPartyHandle, PVOID Buffer, UINT Size);

/* ---- VC creation, deletion and miniport activation completions ----------------------------- */
NDIS_STATUS NdisCoCreateVc(NDIS_HANDLE NdisBindingHandle, NDIS_HANDLE NdisAfHandle, NDIS_HANDLE ProtocolVcContext,
                           PNDIS_HANDLE NdisVcHandle);
NDIS_STATUS NdisCoDeleteVc(NDIS_HANDLE NdisVcHandle);
VOID NdisMCoActivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters);
VOID NdisMCoDeactivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle);

/* ---- CoNDIS data path (vc-data-requests.md 2.5); all at IRQL <= DISPATCH_LEVEL -------------- */
VOID NdisCoSendNetBufferLists(NDIS_HANDLE NdisVcHandle, struct _NET_BUFFER_LIST *NetBufferLists, ULONG SendFlags);
VOID NdisMCoSendNetBufferListsComplete(NDIS_HANDLE NdisVcHandle, struct _NET_BUFFER_LIST *NetBufferLists,
                                       ULONG SendCompleteFlags);
VOID NdisMCoIndicateReceiveNetBufferLists(NDIS_HANDLE NdisVcHandle, struct _NET_BUFFER_LIST *NetBufferLists,
                                          ULONG NumberOfNetBufferLists, ULONG CoReceiveFlags);
VOID NdisReturnNetBufferLists(NDIS_HANDLE NdisBindingHandle, struct _NET_BUFFER_LIST *NetBufferLists,
                              ULONG ReturnFlags);

/* ---- CoNDIS requests and status indications (vc-data-requests.md 2.6, 2.7) ---------------- */
NDIS_STATUS NdisCoOidRequest(NDIS_HANDLE NdisBindingHandle, NDIS_HANDLE NdisAfHandle, NDIS_HANDLE NdisVcHandle,
                             NDIS_HANDLE NdisPartyHandle, struct _NDIS_OID_REQUEST *OidRequest);
VOID NdisCoOidRequestComplete(NDIS_HANDLE NdisAfHandle, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle,
                              struct _NDIS_OID_REQUEST *OidRequest, NDIS_STATUS Status);
NDIS_STATUS NdisMCmOidRequest(NDIS_HANDLE NdisAfHandle, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle,
                              struct _NDIS_OID_REQUEST *NdisOidRequest);
/* A real function in condis (a macro over NdisCoOidRequestComplete in the WDK): see the file comment. */
VOID NdisMCmOidRequestComplete(NDIS_HANDLE NdisAfHandle, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle,
                               struct _NDIS_OID_REQUEST *OidRequest, NDIS_STATUS Status);
VOID NdisMCoOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE NdisMiniportVcHandle,
                               struct _NDIS_OID_REQUEST *Request, NDIS_STATUS Status);
VOID NdisMCoIndicateStatusEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE NdisVcHandle,
                             struct _NDIS_STATUS_INDICATION *StatusIndication);

/* ---- Windows x64 layouts ------------------------------------------------------------------ */
#if defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8
#ifdef __cplusplus
#define CONDIS_CO_LAYOUT(cond, what) static_assert(cond, what)
#else
#define CONDIS_CO_LAYOUT(cond, what) _Static_assert(cond, what)
#endif
CONDIS_CO_LAYOUT(sizeof(CO_ADDRESS_FAMILY) == 12, "CO_ADDRESS_FAMILY size");
CONDIS_CO_LAYOUT(sizeof(CO_SAP) == 12 && offsetof(CO_SAP, Sap) == 8, "CO_SAP layout");
CONDIS_CO_LAYOUT(sizeof(CO_SPECIFIC_PARAMETERS) == 12, "CO_SPECIFIC_PARAMETERS size");
CONDIS_CO_LAYOUT(sizeof(FLOWSPEC) == 32, "FLOWSPEC size");
CONDIS_CO_LAYOUT(sizeof(CO_CALL_MANAGER_PARAMETERS) == 76 &&
                     offsetof(CO_CALL_MANAGER_PARAMETERS, CallMgrSpecific) == 64,
                 "CO_CALL_MANAGER_PARAMETERS layout");
CONDIS_CO_LAYOUT(sizeof(CO_MEDIA_PARAMETERS) == 32 && offsetof(CO_MEDIA_PARAMETERS, MediaSpecific) == 16,
                 "CO_MEDIA_PARAMETERS layout (POINTER_ALIGNMENT)");
CONDIS_CO_LAYOUT(sizeof(CO_CALL_PARAMETERS) == 24 && offsetof(CO_CALL_PARAMETERS, CallMgrParameters) == 8 &&
                     offsetof(CO_CALL_PARAMETERS, MediaParameters) == 16,
                 "CO_CALL_PARAMETERS layout");
CONDIS_CO_LAYOUT(sizeof(CO_PVC) == 24 && offsetof(CO_PVC, PvcParameters) == 8, "CO_PVC layout");
CONDIS_CO_LAYOUT(sizeof(NDIS_CO_CLIENT_OPTIONAL_HANDLERS) == 160 &&
                     offsetof(NDIS_CO_CLIENT_OPTIONAL_HANDLERS, ClOpenAfCompleteHandlerEx) == 40 &&
                     offsetof(NDIS_CO_CLIENT_OPTIONAL_HANDLERS, ClNotifyCloseAfHandler) == 152,
                 "NDIS_CO_CLIENT_OPTIONAL_HANDLERS layout");
CONDIS_CO_LAYOUT(NDIS_SIZEOF_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1 == 160, "client handlers revision-1 size");
CONDIS_CO_LAYOUT(sizeof(NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS) == 144 &&
                     offsetof(NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS, CmMakeCallHandler) == 56 &&
                     offsetof(NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS, CmNotifyCloseAfCompleteHandler) == 136,
                 "NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS layout");
CONDIS_CO_LAYOUT(NDIS_SIZEOF_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1 == 136, "CM handlers revision-1 size");
CONDIS_CO_LAYOUT(sizeof(NDIS_PROTOCOL_CO_CHARACTERISTICS) == 40 &&
                     offsetof(NDIS_PROTOCOL_CO_CHARACTERISTICS, CoAfRegisterNotifyHandler) == 16,
                 "NDIS_PROTOCOL_CO_CHARACTERISTICS layout");
CONDIS_CO_LAYOUT(NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1 == 40, "protocol CoNDIS revision-1 size");
CONDIS_CO_LAYOUT(sizeof(NDIS_MINIPORT_CO_CHARACTERISTICS) == 56 &&
                     offsetof(NDIS_MINIPORT_CO_CHARACTERISTICS, CoOidRequestHandler) == 48,
                 "NDIS_MINIPORT_CO_CHARACTERISTICS layout");
CONDIS_CO_LAYOUT(NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1 == 56, "miniport CoNDIS revision-1 size");
#undef CONDIS_CO_LAYOUT
#endif

CONDIS_EXTERN_C_END

#endif /* CONDIS_NDIS_CO_H */
