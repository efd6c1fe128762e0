/*
 * demo_miniport: a small CoNDIS miniport written as for Windows (NDIS 6.0), which `condis demo`
 * loads from its shared object. One adapter: MiniportInitializeEx allocates its context, a work
 * item and a timer and sets its attributes; MiniportRestartEx queues the work item, which starts
 * a timer that ticks DEMO_TICKS times at DISPATCH_LEVEL; MiniportHaltEx releases everything.
 */
#ifndef DEMO_MINIPORT_H
#define DEMO_MINIPORT_H

#include <ndis.h>

#define DEMO_TAG ((ULONG)0x6F6D6544) /* 'Demo' as the debugger shows it */
#define DEMO_TICK_MS 10
#define DEMO_TICKS 3

/* What the host may change before creating an adapter (Runtime::driver_symbol). */
typedef struct _DEMO_MINIPORT_CONFIG {
    ULONG Ticks;        /* timer expirations before the adapter is idle (default DEMO_TICKS) */
    BOOLEAN LeakTimer;  /* forget NdisFreeTimerObject in MiniportHaltEx: the leak report shows it */
} DEMO_MINIPORT_CONFIG;
extern CONDIS_DRIVER_EXPORT DEMO_MINIPORT_CONFIG DemoMiniportConfig;

typedef struct _DEMO_ADAPTER {
    NDIS_HANDLE MiniportAdapterHandle;
    NDIS_HANDLE WorkItem;
    NDIS_HANDLE Timer;
    NDIS_SPIN_LOCK Lock;  /* guards Running and Ticks against the timer callback */
    BOOLEAN Running;      /* between MiniportRestartEx and MiniportPauseEx: the timer may re-arm */
    ULONG Ticks;          /* expirations since the link came up */
} DEMO_ADAPTER, *PDEMO_ADAPTER;

typedef struct _DEMO_VC {
    PDEMO_ADAPTER Adapter;
    NDIS_HANDLE NdisVcHandle;
} DEMO_VC, *PDEMO_VC;

extern NDIS_HANDLE DemoDriverHandle;

/* adapter.c */
MINIPORT_INITIALIZE DemoInitialize;
MINIPORT_HALT DemoHalt;
MINIPORT_PAUSE DemoPause;
MINIPORT_RESTART DemoRestart;
MINIPORT_OID_REQUEST DemoOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS DemoSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS DemoReturnNetBufferLists;
MINIPORT_CANCEL_SEND DemoCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY DemoDevicePnPEvent;
MINIPORT_SHUTDOWN DemoShutdown;
MINIPORT_CANCEL_OID_REQUEST DemoCancelOidRequest;

/* link.c: the work item and the timer */
NDIS_IO_WORKITEM_FUNCTION DemoLinkUpWorkItem;
NDIS_TIMER_FUNCTION DemoLinkTimer;

/* vc.c: the CoNDIS handlers */
MINIPORT_CO_CREATE_VC DemoCoCreateVc;
MINIPORT_CO_DELETE_VC DemoCoDeleteVc;
MINIPORT_CO_ACTIVATE_VC DemoCoActivateVc;
MINIPORT_CO_DEACTIVATE_VC DemoCoDeactivateVc;
MINIPORT_CO_SEND_NET_BUFFER_LISTS DemoCoSendNetBufferLists;
MINIPORT_CO_OID_REQUEST DemoCoOidRequest;

#endif
