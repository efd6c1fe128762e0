/* The smallest CoNDIS miniport that registers correctly: DriverEntry, MiniportSetOptions with the
 * CoNDIS table, MiniportInitializeEx that sets its attributes, and stubs for the other handlers
 * every CoNDIS miniport must supply. */
#include <ndis.h>

static NDIS_HANDLE g_driver_handle;

/* NDIS calls this at PASSIVE_LEVEL for every adapter: registration, then general attributes. */
static NDIS_STATUS PkgInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
                                 PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES registration;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES general;
    NDIS_STATUS status;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    NdisZeroMemory(&registration, sizeof(registration));
    registration.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    registration.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    registration.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    registration.MiniportAdapterContext = MiniportAdapterHandle;
    registration.InterfaceType = NdisInterfaceInternal;
    status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&registration);
    if (status != NDIS_STATUS_SUCCESS) return status;

    NdisZeroMemory(&general, sizeof(general));
    general.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    general.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    general.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    general.MediaType = NdisMediumAtm;
    general.MtuSize = 9180;
    general.MediaConnectState = MediaConnectStateConnected;
    general.AccessType = NET_IF_ACCESS_POINT_TO_MULTI_POINT;
    general.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    general.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    return NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&general);
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

static NDIS_STATUS PkgCoCreateVc(NDIS_HANDLE Context, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE MiniportVcContext)
{
    UNREFERENCED_PARAMETER(NdisVcHandle);
    *MiniportVcContext = Context;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS PkgCoVcOperation(NDIS_HANDLE MiniportVcContext)
{
    UNREFERENCED_PARAMETER(MiniportVcContext);
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS PkgCoActivateVc(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters)
{
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_SUCCESS;
}

/* No call manager serves this miniport, so no VC is ever activated and no send arrives. */
static VOID PkgCoSend(NDIS_HANDLE MiniportVcContext, PNET_BUFFER_LIST NetBufferLists, ULONG SendFlags)
{
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendFlags);
}

static NDIS_STATUS PkgCoOidRequest(NDIS_HANDLE Context, NDIS_HANDLE MiniportVcContext, PNDIS_OID_REQUEST Request)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(Request);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* Called from NdisMRegisterMiniportDriver at PASSIVE_LEVEL: the CoNDIS table is registered here. */
static NDIS_STATUS PkgSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext)
{
    NDIS_MINIPORT_CO_CHARACTERISTICS co;
    UNREFERENCED_PARAMETER(DriverContext);
    NdisZeroMemory(&co, sizeof(co));
    co.Header.Type = NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS;
    co.Header.Revision = NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    co.Header.Size = NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    co.CoCreateVcHandler = PkgCoCreateVc;
    co.CoDeleteVcHandler = PkgCoVcOperation;
    co.CoActivateVcHandler = PkgCoActivateVc;
    co.CoDeactivateVcHandler = PkgCoVcOperation;
    co.CoSendNetBufferListsHandler = PkgCoSend;
    co.CoOidRequestHandler = PkgCoOidRequest;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&co);
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
