// The two drivers of the call-model fuzz target: a miniport call manager (one adapter, one AF)
// and a client. Each handler answers as the input chose (success, failure, or pending until the
// input completes it), records every NDIS handle it is given, and never dereferences a context:
// the existing test drivers trust their contexts, which a fuzzed call that creates objects on
// their behalf would break. The runtime calls every handler; the input drives every Ndis* call.
#include <cstdio>
#include <cstring>

#include "fuzz/fuzz_world.hpp"

namespace condis::fuzz {
namespace {

World g_world;
alignas(16) unsigned char g_arena[4096];

NDIS_STATUS answer(Op op) {
  switch (g_world.answers[size_t(op)]) {
    case Answer::Success: return NDIS_STATUS_SUCCESS;
    case Answer::Failure: return g_world.failure[size_t(op)];
    default: return NDIS_STATUS_PENDING;  // handlers that cannot pend map it to SUCCESS
  }
}

void pend(Pending p) {
  if (g_world.pending.size() < 256) g_world.pending.push_back(p);
}

// A new context for the object `handle` names (a completion passes the CM's final context).
NDIS_HANDLE bound_context(NDIS_HANDLE handle) {
  NDIS_HANDLE context = new_context();
  g_world.bind(context, handle);
  return context;
}

// Completes p from inside its handler, with the handles it concerns (MCM names).
void complete_now(const Pending& p, NDIS_STATUS status) {
  switch (p.kind) {
    case PendKind::OpenAf: NdisMCmOpenAddressFamilyComplete(status, p.handle, bound_context(p.handle)); break;
    case PendKind::CloseAf: NdisMCmCloseAddressFamilyComplete(status, p.handle); break;
    case PendKind::RegisterSap: NdisMCmRegisterSapComplete(status, p.handle, bound_context(p.handle)); break;
    case PendKind::DeregisterSap: NdisMCmDeregisterSapComplete(status, p.handle); break;
    case PendKind::MakeCall:
      if (status == NDIS_STATUS_SUCCESS) (void)NdisMCmActivateVc(p.handle, p.params);
      NdisMCmMakeCallComplete(status, p.handle, p.handle2, p.handle2 != nullptr ? bound_context(p.handle2) : nullptr,
                              p.params);
      break;
    case PendKind::CloseCall: NdisMCmCloseCallComplete(status, p.handle, p.handle2); break;
    case PendKind::AddParty: NdisMCmAddPartyComplete(status, p.handle, bound_context(p.handle), p.params); break;
    case PendKind::DropParty: NdisMCmDropPartyComplete(status, p.handle); break;
    case PendKind::ModifyQoS: NdisMCmModifyCallQoSComplete(status, p.handle, p.params); break;
    case PendKind::CmOid: NdisMCmOidRequestComplete(p.handle3, p.handle, nullptr, p.request, status); break;
    case PendKind::CoActivate: NdisMCoActivateVcComplete(status, p.handle, p.params); break;
    case PendKind::CoDeactivate: NdisMCoDeactivateVcComplete(status, p.handle); break;
    case PendKind::CoOid: NdisMCoOidRequestComplete(g_world.adapter, p.handle, p.request, status); break;
    case PendKind::Send: NdisMCoSendNetBufferListsComplete(p.handle, p.nbl, 0); break;
    case PendKind::IncomingCall: NdisClIncomingCallComplete(status, p.handle, p.params); break;
    case PendKind::NotifyCloseAf: NdisClNotifyCloseAddressFamilyComplete(p.handle, status); break;
    case PendKind::ClOid: NdisCoOidRequestComplete(p.handle3, p.handle, nullptr, p.request, status); break;
    case PendKind::Count: break;
  }
}

// The handler's answer for op, pending p if it pends.
NDIS_STATUS finish(Op op, const Pending& p) {
  switch (g_world.answers[size_t(op)]) {
    case Answer::Success: return NDIS_STATUS_SUCCESS;
    case Answer::Failure: return g_world.failure[size_t(op)];
    case Answer::Pend: pend(p); return NDIS_STATUS_PENDING;
    case Answer::PendInline: complete_now(p, NDIS_STATUS_SUCCESS); return NDIS_STATUS_PENDING;
    case Answer::SuccessInline: complete_now(p, NDIS_STATUS_SUCCESS); return NDIS_STATUS_SUCCESS;
    case Answer::Count: break;
  }
  return NDIS_STATUS_SUCCESS;
}

NDIS_HANDLE owner(NDIS_HANDLE context) { return g_world.handle_of(context); }

// Applies the input's mutation of `site` to a structure's header and handlers.
template <class... Handler>
void mutate(Site site, NDIS_OBJECT_HEADER& header, Handler*... handlers) {
  const Mutation& m = g_world.mutations[size_t(site)];
  if (m.header != 0) {
    const uint8_t value = m.header >> 2;
    switch (m.header & 3) {
      case 0: header.Type = value; break;
      case 1: header.Revision = value; break;
      default: header.Size = USHORT(header.Size * (value % 64) / 64); break;  // smaller only
    }
  }
  unsigned i = 0;
  ((void)(((m.null_mask >> (i++ % 64)) & 1) ? (*handlers = nullptr, 0) : 0), ...);
}

NDIS_MEDIUM g_media[] = {NdisMediumAtm, NdisMediumCoWan};
UINT g_selected_medium;
UCHAR g_payload[64];

NDIS_HANDLE allocate_pool(NDIS_HANDLE owner) {
  NET_BUFFER_LIST_POOL_PARAMETERS pool;
  NdisZeroMemory(&pool, sizeof(pool));
  pool.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
  pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
  pool.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
  pool.fAllocateNetBuffer = TRUE;
  pool.PoolTag = 0x7a7a7546;  // "Fuzz"
  mutate(Site::NblPool, pool.Header);
  return NdisAllocateNetBufferListPool(owner, &pool);
}

}  // namespace

World& world() { return g_world; }

void reset_world() {
  g_world.~World();
  new (&g_world) World();
}

NDIS_HANDLE new_context() {
  const uint32_t i = g_world.next_context++ % sizeof(g_arena);
  return &g_arena[i];
}

bool is_context(NDIS_HANDLE context) {
  auto p = static_cast<unsigned char*>(context);
  return p == nullptr || (p >= g_arena && p < g_arena + sizeof(g_arena));
}

void check_context(NDIS_HANDLE context, const char* handler, const char* parameter) {
  if (is_context(context)) return;
  char text[160];
  std::snprintf(text, sizeof(text), "%s received %s=%p, a context no driver gave", handler, parameter, context);
  if (g_world.problems.size() < 16) g_world.problems.emplace_back(text);
}

PCO_CALL_PARAMETERS new_call_parameters(ULONG flags, bool cm, bool media, ULONG specific_length) {
  auto buffer = std::make_unique<CallBuffer>();
  if (specific_length > sizeof(buffer->tail)) specific_length = sizeof(buffer->tail);
  buffer->call.Flags = flags;
  if (cm) {
    buffer->call.CallMgrParameters = &buffer->cm;
    buffer->cm.Transmit.PeakBandwidth = 1000;
    buffer->cm.Receive.PeakBandwidth = 1000;
  }
  if (media) {
    buffer->call.MediaParameters = &buffer->media;
    // The media block is last but one: its specific bytes run into the tail.
    buffer->media.MediaSpecific.Length = cm ? 0 : specific_length;
  }
  PCO_CALL_PARAMETERS p = &buffer->call;
  g_world.calls.push_back(std::move(buffer));
  return p;
}

PNDIS_OID_REQUEST new_request(NDIS_OID oid, ULONG length, bool set) {
  auto buffer = std::make_unique<RequestBuffer>();
  if (length > sizeof(buffer->data)) length = sizeof(buffer->data);
  NDIS_OID_REQUEST& r = buffer->request;
  r.Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
  r.Header.Revision = NDIS_OID_REQUEST_REVISION_1;
  r.Header.Size = NDIS_SIZEOF_OID_REQUEST_REVISION_1;
  r.RequestType = set ? NdisRequestSetInformation : NdisRequestQueryInformation;
  r.DATA.QUERY_INFORMATION.Oid = oid;
  r.DATA.QUERY_INFORMATION.InformationBuffer = buffer->data;
  r.DATA.QUERY_INFORMATION.InformationBufferLength = length;
  PNDIS_OID_REQUEST p = &buffer->request;
  g_world.requests.push_back(std::move(buffer));
  return p;
}

// A request handler's synchronous answer: nothing written.
static void answer_request(PNDIS_OID_REQUEST request) {
  if (request == nullptr) return;
  request->DATA.QUERY_INFORMATION.BytesWritten = 0;
  request->DATA.QUERY_INFORMATION.BytesNeeded = 0;
}

}  // namespace condis::fuzz

