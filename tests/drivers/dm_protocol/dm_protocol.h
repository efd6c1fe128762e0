/* dm_protocol: a CoNDIS client skeleton for the driver-model tests (bind, open, close, unbind,
 * PnP events). Configured through DmProtocolConfig (exported). */
#ifndef DM_PROTOCOL_H
#define DM_PROTOCOL_H
#include <ndis.h>

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
} DM_PROTOCOL_CONFIG;

typedef struct _DM_PROTOCOL_STATS {
    LONG Binds, Unbinds, Opens, Closes, PnpEvents, OidCompletes;
    NET_PNP_EVENT_CODE LastEvent;
    NDIS_STATUS LastOpenStatus;
    NDIS_HANDLE BindContext, UnbindContext, BindingHandle;
    PNET_PNP_EVENT_NOTIFICATION PendingPnp;
    NDIS_STATUS LastOidStatus;
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

#endif
