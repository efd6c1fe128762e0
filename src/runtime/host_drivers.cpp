// The driver part of the host API: loading and unloading drivers, creating and halting
// adapters, binding and unbinding (driver-model.md 3.1-3.3). Each call runs with the runtime
// current on the calling thread and drives pended completions through the scheduler.
#include "condis/host.hpp"
#include "core/driver_model.hpp"
#include "loader/module_loader.hpp"
#include "runtime/runtime_core.hpp"

namespace condis {
namespace {

Error shut_down_error() { return Error{NDIS_STATUS_FAILURE, "the runtime is shut down"}; }

}  // namespace

Expected<DriverId> Runtime::load_driver(const std::filesystem::path& path, std::string name) {
  if (core_->is_shut_down()) return shut_down_error();
  CurrentRuntimeScope scope(core_.get());
  std::lock_guard model(core_->drivers().model_lock());  // objects stay alive while resolved
  auto module = loader::open_module(path, std::move(name));
  if (!module) return module.error();
  auto id = core_->drivers().load(std::move(module.value()));
  if (!id) return id.error();
  return DriverId{id.value()};
}

Expected<DriverId> Runtime::register_driver(CondisDriverEntry entry, std::string name) {
  if (core_->is_shut_down()) return shut_down_error();
  if (!entry) return Error{NDIS_STATUS_INVALID_PARAMETER, "DriverEntry is NULL"};
  CurrentRuntimeScope scope(core_.get());
  std::lock_guard model(core_->drivers().model_lock());  // objects stay alive while resolved
  auto id = core_->drivers().load(loader::module_for_entry(entry, std::move(name)));
  if (!id) return id.error();
  return DriverId{id.value()};
}

void* Runtime::driver_symbol(DriverId driver, const char* symbol) const {
  core::LoadedModule* module = core_->drivers().module_by_id(driver.value);
  return module ? loader::module_symbol(*module, symbol) : nullptr;
}

Expected<void> Runtime::unload_driver(DriverId driver) {
  CurrentRuntimeScope scope(core_.get());
  std::lock_guard model(core_->drivers().model_lock());  // objects stay alive while resolved
  return core_->drivers().unload(driver.value);
}

Expected<AdapterId> Runtime::create_adapter(DriverId miniport, AdapterOptions options) {
  if (core_->is_shut_down()) return shut_down_error();
  CurrentRuntimeScope scope(core_.get());
  std::lock_guard model(core_->drivers().model_lock());  // objects stay alive while resolved
  core::LoadedModule* module = core_->drivers().module_by_id(miniport.value);
  core::Driver* driver = nullptr;
  if (module)
    for (core::Driver* d : module->drivers)
      if (d->is_miniport()) driver = d;
  if (!driver) return Error{NDIS_STATUS_INVALID_PARAMETER, "not a loaded miniport driver"};
  auto adapter = core_->drivers().create_adapter(*driver, options);
  if (!adapter) return adapter.error();
  return AdapterId{reinterpret_cast<uint64_t>(adapter.value()->handle)};
}

Expected<void> Runtime::halt_adapter(AdapterId adapter) {
  CurrentRuntimeScope scope(core_.get());
  std::lock_guard model(core_->drivers().model_lock());  // objects stay alive while resolved
  core::Adapter* a = core_->drivers().adapter_from_handle(reinterpret_cast<void*>(adapter.value));
  if (!a) return Error{NDIS_STATUS_INVALID_PARAMETER, "no such adapter"};
  core_->drivers().halt_adapter(*a, NdisHaltDeviceDisabled);
  return {};
}

Expected<BindingId> Runtime::bind(DriverId protocol, AdapterId adapter) {
  if (core_->is_shut_down()) return shut_down_error();
  CurrentRuntimeScope scope(core_.get());
  std::lock_guard model(core_->drivers().model_lock());  // objects stay alive while resolved
  core::LoadedModule* module = core_->drivers().module_by_id(protocol.value);
  core::Driver* driver = nullptr;
  if (module)
    for (core::Driver* d : module->drivers)
      if (d->is_protocol()) driver = d;
  if (!driver) return Error{NDIS_STATUS_INVALID_PARAMETER, "not a loaded protocol driver"};
  core::Adapter* a = core_->drivers().adapter_from_handle(reinterpret_cast<void*>(adapter.value));
  if (!a) return Error{NDIS_STATUS_INVALID_PARAMETER, "no such adapter"};
  auto binding = core_->drivers().bind(*driver, *a);
  if (!binding) return binding.error();
  return BindingId{reinterpret_cast<uint64_t>(binding.value()->handle)};
}

Expected<void> Runtime::uninstall_protocol(DriverId protocol) {
  CurrentRuntimeScope scope(core_.get());
  std::lock_guard model(core_->drivers().model_lock());
  core::LoadedModule* module = core_->drivers().module_by_id(protocol.value);
  core::Driver* driver = nullptr;
  if (module)
    for (core::Driver* d : module->drivers)
      if (d->is_protocol()) driver = d;
  if (!driver) return Error{NDIS_STATUS_INVALID_PARAMETER, "not a loaded protocol driver"};
  return core_->drivers().uninstall_protocol(*driver);
}

Expected<void> Runtime::unbind(BindingId binding) {
  CurrentRuntimeScope scope(core_.get());
  std::lock_guard model(core_->drivers().model_lock());  // objects stay alive while resolved
  core::Binding* b = core_->drivers().binding_from_handle(reinterpret_cast<void*>(binding.value));
  if (!b) return Error{NDIS_STATUS_INVALID_PARAMETER, "no such binding"};
  core_->drivers().unbind(*b);
  return {};
}

}  // namespace condis
