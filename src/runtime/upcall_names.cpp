// Names for the trace of callbacks that library objects (timers, work items) make into drivers:
// the object's owner handle leads to the driver that allocated it.
#include "core/adapter.hpp"
#include "core/binding.hpp"
#include "core/driver.hpp"
#include "core/driver_model.hpp"
#include "runtime/upcall.hpp"

namespace condis {

std::string owner_driver_name(RuntimeCore& rt, const void* owner) {
  // The name is fixed once the driver registered, and the owner outlives its timers and work
  // items (they are dequeued when it goes away), so no model lock is needed to read it.
  const core::Driver* driver = rt.drivers().driver_from_handle(owner);
  if (!driver) {
    if (const core::Adapter* adapter = rt.drivers().adapter_from_handle(owner)) driver = adapter->driver;
  }
  if (!driver) {
    if (const core::Binding* binding = rt.drivers().binding_from_handle(owner)) driver = binding->protocol;
  }
  return driver ? driver->name : std::string("driver");
}

}  // namespace condis