using namespace condis::fuzz;

// ==== The miniport call manager ===============================================================
extern "C" {

// ProtocolCmOpenAf, PASSIVE: a client opens our AF.
static NDIS_STATUS McmCmOpenAf(NDIS_HANDLE CallMgrBindingContext, PCO_ADDRESS_FAMILY AddressFamily,
                               NDIS_HANDLE NdisAfHandle, PNDIS_HANDLE CallMgrAfContext) {
  (void)AddressFamily;
  check_context(CallMgrBindingContext, "ProtocolCmOpenAf", "CallMgrBindingContext");
  world().remember(Kind::Af, NdisAfHandle);
  *CallMgrAfContext = new_context();
  world().bind(*CallMgrAfContext, NdisAfHandle);
  return finish(Op::CmOpenAf, {PendKind::OpenAf, NdisAfHandle});
}
static NDIS_STATUS McmCmCloseAf(NDIS_HANDLE CallMgrAfContext) {
  check_context(CallMgrAfContext, "ProtocolCmCloseAf", "CallMgrAfContext");
  return finish(Op::CmCloseAf, {PendKind::CloseAf, owner(CallMgrAfContext)});
}
static NDIS_STATUS McmCmRegisterSap(NDIS_HANDLE CallMgrAfContext, PCO_SAP Sap, NDIS_HANDLE NdisSapHandle,
                                    PNDIS_HANDLE CallMgrSapContext) {
  (void)Sap;
  check_context(CallMgrAfContext, "ProtocolCmRegisterSap", "CallMgrAfContext");
  world().remember(Kind::Sap, NdisSapHandle);
  *CallMgrSapContext = new_context();
  world().bind(*CallMgrSapContext, NdisSapHandle);
  return finish(Op::CmRegisterSap, {PendKind::RegisterSap, NdisSapHandle});
}
static NDIS_STATUS McmCmDeregisterSap(NDIS_HANDLE CallMgrSapContext) {
  check_context(CallMgrSapContext, "ProtocolCmDeregisterSap", "CallMgrSapContext");
  return finish(Op::CmDeregisterSap, {PendKind::DeregisterSap, owner(CallMgrSapContext)});
}
// ProtocolCoCreateVc of the CM, <= DISPATCH: a client creates a VC on our AF.
static NDIS_STATUS McmCmCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle,
                                 PNDIS_HANDLE ProtocolVcContext) {
  check_context(ProtocolAfContext, "ProtocolCoCreateVc(CM)", "ProtocolAfContext");
  world().remember(Kind::Vc, NdisVcHandle);
  *ProtocolVcContext = new_context();
  world().bind(*ProtocolVcContext, NdisVcHandle);
  NDIS_STATUS s = answer(Op::CmCreateVc);
  return s == NDIS_STATUS_PENDING ? NDIS_STATUS_SUCCESS : s;  // create-VC cannot pend
}
static NDIS_STATUS McmCmDeleteVc(NDIS_HANDLE ProtocolVcContext) {
  check_context(ProtocolVcContext, "ProtocolCoDeleteVc(CM)", "ProtocolVcContext");
  NDIS_STATUS s = answer(Op::CmDeleteVc);
  return s == NDIS_STATUS_PENDING ? NDIS_STATUS_SUCCESS : s;
}
static NDIS_STATUS McmCmMakeCall(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters,
                                 NDIS_HANDLE NdisPartyHandle, PNDIS_HANDLE CallMgrPartyContext) {
  check_context(CallMgrVcContext, "ProtocolCmMakeCall", "CallMgrVcContext");
  world().remember(Kind::Party, NdisPartyHandle);
  if (CallMgrPartyContext != nullptr) {
    *CallMgrPartyContext = new_context();
    world().bind(*CallMgrPartyContext, NdisPartyHandle);
  }
  return finish(Op::CmMakeCall, {PendKind::MakeCall, owner(CallMgrVcContext), NdisPartyHandle, nullptr, CallParameters});
}
static NDIS_STATUS McmCmCloseCall(NDIS_HANDLE CallMgrVcContext, NDIS_HANDLE CallMgrPartyContext, PVOID CloseData,
                                  UINT Size) {
  (void)CloseData;
  (void)Size;
  check_context(CallMgrVcContext, "ProtocolCmCloseCall", "CallMgrVcContext");
  check_context(CallMgrPartyContext, "ProtocolCmCloseCall", "CallMgrPartyContext");
  return finish(Op::CmCloseCall, {PendKind::CloseCall, owner(CallMgrVcContext), owner(CallMgrPartyContext)});
}
static VOID McmCmIncomingCallComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext,
                                      PCO_CALL_PARAMETERS CallParameters) {
  (void)Status;
  (void)CallParameters;
  check_context(CallMgrVcContext, "ProtocolCmIncomingCallComplete", "CallMgrVcContext");
}
static NDIS_STATUS McmCmAddParty(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters,
                                 NDIS_HANDLE NdisPartyHandle, PNDIS_HANDLE CallMgrPartyContext) {
  check_context(CallMgrVcContext, "ProtocolCmAddParty", "CallMgrVcContext");
  world().remember(Kind::Party, NdisPartyHandle);
  *CallMgrPartyContext = new_context();
  world().bind(*CallMgrPartyContext, NdisPartyHandle);
  return finish(Op::CmAddParty, {PendKind::AddParty, NdisPartyHandle, nullptr, nullptr, CallParameters});
}
static NDIS_STATUS McmCmDropParty(NDIS_HANDLE CallMgrPartyContext, PVOID CloseData, UINT Size) {
  (void)CloseData;
  (void)Size;
  check_context(CallMgrPartyContext, "ProtocolCmDropParty", "CallMgrPartyContext");
  return finish(Op::CmDropParty, {PendKind::DropParty, owner(CallMgrPartyContext)});
}
static NDIS_STATUS McmCmModifyCallQoS(NDIS_HANDLE CallMgrVcContext, PCO_CALL_PARAMETERS CallParameters) {
  check_context(CallMgrVcContext, "ProtocolCmModifyCallQoS", "CallMgrVcContext");
  return finish(Op::CmModifyQoS, {PendKind::ModifyQoS, owner(CallMgrVcContext), nullptr, nullptr, CallParameters});
}
static VOID McmCmActivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext,
                                    PCO_CALL_PARAMETERS CallParameters) {
  (void)Status;
  (void)CallParameters;
  check_context(CallMgrVcContext, "ProtocolCmActivateVcComplete", "CallMgrVcContext");
}
static VOID McmCmDeactivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE CallMgrVcContext) {
  (void)Status;
  check_context(CallMgrVcContext, "ProtocolCmDeactivateVcComplete", "CallMgrVcContext");
}
static NDIS_STATUS McmCmOidRequest(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext,
                                   NDIS_HANDLE CallMgrPartyContext, PNDIS_OID_REQUEST NdisRequest) {
  check_context(CallMgrAfContext, "ProtocolCoOidRequest(CM)", "CallMgrAfContext");
  check_context(CallMgrVcContext, "ProtocolCoOidRequest(CM)", "CallMgrVcContext");
  check_context(CallMgrPartyContext, "ProtocolCoOidRequest(CM)", "CallMgrPartyContext");
  if (answer(Op::CmOidRequest) != NDIS_STATUS_PENDING) answer_request(NdisRequest);
  return finish(Op::CmOidRequest, {PendKind::CmOid, owner(CallMgrVcContext), nullptr, owner(CallMgrAfContext), nullptr,
                                   nullptr, NdisRequest});
}
static VOID McmCmOidRequestComplete(NDIS_HANDLE CallMgrAfContext, NDIS_HANDLE CallMgrVcContext,
                                    NDIS_HANDLE CallMgrPartyContext, PNDIS_OID_REQUEST NdisRequest,
                                    NDIS_STATUS Status) {
  (void)NdisRequest;
  (void)Status;
  check_context(CallMgrAfContext, "ProtocolCoOidRequestComplete(CM)", "CallMgrAfContext");
  check_context(CallMgrVcContext, "ProtocolCoOidRequestComplete(CM)", "CallMgrVcContext");
  check_context(CallMgrPartyContext, "ProtocolCoOidRequestComplete(CM)", "CallMgrPartyContext");
}
static VOID McmCmNotifyCloseAfComplete(NDIS_HANDLE CallMgrAfContext, NDIS_STATUS Status) {
  (void)Status;
  check_context(CallMgrAfContext, "ProtocolCmNotifyCloseAfComplete", "CallMgrAfContext");
}

