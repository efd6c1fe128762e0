// The driver model's side of the data-path rules (DRV-026, DRV-030, DRV-053 sends, DRV-063,
// DRV-064) and the DRV-058 binding-context query. The VC data path (call-model area) keeps the
// per-adapter and per-binding counts through these calls; the pause paths read them.
#include "core/driver_model.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::core {

bool DriverModel::check_miniport_receive(Adapter& a, const char* function) {
  std::lock_guard model(mutex_);
  if (a.state != AdapterState::Paused && a.state != AdapterState::Pausing) return true;
  if (a.state == AdapterState::Pausing) return true;  // still allowed until the pause completes
  rt_.verifier()
      .finding("DRV-030", function)
      .handle("MiniportAdapterHandle", a.handle)
      .state("adapter", adapter_state_name(a.state))
      .message("a receive indication while the adapter is Paused")
      .expected("no receive indications between the pause's completion and MiniportRestart")
      .remedy("stop indicating before completing the pause; resume in MiniportRestart");
  return false;
}

bool DriverModel::check_protocol_send(Binding& b, const char* function) {
  std::lock_guard model(mutex_);
  if (b.state == BindingState::Running) return true;
  const bool pausing = b.state == BindingState::Pausing || b.state == BindingState::Paused;
  rt_.verifier()
      .finding(pausing ? "DRV-063" : "DRV-053", function)
      .handle("NdisBindingHandle", b.handle)
      .state("binding", binding_state_name(b.state))
      .message("a send on a binding that is not Running")
      .expected("sends only between NetEventRestart's completion and NetEventPause")
      .remedy("queue or fail the send locally while the binding is paused, opening or closing");
  return false;
}

void DriverModel::count_adapter_data(Adapter& a, int sends, int receives) {
  std::lock_guard model(mutex_);
  a.sends_outstanding += sends;
  a.receives_outstanding += receives;
}

void DriverModel::count_binding_data(Binding& b, int sends, int receives_held) {
  std::lock_guard model(mutex_);
  b.sends_outstanding += sends;
  b.receives_held += receives_held;
}

// Called where an adapter pause completes (MiniportPause's SUCCESS or NdisMPauseComplete).
void DriverModel::check_adapter_quiet(Adapter& a, const char* function) {
  if (!a.sends_outstanding && !a.receives_outstanding) return;
  rt_.verifier()
      .finding("DRV-026", function)
      .handle("MiniportAdapterHandle", a.handle)
      .value("sends outstanding", std::to_string(a.sends_outstanding))
      .value("receives not returned", std::to_string(a.receives_outstanding))
      .message("the pause completed with sends not completed or receives not returned")
      .expected("every send completed and every indicated receive returned before the pause completes")
      .remedy("complete the pause (NdisMPauseComplete) only once the data path has drained");
}

// Called where a binding reaches Paused (NetEventPause completed).
void DriverModel::check_binding_quiet(Binding& b) {
  if (b.sends_outstanding)
    rt_.verifier()
        .finding("DRV-063", "ProtocolNetPnPEvent")
        .handle("NdisBindingHandle", b.handle)
        .value("sends outstanding", std::to_string(b.sends_outstanding))
        .message("NetEventPause completed with the protocol's sends not yet completed")
        .expected("the pause completes only after all the protocol's sends on the binding completed")
        .remedy("pend NetEventPause until the send completions arrived");
  if (b.receives_held)
    rt_.verifier()
        .finding("DRV-064", "ProtocolNetPnPEvent")
        .severity(Severity::Warning)
        .handle("NdisBindingHandle", b.handle)
        .value("receives held", std::to_string(b.receives_held))
        .message("the binding reached Paused while the protocol still holds received NBLs")
        .expected("receives that arrive while Pausing or Paused are returned at once")
        .remedy("return held receive NBLs before completing the pause");
}

bool DriverModel::binding_context_in_use(const void* context) const {
  if (!context) return false;
  std::lock_guard model(mutex_);
  for (auto& b : bindings_)
    if (b->context == context && !b->closed) return true;
  return false;
}

}  // namespace condis::core
