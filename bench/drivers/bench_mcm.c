/*
 * bench_mcm: the smallest miniport call manager that carries a call: one adapter, one AF, a
 * ProtocolCmMakeCall that pends until the "network" (BenchMcmCompletePendingCalls) answers.
 */
#include "bench_drivers.h"

#define BENCH_MAX_PROCESSORS 64
#define BENCH_VC_POOL ((1u << 20) + 4096) /* enough for the million-VC measurement */

typedef struct _BENCH_MCM_VC {
    NDIS_HANDLE NdisVcHandle;
    PCO_CALL_PARAMETERS CallParameters;
    NDIS_HANDLE NdisPartyHandle; /* the initial party of a multipoint make-call, else NULL */
    struct _BENCH_MCM_VC *Next;
} BENCH_MCM_VC, *PBENCH_MCM_VC;

BENCH_MCM_OPS BenchMcmOps = {NdisMCmActivateVc, NdisMCmDeactivateVc, NdisMCmMakeCallComplete};

static NDIS_HANDLE McmDriverHandle;
static NDIS_HANDLE McmAdapterHandle;
/* Per-processor VC pools and pending make-calls: a call cycle runs on one processor, so the
 * driver itself needs no lock and scales with processors (the benchmark measures condis). Each
 * processor's state fills a cache line of its own, and its VCs are one contiguous block of the
 * pool, so no two processors write the same line. */
typedef struct _BENCH_MCM_PROCESSOR {
    PBENCH_MCM_VC FreeVcs;
    PBENCH_MCM_VC Pending;
    UCHAR Padding[64 - 2 * sizeof(PVOID)];
} BENCH_MCM_PROCESSOR;
static BENCH_MCM_VC McmVcPool[BENCH_VC_POOL];
static BENCH_MCM_PROCESSOR McmProcessors[BENCH_MAX_PROCESSORS];

static ULONG McmProcessor(VOID) { return KeGetCurrentProcessorNumber() % BENCH_MAX_PROCESSORS; }

static VOID McmFillPools(VOID) {
    ULONG Processors = (ULONG)NdisSystemProcessorCount();
    ULONG i;
    if (Processors == 0 || Processors > BENCH_MAX_PROCESSORS) Processors = 1;
    for (i = 0; i < BENCH_MAX_PROCESSORS; i++) McmProcessors[i].FreeVcs = NULL;
    for (i = BENCH_VC_POOL; i-- > 0;) {
        ULONG p = i / ((BENCH_VC_POOL + Processors - 1) / Processors);
        McmVcPool[i].Next = McmProcessors[p].FreeVcs;
        McmProcessors[p].FreeVcs = &McmVcPool[i];
    }
}

/* Per-processor data is touched at DISPATCH_LEVEL, where the thread cannot migrate. */
static PBENCH_MCM_VC McmAllocVc(VOID) {
    KIRQL OldIrql;
    PBENCH_MCM_VC Vc;
    ULONG p;
    NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
    p = McmProcessor();
    Vc = McmProcessors[p].FreeVcs;
    if (Vc != NULL) McmProcessors[p].FreeVcs = Vc->Next;
    NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
    return Vc;
}

static VOID McmFreeVc(PBENCH_MCM_VC Vc) {
    KIRQL OldIrql;
    ULONG p;
    NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
    p = McmProcessor();
    Vc->Next = McmProcessors[p].FreeVcs;
    McmProcessors[p].FreeVcs = Vc;
    NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
}

/* ProtocolCoCreateVc (CmCreateVcHandler), PASSIVE or DISPATCH: a client creates a VC on our AF. */
NDIS_STATUS BenchMcmCmCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
    PBENCH_MCM_VC Vc = McmAllocVc();
    UNREFERENCED_PARAMETER(ProtocolAfContext);
    if (Vc == NULL) return NDIS_STATUS_RESOURCES;
    Vc->NdisVcHandle = NdisVcHandle;
    Vc->CallParameters = NULL;
    *ProtocolVcContext = Vc;
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCoDeleteVc (CmDeleteVcHandler): the client deleted the VC. */
NDIS_STATUS BenchMcmCmDeleteVc(NDIS_HANDLE ProtocolVcContext) {
    McmFreeVc((PBENCH_MCM_VC)ProtocolVcContext);
    return NDIS_STATUS_SUCCESS;
}

/* ProtocolCmMakeCall, <= DISPATCH: record the call and pend until the network answers. */
NDIS_STATUS BenchMcmCmMakeCall(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters,
                               NDIS_HANDLE NdisPartyHandle, PNDIS_HANDLE CallMgrPartyContext) {
    PBENCH_MCM_VC Vc = (PBENCH_MCM_VC)CallMgrVcContext;
    KIRQL OldIrql;
    if (CallMgrPartyContext != NULL) *CallMgrPartyContext = NULL;
    Vc->CallParameters = CallParameters;
    Vc->NdisPartyHandle = NdisPartyHandle;
    NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
    McmProcessors[McmProcessor()].Pending = Vc;
    NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
    return NDIS_STATUS_PENDING;
}

