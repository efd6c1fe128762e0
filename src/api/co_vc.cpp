// VC creation and deletion (NdisCoCreateVc, NdisCoDeleteVc) and the activation of a VC in a
// miniport under a stand-alone CM (NdisCmActivateVc, NdisCmDeactivateVc and the miniport's
// NdisMCoActivateVcComplete / NdisMCoDeactivateVcComplete): call-management.md 1.6 and
// vc-data-requests.md 1.2. All at IRQL <= DISPATCH_LEVEL.
#include <mutex>

#include "api/co_activation_snapshot.hpp"
#include "api/co_common.hpp"
#include "api/co_request.hpp"  // RQ-016 / RQ-017 hook
#include "api/co_vc_caller.hpp"
#include "core/vc_data_path.hpp"

using namespace condis;
using namespace condis::api;
using core::Activation;
using core::VcOwner;

namespace {

// Handlers that must not pend (CM-005, VC-001): a PENDING return counts as a failure.
NDIS_STATUS no_pend(RuntimeCore& rt, const char* rule, const char* handler, const void* vc_handle, NDIS_STATUS s) {
  if (s != NDIS_STATUS_PENDING) return s;
  rt.verifier()
      .finding(rule, handler)
      .handle("NdisVcHandle", vc_handle)
      .message("the handler returned NDIS_STATUS_PENDING; condis treats it as a failure")
      .expected("a final status: VC creation and deletion are synchronous")
      .remedy("finish the work inside the handler and return its final status");
  return NDIS_STATUS_FAILURE;
}

void* const kContextPoison = reinterpret_cast<void*>(uintptr_t(0xC0DEC0DEC0DEC0DEull));

// Calls one of the miniport's four VC handlers. VC-021: they run at IRQL <= DISPATCH_LEVEL and
// must not block; on the deterministic scheduler only a blocking wait (NdisMSleep, NdisWaitEvent
// with a timeout) moves virtual time while a handler runs, so time passing inside one is reported
// (as DRV-034 does for MiniportShutdownEx).
template <class Handler, class... Args>
NDIS_STATUS miniport_vc_upcall(RuntimeCore& rt, const char* callback, const CoDriver* miniport, const void* vc_handle,
                               Handler handler, Args... args) {
  const bool virtual_time = checking(rt) && rt.config().scheduler == SchedulerKind::Deterministic;
  const uint64_t before = virtual_time ? rt.scheduler().now_ns() : 0;
  const NDIS_STATUS status = upcall(rt, {callback, miniport->name}, handler, args...);
  const uint64_t waited = virtual_time ? rt.scheduler().now_ns() - before : 0;
  if (waited)
    rt.verifier()
        .finding("VC-021", callback)
        .handle("NdisVcHandle", vc_handle)
        .value("waited ns", std::to_string(waited))
        .message("the miniport's VC handler waited (time passed inside it)")
        .expected("VC handlers that finish without blocking, at IRQL <= DISPATCH_LEVEL")
        .remedy("do not call NdisMSleep or wait on events in a VC handler; pend (activation, deactivation) or "
                "defer the slow part to a work item");
  return status;
}

}  // namespace

