/* dp_miniport: registration, the adapter and the handlers the tests never reach (see dp_miniport.h). */
#include "dp_miniport.h"

static NDIS_HANDLE DpMpDriverHandle;
NDIS_SPIN_LOCK DpMpLock;
NDIS_HANDLE DpMpAdapterHandle;
DP_MP_CONFIG DpMpConfig;
DP_STATS DpMpCounters;
DP_MP_VC DpMpVcs[DP_MP_VCS];

CONDIS_DRIVER_EXPORT DP_MP_CONFIGURE DpMiniportConfigure;
CONDIS_DRIVER_EXPORT DP_GET_STATS DpMiniportStats;
CONDIS_DRIVER_EXPORT DP_GET_CONTEXTS DpMiniportContexts;
CONDIS_DRIVER_EXPORT DP_MP_VC_CONTEXT DpMiniportVcContext;

/* Test interface: called by the test while the runtime is idle. */
VOID DpMiniportConfigure(const DP_MP_CONFIG *Config) {
    NdisAcquireSpinLock(&DpMpLock);
    DpMpConfig = *Config;
    NdisReleaseSpinLock(&DpMpLock);
}

VOID DpMiniportStats(DP_STATS *Stats) {
    NdisAcquireSpinLock(&DpMpLock);
    *Stats = DpMpCounters;
    NdisReleaseSpinLock(&DpMpLock);
}

VOID DpMiniportContexts(DP_CONTEXTS *Contexts) {
    NdisZeroMemory(Contexts, sizeof(*Contexts));
    Contexts->AdapterContext = &DpMpAdapterHandle;
    Contexts->AdapterHandle = DpMpAdapterHandle;
}

NDIS_HANDLE DpMiniportVcContext(NDIS_HANDLE NdisVcHandle) {
    NDIS_HANDLE Context = NULL;
    ULONG i;
    NdisAcquireSpinLock(&DpMpLock);
    for (i = 0; i < DP_MP_VCS; i++)
        if (DpMpVcs[i].InUse && DpMpVcs[i].NdisVcHandle == NdisVcHandle) Context = &DpMpVcs[i];
    NdisReleaseSpinLock(&DpMpLock);
    return Context;
}

LARGE_INTEGER DpMpDueTime(ULONG DelayMs) {
    LARGE_INTEGER Due;
    Due.QuadPart = DelayMs == 0 ? -1 : -(LONGLONG)DelayMs * 10000; /* relative, in 100 ns units */
    return Due;
}

NDIS_STATUS DpMpAllocateTimer(NDIS_TIMER_FUNCTION *Function, NDIS_HANDLE *Timer) {
    NDIS_TIMER_CHARACTERISTICS Chars;
    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    Chars.AllocationTag = DP_MP_TAG;
    Chars.TimerFunction = Function;
    return NdisAllocateTimerObject(DpMpAdapterHandle, &Chars, Timer);
}

/* MiniportInitializeEx, PASSIVE: attributes, then the pool and timers of data.c and vc.c. No
 * AF: the call manager bound above registers it. */
static NDIS_STATUS DpMpInitializeEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
                                    PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters) {
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Reg;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES Gen;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    DpMpAdapterHandle = MiniportAdapterHandle;
    NdisZeroMemory(&Reg, sizeof(Reg));
    Reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    Reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Reg.MiniportAdapterContext = &DpMpAdapterHandle;
    /* The tests choose the bindings: the call manager first, then the client. */
    Reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO;
    Reg.InterfaceType = NdisInterfaceInternal;
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Reg);
    if (Status != NDIS_STATUS_SUCCESS) return Status;

    NdisZeroMemory(&Gen, sizeof(Gen));
    Gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    Gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    Gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    Gen.MediaType = NdisMediumAtm;
    Gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    Gen.MtuSize = 9180;
    Gen.MaxXmitLinkSpeed = Gen.XmitLinkSpeed = Gen.MaxRcvLinkSpeed = Gen.RcvLinkSpeed = 155520000;
    Gen.MediaConnectState = MediaConnectStateConnected;
    Gen.MediaDuplexState = MediaDuplexStateFull;
    Gen.LookaheadSize = 9180;
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Gen);
    if (Status != NDIS_STATUS_SUCCESS) return Status;

    if (DpMpDataStart() != NDIS_STATUS_SUCCESS || DpMpVcStart() != NDIS_STATUS_SUCCESS ||
        DpRqStart(&DpMpRq, MiniportAdapterHandle, TRUE, DpMpRqComplete) != NDIS_STATUS_SUCCESS) {
        DpMpVcStop();
        DpMpDataStop();
        DpRqStop(&DpMpRq);
        return NDIS_STATUS_RESOURCES;
    }
    return NDIS_STATUS_SUCCESS;
}