// MiniportCo* handlers (the MCM's miniport side of a VC).
static NDIS_STATUS McmCoActivateVc(NDIS_HANDLE MiniportVcContext, PCO_CALL_PARAMETERS CallParameters) {
  check_context(MiniportVcContext, "MiniportCoActivateVc", "MiniportVcContext");
  return finish(Op::CoActivateVc, {PendKind::CoActivate, owner(MiniportVcContext), nullptr, nullptr, CallParameters});
}
static NDIS_STATUS McmCoDeactivateVc(NDIS_HANDLE MiniportVcContext) {
  check_context(MiniportVcContext, "MiniportCoDeactivateVc", "MiniportVcContext");
  return finish(Op::CoDeactivateVc, {PendKind::CoDeactivate, owner(MiniportVcContext)});
}
static VOID McmCoSendNetBufferLists(NDIS_HANDLE MiniportVcContext, PNET_BUFFER_LIST NetBufferLists, ULONG SendFlags) {
  (void)SendFlags;
  check_context(MiniportVcContext, "MiniportCoSendNetBufferLists", "MiniportVcContext");
  // Kept until the input completes it (the VC handle is the input's pick then).
  for (PNET_BUFFER_LIST n = NetBufferLists; n != nullptr; n = NET_BUFFER_LIST_NEXT_NBL(n)) {
    n->Status = answer(Op::CoSend) == NDIS_STATUS_SUCCESS ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
  }
  const Pending p{PendKind::Send, owner(MiniportVcContext), nullptr, nullptr, nullptr, NetBufferLists};
  // Completed at once (from inside the send) when the input chose an inline answer.
  const Answer a = world().answers[size_t(Op::CoSend)];
  if (a == Answer::PendInline || a == Answer::SuccessInline) complete_now(p, NDIS_STATUS_SUCCESS);
  else pend(p);
}
static NDIS_STATUS McmCoOidRequest(NDIS_HANDLE MiniportAdapterContext, NDIS_HANDLE MiniportVcContext,
                                   PNDIS_OID_REQUEST NdisRequest) {
  check_context(MiniportAdapterContext, "MiniportCoOidRequest", "MiniportAdapterContext");
  check_context(MiniportVcContext, "MiniportCoOidRequest", "MiniportVcContext");
  if (answer(Op::CoOidRequest) != NDIS_STATUS_PENDING) answer_request(NdisRequest);
  return finish(Op::CoOidRequest, {PendKind::CoOid, owner(MiniportVcContext), nullptr, nullptr, nullptr, nullptr, NdisRequest});
}