/* The network accepted every pending call: activate the VC, then complete the make-call. */
VOID BenchMcmCompletePendingCalls(VOID) {
    KIRQL OldIrql;
    PBENCH_MCM_VC Vc;
    NDIS_STATUS Status;
    NDIS_RAISE_IRQL_TO_DISPATCH(&OldIrql);
    Vc = McmProcessors[McmProcessor()].Pending;
    McmProcessors[McmProcessor()].Pending = NULL;
    NDIS_LOWER_IRQL(OldIrql, DISPATCH_LEVEL);
    if (Vc == NULL) return;
    Status = BenchMcmOps.ActivateVc(Vc->NdisVcHandle, Vc->CallParameters);
    /* A multipoint call's initial party keeps its NDIS handle as the call manager's context. */
    BenchMcmOps.MakeCallComplete(Status, Vc->NdisVcHandle, Vc->NdisPartyHandle, Vc->NdisPartyHandle,
                                 Vc->CallParameters);
}

/* ProtocolCmCloseCall: tear the call down, deactivate the VC, and finish synchronously. */
NDIS_STATUS BenchMcmCmCloseCall(NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext, PVOID CloseData,
                                UINT Size) {
    PBENCH_MCM_VC Vc = (PBENCH_MCM_VC)CallMgrVcContext;
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    BenchMcmOps.DeactivateVc(Vc->NdisVcHandle);
    Vc->CallParameters = NULL;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS McmCmOpenAf(NDIS_HANDLE CallMgrBindingContext, PCO_ADDRESS_FAMILY AddressFamily,
                               NDIS_HANDLE NdisAfHandle, PNDIS_HANDLE CallMgrAfContext) {
    UNREFERENCED_PARAMETER(AddressFamily);
    UNREFERENCED_PARAMETER(NdisAfHandle);
    *CallMgrAfContext = CallMgrBindingContext;
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS McmCmCloseAf(NDIS_HANDLE CallMgrAfContext) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS McmCmRegisterSap(NDIS_HANDLE CallMgrAfContext, PCO_SAP Sap, NDIS_HANDLE NdisSapHandle,
                                    PNDIS_HANDLE CallMgrSapContext) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(Sap);
    *CallMgrSapContext = NdisSapHandle;
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS McmCmDeregisterSap(NDIS_HANDLE CallMgrSapContext) {
    UNREFERENCED_PARAMETER(CallMgrSapContext);
    return NDIS_STATUS_SUCCESS;
}
static VOID McmCmIncomingCallComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext,
                                      PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
}
/* ProtocolCmAddParty / ProtocolCmDropParty, <= DISPATCH: the network takes every leaf at once, and
 * the party's NDIS handle is all the state this call manager keeps for it (so the memory
 * measurement of parties counts condis alone). */
static NDIS_STATUS McmCmAddParty(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters,
                                 NDIS_HANDLE NdisPartyHandle, PNDIS_HANDLE CallMgrPartyContext) {
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    *CallMgrPartyContext = NdisPartyHandle;
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS McmCmDropParty(NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size) {
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(CloseData);
    UNREFERENCED_PARAMETER(Size);
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS McmCmModifyCallQoS(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_NOT_SUPPORTED;
}
static VOID McmCmActivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext,
                                    PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
}
static VOID McmCmDeactivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext) {
    UNREFERENCED_PARAMETER(Status);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
}
static NDIS_STATUS McmCmOidRequest(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext,
                                   NDIS_HANDLE CallMgrPartyContext, PNDIS_OID_REQUEST NdisRequest) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}
static VOID McmCmOidRequestComplete(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext,
                                    NDIS_HANDLE CallMgrPartyContext, PNDIS_OID_REQUEST NdisRequest,
                                    NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(CallMgrVcContext);
    UNREFERENCED_PARAMETER(CallMgrPartyContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    UNREFERENCED_PARAMETER(Status);
}
static VOID McmCmNotifyCloseAfComplete(NDIS_HANDLE CallMgrAfContext, NDIS_STATUS Status) {
    UNREFERENCED_PARAMETER(CallMgrAfContext);
    UNREFERENCED_PARAMETER(Status);
}

/* MiniportCo* VC handlers: an MCM's client VCs go through the call-manager table instead, and
 * CoCreateVc/CoDeleteVc stay NULL (VC-018). */
static NDIS_STATUS McmCoActivateVc(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(CallParameters);
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS McmCoDeactivateVc(NDIS_HANDLE MiniportVcContext) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    return NDIS_STATUS_SUCCESS;
}
static VOID McmCoSendNetBufferLists(NDIS_HANDLE MiniportVcContext, PNET_BUFFER_LIST NetBufferLists,
                                    ULONG SendFlags) {
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendFlags);
}
static NDIS_STATUS McmCoOidRequest(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext,
                                   PNDIS_OID_REQUEST NdisRequest) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(MiniportVcContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

/* MiniportInitializeEx, PASSIVE: attributes, then the one AF this MCM serves. */
static NDIS_STATUS McmInitializeEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
                                   PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters) {
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Reg;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES Gen;
    CO_ADDRESS_FAMILY Af;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    McmAdapterHandle = MiniportAdapterHandle;
    McmFillPools();

    NdisZeroMemory(&Reg, sizeof(Reg));
    Reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    Reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Reg.MiniportAdapterContext = &McmAdapterHandle;
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

    NdisZeroMemory(&Af, sizeof(Af));
    Af.AddressFamily = CO_ADDRESS_FAMILY_Q2931;
    Af.MajorVersion = 3;
    Af.MinorVersion = 1;
    return NdisMCmRegisterAddressFamilyEx(MiniportAdapterHandle, &Af);
}

