// DRV-057 for a stand-alone CM's signalling VCs (created with NdisCoCreateVc and no AF): they hang
// on no AF, so the AF-based release of a closing binding (call_model.cpp, release_open_afs) does
// not reach them. Each one still on the CM's binding at NdisCloseAdapterEx is reported there and
// released as MiniportHaltEx would (VC-020): deleted in the miniport when quiet, handle dead. The
// halt then finds nothing left of it, so one VC is one finding.
#include <string>
#include <vector>

#include "core/call_model.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::core {

void CallModel::release_signalling_vcs(void* binding_handle) {
  BindingView view;
  if (!topology_->binding(binding_handle, &view)) return;
  const CoDriver* cm = find_driver(view.protocol_driver);
  if (!cm || !cm->is_standalone_cm()) return;
  std::vector<std::pair<void*, Vc*>> vcs;
  {
    std::lock_guard lock(mutex_);  // a VC in the map is alive: its handle's death forgets it first
    for (auto& [vc, adapter] : signalling_vcs_)
      if (adapter == view.adapter && vc->cm == cm) vcs.emplace_back(vc->handle, const_cast<Vc*>(vc));
  }
  for (auto [vc_handle, vc] : vcs)
    release_left_vc(vc_handle, vc, [&](const LeftVc& left) {
      rt_.verifier()
          .finding("DRV-057", "NdisCloseAdapterEx")
          .handle("NdisBindingHandle", binding_handle)
          .handle("NdisVcHandle", left.handle)
          .handle("MiniportAdapterHandle", view.adapter)
          .value("driver", cm->name)
          .value("MiniportCoDeleteVc", left.delete_in_miniport ? "called by condis"
                                                               : "not called: the VC is still activated or busy")
          .state("VC", left.state)
          .message("the call manager's signalling VC is still on the binding when it is closed; condis deletes it")
          .expected("every VC the protocol created on the binding deleted before NdisCloseAdapterEx")
          .remedy("deactivate the signalling VC (NdisCmDeactivateVc) and delete it with NdisCoDeleteVc from "
                  "ProtocolUnbindAdapterEx, before NdisCloseAdapterEx");
    });
}

}  // namespace condis::core
