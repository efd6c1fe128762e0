/*
 * t_mcm adapter life cycle: initialisation (attributes, AF registration), halt (notify-close of
 * the open AFs), pause/restart, and the connectionless entry points a CoNDIS miniport still
 * supplies.
 */
#include "t_mcm.h"

PMCM_ADAPTER McmAdapter;

/*
 * MiniportInitializeEx: called by NDIS at PASSIVE_LEVEL once per adapter.
 * Sets the registration and general attributes, prepares the deferral pool and registers the
 * address family. Returns SUCCESS, or RESOURCES/FAILURE after undoing what it did.
 */
NDIS_STATUS McmInitializeEx(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext,
                            PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters) {
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Registration;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES General;
    PMCM_ADAPTER Adapter;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    Adapter = (PMCM_ADAPTER)TdAllocate(NdisMiniportHandle, sizeof(*Adapter));
    if (Adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Adapter->MiniportAdapterHandle = NdisMiniportHandle;
    NdisAllocateSpinLock(&Adapter->Lock);
    NdisAllocateSpinLock(&Adapter->EventLock);

    NdisZeroMemory(&Registration, sizeof(Registration));
    Registration.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    Registration.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Registration.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Registration.MiniportAdapterContext = Adapter;
    Registration.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO;
    Registration.InterfaceType = NdisInterfaceInternal;
    Status = NdisMSetMiniportAttributes(NdisMiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Registration);
    if (Status != NDIS_STATUS_SUCCESS) {
        goto Fail;
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
        goto Fail;
    }

    Status = TdDeferralPoolInitialize(&Adapter->Deferrals, NdisMiniportHandle, TRUE, McmRunDeferred);
    if (Status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }

    Adapter->AddressFamily.AddressFamily = CO_ADDRESS_FAMILY_Q2931;
    Adapter->AddressFamily.MajorVersion = 3;
    Adapter->AddressFamily.MinorVersion = 1;
    Status = NdisMCmRegisterAddressFamilyEx(NdisMiniportHandle, &Adapter->AddressFamily);
    TdLog("NdisMCmRegisterAddressFamilyEx", Status, NdisMiniportHandle, 0);
    if (Status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }
    McmAdapter = Adapter;
    TdLog("MiniportInitializeEx", NDIS_STATUS_SUCCESS, NdisMiniportHandle, 0);
    return NDIS_STATUS_SUCCESS;

Fail:
    TdDeferralPoolFree(&Adapter->Deferrals);
    TdFree(Adapter);
    TdLog("MiniportInitializeEx", Status, NdisMiniportHandle, 0);
    return Status;
}

/*
 * MiniportHaltEx: called by NDIS at PASSIVE_LEVEL on a paused adapter.
 * Asks every client still holding an AF open to close it, then frees the adapter.
 */
VOID McmHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction) {
    PMCM_ADAPTER Adapter = (PMCM_ADAPTER)MiniportAdapterContext;
    ULONG i;
    UNREFERENCED_PARAMETER(HaltAction);

    TdLog("MiniportHaltEx", NDIS_STATUS_SUCCESS, Adapter->MiniportAdapterHandle, 0);
    /* Each notify makes the client close its AF; the close (ProtocolCmCloseAf) forgets it. */
    for (i = 0; i < MCM_MAX_AFS; i++) {
        NDIS_HANDLE NdisAfHandle = NULL;
        NDIS_STATUS Status;
        NdisAcquireSpinLock(&Adapter->Lock);
        if (Adapter->OpenAfs[i] != NULL) {
            NdisAfHandle = Adapter->OpenAfs[i]->NdisAfHandle;
        }
        NdisReleaseSpinLock(&Adapter->Lock);
        if (NdisAfHandle != NULL) {
            Status = NdisMCmNotifyCloseAddressFamily(NdisAfHandle);
            TdLog("NdisMCmNotifyCloseAddressFamily", Status, NdisAfHandle, 0);
        }
    }
    TdDeferralPoolFree(&Adapter->Deferrals);
    if (McmAdapter == Adapter) {
        McmAdapter = NULL;
    }
    NdisFreeSpinLock(&Adapter->EventLock);
    NdisFreeSpinLock(&Adapter->Lock);
    TdFree(Adapter);
}

/* MiniportPause: PASSIVE_LEVEL. No data path to drain. */
NDIS_STATUS McmPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

/* MiniportRestart: PASSIVE_LEVEL. */
NDIS_STATUS McmRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

/* MiniportOidRequest: adapter-wide OIDs, PASSIVE_LEVEL. None is supported. */
NDIS_STATUS McmOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* MiniportSendNetBufferLists: never called for a CoNDIS miniport (sends go to the VC). */
VOID McmSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                           NDIS_PORT_NUMBER PortNumber, ULONG SendFlags) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(SendFlags);
}

/* MiniportReturnNetBufferLists: t_mcm indicates no receives. */
VOID McmReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

/* MiniportCancelSend: nothing is queued. */
VOID McmCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

/* MiniportDevicePnPEventNotify: PASSIVE_LEVEL. */
VOID McmDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

/* MiniportShutdownEx: nothing to reset in a simulated device. */
VOID McmShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

/* MiniportCancelOidRequest: no OID request ever pends. */
VOID McmCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
