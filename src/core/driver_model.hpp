// The driver model layer: registered drivers, their adapters and bindings, and the NDIS 6 life
// cycles that move them (driver-model.md sections 1-2). The Ndis* entry points in src/api/ and
// the host API (src/runtime/host_drivers.cpp) call the operations here; the call-model and
// services layers read the objects through the lookups.
//
// Objects are owned here and named by handles of the runtime's handle table: a Driver by its
// NdisMiniportDriverHandle / NdisProtocolHandle, an Adapter by its MiniportAdapterHandle, a
// Binding by its NdisBindingHandle. A handle is removed when its object goes (after
// MiniportHaltEx, at NdisCloseAdapterEx, at deregistration), so later uses resolve as Stale.
//
// No lock of this layer is held across a call into a driver.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/handle_table.hpp"
#include "condis/expected.hpp"
#include "condis/host.hpp"
#include "condis/verify.hpp"
#include "core/adapter.hpp"
#include "core/binding.hpp"
#include "core/callback_frame.hpp"
#include "core/driver.hpp"
#include "core/model_lock.hpp"

namespace condis {
class RuntimeCore;
namespace core {

// One driver image: a shared object loaded with dlopen, or a DriverEntry given by pointer.
struct LoadedModule {
  std::string name;
  std::string path;                 // empty for register_driver
  void* dl = nullptr;               // dlopen handle
  CondisDriverEntry entry = nullptr;
  DRIVER_OBJECT driver_object{};
  std::u16string driver_name16;
  std::u16string registry_path16;
  UNICODE_STRING registry_path{};
  std::vector<Driver*> drivers;     // registered by its DriverEntry (owned by DriverModel)
  uint64_t id = 0;                  // the DriverId: the first registered driver handle
  bool in_driver_entry = false;
};

class DriverModel {
 public:
  explicit DriverModel(RuntimeCore& rt);
  ~DriverModel();
  DriverModel(const DriverModel&) = delete;
  DriverModel& operator=(const DriverModel&) = delete;

  RuntimeCore& runtime() const { return rt_; }
  // Held by every operation of this layer and by the Ndis* entry points while they resolve
  // handles; released around every call into a driver and every wait (model_lock.hpp).
  ModelLock& model_lock() const { return mutex_; }

  // ---- Runtime teardown (driver-model.md 4.D) -------------------------------------------
  // Unbinds every binding, halts every adapter, unloads every driver (protocols first).
  void shutdown();
  // DRV-070..075: drivers, adapters, bindings and pending operations still present.
  void collect_leaks(LeakReport& report) const;
  // Frees every remaining object without calling drivers (after the leak report).
  void release_all();

  // ---- Lookups: no findings; null when the handle does not name a live object of the type.
  Driver* driver_from_handle(const void* handle) const;  // miniport or protocol driver handle
  Adapter* adapter_from_handle(const void* handle) const;
  Binding* binding_from_handle(const void* handle) const;
  BindOperation* bind_from_handle(const void* handle) const;
  UnbindOperation* unbind_from_handle(const void* handle) const;
  LoadedModule* module_by_id(uint64_t id) const;
  LoadedModule* module_of(const DRIVER_OBJECT* driver_object) const;
  Adapter* adapter_by_name(const NDIS_STRING* name) const;
  std::vector<Driver*> drivers() const;
  std::vector<Adapter*> adapters() const;
  std::vector<Binding*> bindings() const;
  std::vector<Binding*> bindings_of(const Adapter& adapter) const;

  // ---- Loading (src/loader, host) ---------------------------------------------------------
  // Runs the module's DriverEntry; the module is kept (and its drivers) if it succeeds.
  Expected<uint64_t> load(std::unique_ptr<LoadedModule> module);
  // Halts the driver's adapters / closes its bindings, calls its unload routine, dlcloses.
  Expected<void> unload(uint64_t id);

  // ---- Registration (api/miniport_driver.cpp, api/protocol_driver.cpp) -----------------
  NDIS_STATUS register_miniport(PDRIVER_OBJECT driver_object, NDIS_HANDLE context,
                                const NDIS_MINIPORT_DRIVER_CHARACTERISTICS& characteristics, NDIS_HANDLE* out);
  NDIS_STATUS register_protocol(NDIS_HANDLE context, const NDIS_PROTOCOL_DRIVER_CHARACTERISTICS& characteristics,
                                NDIS_HANDLE* out);
  // Deregistration: runs the driver's leak checks, invalidates its handle (protocol: unbinds).
  void deregister(Driver& driver);
  // Host uninstall of a protocol (2.3.6): unbinds every binding, then ProtocolUninstall.
  Expected<void> uninstall_protocol(Driver& protocol);

  // ---- Adapter life cycle (core/adapter.cpp) ---------------------------------------------
  Expected<Adapter*> create_adapter(Driver& miniport, const AdapterOptions& options);
  bool pause_adapter(Adapter& adapter, ULONG reason);  // true when Paused afterwards
  bool restart_adapter(Adapter& adapter);              // true when Running afterwards
  // Unbinds every binding, pauses, MiniportHaltEx, leak checks, destroys the adapter.
  void halt_adapter(Adapter& adapter, NDIS_HALT_ACTION action);
  void shutdown_adapter(Adapter& adapter);             // MiniportShutdownEx (power-off)
  void device_pnp_event(Adapter& adapter, NDIS_DEVICE_PNP_EVENT event, PVOID buffer, ULONG length);
  void surprise_remove(Adapter& adapter);
  NDIS_STATUS set_attributes(Adapter& adapter, const NDIS_MINIPORT_ADAPTER_ATTRIBUTES& attributes);
  void pause_complete(Adapter& adapter);
  void restart_complete(Adapter& adapter, NDIS_STATUS status);