namespace condis::api {

NDIS_STATUS delete_vc(RuntimeCore& rt, Vc* vc, const char* fn) {
  {
    std::lock_guard lock(vc->lock);
    const char* problem = nullptr;
    NDIS_STATUS status = NDIS_STATUS_NOT_ACCEPTED;
    if (vc->deleting) {
      problem = "the VC is already being deleted";
      status = NDIS_STATUS_FAILURE;
    } else if (core::outstanding(vc->deactivate_op)) {
      problem = "a deactivation is still pending";
      status = NDIS_STATUS_CLOSING;
    } else if (vc->activation != Activation::Inactive || core::outstanding(vc->activate_op)) {
      problem = "the VC is still activated";
    } else if (vc->close_op == core::PendingOp::InHandler) {
      // ProtocolCmCloseCall has not returned: the close's result is not known yet. A call manager
      // that returns SUCCESS from it and deletes its own VC from a timer on another processor can
      // land here (the handler returned, NDIS has not yet recorded the close).
      problem = "ProtocolCmCloseCall has not returned yet: the close is still in progress";
    } else if (vc->has_call() || core::outstanding(vc->make_op) || core::outstanding(vc->close_op)) {
      problem = "a call is up or in progress on the VC";
    }
    if (problem) {
      const bool closing = vc->close_op == core::PendingOp::InHandler;
      rt.verifier()
          .finding("CM-042", fn)
          .handle("NdisVcHandle", vc->handle)
          .state("call", core::call_state_name(vc->call))
          .state("VC activation", core::activation_name(vc->activation))
          .message(problem)
          .expected("no call on the VC and the VC deactivated")
          .remedy(closing ? "delete a VC you created after the close is recorded: return NDIS_STATUS_PENDING from "
                            "ProtocolCmCloseCall and delete after Ndis(M)CmCloseCallComplete returns"
                          : "close the call and let the call manager deactivate the VC before deleting it");
      return status;
    }
    vc->deleting = true;
    vc->delete_in_handler = true;  // until retire_vc: a release meanwhile leaves the VC and AF to us
  }
  // The peer first, so that its refusal leaves the VC whole (see decisions, OQ-16).
  NDIS_STATUS peer = NDIS_STATUS_SUCCESS;
  if (vc->af && vc->owner == VcOwner::Client) {
    peer = upcall(rt, {"ProtocolCoDeleteVc", vc->cm->name}, vc->cm->cm.CmDeleteVcHandler, vc->cm_context);
  } else if (vc->af) {
    CoDriver* client = vc->af->client;
    peer = upcall(rt, {"ProtocolCoDeleteVc", client->name}, client->client.ClDeleteVcHandler, vc->client_context);
  }
  if (peer == NDIS_STATUS_PENDING) {
    no_pend(rt, "CM-005", "ProtocolCoDeleteVc", vc->handle, peer);
    peer = NDIS_STATUS_SUCCESS;  // the handle cannot survive a half-done delete
  }
  if (peer != NDIS_STATUS_SUCCESS) {
    bool released;  // with its binding, while the handler ran: the handle is dead, the VC ours to free
    {
      std::lock_guard lock(vc->lock);
      released = vc->free_deferred;
      if (!released) vc->deleting = vc->delete_in_handler = false;
    }
    if (released) rt.calls().retire_vc(vc);
    return peer;
  }
  // The peer agreed: the VC no longer counts on its AF, so a client told by ProtocolCoDeleteVc may
  // close the AF while the miniport still deletes its side (no CM-035 for a VC already gone). A
  // release of the binding meanwhile holds the AF until retire_vc.
  if (vc->af) vc->af->vcs.add(-1);
  if (vc->miniport) {
    NDIS_STATUS mp = miniport_vc_upcall(rt, "MiniportCoDeleteVc", vc->miniport, vc->handle,
                                        vc->miniport->miniport_co.CoDeleteVcHandler, vc->miniport_context);
    if (mp != NDIS_STATUS_SUCCESS && checking(rt)) core::report_miniport_delete_vc_failed(rt, vc->handle, mp);
  }
  rt.calls().retire_vc(vc);  // deferred while an early-completed request still holds it
  return NDIS_STATUS_SUCCESS;
}

}  // namespace condis::api

