/*
 * t_miniport adapter life cycle: initialisation (attributes of an ATM adapter), halt,
 * pause/restart, and the connectionless entry points a CoNDIS miniport still supplies.
 */
#include "t_miniport.h"

/*
 * MiniportInitializeEx: called by NDIS at PASSIVE_LEVEL once per adapter.
 * Sets the registration and general attributes and prepares the deferral pool. Registers no
 * address family: the call manager bound above this miniport does that.
 */
NDIS_STATUS MpInitializeEx(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext,
                           PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters) {
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Registration;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES General;
    PMP_ADAPTER Adapter;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    Adapter = (PMP_ADAPTER)TdAllocate(NdisMiniportHandle, sizeof(*Adapter));
    if (Adapter == NULL) {
        TdLog("MiniportInitializeEx", NDIS_STATUS_RESOURCES, NdisMiniportHandle, 0);
        return NDIS_STATUS_RESOURCES;
    }
    Adapter->MiniportAdapterHandle = NdisMiniportHandle;

    NdisZeroMemory(&Registration, sizeof(Registration));
    Registration.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    Registration.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Registration.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Registration.MiniportAdapterContext = Adapter;
    /* The tests choose the bindings (call manager first, then the client). */
    Registration.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO;
    Registration.InterfaceType = NdisInterfaceInternal;
    Status = NdisMSetMiniportAttributes(NdisMiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Registration);
    if (Status != NDIS_STATUS_SUCCESS) {
        goto FailAdapter;
    }

    NdisZeroMemory(&General, sizeof(General));
    General.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    General.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    General.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    General.MediaType = NdisMediumAtm;
    General.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    General.MtuSize = 9180;
    General.MaxXmitLinkSpeed = General.XmitLinkSpeed = 155520000ull;
    General.MaxRcvLinkSpeed = General.RcvLinkSpeed = 155520000ull;
    General.MediaConnectState = MediaConnectStateConnected;
    General.MediaDuplexState = MediaDuplexStateFull;
    General.LookaheadSize = 9180;
    Status = NdisMSetMiniportAttributes(NdisMiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&General);
    if (Status != NDIS_STATUS_SUCCESS) {
        goto FailAdapter;
    }

    Status = TdDeferralPoolInitialize(&Adapter->Deferrals, NdisMiniportHandle, TRUE, MpRunDeferred);
    if (Status != NDIS_STATUS_SUCCESS) {
        TdDeferralPoolFree(&Adapter->Deferrals);
        goto FailAdapter;
    }
    TdLog("MiniportInitializeEx", NDIS_STATUS_SUCCESS, NdisMiniportHandle, 0);
    return NDIS_STATUS_SUCCESS;

FailAdapter:
    TdFree(Adapter);
    TdLog("MiniportInitializeEx", Status, NdisMiniportHandle, 0);
    return Status;
}

/*
 * MiniportHaltEx: called by NDIS at PASSIVE_LEVEL on a paused adapter, after every binding
 * closed (so every VC was deleted). Frees the adapter.
 */
VOID MpHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction) {
    PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
    UNREFERENCED_PARAMETER(HaltAction);

    TdLog("MiniportHaltEx", NDIS_STATUS_SUCCESS, Adapter->MiniportAdapterHandle, 0);
    TdDeferralPoolFree(&Adapter->Deferrals);
    TdFree(Adapter);
}

/* MiniportPause: PASSIVE_LEVEL. No data path to drain. */
NDIS_STATUS MpPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

/* MiniportRestart: PASSIVE_LEVEL. */
NDIS_STATUS MpRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

/* MiniportOidRequest: adapter-wide OIDs, PASSIVE_LEVEL. None is supported. */
NDIS_STATUS MpOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* MiniportSendNetBufferLists: never called for a CoNDIS miniport (sends go to the VC). */
VOID MpSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                          NDIS_PORT_NUMBER PortNumber, ULONG SendFlags) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(SendFlags);
}

/* MiniportReturnNetBufferLists: t_miniport indicates no receives. */
VOID MpReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

/* MiniportCancelSend: nothing is queued. */
VOID MpCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

/* MiniportDevicePnPEventNotify: PASSIVE_LEVEL. */
VOID MpDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

/* MiniportShutdownEx: nothing to reset in a simulated device. */
VOID MpShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

/* MiniportCancelOidRequest: no OID request ever pends. */
VOID MpCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
