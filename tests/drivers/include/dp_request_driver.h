/*
 * The request and status test interface of dp_client and dp_mcm (vc-data-requests.md 3.4, 3.5).
 *
 * Request targets: dp_client's ProtocolCoOidRequest (DpRqClient), dp_mcm's call-manager
 * ProtocolCoOidRequest (DpRqCallManager) and its MiniportCoOidRequest (DpRqMiniport). Each answers
 * a query as its DP_RQ_BEHAVIOR says: at once, or PENDING and completed from a timer or a work
 * item, or never; with the answer, a failure, or a rule broken on purpose. A query answer is
 * DP_RQ_ANSWER_LENGTH bytes: the ULONG DP_RQ_WHO(handler), then the ULONG OID; a shorter buffer
 * gets NDIS_STATUS_BUFFER_TOO_SHORT with BytesNeeded = DP_RQ_ANSWER_LENGTH.
 *
 * Requesters: DpClientRequest (to the call manager or to the miniport, on the call's VC or not)
 * and DpMcmRequest (NdisMCmOidRequest to the client). Each request structure and its buffer are
 * allocated by the requester and freed on a final return or in ProtocolCoOidRequestComplete.
 *
 * Every side records what it saw; a test reads the records when the runtime is idle. Records
 * are kept in arrival order, at most DP_RQ_MAX of each kind per runtime.
 */
#ifndef CONDIS_DP_REQUEST_DRIVER_H
#define CONDIS_DP_REQUEST_DRIVER_H

#include <ndis.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DP_RQ_MAX 16u
#define DP_RQ_ANSWER_LENGTH 8u
#define DP_RQ_WHO(handler) (0x51500000u + (ULONG)(handler)) /* what a handler writes first */

typedef enum _DP_RQ_HANDLER {
    DpRqClient = 0,    /* dp_client: ProtocolCoOidRequest (ClOidRequestHandler) */
    DpRqCallManager,   /* dp_mcm: ProtocolCoOidRequest (CmOidRequestHandler) */
    DpRqMiniport,      /* dp_mcm: MiniportCoOidRequest */
    DpRqHandlerCount
} DP_RQ_HANDLER;

typedef enum _DP_RQ_ANSWER {
    DpRqSync = 0,      /* return the final status from the handler */
    DpRqTimer,         /* return PENDING, complete from a timer after DelayMs */
    DpRqWorkItem,      /* return PENDING, complete from an I/O work item (dp_client: a timer due now) */
    DpRqNever          /* return PENDING and never complete (RQ-003) */
} DP_RQ_ANSWER;

typedef enum _DP_RQ_FAULT {
    DpRqFaultNone = 0,
    DpRqFaultCompleteTwice,     /* call the completion function a second time (RQ-002) */
    DpRqFaultCompleteAfterSync, /* complete inside the handler, then return the final status too (RQ-002) */
    DpRqFaultWrongCompletion,   /* call manager: NdisCoOidRequestComplete (RQ-007); miniport:
                                 * NdisMCmOidRequestComplete (RQ-005); client: NdisMCmOidRequestComplete (RQ-007) */
    DpRqFaultNoBytesNeeded      /* a short buffer fails without BytesNeeded (RQ-011) */
} DP_RQ_FAULT;

typedef struct _DP_RQ_BEHAVIOR {
    DP_RQ_ANSWER Answer;
    ULONG DelayMs;       /* DpRqTimer */
    NDIS_STATUS Status;  /* SUCCESS: answer the query; another status: fail with it */
    DP_RQ_FAULT Fault;
} DP_RQ_BEHAVIOR;

/* One call of a request handler, or of the requester's ProtocolCoOidRequestComplete. */
typedef struct _DP_RQ_RECORD {
    ULONG Handler;              /* DP_RQ_HANDLER (handler records) */
    NDIS_HANDLE AfContext;      /* MiniportCoOidRequest: the MiniportAdapterContext */
    NDIS_HANDLE VcContext;
    NDIS_HANDLE PartyContext;
    PNDIS_OID_REQUEST Request;
    NDIS_OID Oid;
    NDIS_STATUS Status;         /* handler: what it returned; completion: the status it got */
} DP_RQ_RECORD;

