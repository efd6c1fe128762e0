/* dm_protocol: a CoNDIS client skeleton for the driver-model tests (bind, open, close, unbind,
 * PnP events). Configured through DmProtocolConfig (exported). */
#ifndef DM_PROTOCOL_H
#define DM_PROTOCOL_H
#include <ndis.h>

/* Test hook points (see dm_miniport.h). */
enum { DP_AT_SET_OPTIONS = 1, DP_AT_BIND, DP_AT_UNBIND, DP_AT_PNP, DP_AT_OPEN_COMPLETE, DP_AT_CLOSE_COMPLETE,
       DP_AT_UNINSTALL };
typedef NDIS_STATUS (*DP_HOOK)(int Point, NDIS_HANDLE Handle, PVOID Arg);

typedef struct _DM_PROTOCOL_CONFIG {
    NDIS_MEDIUM Medium;              /* the medium it asks for in MediumArray */
    BOOLEAN PendBind;                /* return PENDING from ProtocolBindAdapterEx */
    BOOLEAN PendUnbind;
    BOOLEAN PendPnp;
    BOOLEAN SkipClose;               /* breaks DRV-055 */
    BOOLEAN FailUnbind;              /* breaks DRV-055 (status) */
    BOOLEAN FailBindAfterOpen;       /* breaks DRV-054 */
    BOOLEAN PnpReturnsNotSupported;  /* breaks DRV-061 */
    BOOLEAN BadOpenHeader;           /* breaks DRV-051 */
    BOOLEAN WithUninstall;           /* registers ProtocolUninstall */
    DP_HOOK Hook;
} DM_PROTOCOL_CONFIG;

typedef struct _DM_PROTOCOL_STATS {
    LONG Binds, Unbinds, Opens, Closes, PnpEvents, OidCompletes;
    NET_PNP_EVENT_CODE LastEvent;
    NDIS_STATUS LastOpenStatus;
    NDIS_HANDLE BindContext, UnbindContext, BindingHandle;
    PNET_PNP_EVENT_NOTIFICATION PendingPnp;
    LONG Uninstalls;
} DM_PROTOCOL_STATS;

extern DM_PROTOCOL_CONFIG DpConfig;
extern DM_PROTOCOL_STATS DpStats;
extern NDIS_HANDLE DpProtocolHandle;

PROTOCOL_BIND_ADAPTER_EX DpBindAdapterEx;
PROTOCOL_UNBIND_ADAPTER_EX DpUnbindAdapterEx;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX DpOpenAdapterCompleteEx;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX DpCloseAdapterCompleteEx;
PROTOCOL_NET_PNP_EVENT DpNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE DpOidRequestComplete;

#define DP_HOOK_STATUS(point, handle, arg) \
    (DpConfig.Hook ? DpConfig.Hook((point), (handle), (arg)) : NDIS_STATUS_SUCCESS)

#endif