// MiniportInitializeEx, PASSIVE: attributes, an NBL pool, then the AF this MCM serves.
static NDIS_STATUS McmInitializeEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
                                   PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters) {
  (void)MiniportDriverContext;
  (void)MiniportInitParameters;
  World& w = world();
  w.adapter = MiniportAdapterHandle;
  w.remember(Kind::Adapter, MiniportAdapterHandle);

  NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
  NdisZeroMemory(&reg, sizeof(reg));
  reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
  reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  reg.MiniportAdapterContext = new_context();
  reg.InterfaceType = NdisInterfaceInternal;
  mutate(Site::McmRegistrationAttributes, reg.Header);
  NDIS_STATUS status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
  if (status != NDIS_STATUS_SUCCESS) return status;

  NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
  NdisZeroMemory(&gen, sizeof(gen));
  gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
  gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
  gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
  gen.MediaType = NdisMediumAtm;
  gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
  gen.MtuSize = 9180;
  gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = 155520000;
  gen.MediaConnectState = MediaConnectStateConnected;
  gen.MediaDuplexState = MediaDuplexStateFull;
  gen.LookaheadSize = 9180;
  mutate(Site::McmGeneralAttributes, gen.Header);
  status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
  if (status != NDIS_STATUS_SUCCESS) return status;

  w.mcm_pool = allocate_pool(MiniportAdapterHandle);
  CO_ADDRESS_FAMILY af;
  NdisZeroMemory(&af, sizeof(af));
  af.AddressFamily = CO_ADDRESS_FAMILY_Q2931;
  af.MajorVersion = 3;
  af.MinorVersion = 1;
  return NdisMCmRegisterAddressFamilyEx(MiniportAdapterHandle, &af);
}
static VOID McmHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction) {
  (void)HaltAction;
  check_context(MiniportAdapterContext, "MiniportHaltEx", "MiniportAdapterContext");
  World& w = world();
  // The pool goes; its NBLs (never freed, so the runtime keeps the pool: DP-036) stay valid
  // memory, and the input may still send, return or complete them, and complete requests and
  // sends held from before the halt: all with stale handles by then.
  if (w.mcm_pool != nullptr) NdisFreeNetBufferListPool(w.mcm_pool);
  w.mcm_pool = nullptr;
  w.adapter = nullptr;
}
static NDIS_STATUS McmPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS Parameters) {
  (void)Parameters;
  check_context(MiniportAdapterContext, "MiniportPause", "MiniportAdapterContext");
  return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS McmRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS Parameters) {
  (void)Parameters;
  check_context(MiniportAdapterContext, "MiniportRestart", "MiniportAdapterContext");
  return NDIS_STATUS_SUCCESS;
}
static NDIS_STATUS McmOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest) {
  (void)OidRequest;
  check_context(MiniportAdapterContext, "MiniportOidRequest", "MiniportAdapterContext");
  return NDIS_STATUS_NOT_SUPPORTED;
}
static VOID McmSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                                  NDIS_PORT_NUMBER PortNumber, ULONG SendFlags) {
  (void)MiniportAdapterContext;
  (void)NetBufferLists;
  (void)PortNumber;
  (void)SendFlags;
}
// MiniportReturnNetBufferLists: a receive indication came back; the NBL is ours to reuse.
static VOID McmReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                                    ULONG ReturnFlags) {
  (void)NetBufferLists;
  (void)ReturnFlags;
  check_context(MiniportAdapterContext, "MiniportReturnNetBufferLists", "MiniportAdapterContext");
}
static VOID McmCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId) {
  (void)MiniportAdapterContext;
  (void)CancelId;
}
static VOID McmDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent) {
  (void)MiniportAdapterContext;
  (void)NetDevicePnPEvent;
}
static VOID McmShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction) {
  (void)MiniportAdapterContext;
  (void)ShutdownAction;
}
static VOID McmCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId) {
  (void)MiniportAdapterContext;
  (void)RequestId;
}
static VOID McmUnload(PDRIVER_OBJECT DriverObject) {
  (void)DriverObject;
  NdisMDeregisterMiniportDriver(world().mcm_driver);
}

