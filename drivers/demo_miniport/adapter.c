/* The adapter life cycle: initialize, restart, pause, halt, and the handlers every miniport supplies. */
#include "demo_miniport.h"

static NDIS_STATUS DemoSetAttributes(PDEMO_ADAPTER Adapter)
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES registration;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES general;
    NDIS_STATUS status;

    NdisZeroMemory(&registration, sizeof(registration));
    registration.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    registration.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    registration.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    registration.MiniportAdapterContext = Adapter;
    registration.InterfaceType = NdisInterfaceInternal;
    status = NdisMSetMiniportAttributes(Adapter->MiniportAdapterHandle,
                                        (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&registration);
    if (status != NDIS_STATUS_SUCCESS) return status;

    NdisZeroMemory(&general, sizeof(general));
    general.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    general.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    general.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    general.MediaType = NdisMediumAtm;
    general.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    general.MtuSize = 9180;
    general.MaxXmitLinkSpeed = general.XmitLinkSpeed = 155520000;
    general.MaxRcvLinkSpeed = general.RcvLinkSpeed = 155520000;
    general.MediaConnectState = MediaConnectStateConnected;
    general.MediaDuplexState = MediaDuplexStateFull;
    general.AccessType = NET_IF_ACCESS_POINT_TO_MULTI_POINT;
    general.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    general.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    general.IfType = 37; /* IF_TYPE_ATM */
    return NdisMSetMiniportAttributes(Adapter->MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&general);
}

/* Releases what DemoInitialize allocated; used by a failing initialize (DRV-071) and by halt. */
static VOID DemoFreeAdapter(PDEMO_ADAPTER Adapter, BOOLEAN FreeTimer)
{
    if (Adapter->Timer != NULL && FreeTimer) NdisFreeTimerObject(Adapter->Timer);
    if (Adapter->WorkItem != NULL) NdisFreeIoWorkItem(Adapter->WorkItem);
    NdisFreeSpinLock(&Adapter->Lock);
    NdisFreeMemory(Adapter, 0, 0);
}

/* NDIS calls this at PASSIVE_LEVEL to start an adapter; it is Initializing until this returns. */
NDIS_STATUS DemoInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
                           PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    NDIS_TIMER_CHARACTERISTICS timer;
    PDEMO_ADAPTER adapter;
    NDIS_STATUS status;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    adapter = (PDEMO_ADAPTER)NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*adapter), DEMO_TAG,
                                                               NormalPoolPriority);
    if (adapter == NULL) return NDIS_STATUS_RESOURCES;
    NdisZeroMemory(adapter, sizeof(*adapter));
    adapter->MiniportAdapterHandle = MiniportAdapterHandle;
    NdisAllocateSpinLock(&adapter->Lock);

    status = DemoSetAttributes(adapter);
    if (status != NDIS_STATUS_SUCCESS) goto fail;

    adapter->WorkItem = NdisAllocateIoWorkItem(MiniportAdapterHandle);
    if (adapter->WorkItem == NULL) {
        status = NDIS_STATUS_RESOURCES;
        goto fail;
    }

    NdisZeroMemory(&timer, sizeof(timer));
    timer.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    timer.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    timer.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    timer.AllocationTag = DEMO_TAG;
    timer.TimerFunction = DemoLinkTimer;
    timer.FunctionContext = adapter;
    status = NdisAllocateTimerObject(MiniportAdapterHandle, &timer, &adapter->Timer);
    if (status != NDIS_STATUS_SUCCESS) {
        adapter->Timer = NULL;
        goto fail;
    }
    return NDIS_STATUS_SUCCESS;

fail:
    DemoFreeAdapter(adapter, TRUE);
    return status;
}

/* NDIS calls this at PASSIVE_LEVEL when the adapter goes from Paused to Running. */
NDIS_STATUS DemoRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    PDEMO_ADAPTER adapter = (PDEMO_ADAPTER)MiniportAdapterContext;
    UNREFERENCED_PARAMETER(RestartParameters);
    NdisAcquireSpinLock(&adapter->Lock);
    adapter->Running = TRUE;
    NdisReleaseSpinLock(&adapter->Lock);
    NdisQueueIoWorkItem(adapter->WorkItem, DemoLinkUpWorkItem, adapter);
    return NDIS_STATUS_SUCCESS;
}

/* NDIS calls this at PASSIVE_LEVEL before halt. Clearing Running under the lock first means a
 * callback that is running right now cannot re-arm the timer after the cancel. */
NDIS_STATUS DemoPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    PDEMO_ADAPTER adapter = (PDEMO_ADAPTER)MiniportAdapterContext;
    UNREFERENCED_PARAMETER(PauseParameters);
    NdisAcquireSpinLock(&adapter->Lock);
    adapter->Running = FALSE;
    NdisReleaseSpinLock(&adapter->Lock);
    NdisCancelTimerObject(adapter->Timer);
    return NDIS_STATUS_SUCCESS;
}

/* NDIS calls this at PASSIVE_LEVEL from Paused: everything charged to the adapter goes (DRV-070). */
VOID DemoHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    PDEMO_ADAPTER adapter = (PDEMO_ADAPTER)MiniportAdapterContext;
    UNREFERENCED_PARAMETER(HaltAction);
    DemoFreeAdapter(adapter, !DemoMiniportConfig.LeakTimer);
}

NDIS_STATUS DemoOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED; /* a CoNDIS miniport answers requests in DemoCoOidRequest */
}

/* Connectionless sends never reach a CoNDIS miniport; the handler exists because it is required. */
VOID DemoSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                            NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(SendFlags);
}

VOID DemoReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID DemoCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

VOID DemoDevicePnPEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

VOID DemoShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

VOID DemoCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