/* What one request a side issued came to (index = issue order). */
typedef struct _DP_RQ_RESULT {
    PNDIS_OID_REQUEST Request;  /* the structure issued */
    NDIS_OID Oid;
    NDIS_STATUS Returned;       /* what NdisCoOidRequest / NdisMCmOidRequest returned */
    LONG Completions;           /* ProtocolCoOidRequestComplete calls for it */
    DP_RQ_RECORD Completion;    /* the last of them */
    NDIS_STATUS Final;          /* the final status (Returned, or the completion's) */
    ULONG BytesWritten;
    ULONG BytesNeeded;
    ULONG AnsweredBy;           /* DP_RQ_WHO of the handler, from the buffer; 0 if not answered */
    ULONG AnsweredOid;
} DP_RQ_RESULT;

/* One ProtocolCoStatusEx call. */
typedef struct _DP_ST_RECORD {
    NDIS_HANDLE BindingContext;
    NDIS_HANDLE VcContext;
    NDIS_HANDLE SourceHandle;
    NDIS_STATUS StatusCode;
    ULONG StatusBufferSize;
    ULONG Value;                /* the first ULONG of StatusBuffer, 0 without one */
} DP_ST_RECORD;

typedef enum _DP_ST_FAULT {
    DpStFaultNone = 0,
    DpStFaultWrongSource,  /* SourceHandle is not the adapter handle (ST-003, still delivered) */
    DpStFaultBadHeader,    /* Header.Type is wrong (ST-002, dropped) */
    DpStFaultStaleVc       /* name the VC of the last call after it was deleted (ST-004, dropped) */
} DP_ST_FAULT;

/* A side's own handles and contexts, for the test to compare against the records. */
typedef struct _DP_CONTEXTS {
    NDIS_HANDLE BindingContext;   /* client: ProtocolBindingContext */
    NDIS_HANDLE AdapterContext;   /* MCM: MiniportAdapterContext */
    NDIS_HANDLE AfContext;
    NDIS_HANDLE VcContext;
    NDIS_HANDLE AdapterHandle;    /* MCM: MiniportAdapterHandle */
    NDIS_HANDLE AfHandle;
    NDIS_HANDLE VcHandle;         /* the current call's VC, NULL when none */
} DP_CONTEXTS;

typedef enum _DP_RQ_ROUTE {
    DpRqToCallManager = 0,  /* NdisCoOidRequest with the client's AF handle */
    DpRqToMiniport          /* NdisCoOidRequest with a NULL AF handle */
} DP_RQ_ROUTE;

/* Both drivers. */
typedef VOID(DP_RQ_CONFIGURE)(ULONG Handler, const DP_RQ_BEHAVIOR *Behavior);
typedef ULONG(DP_RQ_GET_RECORDS)(DP_RQ_RECORD *Records, ULONG Max);   /* returns the count */
typedef ULONG(DP_RQ_GET_RESULTS)(DP_RQ_RESULT *Results, ULONG Max);   /* returns the count */
typedef VOID(DP_GET_CONTEXTS)(DP_CONTEXTS *Contexts);
/* dp_client: DpClientRequest. Runs at PASSIVE_LEVEL; returns what NdisCoOidRequest returned. */
typedef NDIS_STATUS(DP_CLIENT_REQUEST)(ULONG Route, BOOLEAN OnVc, NDIS_OID Oid, ULONG Length);
typedef ULONG(DP_ST_GET_RECORDS)(DP_ST_RECORD *Records, ULONG Max);
/* dp_mcm: DpMcmRequest (NdisMCmOidRequest) and DpMcmIndicateStatus (NdisMCoIndicateStatusEx,
 * with a ULONG status buffer holding Value, or none when Value is 0). */
typedef NDIS_STATUS(DP_MCM_REQUEST)(BOOLEAN OnVc, NDIS_OID Oid, ULONG Length);
typedef VOID(DP_MCM_INDICATE_STATUS)(BOOLEAN OnVc, NDIS_STATUS StatusCode, ULONG Value, ULONG Fault);

#ifdef __cplusplus
}
#endif

#endif /* CONDIS_DP_REQUEST_DRIVER_H */