static NDIS_STATUS McmSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
  (void)DriverContext;
  NDIS_MINIPORT_CO_CHARACTERISTICS co;
  NdisZeroMemory(&co, sizeof(co));
  co.Header.Type = NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS;
  co.Header.Revision = NDIS_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
  co.Header.Size = NDIS_SIZEOF_MINIPORT_CO_CHARACTERISTICS_REVISION_1;
  co.CoActivateVcHandler = McmCoActivateVc;
  co.CoDeactivateVcHandler = McmCoDeactivateVc;
  co.CoSendNetBufferListsHandler = McmCoSendNetBufferLists;
  co.CoOidRequestHandler = McmCoOidRequest;
  mutate(Site::McmCo, co.Header, &co.CoActivateVcHandler, &co.CoDeactivateVcHandler, &co.CoSendNetBufferListsHandler,
         &co.CoOidRequestHandler);
  NDIS_STATUS status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&co);
  if (status != NDIS_STATUS_SUCCESS) return status;

  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS cm;
  NdisZeroMemory(&cm, sizeof(cm));
  cm.Header.Type = NDIS_OBJECT_TYPE_CO_CALL_MANAGER_OPTIONAL_HANDLERS;
  cm.Header.Revision = NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS_REVISION_1;
  cm.Header.Size = sizeof(cm);
  cm.CmCreateVcHandler = McmCmCreateVc;
  cm.CmDeleteVcHandler = McmCmDeleteVc;
  cm.CmOpenAfHandler = McmCmOpenAf;
  cm.CmCloseAfHandler = McmCmCloseAf;
  cm.CmRegisterSapHandler = McmCmRegisterSap;
  cm.CmDeregisterSapHandler = McmCmDeregisterSap;
  cm.CmMakeCallHandler = McmCmMakeCall;
  cm.CmCloseCallHandler = McmCmCloseCall;
  cm.CmIncomingCallCompleteHandler = McmCmIncomingCallComplete;
  cm.CmAddPartyHandler = McmCmAddParty;
  cm.CmDropPartyHandler = McmCmDropParty;
  cm.CmActivateVcCompleteHandler = McmCmActivateVcComplete;
  cm.CmDeactivateVcCompleteHandler = McmCmDeactivateVcComplete;
  cm.CmModifyCallQoSHandler = McmCmModifyCallQoS;
  cm.CmOidRequestHandler = McmCmOidRequest;
  cm.CmOidRequestCompleteHandler = McmCmOidRequestComplete;
  cm.CmNotifyCloseAfCompleteHandler = McmCmNotifyCloseAfComplete;
  mutate(Site::McmCm, cm.Header, &cm.CmCreateVcHandler, &cm.CmDeleteVcHandler, &cm.CmOpenAfHandler,
         &cm.CmCloseAfHandler, &cm.CmRegisterSapHandler, &cm.CmDeregisterSapHandler, &cm.CmMakeCallHandler,
         &cm.CmCloseCallHandler, &cm.CmIncomingCallCompleteHandler, &cm.CmAddPartyHandler, &cm.CmDropPartyHandler,
         &cm.CmActivateVcCompleteHandler, &cm.CmDeactivateVcCompleteHandler, &cm.CmModifyCallQoSHandler,
         &cm.CmOidRequestHandler, &cm.CmOidRequestCompleteHandler, &cm.CmNotifyCloseAfCompleteHandler);
  return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&cm);
}

NDIS_STATUS FuzzMcmDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;
  NdisZeroMemory(&chars, sizeof(chars));
  chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
  chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
  chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
  chars.MajorNdisVersion = 6;
  chars.MinorNdisVersion = 0;
  chars.MajorDriverVersion = 1;
  chars.SetOptionsHandler = McmSetOptions;
  chars.InitializeHandlerEx = McmInitializeEx;
  chars.HaltHandlerEx = McmHaltEx;
  chars.UnloadHandler = McmUnload;
  chars.PauseHandler = McmPause;
  chars.RestartHandler = McmRestart;
  chars.OidRequestHandler = McmOidRequest;
  chars.SendNetBufferListsHandler = McmSendNetBufferLists;
  chars.ReturnNetBufferListsHandler = McmReturnNetBufferLists;
  chars.CancelSendHandler = McmCancelSend;
  chars.DevicePnPEventNotifyHandler = McmDevicePnPEventNotify;
  chars.ShutdownHandlerEx = McmShutdownEx;
  chars.CancelOidRequestHandler = McmCancelOidRequest;
  mutate(Site::McmDriver, chars.Header, &chars.SetOptionsHandler, &chars.InitializeHandlerEx, &chars.HaltHandlerEx,
         &chars.UnloadHandler, &chars.PauseHandler, &chars.RestartHandler, &chars.OidRequestHandler,
         &chars.SendNetBufferListsHandler, &chars.ReturnNetBufferListsHandler, &chars.CancelSendHandler,
         &chars.DevicePnPEventNotifyHandler, &chars.ShutdownHandlerEx, &chars.CancelOidRequestHandler);
  return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, nullptr, &chars, &world().mcm_driver);
}

// ==== The client ================================================================================

static VOID ClOpenAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status);

// ProtocolBindAdapterEx, PASSIVE: open the adapter and create the send pool.
static NDIS_STATUS ClBindAdapterEx(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                                   PNDIS_BIND_PARAMETERS BindParameters) {
  (void)ProtocolDriverContext;
  World& w = world();
  NDIS_OPEN_PARAMETERS open;
  NdisZeroMemory(&open, sizeof(open));
  open.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
  open.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
  open.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
  open.AdapterName = BindParameters->AdapterName;
  open.MediumArray = g_media;
  open.MediumArraySize = 2;
  open.SelectedMediumIndex = &g_selected_medium;
  mutate(Site::ClientOpen, open.Header);
  NDIS_HANDLE binding = nullptr;
  NDIS_STATUS status = NdisOpenAdapterEx(w.client_protocol, new_context(), &open, BindContext, &binding);
  if (status == NDIS_STATUS_SUCCESS || status == NDIS_STATUS_PENDING) {
    w.binding = binding;
    w.remember(Kind::Binding, binding);
  }
  if (status == NDIS_STATUS_SUCCESS && w.client_pool == nullptr) w.client_pool = allocate_pool(w.client_protocol);
  return status;
}
static VOID ClOpenAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status) {
  (void)Status;
  check_context(ProtocolBindingContext, "ProtocolOpenAdapterCompleteEx", "ProtocolBindingContext");
}
// ProtocolUnbindAdapterEx, PASSIVE: free the pool and close the adapter, whatever is still open on
// it (the runtime reports and releases what is left).
static NDIS_STATUS ClUnbindAdapterEx(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext) {
  check_context(ProtocolBindingContext, "ProtocolUnbindAdapterEx", "ProtocolBindingContext");
  World& w = world();
  if (w.client_pool != nullptr) NdisFreeNetBufferListPool(w.client_pool);  // kept while NBLs live (DP-036)
  w.client_pool = nullptr;
  w.unbind_context = UnbindContext;
  NDIS_HANDLE binding = w.binding;
  w.binding = nullptr;
  return NdisCloseAdapterEx(binding);
}
static VOID ClCloseAdapterCompleteEx(NDIS_HANDLE ProtocolBindingContext) {
  check_context(ProtocolBindingContext, "ProtocolCloseAdapterCompleteEx", "ProtocolBindingContext");
  NdisCompleteUnbindAdapterEx(world().unbind_context);
}
static NDIS_STATUS ClNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION Notification) {
  (void)Notification;
  check_context(ProtocolBindingContext, "ProtocolNetPnPEvent", "ProtocolBindingContext");
  return NDIS_STATUS_SUCCESS;
}
static VOID ClUninstall(VOID) {}
static VOID ClOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
  (void)OidRequest;
  (void)Status;
  check_context(ProtocolBindingContext, "ProtocolOidRequestComplete", "ProtocolBindingContext");
}
static VOID ClStatusEx(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication) {
  (void)StatusIndication;
  check_context(ProtocolBindingContext, "ProtocolStatusEx", "ProtocolBindingContext");
}
static VOID ClReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                                    NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags) {
  (void)ProtocolBindingContext;
  (void)NetBufferLists;
  (void)PortNumber;
  (void)NumberOfNetBufferLists;
  (void)ReceiveFlags;
}
static VOID ClSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList,
                                         ULONG SendCompleteFlags) {
  (void)ProtocolBindingContext;
  (void)NetBufferList;
  (void)SendCompleteFlags;
}

