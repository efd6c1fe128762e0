// DRV-057 for a stand-alone CM's signalling VCs (created with NdisCoCreateVc and no AF): they hang
// on no AF, so the AF-based release of a closing binding (call_model.cpp, release_open_afs) does
// not reach them. Each one still on the CM's binding at NdisCloseAdapterEx is reported there and
// released as MiniportHaltEx would (VC-020): deleted in the miniport when quiet, handle dead. The
// halt then finds nothing left of it, so one VC is one finding.
#include <string>
#include <vector>

#include "core/call_model.hpp"
#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"

namespace condis::core {

void CallModel::release_signalling_vcs(void* binding_handle) {
  BindingView view;
  if (!topology_->binding(binding_handle, &view)) return;
  const CoDriver* cm = find_driver(view.protocol_driver);
  if (!cm || !cm->is_standalone_cm()) return;
  std::vector<Vc*> vcs;
  {
    std::lock_guard lock(mutex_);  // a VC in the map is alive: its handle's death forgets it first
    for (auto& [vc, adapter] : signalling_vcs_)
      if (adapter == view.adapter && vc->cm == cm) vcs.push_back(const_cast<Vc*>(vc));
  }
  for (Vc* vc : vcs) {
    void* const vc_handle = vc->handle;
    CoDriver* miniport = vc->miniport;
    bool delete_in_miniport;
    std::string state;
    {
      std::lock_guard lock(vc->lock);
      if (vc->deleting) continue;  // the CM is deleting it right now
      vc->deleting = true;         // refuses new activations and deletes from here on
      // VC-014: MiniportCoDeleteVc only for an INACTIVE VC with nothing pending and no data out.
      delete_in_miniport = miniport && vc->activation == Activation::Inactive && !vc->activation_busy() &&
                           !vc->sends_outstanding && !vc->receives_outstanding && !vc->request_in_flight();
      state = std::string("call ") + std::string(call_state_name(vc->call)) + ", " +
              std::string(activation_name(vc->activation));
    }
    rt_.verifier()
        .finding("DRV-057", "NdisCloseAdapterEx")
        .handle("NdisBindingHandle", binding_handle)
        .handle("NdisVcHandle", vc_handle)
        .handle("MiniportAdapterHandle", view.adapter)
        .value("driver", cm->name)
        .value("MiniportCoDeleteVc", delete_in_miniport ? "called by condis"
                                                        : "not called: the VC is still activated or busy")
        .state("VC", state)
        .message("the call manager's signalling VC is still on the binding when it is closed; condis deletes it")
        .expected("every VC the protocol created on the binding deleted before NdisCloseAdapterEx")
        .remedy("deactivate the signalling VC (NdisCmDeactivateVc) and delete it with NdisCoDeleteVc from "
                "ProtocolUnbindAdapterEx, before NdisCloseAdapterEx");
    if (delete_in_miniport) {
      const NDIS_STATUS status = upcall(rt_, {"MiniportCoDeleteVc", miniport->name},
                                        miniport->miniport_co.CoDeleteVcHandler, vc->miniport_context);
      if (status != NDIS_STATUS_SUCCESS)
        rt_.verifier()
            .finding("VC-003", "MiniportCoDeleteVc")
            .handle("NdisVcHandle", vc_handle)
            .value("returned", status_name(status))
            .message("the VC is deleted anyway (OQ-V14)")
            .expected("NDIS_STATUS_SUCCESS")
            .remedy("free the VC context and return NDIS_STATUS_SUCCESS");
    }
    std::vector<ReleasedParty> parties;
    CallState call;
    std::vector<Leak> leaks;
    release_vc(vc, &parties, &call, &leaks);
    keep_pending_leaks(leaks);
  }
}

}  // namespace condis::core
