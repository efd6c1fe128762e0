// CoTopology over the driver model, and the driver model's hooks into the call model.
#include "core/adapter.hpp"
#include "core/binding.hpp"
#include "core/call_model.hpp"
#include "core/nbl_store.hpp"
#include "core/driver.hpp"
#include "core/driver_model.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::core {
namespace {

BindingView view_of(const Binding& b) {
  BindingView v;
  v.handle = b.handle;
  v.adapter = b.adapter ? b.adapter->handle : nullptr;
  v.protocol_driver = b.protocol ? b.protocol->handle : nullptr;
  v.binding_context = b.context;
  // A CM registers its AFs inside ProtocolBindAdapterEx once NdisOpenAdapterEx succeeded, so an
  // opening binding counts; a closed or closing one does not.
  v.usable = b.handle && !b.closed && b.state != BindingState::Closing && b.state != BindingState::Unbound;
  return v;
}

class DriverModelTopology final : public CoTopology {
 public:
  explicit DriverModelTopology(RuntimeCore& rt) : rt_(rt) {}

  bool binding(const void* handle, BindingView* out) const override {
    std::lock_guard model(rt_.drivers().model_lock());  // objects read whole, not while changing
    Binding* b = rt_.drivers().binding_from_handle(handle);
    if (!b) return false;
    *out = view_of(*b);
    return true;
  }

  // Lock-free: the handle is live until the binding is destroyed, and co_unusable is set as
  // the binding starts closing (the same answer as binding(...).usable).
  bool binding_usable(const void* handle) const override {
    const Binding* b = rt_.drivers().binding_from_handle(handle);
    return b && !b->co_unusable.load(std::memory_order_acquire);
  }

  bool adapter(const void* handle, AdapterView* out) const override {
    std::lock_guard model(rt_.drivers().model_lock());  // objects read whole, not while changing
    Adapter* a = rt_.drivers().adapter_from_handle(handle);
    if (!a) return false;
    out->handle = a->handle;
    out->miniport_driver = a->driver ? a->driver->handle : nullptr;
    out->adapter_context = a->context;
    out->usable = a->state != AdapterState::Halted && a->state != AdapterState::Shutdown;
    return true;
  }

  void bindings_of(const void* handle, std::vector<BindingView>* out) const override {
    std::lock_guard model(rt_.drivers().model_lock());  // objects read whole, not while changing
    Adapter* a = rt_.drivers().adapter_from_handle(handle);
    if (!a) return;
    for (Binding* b : rt_.drivers().bindings_of(*a)) out->push_back(view_of(*b));
  }

  std::string driver_name(const void* handle) const override {
    std::lock_guard model(rt_.drivers().model_lock());  // objects read whole, not while changing
    Driver* d = rt_.drivers().driver_from_handle(handle);
    return d ? d->name : format_handle(handle);
  }

 private:
  RuntimeCore& rt_;
};

}  // namespace

std::unique_ptr<CoTopology> make_driver_model_topology(RuntimeCore& rt) {
  return std::make_unique<DriverModelTopology>(rt);
}

void CallModel::on_binding_opened(Binding& binding) { binding_opened(binding.handle); }
void CallModel::on_binding_closing(Binding& binding) {
  rt_.nbls().binding_closing(binding.handle);  // DP-039
  binding_closing(binding.handle);
}
void CallModel::on_adapter_halting(Adapter& adapter) {
  rt_.nbls().adapter_halting(adapter.handle);  // DP-038
  adapter_halting(adapter.handle);
}
void CallModel::on_adapter_halted(Adapter& adapter) { adapter_halted(adapter.handle); }

}  // namespace condis::core
