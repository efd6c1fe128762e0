// DriverModel: object ownership, handle lookups, runtime teardown and the leak report
// (driver-model.md 4.D, DRV-070..075).
#include "core/driver_model.hpp"

#include <algorithm>

#include "core/model_util.hpp"
#include "runtime/runtime_core.hpp"
#include "services/services_state.hpp"

namespace condis::core {

DriverModel::DriverModel(RuntimeCore& rt) : rt_(rt) {}
DriverModel::~DriverModel() { release_all(); }

NDIS_HANDLE DriverModel::issue_handle(ObjectType type, void* object) { return rt_.handles().insert(type, object); }

void DriverModel::remove_handle(NDIS_HANDLE& handle) {
  if (handle) rt_.handles().remove(handle);
  handle = nullptr;
}

void DriverModel::owner_gone(const void* handle, const char* rule, const char* when) {
  if (!handle) return;
  Unlocked unlocked(mutex_);  // the services layer takes its own locks
  const size_t before = rt_.verifier().total();
  rt_.services().on_owner_gone(handle);
  const size_t found = rt_.verifier().total() - before;
  if (rule && found)
    rt_.verifier()
        .finding(rule, when ? when : "teardown")
        .handle("owner", handle)
        .value("resources still charged", std::to_string(found))
        .message(std::string("resources charged to the object were still held ") + (when ? "when " + std::string(when) + " returned" : "at teardown"))
        .expected("every resource allocated for the object is released before it goes away")
        .remedy("free or delete what the handler allocated (the findings before this one list each)");
}

// Waits for a completion with the model lock released; the predicate reads model state, so it
// takes the lock itself.
bool DriverModel::wait_for(const std::function<bool()>& done) {
  {
    std::lock_guard model(mutex_);
    if (done()) return true;
  }
  Unlocked unlocked(mutex_);
  return rt_.scheduler().wait_until(
      [&] {
        std::lock_guard model(mutex_);
        return done();
      },
      UINT64_MAX);
}

void DriverModel::wake_waiters() {
  Unlocked unlocked(mutex_);
  rt_.scheduler().notify_waiters();
}

// ---- Lookups --------------------------------------------------------------------------------

Driver* DriverModel::driver_from_handle(const void* handle) const {
  ObjectType type = ObjectType::None;
  void* object = rt_.handles().resolve_any(handle, &type);
  if (!object || (type != ObjectType::MiniportDriver && type != ObjectType::ProtocolDriver)) return nullptr;
  return static_cast<Driver*>(object);
}

Adapter* DriverModel::adapter_from_handle(const void* handle) const {
  return static_cast<Adapter*>(rt_.handles().resolve(handle, ObjectType::Adapter));
}

Binding* DriverModel::binding_from_handle(const void* handle) const {
  return static_cast<Binding*>(rt_.handles().resolve(handle, ObjectType::Binding));
}

BindOperation* DriverModel::bind_from_handle(const void* handle) const {
  return static_cast<BindOperation*>(rt_.handles().resolve(handle, ObjectType::BindContext));
}

UnbindOperation* DriverModel::unbind_from_handle(const void* handle) const {
  return static_cast<UnbindOperation*>(rt_.handles().resolve(handle, ObjectType::UnbindContext));
}

LoadedModule* DriverModel::module_by_id(uint64_t id) const {
  std::lock_guard lock(mutex_);
  for (auto& m : modules_)
    if (m->id == id) return m.get();
  return nullptr;
}

LoadedModule* DriverModel::module_of(const DRIVER_OBJECT* driver_object) const {
  std::lock_guard lock(mutex_);
  for (auto& m : modules_)
    if (&m->driver_object == driver_object) return m.get();
  return nullptr;
}

Adapter* DriverModel::adapter_by_name(const NDIS_STRING* name) const {
  if (!name || !name->Buffer) return nullptr;
  std::u16string wanted(reinterpret_cast<const char16_t*>(name->Buffer), name->Length / sizeof(WCHAR));
  std::lock_guard lock(mutex_);
  for (auto& a : adapters_)
    if (a->name16 == wanted && a->handle) return a.get();
  return nullptr;
}

template <class T>
static std::vector<T*> raw(const std::vector<std::unique_ptr<T>>& owned) {
  std::vector<T*> out;
  for (auto& p : owned) out.push_back(p.get());
  return out;
}

std::vector<Driver*> DriverModel::drivers() const { std::lock_guard lock(mutex_); return raw(drivers_); }
std::vector<Adapter*> DriverModel::adapters() const { std::lock_guard lock(mutex_); return raw(adapters_); }
std::vector<Binding*> DriverModel::bindings() const { std::lock_guard lock(mutex_); return raw(bindings_); }

std::vector<Binding*> DriverModel::bindings_of(const Adapter& adapter) const {
  std::lock_guard lock(mutex_);
  return adapter.bindings;
}

PnpOperation* DriverModel::pnp_from_notification(const void* notification) const {
  std::lock_guard lock(mutex_);
  for (auto& b : bindings_)
    if (b->pnp && &b->pnp->notification == notification) return b->pnp.get();
  for (auto& d : drivers_)
    if (d->pnp && &d->pnp->notification == notification) return d->pnp.get();
  return nullptr;
}

// ---- Destruction ------------------------------------------------------------------------------

void DriverModel::destroy_binding(Binding& binding) {
  std::lock_guard lock(mutex_);
  remove_handle(binding.handle);
  if (Adapter* a = binding.adapter) {
    erase_ptr(a->bindings, &binding);
    // An OID the binding left outstanding (DRV-057) completes to nobody once it is gone.
    if (a->oid_pending && a->oid_pending->origin == &binding) a->oid_pending->origin = nullptr;
    for (PendingOid& q : a->oid_queue)
      if (q.origin == &binding) q.origin = nullptr;
  }
  if (binding.protocol) erase_ptr(binding.protocol->bindings, &binding);
  erase_owned(bindings_, &binding);
}

void DriverModel::destroy_adapter(Adapter& adapter) {
  std::lock_guard lock(mutex_);
  remove_handle(adapter.handle);
  if (adapter.driver) erase_ptr(adapter.driver->adapters, &adapter);
  erase_owned(adapters_, &adapter);
}

void DriverModel::destroy_driver(Driver& driver) {
  std::lock_guard lock(mutex_);
  remove_handle(driver.handle);
  for (auto& m : modules_) erase_ptr(m->drivers, &driver);
  erase_owned(drivers_, &driver);
}

// ---- Teardown (shutdown order: bindings, adapters, drivers with protocols first) ---------------

void DriverModel::shutdown() {
  std::lock_guard model(mutex_);
  shutting_down_ = true;
  for (Binding* b : bindings())
    if (b->state != BindingState::Closing && b->state != BindingState::Opening) unbind(*b);
  for (Adapter* a : adapters())
    if (a->state != AdapterState::Shutdown) halt_adapter(*a, NdisHaltDeviceDisabled);
  std::vector<uint64_t> protocols, miniports;
  {
    std::lock_guard lock(mutex_);
    for (auto it = modules_.rbegin(); it != modules_.rend(); ++it) {
      bool protocol = false;
      for (Driver* d : (*it)->drivers) protocol |= d->is_protocol();
      (protocol ? protocols : miniports).push_back((*it)->id);
    }
  }
  for (uint64_t id : protocols) (void)unload(id);
  for (uint64_t id : miniports) (void)unload(id);
  shutting_down_ = false;
}

void DriverModel::collect_leaks(LeakReport& report) const {
  std::lock_guard model(mutex_);
  std::lock_guard lock(mutex_);
  for (auto& d : drivers_)
    report.leaks.push_back({"DRV-073", d->is_miniport() ? "miniport driver" : "protocol driver", d->name,
                            "still registered (" + format_handle(d->handle) + ")"});
  for (auto& a : adapters_)
    report.leaks.push_back({"DRV-075", "adapter", a->driver ? a->driver->name : "?",
                            a->name + " " + format_handle(a->handle) + " in state " + adapter_state_name(a->state)});
  for (auto& b : bindings_)
    report.leaks.push_back({"DRV-075", "binding", b->protocol ? b->protocol->name : "?",
                            format_handle(b->handle) + " to " + (b->adapter ? b->adapter->name : "?") + " in state " +
                                binding_state_name(b->state)});
  for (auto& op : binds_)
    report.leaks.push_back({"DRV-074", "pending bind", op->protocol ? op->protocol->name : "?",
                            "BindContext " + format_handle(op->handle) + " never completed"});
  for (auto& op : unbinds_)
    report.leaks.push_back({"DRV-074", "pending unbind", "?", "UnbindContext " + format_handle(op->handle) +
                                                                  " never completed"});
}

void DriverModel::release_all() {
  std::lock_guard model(mutex_);
  std::lock_guard lock(mutex_);
  for (auto& b : bindings_) remove_handle(b->handle);
  for (auto& a : adapters_) remove_handle(a->handle);
  for (auto& d : drivers_) remove_handle(d->handle);
  for (auto& op : binds_) remove_handle(op->handle);
  for (auto& op : unbinds_) remove_handle(op->handle);
  bindings_.clear();
  adapters_.clear();
  binds_.clear();
  unbinds_.clear();
  drivers_.clear();
  modules_.clear();  // the loader's destructor closes dl handles
}

}  // namespace condis::core