// ProtocolCoAfRegisterNotify, PASSIVE: a call manager offers an AF.
static VOID ClAfRegisterNotify(NDIS_HANDLE ProtocolBindingContext, PCO_ADDRESS_FAMILY AddressFamily) {
  check_context(ProtocolBindingContext, "ProtocolCoAfRegisterNotify", "ProtocolBindingContext");
  World& w = world();
  w.family = *AddressFamily;
  w.family_known = true;
  if (!w.auto_open || w.binding == nullptr) return;
  NDIS_HANDLE af = nullptr;
  NDIS_HANDLE context = new_context();
  NDIS_STATUS status = NdisClOpenAddressFamilyEx(w.binding, AddressFamily, context, &af);
  if (status == NDIS_STATUS_SUCCESS) {
    w.remember(Kind::Af, af);
    w.bind(context, af);
  }
}
static VOID ClOpenAfCompleteEx(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisAfHandle, NDIS_STATUS Status) {
  (void)Status;
  check_context(ProtocolAfContext, "ProtocolClOpenAfCompleteEx", "ProtocolAfContext");
  world().remember(Kind::Af, NdisAfHandle);
  world().bind(ProtocolAfContext, NdisAfHandle);
}
static VOID ClCloseAfComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolAfContext) {
  (void)Status;
  check_context(ProtocolAfContext, "ProtocolClCloseAfComplete", "ProtocolAfContext");
}
static VOID ClMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE NdisPartyHandle,
                               PCO_CALL_PARAMETERS CallParameters) {
  (void)Status;
  (void)CallParameters;
  check_context(ProtocolVcContext, "ProtocolClMakeCallComplete", "ProtocolVcContext");
  world().remember(Kind::Party, NdisPartyHandle);
}
static VOID ClCloseCallComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext, NDIS_HANDLE ProtocolPartyContext) {
  (void)Status;
  check_context(ProtocolVcContext, "ProtocolClCloseCallComplete", "ProtocolVcContext");
  check_context(ProtocolPartyContext, "ProtocolClCloseCallComplete", "ProtocolPartyContext");
}
// ProtocolCoCreateVc of the client: a call manager creates a VC for an incoming call.
static NDIS_STATUS ClCreateVc(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE NdisVcHandle, PNDIS_HANDLE ProtocolVcContext) {
  check_context(ProtocolAfContext, "ProtocolCoCreateVc(client)", "ProtocolAfContext");
  world().remember(Kind::Vc, NdisVcHandle);
  *ProtocolVcContext = new_context();
  world().bind(*ProtocolVcContext, NdisVcHandle);
  NDIS_STATUS s = answer(Op::ClCreateVc);
  return s == NDIS_STATUS_PENDING ? NDIS_STATUS_SUCCESS : s;
}
static NDIS_STATUS ClDeleteVc(NDIS_HANDLE ProtocolVcContext) {
  check_context(ProtocolVcContext, "ProtocolCoDeleteVc(client)", "ProtocolVcContext");
  NDIS_STATUS s = answer(Op::ClDeleteVc);
  return s == NDIS_STATUS_PENDING ? NDIS_STATUS_SUCCESS : s;
}
static NDIS_STATUS ClIncomingCall(NDIS_HANDLE ProtocolSapContext, NDIS_HANDLE ProtocolVcContext,
                                  PCO_CALL_PARAMETERS CallParameters) {
  check_context(ProtocolSapContext, "ProtocolClIncomingCall", "ProtocolSapContext");
  check_context(ProtocolVcContext, "ProtocolClIncomingCall", "ProtocolVcContext");
  return finish(Op::ClIncomingCall, {PendKind::IncomingCall, owner(ProtocolVcContext), nullptr, nullptr, CallParameters});
}
static VOID ClIncomingCloseCall(NDIS_STATUS CloseStatus, NDIS_HANDLE ProtocolVcContext, PVOID CloseData, UINT Size) {
  (void)CloseStatus;
  (void)CloseData;
  (void)Size;
  check_context(ProtocolVcContext, "ProtocolClIncomingCloseCall", "ProtocolVcContext");
}
static VOID ClCallConnected(NDIS_HANDLE ProtocolVcContext) {
  check_context(ProtocolVcContext, "ProtocolClCallConnected", "ProtocolVcContext");
}
static NDIS_STATUS ClNotifyCloseAf(NDIS_HANDLE ProtocolAfContext) {
  check_context(ProtocolAfContext, "ProtocolClNotifyCloseAf", "ProtocolAfContext");
  return finish(Op::ClNotifyCloseAf, {PendKind::NotifyCloseAf, owner(ProtocolAfContext)});
}
static VOID ClCoStatusEx(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                         PNDIS_STATUS_INDICATION StatusIndication) {
  (void)StatusIndication;
  check_context(ProtocolBindingContext, "ProtocolCoStatusEx", "ProtocolBindingContext");
  check_context(ProtocolVcContext, "ProtocolCoStatusEx", "ProtocolVcContext");
}
// ProtocolCoReceiveNetBufferLists, <= DISPATCH: keep the NBLs (returned later by the input) or
// let them go at once, as the input chose.
static VOID ClCoReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, NDIS_HANDLE ProtocolVcContext,
                                      PNET_BUFFER_LIST NetBufferLists, ULONG NumberOfNetBufferLists,
                                      ULONG ReceiveFlags) {
  (void)NumberOfNetBufferLists;
  check_context(ProtocolBindingContext, "ProtocolCoReceiveNetBufferLists", "ProtocolBindingContext");
  check_context(ProtocolVcContext, "ProtocolCoReceiveNetBufferLists", "ProtocolVcContext");
  World& w = world();
  if (NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) return;
  if (answer(Op::ClReceive) == NDIS_STATUS_SUCCESS) {
    if (w.binding != nullptr) NdisReturnNetBufferLists(w.binding, NetBufferLists, 0);
  } else if (w.received.size() < 64) {
    w.received.push_back(NetBufferLists);
  }
}
static VOID ClCoSendNetBufferListsComplete(NDIS_HANDLE ProtocolVcContext, PNET_BUFFER_LIST NetBufferLists,
                                           ULONG SendCompleteFlags) {
  (void)NetBufferLists;
  (void)SendCompleteFlags;
  check_context(ProtocolVcContext, "ProtocolCoSendNetBufferListsComplete", "ProtocolVcContext");
}
static NDIS_STATUS ClOidRequest(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE ProtocolVcContext,
                                NDIS_HANDLE ProtocolPartyContext, PNDIS_OID_REQUEST OidRequest) {
  check_context(ProtocolAfContext, "ProtocolCoOidRequest(client)", "ProtocolAfContext");
  check_context(ProtocolVcContext, "ProtocolCoOidRequest(client)", "ProtocolVcContext");
  check_context(ProtocolPartyContext, "ProtocolCoOidRequest(client)", "ProtocolPartyContext");
  if (answer(Op::ClOidRequest) != NDIS_STATUS_PENDING) answer_request(OidRequest);
  return finish(Op::ClOidRequest, {PendKind::ClOid, owner(ProtocolVcContext), nullptr, owner(ProtocolAfContext), nullptr,
                                   nullptr, OidRequest});
}
static VOID ClOidRequestCompleteCo(NDIS_HANDLE ProtocolAfContext, NDIS_HANDLE ProtocolVcContext,
                                   NDIS_HANDLE ProtocolPartyContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status) {
  (void)OidRequest;
  (void)Status;
  check_context(ProtocolAfContext, "ProtocolCoOidRequestComplete(client)", "ProtocolAfContext");
  check_context(ProtocolVcContext, "ProtocolCoOidRequestComplete(client)", "ProtocolVcContext");
  check_context(ProtocolPartyContext, "ProtocolCoOidRequestComplete(client)", "ProtocolPartyContext");
}
static VOID ClRegisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolSapContext, PCO_SAP Sap,
                                  NDIS_HANDLE NdisSapHandle) {
  (void)Status;
  (void)Sap;
  check_context(ProtocolSapContext, "ProtocolClRegisterSapComplete", "ProtocolSapContext");
  world().remember(Kind::Sap, NdisSapHandle);
}
static VOID ClDeregisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolSapContext) {
  (void)Status;
  check_context(ProtocolSapContext, "ProtocolClDeregisterSapComplete", "ProtocolSapContext");
}
static VOID ClModifyCallQoSComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolVcContext,
                                    PCO_CALL_PARAMETERS CallParameters) {
  (void)Status;
  (void)CallParameters;
  check_context(ProtocolVcContext, "ProtocolClModifyCallQoSComplete", "ProtocolVcContext");
}
static VOID ClAddPartyComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext, NDIS_HANDLE NdisPartyHandle,
                               PCO_CALL_PARAMETERS CallParameters) {
  (void)Status;
  (void)CallParameters;
  check_context(ProtocolPartyContext, "ProtocolClAddPartyComplete", "ProtocolPartyContext");
  world().remember(Kind::Party, NdisPartyHandle);
}
static VOID ClDropPartyComplete(NDIS_STATUS Status, NDIS_HANDLE ProtocolPartyContext) {
  (void)Status;
  check_context(ProtocolPartyContext, "ProtocolClDropPartyComplete", "ProtocolPartyContext");
}
static VOID ClIncomingCallQoSChange(NDIS_HANDLE ProtocolVcContext, PCO_CALL_PARAMETERS CallParameters) {
  (void)CallParameters;
  check_context(ProtocolVcContext, "ProtocolClIncomingCallQoSChange", "ProtocolVcContext");
}
static VOID ClIncomingDropParty(NDIS_STATUS DropStatus, NDIS_HANDLE ProtocolPartyContext, PVOID CloseData, UINT Size) {
  (void)DropStatus;
  (void)CloseData;
  (void)Size;
  check_context(ProtocolPartyContext, "ProtocolClIncomingDropParty", "ProtocolPartyContext");
}