  // ---- General OIDs (core/oid.cpp) ----------------------------------------------------------
  // Issues a request to the adapter's MiniportOidRequest on behalf of `origin` (a binding) or
  // of condis (origin null); returns the final status, or PENDING: then `on_complete` runs
  // when the miniport completes it (for a binding origin, ProtocolOidRequestComplete runs).
  using OidCompletion = std::function<void(PNDIS_OID_REQUEST, NDIS_STATUS)>;
  NDIS_STATUS issue_oid(Adapter& adapter, PNDIS_OID_REQUEST request, Binding* origin, OidCompletion on_complete = {});
  void oid_complete(Adapter& adapter, PNDIS_OID_REQUEST request, NDIS_STATUS status);

  // ---- Binding life cycle (core/binding.cpp) ---------------------------------------------
  Expected<Binding*> bind(Driver& protocol, Adapter& adapter);
  NDIS_STATUS open_adapter(Driver& protocol, BindOperation& bind, NDIS_HANDLE binding_context,
                           const NDIS_OPEN_PARAMETERS& params, NDIS_HANDLE* binding_handle);
  void complete_bind(BindOperation& bind, NDIS_STATUS status);
  void unbind(Binding& binding);
  NDIS_STATUS close_adapter(Binding& binding);
  void complete_unbind(UnbindOperation& unbind);
  void request_unbind(Binding& binding);  // NdisUnbindAdapter: queued to a PASSIVE task
  // ProtocolNetPnPEvent for a binding (or the whole protocol when binding is null).
  NDIS_STATUS net_pnp_event(Driver& protocol, Binding* binding, NET_PNP_EVENT_CODE code);
  // NdisCompleteNetPnPEvent: the operation named by the notification pointer, or null.
  PnpOperation* pnp_from_notification(const void* notification) const;
  void complete_net_pnp(PnpOperation& op, NDIS_STATUS status);

  // ---- Data-path rules (core/data_path_checks.cpp) -----------------------------------------
  // For the VC data path: false (and DRV-030 / DRV-053 / DRV-063) when the state forbids it.
  bool check_miniport_receive(Adapter& adapter, const char* function);
  bool check_protocol_send(Binding& binding, const char* function);
  // Counts kept by the data path: + on a send / indication, - on its completion / return.
  void count_adapter_data(Adapter& adapter, int sends, int receives);
  void count_binding_data(Binding& binding, int sends, int receives_held);
  // DRV-058: whether `context` is the ProtocolBindingContext of a binding not yet closed (the
  // services area asks it when a driver frees an NDIS-allocated block).
  bool binding_context_in_use(const void* context) const;

  // Host option (OQ-D16 and DRV-043/044 tests): NdisOpenAdapterEx returns PENDING and completes
  // from a task, NdisCloseAdapterEx likewise.
  void set_pend_opens(bool pend) { pend_opens_ = pend; }
  void set_pend_closes(bool pend) { pend_closes_ = pend; }

 private:
  friend class ModelAccess;
  NDIS_HANDLE issue_handle(ObjectType type, void* object);
  void remove_handle(NDIS_HANDLE& handle);
  void destroy_adapter(Adapter& adapter);
  void destroy_binding(Binding& binding);
  void destroy_driver(Driver& driver);
  void finish_open(BindOperation& bind, Binding& binding, NDIS_STATUS status);
  void finish_close(Binding& binding);
  bool wait_for(const std::function<bool()>& done);
  void wake_waiters();
  void check_adapter_quiet(Adapter& adapter, const char* function);  // DRV-026
  void check_binding_quiet(Binding& binding);                         // DRV-063, DRV-064  // after a completion changed state a waiter reads (threaded scheduler)
  // Runs the services' leak checks for an object that goes away; when they found something, also
  // reports `rule` (DRV-008, DRV-070..073), the per-object rule, naming where it happened.
  void owner_gone(const void* handle, const char* rule = nullptr, const char* when = nullptr);
  void check_driver_entry_exit(LoadedModule& module, NTSTATUS status);
  void oid_complete_internal_(Adapter& adapter, PNDIS_OID_REQUEST request, NDIS_STATUS status);
  void deliver_oid_completion(const PendingOid& done, PNDIS_OID_REQUEST request, NDIS_STATUS status);
  void schedule_next_oid(Adapter& adapter);
  bool binding_alive(const Binding* binding) const;

  RuntimeCore& rt_;
  mutable ModelLock mutex_;
  std::vector<std::unique_ptr<LoadedModule>> modules_;
  std::vector<std::unique_ptr<Driver>> drivers_;
  std::vector<std::unique_ptr<Adapter>> adapters_;
  std::vector<std::unique_ptr<Binding>> bindings_;
  std::vector<std::unique_ptr<BindOperation>> binds_;
  std::vector<std::unique_ptr<UnbindOperation>> unbinds_;
  uint32_t next_if_index_ = 1;
  std::atomic<bool> pend_opens_{false};
  std::atomic<bool> pend_closes_{false};
  bool shutting_down_ = false;
};

}  // namespace core
}  // namespace condis
