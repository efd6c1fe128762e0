// Calls into driver entry points from the driver model: at the IRQL the spec fixes for the
// callback (2.6: PASSIVE for every life-cycle handler), inside a callback frame (so context
// rules can see where the driver is), charged to its owner for the services' leak checks.
#pragma once

#include "core/callback_frame.hpp"
#include "core/driver.hpp"
#include "core/driver_model.hpp"
#include "exec/irql.hpp"
#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"
#include "services/owner_scope.hpp"

namespace condis::core {

template <class Fn, class... Args>
auto call_driver_at(exec::Irql level, RuntimeCore& rt, CallbackFrame frame, const void* owner_object, Fn&& fn,
                    Args&&... args) {
  frame.rt = &rt;
  Unlocked unlocked(rt.drivers().model_lock());  // no condis lock while driver code runs
  exec::ExecutionScope irql(level);
  FrameScope scope(frame);
  services::OwnerScope owner(frame.driver ? frame.driver->handle : nullptr, owner_object);
  const std::string_view driver_name = frame.driver ? std::string_view(frame.driver->name) : std::string_view();
  return upcall(rt, UpcallInfo{callback_name(frame.kind), driver_name}, std::forward<Fn>(fn),
                std::forward<Args>(args)...);
}

// The life-cycle handlers of driver-model.md 2.6 all run at PASSIVE_LEVEL.
template <class Fn, class... Args>
auto call_driver(RuntimeCore& rt, CallbackFrame frame, const void* owner_object, Fn&& fn, Args&&... args) {
  return call_driver_at(exec::kPassive, rt, frame, owner_object, std::forward<Fn>(fn), std::forward<Args>(args)...);
}

}  // namespace condis::core
