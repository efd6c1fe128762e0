// CoTopology over the driver model, and the driver model's hooks into the call model.
//
// The driver model (core::DriverModel) owns adapters and bindings. Until it exposes them, this
// topology knows none, so call management over real registrations waits for it; tests install
// their own topology (CallModel::set_topology).
#include "core/call_model.hpp"
#include "core/driver_model.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::core {
namespace {

class DriverModelTopology final : public CoTopology {
 public:
  explicit DriverModelTopology(RuntimeCore& rt) : rt_(rt) {}
  bool binding(const void*, BindingView*) const override { return false; }
  bool adapter(const void*, AdapterView*) const override { return false; }
  void bindings_of(const void*, std::vector<BindingView>*) const override {}
  std::string driver_name(const void* driver_handle) const override { return format_handle(driver_handle); }

 private:
  [[maybe_unused]] RuntimeCore& rt_;
};

}  // namespace

std::unique_ptr<CoTopology> make_driver_model_topology(RuntimeCore& rt) {
  return std::make_unique<DriverModelTopology>(rt);
}

void CallModel::on_binding_opened(Binding&) {}
void CallModel::on_binding_closing(Binding&) {}
void CallModel::on_adapter_halting(Adapter&) {}

}  // namespace condis::core
