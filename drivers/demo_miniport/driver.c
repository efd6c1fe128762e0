/* Driver registration and unload: DriverEntry, MiniportSetOptions, MiniportDriverUnload. */
#include "demo_miniport.h"

NDIS_HANDLE DemoDriverHandle;
DEMO_MINIPORT_CONFIG DemoMiniportConfig = {DEMO_TICKS, FALSE};

/* NDIS calls this from NdisMRegisterMiniportDriver at PASSIVE_LEVEL: the CoNDIS miniport table
 * is registered here and nowhere else (DRV-006). */
static NDIS_STATUS DemoSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext)
{
    NDIS_MINIPORT_CO_CHARACTERISTICS co;
    UNREFERENCED_PARAMETER(DriverContext);

    NdisZeroMemory(&co, sizeof(co));
    co.Header.Type = NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS;
    co.Header.Revision = NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    co.Header.Size = NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    co.CoCreateVcHandler = DemoCoCreateVc;
    co.CoDeleteVcHandler = DemoCoDeleteVc;
    co.CoActivateVcHandler = DemoCoActivateVc;
    co.CoDeactivateVcHandler = DemoCoDeactivateVc;
    co.CoSendNetBufferListsHandler = DemoCoSendNetBufferLists;
    co.CoOidRequestHandler = DemoCoOidRequest;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&co);
}

/* NDIS calls this at PASSIVE_LEVEL after halting every adapter of the driver. */
static VOID DemoUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisMDeregisterMiniportDriver(DemoDriverHandle);
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
    chars.MajorDriverVersion = 1;
    chars.MinorDriverVersion = 0;
    chars.SetOptionsHandler = DemoSetOptions;
    chars.InitializeHandlerEx = DemoInitialize;
    chars.HaltHandlerEx = DemoHalt;
    chars.UnloadHandler = DemoUnload;
    chars.PauseHandler = DemoPause;
    chars.RestartHandler = DemoRestart;
    chars.OidRequestHandler = DemoOidRequest;
    chars.SendNetBufferListsHandler = DemoSendNetBufferLists;
    chars.ReturnNetBufferListsHandler = DemoReturnNetBufferLists;
    chars.CancelSendHandler = DemoCancelSend;
    chars.DevicePnPEventNotifyHandler = DemoDevicePnPEvent;
    chars.ShutdownHandlerEx = DemoShutdown;
    chars.CancelOidRequestHandler = DemoCancelOidRequest;

    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &chars, &DemoDriverHandle);
}