/* MiniportHaltEx, PASSIVE: every VC is gone and every receive came back; free timers and pool. */
static VOID DpMpHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(HaltAction);
    DpMpVcStop();
    DpRqStop(&DpMpRq);
    DpMpDataStop();
}

/* MiniportPause / MiniportRestart, PASSIVE: nothing to drain beyond what the VCs already did. */
static NDIS_STATUS DpMpPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS DpMpRestart(NDIS_HANDLE MiniportAdapterContext,
                               PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}
/* MiniportOidRequest: connectionless OIDs; the tests send none. */
static NDIS_STATUS DpMpOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}
/* MiniportSendNetBufferLists: never called for a CoNDIS miniport (sends go to a VC). */
static VOID DpMpSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                                   NDIS_PORT_NUMBER PortNumber, ULONG SendFlags) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(SendFlags);
}
static VOID DpMpCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}
static VOID DpMpDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}
static VOID DpMpShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}
static VOID DpMpCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}

/* MiniportSetOptions, PASSIVE: a plain CoNDIS miniport registers the CoNDIS miniport table only. */
static NDIS_STATUS DpMpSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_MINIPORT_CO_CHARACTERISTICS Co;
    UNREFERENCED_PARAMETER(DriverContext);
    NdisZeroMemory(&Co, sizeof(Co));
    Co.Header.Type = NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS;
    Co.Header.Revision = NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    Co.Header.Size = NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    Co.CoCreateVcHandler = DpMpCoCreateVc;
    Co.CoDeleteVcHandler = DpMpCoDeleteVc;
    Co.CoActivateVcHandler = DpMpCoActivateVc;
    Co.CoDeactivateVcHandler = DpMpCoDeactivateVc;
    Co.CoSendNetBufferListsHandler = DpMpCoSendNetBufferLists;
    Co.CoOidRequestHandler = DpMpCoOidRequest;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
}

static VOID DpMpUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    NdisMDeregisterMiniportDriver(DpMpDriverHandle);
}

NDIS_STATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars;
    /* A new runtime loads the module again: start from a clean state. */
    NdisAllocateSpinLock(&DpMpLock);
    NdisZeroMemory(&DpMpConfig, sizeof(DpMpConfig));
    NdisZeroMemory(&DpMpCounters, sizeof(DpMpCounters));
    NdisZeroMemory(DpMpVcs, sizeof(DpMpVcs));
    DpMpAdapterHandle = NULL;
    DpRqReset(&DpMpRq);

    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 0;
    Chars.MajorDriverVersion = 1;
    Chars.SetOptionsHandler = DpMpSetOptions;
    Chars.InitializeHandlerEx = DpMpInitializeEx;
    Chars.HaltHandlerEx = DpMpHaltEx;
    Chars.UnloadHandler = DpMpUnload;
    Chars.PauseHandler = DpMpPause;
    Chars.RestartHandler = DpMpRestart;
    Chars.OidRequestHandler = DpMpOidRequest;
    Chars.SendNetBufferListsHandler = DpMpSendNetBufferLists;
    Chars.ReturnNetBufferListsHandler = DpMpReturnNetBufferLists;
    Chars.CancelSendHandler = DpMpCancelSend;
    Chars.DevicePnPEventNotifyHandler = DpMpDevicePnPEventNotify;
    Chars.ShutdownHandlerEx = DpMpShutdownEx;
    Chars.CancelOidRequestHandler = DpMpCancelOidRequest;
    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &DpMpDriverHandle);
}
