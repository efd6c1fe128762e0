/* The smallest NDIS 6 miniport that registers correctly: DriverEntry, MiniportInitializeEx that
 * sets its attributes, MiniportHaltEx, and the other handlers every miniport must supply. */
#include <ndis.h>

static NDIS_HANDLE g_driver_handle;

/* NDIS calls this at PASSIVE_LEVEL for every adapter. */
static NDIS_STATUS PkgInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
                                 PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES attributes;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);
    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    attributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    attributes.MiniportAdapterContext = MiniportAdapterHandle;
    attributes.InterfaceType = NdisInterfaceInternal;
    return NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&attributes);
}

static VOID PkgHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(HaltAction);
}

static VOID PkgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisMDeregisterMiniportDriver(g_driver_handle);
}

static NDIS_STATUS PkgPause(NDIS_HANDLE Context, PNDIS_MINIPORT_PAUSE_PARAMETERS Parameters)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Parameters);
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS PkgRestart(NDIS_HANDLE Context, PNDIS_MINIPORT_RESTART_PARAMETERS Parameters)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Parameters);
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS PkgOidRequest(NDIS_HANDLE Context, PNDIS_OID_REQUEST Request)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Request);
    return NDIS_STATUS_NOT_SUPPORTED;
}

static VOID PkgSend(NDIS_HANDLE Context, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber, ULONG Flags)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(Flags);
}

static VOID PkgReturn(NDIS_HANDLE Context, PNET_BUFFER_LIST NetBufferLists, ULONG Flags)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(Flags);
}

static VOID PkgCancelSend(NDIS_HANDLE Context, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(CancelId);
}

static VOID PkgPnPEvent(NDIS_HANDLE Context, PNET_DEVICE_PNP_EVENT Event)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Event);
}

static VOID PkgShutdown(NDIS_HANDLE Context, NDIS_SHUTDOWN_ACTION Action)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Action);
}

static VOID PkgCancelOid(NDIS_HANDLE Context, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(RequestId);
}

static NDIS_STATUS PkgSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext)
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;
    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    chars.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
    chars.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
    chars.SetOptionsHandler = PkgSetOptions;
    chars.InitializeHandlerEx = PkgInitialize;
    chars.HaltHandlerEx = PkgHalt;
    chars.UnloadHandler = PkgUnload;
    chars.PauseHandler = PkgPause;
    chars.RestartHandler = PkgRestart;
    chars.OidRequestHandler = PkgOidRequest;
    chars.SendNetBufferListsHandler = PkgSend;
    chars.ReturnNetBufferListsHandler = PkgReturn;
    chars.CancelSendHandler = PkgCancelSend;
    chars.DevicePnPEventNotifyHandler = PkgPnPEvent;
    chars.ShutdownHandlerEx = PkgShutdown;
    chars.CancelOidRequestHandler = PkgCancelOid;
    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &chars, &g_driver_handle);
}