static VOID McmHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(HaltAction);
}
static NDIS_STATUS McmPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS Parameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(Parameters);
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS McmRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS Parameters) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(Parameters);
    return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS McmOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}
static VOID McmSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                                  NDIS_PORT_NUMBER PortNumber, ULONG SendFlags) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(SendFlags);
}
static VOID McmReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                                    ULONG ReturnFlags) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}
static VOID McmCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}
static VOID McmDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}
static VOID McmShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}
static VOID McmCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId) {
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
static VOID McmUnload(PDRIVER_OBJECT DriverObject) {
    UNREFERENCED_PARAMETER(DriverObject);
    NdisMDeregisterMiniportDriver(McmDriverHandle);
}

/* MiniportSetOptions: an MCM registers both the CoNDIS miniport table and the CM table. */
static NDIS_STATUS McmSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
    NDIS_MINIPORT_CO_CHARACTERISTICS Co;
    NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS Cm;
    NDIS_STATUS Status;
    UNREFERENCED_PARAMETER(DriverContext);

    NdisZeroMemory(&Co, sizeof(Co));
    Co.Header.Type = NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS;
    Co.Header.Revision = NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    Co.Header.Size = NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
    Co.CoActivateVcHandler = McmCoActivateVc;
    Co.CoDeactivateVcHandler = McmCoDeactivateVc;
    Co.CoSendNetBufferListsHandler = McmCoSendNetBufferLists;
    Co.CoOidRequestHandler = McmCoOidRequest;
    Status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Co);
    if (Status != NDIS_STATUS_SUCCESS) return Status;

    NdisZeroMemory(&Cm, sizeof(Cm));
    Cm.Header.Type = NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS;
    Cm.Header.Revision = NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1;
    Cm.Header.Size = sizeof(Cm);
    Cm.CmCreateVcHandler = BenchMcmCmCreateVc;
    Cm.CmDeleteVcHandler = BenchMcmCmDeleteVc;
    Cm.CmOpenAfHandler = McmCmOpenAf;
    Cm.CmCloseAfHandler = McmCmCloseAf;
    Cm.CmRegisterSapHandler = McmCmRegisterSap;
    Cm.CmDeregisterSapHandler = McmCmDeregisterSap;
    Cm.CmMakeCallHandler = BenchMcmCmMakeCall;
    Cm.CmCloseCallHandler = BenchMcmCmCloseCall;
    Cm.CmIncomingCallCompleteHandler = McmCmIncomingCallComplete;
    Cm.CmAddPartyHandler = McmCmAddParty;
    Cm.CmDropPartyHandler = McmCmDropParty;
    Cm.CmActivateVcCompleteHandler = McmCmActivateVcComplete;
    Cm.CmDeactivateVcCompleteHandler = McmCmDeactivateVcComplete;
    Cm.CmModifyCallQoSHandler = McmCmModifyCallQoS;
    Cm.CmOidRequestHandler = McmCmOidRequest;
    Cm.CmOidRequestCompleteHandler = McmCmOidRequestComplete;
    Cm.CmNotifyCloseAfCompleteHandler = McmCmNotifyCloseAfComplete;
    return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Cm);
}

NDIS_STATUS BenchMcmDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars;
    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 0;
    Chars.MajorDriverVersion = 1;
    Chars.SetOptionsHandler = McmSetOptions;
    Chars.InitializeHandlerEx = McmInitializeEx;
    Chars.HaltHandlerEx = McmHaltEx;
    Chars.UnloadHandler = McmUnload;
    Chars.PauseHandler = McmPause;
    Chars.RestartHandler = McmRestart;
    Chars.OidRequestHandler = McmOidRequest;
    Chars.SendNetBufferListsHandler = McmSendNetBufferLists;
    Chars.ReturnNetBufferListsHandler = McmReturnNetBufferLists;
    Chars.CancelSendHandler = McmCancelSend;
    Chars.DevicePnPEventNotifyHandler = McmDevicePnPEventNotify;
    Chars.ShutdownHandlerEx = McmShutdownEx;
    Chars.CancelOidRequestHandler = McmCancelOidRequest;
    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &McmDriverHandle);
}