extern "C" {

NDIS_STATUS NdisCoCreateVc(NDIS_HANDLE NdisBindingHandle, NDIS_HANDLE NdisAfHandle, NDIS_HANDLE ProtocolVcContext,
                           PNDIS_HANDLE NdisVcHandle) {
  static constexpr const char* fn = "NdisCoCreateVc";
  RuntimeCore* rtp = runtime_for(NdisBindingHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisBindingHandle", NdisBindingHandle}, {"NdisAfHandle", NdisAfHandle}});
  trace.out("NdisVcHandle", NdisVcHandle);
  if (!irql_at_most_dispatch(rt, "CM-017", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  if (!NdisVcHandle) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  if (*NdisVcHandle && checking(rt))
    rt.verifier()
        .finding("CM-040", fn)
        .handle("*NdisVcHandle", *NdisVcHandle)
        .expected("*NdisVcHandle == NULL on entry")
        .remedy("initialise the handle variable to NULL before creating the VC");
  *NdisVcHandle = nullptr;
  core::CallModel& calls = rt.calls();
  // With an AF handle only the binding's state matters (a lock-free read); a signalling VC also
  // needs the binding's protocol and adapter.
  core::BindingView binding;
  const bool open_binding = NdisAfHandle ? calls.topology().binding_usable(NdisBindingHandle)
                                         : calls.topology().binding(NdisBindingHandle, &binding) && binding.usable;
  if (!open_binding) {
    rt.verifier()
        .finding("CM-007", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .message("not an open binding")
        .expected("the caller's open NdisBindingHandle")
        .remedy("create VCs on an open binding only");
    return trace.returns(NDIS_STATUS_FAILURE);
  }
  AfOpen* af = nullptr;
  VcOwner owner = VcOwner::CallManager;
  CoDriver* cm = nullptr;
  CoDriver* miniport = nullptr;
  void* adapter_context = nullptr;
  if (NdisAfHandle) {
    af = resolve<AfOpen>(rt, NdisAfHandle, ObjectType::AfOpen, fn, "NdisAfHandle");
    if (!af) return trace.returns(NDIS_STATUS_FAILURE);
    if (af->client_binding == NdisBindingHandle) {
      owner = VcOwner::Client;
    } else if (af->reg->cm_binding != NdisBindingHandle) {
      rt.verifier()
          .finding("CM-022", fn)
          .handle("NdisBindingHandle", NdisBindingHandle)
          .handle("NdisAfHandle", NdisAfHandle)
          .message("the AF instance does not belong to this binding")
          .expected("the AF handle the caller's binding opened (client) or serves (call manager)")
          .remedy("create the VC with the binding and AF handle of the same AF instance");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    if (!af->usable_by_client()) {
      rt.verifier()
          .finding(af->state == core::AfState::Closing ? "CM-036" : "CM-033", fn)
          .handle("NdisAfHandle", NdisAfHandle)
          .state("address family", core::af_state_name(af->state))
          .expected("an OPEN address family")
          .remedy("create VCs only between a successful AF open and the AF close");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    check_oid_follow_ups(rt, af, fn, owner == VcOwner::Client);  // RQ-016 / RQ-017
    cm = af->reg->cm;
    miniport = af->reg->mcm ? nullptr : af->reg->miniport;
    adapter_context = af->reg->miniport_adapter_context;
  } else {
    // A stand-alone CM's signalling VC: known to the miniport only.
    cm = calls.find_driver(binding.protocol_driver);
    core::AdapterView adapter;
    if (!cm || !cm->is_standalone_cm() || !calls.topology().adapter(binding.adapter, &adapter)) {
      rt.verifier()
          .finding("CM-007", fn)
          .handle("NdisAfHandle", nullptr)
          .message("a VC without an AF handle is a call manager's signalling VC")
          .expected("a NULL NdisAfHandle only from a stand-alone call manager")
          .remedy("pass the AF handle of the AF instance the VC is for");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    miniport = calls.find_driver(adapter.miniport_driver);
    adapter_context = adapter.adapter_context;
  }
  const bool on_mcm = af && af->reg->mcm;
  if (!on_mcm && (!miniport || !miniport->has_miniport_co || !miniport->miniport_co.CoCreateVcHandler ||
                  !miniport->miniport_co.CoDeleteVcHandler)) {
    rt.verifier()
        .finding("VC-017", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .message("the miniport under the call manager registered no MiniportCoCreateVc / MiniportCoDeleteVc")
        .expected("a CoNDIS miniport with all six NDIS_MINIPORT_CO_CHARACTERISTICS handlers")
        .remedy("register NDIS_MINIPORT_CO_CHARACTERISTICS from MiniportSetOptions");
    return trace.returns(NDIS_STATUS_FAILURE);
  }

  Vc* vc = calls.new_vc();
  if (!vc) return trace.returns(NDIS_STATUS_RESOURCES);
  vc->af = af;
  vc->cm = cm;
  vc->miniport = miniport;
  vc->owner = owner;
  if (owner == VcOwner::Client) vc->client_context = ProtocolVcContext;
  else vc->cm_context = ProtocolVcContext;
  if (af) af->vcs.add(1);
  else calls.note_signalling_vc(vc, binding.adapter);  // for the check at MiniportHaltEx (VC-020)
  auto undo = [&] {
    if (af) af->vcs.add(-1);
    calls.free_vc(vc);
    *NdisVcHandle = nullptr;
  };
  *NdisVcHandle = vc->handle;

  // The peer protocol first, then the miniport (OQ-16).
  NDIS_STATUS status = NDIS_STATUS_SUCCESS;
  if (af && owner == VcOwner::Client) {
    NDIS_HANDLE context = nullptr;
    status = upcall(rt, {"ProtocolCoCreateVc", cm->name}, cm->cm.CmCreateVcHandler, af->cm_context, vc->handle, &context);
    status = no_pend(rt, "CM-005", "ProtocolCoCreateVc", vc->handle, status);
    vc->cm_context = context;
  } else if (af) {
    NDIS_HANDLE context = nullptr;
    CoDriver* client = af->client;
    status = upcall(rt, {"ProtocolCoCreateVc", client->name}, client->client.ClCreateVcHandler, af->client_context,
                    vc->handle, &context);
    status = no_pend(rt, "CM-005", "ProtocolCoCreateVc", vc->handle, status);
    vc->client_context = context;
  }
  if (status != NDIS_STATUS_SUCCESS) {
    undo();
    return trace.returns(status);
  }
  if (miniport) {
    NDIS_HANDLE context = kContextPoison;
    status = miniport_vc_upcall(rt, "MiniportCoCreateVc", miniport, vc->handle, miniport->miniport_co.CoCreateVcHandler,
                                adapter_context, vc->handle, &context);
    status = no_pend(rt, "VC-001", "MiniportCoCreateVc", vc->handle, status);
    if (status == NDIS_STATUS_SUCCESS && context == kContextPoison) {
      if (checking(rt))
        rt.verifier()
            .finding("VC-002", "MiniportCoCreateVc")
            .handle("NdisVcHandle", vc->handle)
            .message("SUCCESS was returned without writing *MiniportVcContext")
            .expected("the miniport's per-VC context in *MiniportVcContext")
            .remedy("store the VC state's address in *MiniportVcContext before returning SUCCESS");
      context = nullptr;
    }
    vc->miniport_context = context;
    if (status != NDIS_STATUS_SUCCESS) {
      // Undo the peer's creation with its ProtocolCoDeleteVc (OQ-16).
      if (af && owner == VcOwner::Client)
        upcall(rt, {"ProtocolCoDeleteVc", cm->name}, cm->cm.CmDeleteVcHandler, vc->cm_context);
      else if (af)
        upcall(rt, {"ProtocolCoDeleteVc", af->client->name}, af->client->client.ClDeleteVcHandler, vc->client_context);
      undo();
      return trace.returns(status);
    }
  }
  return trace.returns(NDIS_STATUS_SUCCESS);
}

NDIS_STATUS NdisCoDeleteVc(NDIS_HANDLE NdisVcHandle) {
  static constexpr const char* fn = "NdisCoDeleteVc";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  if (!irql_at_most_dispatch(rt, "CM-017", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  if (vc->owner == VcOwner::MiniportCallManager) {
    rt.verifier()
        .finding("CM-041", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .message("the VC was created by the miniport call manager with NdisMCmCreateVc")
        .expected("only the creator deletes a VC, an MCM with NdisMCmDeleteVc")
        .remedy("let the MCM delete it with NdisMCmDeleteVc");
    return trace.returns(NDIS_STATUS_NOT_ACCEPTED);
  }
  return trace.returns(delete_vc(rt, vc, fn));
}

// ---- Activation in a miniport under a stand-alone CM ---------------------------------------

NDIS_STATUS NdisCmActivateVc(NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters) {
  static constexpr const char* fn = "NdisCmActivateVc";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  if (!irql_at_most_dispatch(rt, "CM-014", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  check_cm_role(rt, CmCaller::StandAlone, vc->cm, fn, "NdisVcHandle", NdisVcHandle);
  if (!vc->miniport) return trace.returns(NDIS_STATUS_FAILURE);  // an MCM's VC: reported as CM-020 above
  if (!CallParameters) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  Activation previous;
  {
    std::lock_guard lock(vc->lock);
    if (vc->deleting || vc->activation_busy()) {
      rt.verifier()
          .finding("CM-007", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .state("VC activation", core::activation_name(vc->activation))
          .message("an activation or deactivation is already pending on the VC (OQ-23)")
          .expected("one activation or deactivation at a time per VC")
          .remedy("wait for ProtocolCmActivateVcComplete / ProtocolCmDeactivateVcComplete first");
      return trace.returns(NDIS_STATUS_FAILURE);
    }
    previous = vc->activation;
    vc->activation = previous == Activation::Active ? Activation::Reactivating : Activation::Activating;
    vc->activate_op = core::PendingOp::InHandler;
    vc->activation_parameters = CallParameters;
    vc->reactivated = true;  // CM-091
  }
  std::vector<uint8_t> before;
  if (checking(rt)) {
    remember_pending_activation(vc, {});  // a copy left from an activation never completed
    before = snapshot_activation_parameters(CallParameters);
  }
  NDIS_STATUS status = miniport_vc_upcall(rt, "MiniportCoActivateVc", vc->miniport, NdisVcHandle,
                                          vc->miniport->miniport_co.CoActivateVcHandler, vc->miniport_context,
                                          CallParameters);
  check_activation_parameters(rt, before, CallParameters, "MiniportCoActivateVc", NdisVcHandle);  // VC-006
  bool early = false;
  bool frees = false;
  {
    std::lock_guard lock(vc->lock);
    // A pending activation is compared again when it completes (the copy is taken after the
    // handler returned, so a change already reported is not reported twice).
    if (!before.empty() && status == NDIS_STATUS_PENDING && core::outstanding(vc->activate_op))
      remember_pending_activation(vc, snapshot_activation_parameters(CallParameters));
    if (core::finish_handler(vc->activate_op, status == NDIS_STATUS_PENDING, &early))
      vc->activation = status == NDIS_STATUS_SUCCESS || previous == Activation::Active ? Activation::Active
                                                                                      : Activation::Inactive;
    frees = vc->request_frees();
  }
  if (frees) rt.calls().destroy_vc(vc);  // deleted while this request held it
  if (early) report_completed_without_pend(rt, "MiniportCoActivateVc", NdisVcHandle, status);
  return trace.returns(status);
}

NDIS_STATUS NdisCmDeactivateVc(NDIS_HANDLE NdisVcHandle) {
  static constexpr const char* fn = "NdisCmDeactivateVc";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  if (!irql_at_most_dispatch(rt, "CM-014", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  check_cm_role(rt, CmCaller::StandAlone, vc->cm, fn, "NdisVcHandle", NdisVcHandle);
  if (!vc->miniport) return trace.returns(NDIS_STATUS_FAILURE);
  {
    std::lock_guard lock(vc->lock);
    if (vc->deleting || vc->activation_busy() || vc->activation != Activation::Active) {
      rt.verifier()
          .finding("CM-007", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .state("VC activation", core::activation_name(vc->activation))
          .message("the VC is not active, or an activation change is pending")
          .expected("an ACTIVE VC with no activation or deactivation pending")
          .remedy("deactivate a VC once per activation, after the activation completed");
      return trace.returns(NDIS_STATUS_NOT_ACCEPTED);
    }
    vc->activation = Activation::Deactivating;
    vc->deactivate_op = core::PendingOp::InHandler;
  }
  NDIS_STATUS status = miniport_vc_upcall(rt, "MiniportCoDeactivateVc", vc->miniport, NdisVcHandle,
                                          vc->miniport->miniport_co.CoDeactivateVcHandler, vc->miniport_context);
  bool early = false;
  bool frees = false;
  {
    std::lock_guard lock(vc->lock);
    if (core::finish_handler(vc->deactivate_op, status == NDIS_STATUS_PENDING, &early)) {
      vc->activation = Activation::Inactive;
      vc->activation_parameters = nullptr;
      core::report_vc_not_quiet(rt, NdisVcHandle, vc->sends_outstanding, vc->receives_outstanding,
                                "MiniportCoDeactivateVc");  // VC-011, CM-047
    }
    frees = vc->request_frees();
  }
  if (frees) rt.calls().destroy_vc(vc);  // deleted while this request held it
  if (early) report_completed_without_pend(rt, "MiniportCoDeactivateVc", NdisVcHandle, status);
  if (status != NDIS_STATUS_SUCCESS && status != NDIS_STATUS_PENDING && checking(rt))
    rt.verifier()
        .finding("VC-007", "MiniportCoDeactivateVc")
        .handle("NdisVcHandle", NdisVcHandle)
        .value("returned", status_name(status))
        .message("the VC is set INACTIVE anyway (OQ-V14)")
        .expected("NDIS_STATUS_SUCCESS or NDIS_STATUS_PENDING")
        .remedy("stop the VC and return SUCCESS, or PENDING and complete later");
  return trace.returns(status);
}

VOID NdisMCoActivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle, PCO_CALL_PARAMETERS CallParameters) {
  static constexpr const char* fn = "NdisMCoActivateVcComplete";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", Status}, {{"NdisVcHandle", NdisVcHandle}});
  irql_at_most_dispatch(rt, "CM-017", fn);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return;
  if (!vc_of_calling_miniport(rt, *vc, fn, NdisVcHandle)) return;  // VC-005
  if (!vc->miniport) {
    rt.verifier()
        .finding("VC-009", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .message("no activation pends toward a miniport call manager; the call is ignored")
        .expected("only a miniport under a stand-alone CM completes activations")
        .remedy("an MCM activates with NdisMCmActivateVc, which completes at once");
    return;
  }
  if (!completion_status_ok(rt, Status, fn, "NdisVcHandle", NdisVcHandle)) return;
  PCO_CALL_PARAMETERS recorded;
  std::vector<uint8_t> before;
  {
    std::lock_guard lock(vc->lock);
    if (!core::accept_completion(vc->activate_op)) {
      report_unexpected_completion(rt, fn, "NdisVcHandle", NdisVcHandle, "MiniportCoActivateVc", "VC activation",
                                   core::activation_name(vc->activation));
      return;
    }
    const bool reactivation = vc->activation == Activation::Reactivating;
    vc->activation = Status == NDIS_STATUS_SUCCESS || reactivation ? Activation::Active : Activation::Inactive;
    recorded = vc->activation_parameters;
    if (checking(rt)) before = take_pending_activation(vc);
  }
  check_activation_parameters(rt, before, recorded, fn, NdisVcHandle);  // VC-006
  if (CallParameters != recorded && checking(rt))
    rt.verifier()
        .finding("VC-008", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .message("CallParameters is not the buffer MiniportCoActivateVc received")
        .expected("the CallParameters pointer of the pending activation")
        .remedy("complete with the pointer MiniportCoActivateVc was given");
  upcall(rt, {"ProtocolCmActivateVcComplete", vc->cm->name}, vc->cm->cm.CmActivateVcCompleteHandler, Status,
         vc->cm_context, recorded ? recorded : CallParameters);
}

VOID NdisMCoDeactivateVcComplete(NDIS_STATUS Status, NDIS_HANDLE NdisVcHandle) {
  static constexpr const char* fn = "NdisMCoDeactivateVcComplete";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {"Status", Status}, {{"NdisVcHandle", NdisVcHandle}});
  irql_at_most_dispatch(rt, "CM-017", fn);
  Vc* vc = resolve<Vc>(rt, NdisVcHandle, ObjectType::Vc, fn, "NdisVcHandle");
  if (!vc) return;
  if (!vc_of_calling_miniport(rt, *vc, fn, NdisVcHandle)) return;  // VC-005
  if (!vc->miniport) {
    rt.verifier()
        .finding("VC-009", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .message("no deactivation pends toward a miniport call manager; the call is ignored")
        .expected("only a miniport under a stand-alone CM completes deactivations")
        .remedy("an MCM deactivates with NdisMCmDeactivateVc, which completes at once");
    return;
  }
  if (!completion_status_ok(rt, Status, fn, "NdisVcHandle", NdisVcHandle)) return;
  {
    std::lock_guard lock(vc->lock);
    if (!core::accept_completion(vc->deactivate_op)) {
      report_unexpected_completion(rt, fn, "NdisVcHandle", NdisVcHandle, "MiniportCoDeactivateVc", "VC activation",
                                   core::activation_name(vc->activation));
      return;
    }
    vc->activation = Activation::Inactive;
    vc->activation_parameters = nullptr;
    core::report_vc_not_quiet(rt, NdisVcHandle, vc->sends_outstanding, vc->receives_outstanding, fn);
  }
  upcall(rt, {"ProtocolCmDeactivateVcComplete", vc->cm->name}, vc->cm->cm.CmDeactivateVcCompleteHandler, Status,
         vc->cm_context);
}

}  // extern "C"
