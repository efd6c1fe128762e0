// NdisMCm*: the miniport call manager's calls (call-management.md 2.5). Real functions, not the
// WDK's macros, so that the verifier knows an MCM called (CM-020/021). Called by an MCM at IRQL
// <= DISPATCH_LEVEL, except NdisMCmRegisterAddressFamilyEx / NdisMCmNotifyCloseAddressFamily
// (PASSIVE_LEVEL). Activation completes at once: nothing pends toward an MCM (OQ-08).
#include <mutex>

#include "api/co_common.hpp"
#include "core/vc_data_path.hpp"

using namespace condis;
using namespace condis::api;
using core::Activation;

extern "C" {

NDIS_STATUS NdisMCmRegisterAddressFamilyEx(NDIS_HANDLE MiniportAdapterHandle, PCO_ADDRESS_FAMILY AddressFamily) {
  static constexpr const char* fn = "NdisMCmRegisterAddressFamilyEx";
  RuntimeCore* rtp = runtime_for(MiniportAdapterHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"MiniportAdapterHandle", MiniportAdapterHandle}});
  if (!irql_passive(rt, "CM-012", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  if (!AddressFamily) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  core::AdapterView adapter;
  if (!rt.calls().topology().adapter(MiniportAdapterHandle, &adapter) || !adapter.usable) {
    rt.verifier()
        .finding("CM-030", fn)
        .handle("MiniportAdapterHandle", MiniportAdapterHandle)
        .message("not an adapter that is initializing or running")
        .expected("the MiniportAdapterHandle of MiniportInitializeEx")
        .remedy("register AFs from MiniportInitializeEx");
    return trace.returns(NDIS_STATUS_FAILURE);
  }
  CoDriver* mcm = rt.calls().find_driver(adapter.miniport_driver);
  if (!mcm || !mcm->is_mcm()) {
    rt.verifier()
        .finding("CM-021", fn)
        .handle("MiniportAdapterHandle", MiniportAdapterHandle)
        .message("the miniport registered no NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS")
        .expected("a miniport call manager")
        .remedy("register the call-manager handlers from MiniportSetOptions");
    return trace.returns(NDIS_STATUS_FAILURE);
  }
  return trace.returns(register_address_family(rt, fn, mcm, MiniportAdapterHandle, nullptr, adapter.adapter_context,
                                               true, AddressFamily));
}

NDIS_STATUS NdisMCmCreateVc(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE NdisAfHandle, NDIS_HANDLE MiniportVcContext,
                            PNDIS_HANDLE NdisVcHandle) {
  static constexpr const char* fn = "NdisMCmCreateVc";
  RuntimeCore* rtp = runtime_for(MiniportAdapterHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"MiniportAdapterHandle", MiniportAdapterHandle}, {"NdisAfHandle", NdisAfHandle}});
  trace.out("NdisVcHandle", NdisVcHandle);
  if (!irql_at_most_dispatch(rt, "CM-015", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  if (!NdisVcHandle) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  if (*NdisVcHandle && checking(rt))
    rt.verifier()
        .finding("CM-040", fn)
        .handle("*NdisVcHandle", *NdisVcHandle)
        .expected("*NdisVcHandle == NULL on entry")
        .remedy("initialise the handle variable to NULL before creating the VC");
  *NdisVcHandle = nullptr;
  AfOpen* af = resolve<AfOpen>(rt, NdisAfHandle, ObjectType::AfOpen, fn, "NdisAfHandle");
  if (!af) return trace.returns(NDIS_STATUS_FAILURE);
  if (af->reg->adapter != MiniportAdapterHandle || !af->reg->mcm) {
    rt.verifier()
        .finding("CM-021", fn)
        .handle("MiniportAdapterHandle", MiniportAdapterHandle)
        .handle("NdisAfHandle", NdisAfHandle)
        .message("the AF instance is not served by this miniport call manager")
        .expected("an AF instance opened on the MCM's own adapter")
        .remedy("create VCs on AF instances your ProtocolCmOpenAf accepted");
    return trace.returns(NDIS_STATUS_FAILURE);
  }
  if (!af->usable_by_client()) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = rt.calls().new_vc();
  if (!vc) return trace.returns(NDIS_STATUS_RESOURCES);
  vc->af = af;
  vc->cm = af->reg->cm;
  vc->owner = core::VcOwner::MiniportCallManager;
  vc->cm_context = MiniportVcContext;
  af->vcs.add(1);
  *NdisVcHandle = vc->handle;
  NDIS_HANDLE context = nullptr;
  NDIS_STATUS status = upcall(rt, {"ProtocolCoCreateVc", af->client->name}, af->client->client.ClCreateVcHandler,
                              af->client_context, vc->handle, &context);
  if (status == NDIS_STATUS_PENDING) {
    rt.verifier()
        .finding("CM-005", "ProtocolCoCreateVc")
        .handle("NdisVcHandle", vc->handle)
        .message("the handler returned NDIS_STATUS_PENDING; condis treats it as a failure")
        .expected("a final status")
        .remedy("return the final status from ProtocolCoCreateVc");
    status = NDIS_STATUS_FAILURE;
  }
  if (status != NDIS_STATUS_SUCCESS) {
    af->vcs.add(-1);
    rt.calls().free_vc(vc);
    *NdisVcHandle = nullptr;
    return trace.returns(status);
  }
  vc->client_context = context;
  return trace.returns(NDIS_STATUS_SUCCESS);
}

NDIS_STATUS NdisMCmDeleteVc(NDIS_HANDLE NdisVcHandle) {
  static constexpr const char* fn = "NdisMCmDeleteVc";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  if (!irql_at_most_dispatch(rt, "CM-015", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  if (vc->owner != core::VcOwner::MiniportCallManager) {
    rt.verifier()
        .finding("CM-041", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .message("the VC was not created with NdisMCmCreateVc")
        .expected("only the creator deletes a VC")
        .remedy("a client-created VC is deleted by the client with NdisCoDeleteVc");
    return trace.returns(NDIS_STATUS_NOT_ACCEPTED);
  }
  return trace.returns(delete_vc(rt, vc, fn));
}

NDIS_STATUS NdisMCmActivateVc(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters) {
  static constexpr const char* fn = "NdisMCmActivateVc";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  if (!irql_at_most_dispatch(rt, "CM-015", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  check_cm_role(rt, CmCaller::Miniport, vc->cm, fn, "NdisVcHandle", NdisVcHandle);
  if (vc->miniport) return trace.returns(NDIS_STATUS_FAILURE);  // a stand-alone CM's VC: reported as CM-021 above
  std::lock_guard lock(vc->lock);
  if (vc->deleting) return trace.returns(NDIS_STATUS_FAILURE);
  vc->activation = Activation::Active;
  vc->activation_parameters = CallParameters;
  vc->reactivated = true;  // CM-091 / CM-094
  return trace.returns(NDIS_STATUS_SUCCESS);
}

NDIS_STATUS NdisMCmDeactivateVc(NDIS_HANDLE NdisVcHandle) {
  static constexpr const char* fn = "NdisMCmDeactivateVc";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  if (!irql_at_most_dispatch(rt, "CM-015", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  check_cm_role(rt, CmCaller::Miniport, vc->cm, fn, "NdisVcHandle", NdisVcHandle);
  if (vc->miniport) return trace.returns(NDIS_STATUS_FAILURE);
  std::lock_guard lock(vc->lock);
  if (vc->activation != Activation::Active) return trace.returns(NDIS_STATUS_NOT_ACCEPTED);  // CM-046
  vc->activation = Activation::Inactive;
  vc->activation_parameters = nullptr;
  core::report_vc_not_quiet(rt, NdisVcHandle, vc->sends_outstanding, vc->receives_outstanding, fn);  // VC-011
  return trace.returns(NDIS_STATUS_SUCCESS);
}

VOID NdisMCmOpenAddressFamilyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisAfHandle, NDIS_HANDLE CallMgrAfContext) {
  open_af_complete(CmCaller::Miniport, Status, NdisAfHandle, CallMgrAfContext);
}
VOID NdisMCmCloseAddressFamilyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisAfHandle) {
  close_af_complete(CmCaller::Miniport, Status, NdisAfHandle);
}
VOID NdisMCmRegisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE NdisSapHandle, NDIS_HANDLE CallMgrSapContext) {
  register_sap_complete(CmCaller::Miniport, Status, NdisSapHandle, CallMgrSapContext);
}
VOID NdisMCmDeregisterSapComplete(NDIS_STATUS Status, NDIS_HANDLE NdisSapHandle) {
  deregister_sap_complete(CmCaller::Miniport, Status, NdisSapHandle);
}
VOID NdisMCmMakeCallComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle,
                             NDIS_HANDLE CallMgrPartyContext, PCO_CALL_PARAMETERS CallParameters) {
  make_call_complete(CmCaller::Miniport, Status, NdisVcHandle, NdisPartyHandle, CallMgrPartyContext, CallParameters);
}
VOID NdisMCmCloseCallComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle) {
  close_call_complete(CmCaller::Miniport, Status, NdisVcHandle, NdisPartyHandle);
}

NDIS_STATUS NdisMCmNotifyCloseAddressFamily(NDIS_HANDLE NdisAfHandle) {
  return notify_close_address_family(CmCaller::Miniport, NdisAfHandle);
}
VOID NdisMCmAddPartyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisPartyHandle, NDIS_HANDLE CallMgrPartyContext,
                             PCO_CALL_PARAMETERS CallParameters) {
  add_party_complete(CmCaller::Miniport, Status, NdisPartyHandle, CallMgrPartyContext, CallParameters);
}
VOID NdisMCmDropPartyComplete(NDIS_STATUS Status, NDIS_HANDLE NdisPartyHandle) {
  drop_party_complete(CmCaller::Miniport, Status, NdisPartyHandle);
}
NDIS_STATUS NdisMCmDispatchIncomingCall(NDIS_HANDLE NdisSapHandle, NDIS_HANDLE NdisVcHandle,
                                        PCO_CALL_PARAMETERS CallParameters) {
  return dispatch_incoming_call(CmCaller::Miniport, NdisSapHandle, NdisVcHandle, CallParameters);
}
VOID NdisMCmDispatchCallConnected(NDIS_HANDLE NdisVcHandle) { dispatch_call_connected(CmCaller::Miniport, NdisVcHandle); }
VOID NdisMCmModifyCallQoSComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters) {
  modify_call_qos_complete(CmCaller::Miniport, Status, NdisVcHandle, CallParameters);
}
VOID NdisMCmDispatchIncomingCallQoSChange(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters) {
  dispatch_incoming_call_qos_change(CmCaller::Miniport, NdisVcHandle, CallParameters);
}
VOID NdisMCmDispatchIncomingCloseCall(NDIS_STATUS CloseStatus, NDIS_HANDLE NdisVcHandle, PVOID Buffer, UINT Size) {
  dispatch_incoming_close_call(CmCaller::Miniport, CloseStatus, NdisVcHandle, Buffer, Size);
}
VOID NdisMCmDispatchIncomingDropParty(NDIS_STATUS DropStatus, NDIS_HANDLE NdisPartyHandle, PVOID Buffer, UINT Size) {
  dispatch_incoming_drop_party(CmCaller::Miniport, DropStatus, NdisPartyHandle, Buffer, Size);
}

}  // extern "C"
