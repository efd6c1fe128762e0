/* dm_miniport: a plain NDIS 6 CoNDIS miniport for the driver-model tests. Tests reach its
 * configuration through DmMiniportConfigure (exported; the test dlopens the module first so the
 * configuration is in place before condis runs DriverEntry). */
#ifndef DM_MINIPORT_H
#define DM_MINIPORT_H
#include <ndis.h>

/* Test hook points: the driver calls Hook(point, handle, arg) at each; a non-SUCCESS return is
 * used as the handler's status where the handler returns one. */
enum { DM_AT_SET_OPTIONS = 1, DM_AT_INITIALIZE, DM_AT_RESTART, DM_AT_SHUTDOWN, DM_AT_HALT, DM_AT_OID,
       DM_AT_DEVICE_PNP, DM_AT_CO_OID };
typedef NDIS_STATUS (*DM_HOOK)(int Point, NDIS_HANDLE Handle, PVOID Arg);

typedef struct _DM_MINIPORT_CONFIG {
    NDIS_MEDIUM Medium;
    UCHAR MajorNdisVersion;        /* 6; anything else breaks DRV-002 */
    BOOLEAN NoHaltHandler;         /* breaks DRV-003 */
    BOOLEAN CheckForHangOnly;      /* breaks DRV-004 */
    BOOLEAN NoCoTable;             /* breaks DRV-006 */
    BOOLEAN SkipGeneralAttributes; /* breaks DRV-022 */
    BOOLEAN GeneralFirst;          /* breaks DRV-023 (order) */
    BOOLEAN InitializeReturnsPending; /* breaks DRV-021 */
    NDIS_STATUS PauseStatus;       /* SUCCESS, PENDING, or a failure (breaks DRV-025) */
    BOOLEAN PendRestart;
    BOOLEAN PendOid;
    BOOLEAN SkipDeregister;        /* breaks DRV-009 */
    BOOLEAN NoOidHandler;          /* OidRequestHandler NULL: OQ-D07 routing */
    DM_HOOK Hook;
} DM_MINIPORT_CONFIG;

typedef struct _DM_MINIPORT_STATS {
    LONG Initialized, Halted, Paused, Restarted, PnpEvents, Oids, Unloaded, Shutdowns;
    NDIS_HALT_ACTION LastHaltAction;
    NDIS_HANDLE LastAdapterHandle;
    PNDIS_OID_REQUEST PendingOid;
    LONG CoOids;                   /* adapter-wide requests that reached MiniportCoOidRequest */
} DM_MINIPORT_STATS;

typedef struct _DM_ADAPTER {
    NDIS_HANDLE AdapterHandle;
    LONG Dummy;
} DM_ADAPTER;

extern DM_MINIPORT_CONFIG DmConfig;
extern DM_MINIPORT_STATS DmStats;
extern NDIS_HANDLE DmDriverHandle;

MINIPORT_INITIALIZE DmInitializeEx;
MINIPORT_HALT DmHaltEx;
MINIPORT_PAUSE DmPause;
MINIPORT_RESTART DmRestart;
MINIPORT_SHUTDOWN DmShutdownEx;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY DmDevicePnPEventNotify;
MINIPORT_OID_REQUEST DmOidRequest;
MINIPORT_CANCEL_OID_REQUEST DmCancelOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS DmSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS DmReturnNetBufferLists;
MINIPORT_CANCEL_SEND DmCancelSend;
MINIPORT_CHECK_FOR_HANG DmCheckForHang;
MINIPORT_CO_CREATE_VC DmCoCreateVc;
MINIPORT_CO_DELETE_VC DmCoDeleteVc;
MINIPORT_CO_ACTIVATE_VC DmCoActivateVc;
MINIPORT_CO_DEACTIVATE_VC DmCoDeactivateVc;
MINIPORT_CO_SEND_NET_BUFFER_LISTS DmCoSendNetBufferLists;
MINIPORT_CO_OID_REQUEST DmCoOidRequest;

#define DM_HOOK_STATUS(point, handle, arg) \
    (DmConfig.Hook ? DmConfig.Hook((point), (handle), (arg)) : NDIS_STATUS_SUCCESS)

#endif