static NDIS_STATUS ClSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext) {
  (void)DriverContext;
  NDIS_PROTOCOL_CO_CHARACTERISTICS co;
  NdisZeroMemory(&co, sizeof(co));
  co.Header.Type = NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS;
  co.Header.Revision = NDIS_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
  co.Header.Size = NDIS_SIZEOF_PROTOCOL_CO_CHARACTERISTICS_REVISION_1;
  co.CoAfRegisterNotifyHandler = ClAfRegisterNotify;
  co.CoStatusHandlerEx = ClCoStatusEx;
  co.CoReceiveNetBufferListsHandler = ClCoReceiveNetBufferLists;
  co.CoSendNetBufferListsCompleteHandler = ClCoSendNetBufferListsComplete;
  mutate(Site::ClientCo, co.Header, &co.CoAfRegisterNotifyHandler, &co.CoStatusHandlerEx,
         &co.CoReceiveNetBufferListsHandler, &co.CoSendNetBufferListsCompleteHandler);
  NDIS_STATUS status = NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&co);
  if (status != NDIS_STATUS_SUCCESS) return status;

  NDIS_CO_CLIENT_OPTIONAL_HANDLERS cl;
  NdisZeroMemory(&cl, sizeof(cl));
  cl.Header.Type = NDIS_OBJECT_TYPE_CO_CLIENT_OPTIONAL_HANDLERS;
  cl.Header.Revision = NDIS_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1;
  cl.Header.Size = NDIS_SIZEOF_CO_CLIENT_OPTIONAL_HANDLERS_REVISION_1;
  cl.ClCreateVcHandler = ClCreateVc;
  cl.ClDeleteVcHandler = ClDeleteVc;
  cl.ClOpenAfCompleteHandlerEx = ClOpenAfCompleteEx;
  cl.ClCloseAfCompleteHandler = ClCloseAfComplete;
  cl.ClMakeCallCompleteHandler = ClMakeCallComplete;
  cl.ClCloseCallCompleteHandler = ClCloseCallComplete;
  cl.ClIncomingCallHandler = ClIncomingCall;
  cl.ClIncomingCloseCallHandler = ClIncomingCloseCall;
  cl.ClCallConnectedHandler = ClCallConnected;
  cl.ClNotifyCloseAfHandler = ClNotifyCloseAf;
  cl.ClOidRequestHandler = ClOidRequest;
  cl.ClOidRequestCompleteHandler = ClOidRequestCompleteCo;
  cl.ClRegisterSapCompleteHandler = ClRegisterSapComplete;
  cl.ClDeregisterSapCompleteHandler = ClDeregisterSapComplete;
  cl.ClModifyCallQoSCompleteHandler = ClModifyCallQoSComplete;
  cl.ClAddPartyCompleteHandler = ClAddPartyComplete;
  cl.ClDropPartyCompleteHandler = ClDropPartyComplete;
  cl.ClIncomingCallQoSChangeHandler = ClIncomingCallQoSChange;
  cl.ClIncomingDropPartyHandler = ClIncomingDropParty;
  mutate(Site::ClientCl, cl.Header, &cl.ClCreateVcHandler, &cl.ClDeleteVcHandler, &cl.ClOpenAfCompleteHandlerEx,
         &cl.ClCloseAfCompleteHandler, &cl.ClMakeCallCompleteHandler, &cl.ClCloseCallCompleteHandler,
         &cl.ClIncomingCallHandler, &cl.ClIncomingCloseCallHandler, &cl.ClCallConnectedHandler,
         &cl.ClNotifyCloseAfHandler, &cl.ClOidRequestHandler, &cl.ClOidRequestCompleteHandler,
         &cl.ClRegisterSapCompleteHandler, &cl.ClDeregisterSapCompleteHandler, &cl.ClModifyCallQoSCompleteHandler,
         &cl.ClAddPartyCompleteHandler, &cl.ClDropPartyCompleteHandler, &cl.ClIncomingCallQoSChangeHandler,
         &cl.ClIncomingDropPartyHandler);
  return NdisSetOptionalHandlers(NdisDriverHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&cl);
}

