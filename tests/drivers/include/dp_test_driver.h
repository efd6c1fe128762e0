/*
 * The test interface of the data-path test drivers dp_mcm (a miniport call manager) and
 * dp_client (a CoNDIS client). A test reaches the exported functions with
 * Runtime::driver_symbol(driver, "DpMcmConfigure") etc. and runs the client actions on a
 * simulated processor at PASSIVE_LEVEL.
 *
 * Every NBL either side sends carries DP_PAYLOAD_LENGTH bytes: a 4-byte sequence number k
 * (little-endian), then byte i = DP_PAYLOAD_BYTE(k, i). The receiving side checks each byte and
 * that the sequence numbers of one VC arrive in order.
 */
#ifndef CONDIS_DP_TEST_DRIVER_H
#define CONDIS_DP_TEST_DRIVER_H

#include <ndis.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DP_PAYLOAD_LENGTH 64u
#define DP_PAYLOAD_BYTE(k, i) ((UCHAR)(((k) * 7u + (i)) & 0xffu))

/* What one side saw. Counters only grow; a test reads them when the runtime is idle. */
typedef struct _DP_STATS {
    LONG Sent;        /* NBLs handed to NDIS (client: sends; MCM: indicated receives) */
    LONG Completed;   /* of those, given back (client: send completions; MCM: returns) */
    LONG Failed;      /* client: send completions with a status other than SUCCESS */
    LONG Received;    /* NBLs that reached this side (MCM: sends; client: receives) */
    LONG Intact;      /* of those, with the expected payload */
    LONG OutOfOrder;  /* of those, with a sequence number out of order */
    LONG Reclaimed;   /* MCM: indicated with NDIS_RECEIVE_FLAGS_RESOURCES, its own again on return */
    LONG Held;        /* client: receives it keeps for DpClientReturnHeld */
} DP_STATS;

typedef struct _DP_MCM_CONFIG {
    ULONG CompleteSendsAfterMs; /* 0: complete each send inside MiniportCoSendNetBufferLists;
                                 * else queue it and complete from a timer after this delay */
    BOOLEAN IndicateWithResources; /* indicate with NDIS_RECEIVE_FLAGS_RESOURCES and reclaim the
                                    * NBLs when the indication returns (3.3) */
    BOOLEAN CloseWhenQuiet;     /* ProtocolCmCloseCall pends while indicated NBLs are out and
                                 * deactivates once the last one is back (3.6); otherwise it
                                 * deactivates at once */
} DP_MCM_CONFIG;

typedef struct _DP_CLIENT_CONFIG {
    ULONG HoldReceives;         /* keep up to this many received NBLs instead of returning them */
    BOOLEAN ReturnResourcesReceives; /* fault: return NBLs indicated with RESOURCES (DP-026) */
} DP_CLIENT_CONFIG;

typedef VOID(DP_MCM_CONFIGURE)(const DP_MCM_CONFIG *Config);
/* Indicates `Count` receives on the call's VC from a timer that fires after `DelayMs`. */
typedef NDIS_STATUS(DP_MCM_INDICATE)(ULONG Count, ULONG DelayMs);
typedef VOID(DP_GET_STATS)(DP_STATS *Stats);
typedef NDIS_STATUS(DP_CLIENT_ACTION)(VOID);
/* Sends `Count` NBLs on the call's VC, one NdisCoSendNetBufferLists each. */
typedef NDIS_STATUS(DP_CLIENT_SEND)(ULONG Count);
typedef VOID(DP_CLIENT_CONFIGURE)(const DP_CLIENT_CONFIG *Config);
/* DpClientReturnHeld: returns every held NBL in one NdisReturnNetBufferLists, newest first. */

#ifdef __cplusplus
}
#endif

#endif /* CONDIS_DP_TEST_DRIVER_H */
