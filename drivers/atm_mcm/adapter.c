/*
 * atm_mcm adapter life cycle: MiniportInitializeEx sets the attributes of the ATM NIC and
 * registers the Q.2931 address family; MiniportHaltEx asks clients to close the AFs still open.
 */
#include "atm_mcm.h"

/*
 * MiniportInitializeEx: called by NDIS at PASSIVE_LEVEL once per adapter. Returns SUCCESS, or
 * a failure after freeing what it allocated.
 */
NDIS_STATUS AtmInitializeEx(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext,
                            PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters) {
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Registration;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES General;
    PATM_ADAPTER Adapter;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    Adapter = (PATM_ADAPTER)AtmAllocate(NdisMiniportHandle, sizeof(*Adapter));
    if (Adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Adapter->MiniportAdapterHandle = NdisMiniportHandle;
    NdisAllocateSpinLock(&Adapter->Lock);

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

    /* An OC-3 ATM link: 155.52 Mbit/s, AAL5 frames up to 9180 bytes, no MAC address. */
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

    Adapter->AddressFamily.AddressFamily = CO_ADDRESS_FAMILY_Q2931;
    Adapter->AddressFamily.MajorVersion = 3;
    Adapter->AddressFamily.MinorVersion = 1;
    Status = NdisMCmRegisterAddressFamilyEx(NdisMiniportHandle, &Adapter->AddressFamily);
    if (Status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }
    return NDIS_STATUS_SUCCESS;

Fail:
    NdisFreeSpinLock(&Adapter->Lock);
    AtmFree(Adapter);
    return Status;
}

/*
 * MiniportHaltEx: called by NDIS at PASSIVE_LEVEL on a paused adapter. Clients still holding an
 * AF open are told to close it (NdisMCmNotifyCloseAddressFamily), then the adapter is freed.
 */
VOID AtmHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction) {
    PATM_ADAPTER Adapter = (PATM_ADAPTER)MiniportAdapterContext;
    ULONG i;
    UNREFERENCED_PARAMETER(HaltAction);

    for (i = 0; i < ATM_MCM_MAX_AFS; i++) {
        NDIS_HANDLE NdisAfHandle = NULL;
        NdisAcquireSpinLock(&Adapter->Lock);
        if (Adapter->OpenAfs[i] != NULL) {
            NdisAfHandle = Adapter->OpenAfs[i]->NdisAfHandle;
        }
        NdisReleaseSpinLock(&Adapter->Lock);
        if (NdisAfHandle != NULL) {
            (VOID)NdisMCmNotifyCloseAddressFamily(NdisAfHandle);
        }
    }
    NdisFreeSpinLock(&Adapter->Lock);
    AtmFree(Adapter);
}

/* MiniportPause: PASSIVE_LEVEL. Nothing is in flight on the simulated NIC. */
NDIS_STATUS AtmPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

/* MiniportRestart: PASSIVE_LEVEL. */
NDIS_STATUS AtmRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

/* MiniportOidRequest: PASSIVE_LEVEL. The sample answers no adapter-wide OID. */
NDIS_STATUS AtmOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* MiniportSendNetBufferLists: a CoNDIS miniport receives sends per VC instead. */
VOID AtmSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                           NDIS_PORT_NUMBER PortNumber, ULONG SendFlags) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(SendFlags);
}

/* MiniportReturnNetBufferLists: the sample indicates no receives. */
VOID AtmReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID AtmCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

VOID AtmDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

VOID AtmShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

VOID AtmCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