static VOID ClUnload(PDRIVER_OBJECT DriverObject) {
  (void)DriverObject;
  NdisDeregisterProtocolDriver(world().client_protocol);
}

NDIS_STATUS FuzzClientDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  (void)RegistryPath;
  DriverObject->DriverUnload = ClUnload;
  static WCHAR name[] = {'f', 'u', 'z', 'z', '_', 'c', 'l', 'i', 'e', 'n', 't', 0};
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS chars;
  NdisZeroMemory(&chars, sizeof(chars));
  chars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
  chars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
  chars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
  chars.MajorNdisVersion = 6;
  chars.MinorNdisVersion = 0;
  chars.Name.Buffer = name;
  chars.Name.Length = (USHORT)(11 * sizeof(WCHAR));
  chars.Name.MaximumLength = (USHORT)sizeof(name);
  chars.SetOptionsHandler = ClSetOptions;
  chars.BindAdapterHandlerEx = ClBindAdapterEx;
  chars.UnbindAdapterHandlerEx = ClUnbindAdapterEx;
  chars.OpenAdapterCompleteHandlerEx = ClOpenAdapterCompleteEx;
  chars.CloseAdapterCompleteHandlerEx = ClCloseAdapterCompleteEx;
  chars.NetPnPEventHandler = ClNetPnPEvent;
  chars.UninstallHandler = ClUninstall;
  chars.OidRequestCompleteHandler = ClOidRequestComplete;
  chars.StatusHandlerEx = ClStatusEx;
  chars.ReceiveNetBufferListsHandler = ClReceiveNetBufferLists;
  chars.SendNetBufferListsCompleteHandler = ClSendNetBufferListsComplete;
  mutate(Site::ClientDriver, chars.Header, &chars.SetOptionsHandler, &chars.BindAdapterHandlerEx,
         &chars.UnbindAdapterHandlerEx, &chars.OpenAdapterCompleteHandlerEx, &chars.CloseAdapterCompleteHandlerEx,
         &chars.NetPnPEventHandler, &chars.UninstallHandler, &chars.OidRequestCompleteHandler, &chars.StatusHandlerEx,
         &chars.ReceiveNetBufferListsHandler, &chars.SendNetBufferListsCompleteHandler);
  return NdisRegisterProtocolDriver(nullptr, &chars, &world().client_protocol);
}

}  // extern "C"

// Allocates one NBL with one NB over the shared payload, from the client's or the MCM's pool.
namespace condis::fuzz {
PNET_BUFFER_LIST allocate_nbl(bool client) {
  World& w = world();
  NDIS_HANDLE pool = client ? w.client_pool : w.mcm_pool;
  NDIS_HANDLE owner = client ? w.client_protocol : w.adapter;
  auto& list = client ? w.client_nbls : w.mcm_nbls;
  if (pool == nullptr || owner == nullptr || list.size() >= 16) return nullptr;
  PMDL mdl = NdisAllocateMdl(owner, g_payload, sizeof(g_payload));
  if (mdl == nullptr) return nullptr;
  PNET_BUFFER_LIST nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, mdl, 0, sizeof(g_payload));
  if (nbl == nullptr) {
    NdisFreeMdl(mdl);
    return nullptr;
  }
  list.push_back(nbl);
  return nbl;
}
}  // namespace condis::fuzz
