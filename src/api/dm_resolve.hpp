// Handle resolution for the driver-model entry points: a bad handle becomes a finding naming
// the rule, the function and why the handle is bad; the caller then fails cleanly.
#pragma once

#include <string_view>

#include "common/handle_table.hpp"
#include "core/driver_model.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::api {

// What NdisOpenAdapterEx writes to *NdisBindingHandle until a pended open completes (DRV-044).
inline const void* const kPendingOpenHandle = reinterpret_cast<const void*>(uintptr_t(0xBADB1D0000000000ull));

// Holds the driver model's lock while an entry point resolves handles and runs the operation, so
// another processor cannot destroy the object in between; the model releases it around upcalls.
class ModelGuard {
 public:
  explicit ModelGuard(RuntimeCore* rt) : lock_(rt ? &rt->drivers().model_lock() : nullptr) {
    if (lock_) lock_->lock();
  }
  ~ModelGuard() {
    if (lock_) lock_->unlock();
  }
  ModelGuard(const ModelGuard&) = delete;
  ModelGuard& operator=(const ModelGuard&) = delete;

 private:
  core::ModelLock* lock_;
};

template <class T>
T* resolve_dm(RuntimeCore* rt, const void* handle, ObjectType type, std::string_view rule, std::string_view function,
              std::string_view name) {
  if (!rt) return nullptr;
  HandleError error = HandleError::Ok;
  void* object = rt->handles().resolve(handle, type, &error);
  if (!object && handle == kPendingOpenHandle) {
    rt->verifier()
        .finding("DRV-044", function)
        .handle(name, handle)
        .message("the binding handle was used before ProtocolOpenAdapterCompleteEx (NdisOpenAdapterEx pended)")
        .expected("*NdisBindingHandle is read only once the open completed")
        .remedy("wait for ProtocolOpenAdapterCompleteEx before using the binding");
    return nullptr;
  }
  if (!object)
    rt->verifier()
        .finding(rule, function)
        .handle(name, handle)
        .message(std::string(name) + " is not a live " + std::string(object_type_name(type)) + " handle (" +
                 std::string(handle_error_name(error)) + ")")
        .expected("the handle NDIS gave for this object, while the object exists")
        .remedy("pass the handle NDIS returned; do not use it after the object is closed or halted");
  return static_cast<T*>(object);
}

// The protocol or miniport a handle names, when it is of the expected driver kind.
inline core::Driver* resolve_driver(RuntimeCore* rt, const void* handle, ObjectType type, std::string_view rule,
                                    std::string_view function, std::string_view name) {
  return resolve_dm<core::Driver>(rt, handle, type, rule, function, name);
}

inline bool require_irql(RuntimeCore& rt, bool ok, std::string_view rule, std::string_view function,
                         std::string_view required) {
  if (!ok)
    rt.verifier()
        .finding(rule, function)
        .value("IRQL", std::to_string(exec::current_irql()))
        .message(std::string(function) + " called at the wrong IRQL")
        .expected(std::string(required))
        .remedy("call it at " + std::string(required) + " (release spin locks first)");
  return ok;
}

inline bool at_passive() { return exec::current_irql() == exec::kPassive; }
inline bool at_most_dispatch() { return exec::current_irql() <= exec::kDispatch; }

}  // namespace condis::api
