// Driver registration, deregistration, loading and unloading (driver-model.md 1.3, 2.1, 2.3;
// rules DRV-001..013).
#include <algorithm>
#include <cstring>
#include <dlfcn.h>

#include "core/call_model.hpp"
#include "core/co_driver.hpp"
#include "core/driver_model.hpp"
#include "core/driver_upcall.hpp"
#include "core/model_util.hpp"
#include "runtime/runtime_core.hpp"
#include "services/services_state.hpp"

namespace condis::core {

const char* driver_state_name(DriverState state) {
  switch (state) {
    case DriverState::Registering: return "REGISTERING";
    case DriverState::Registered: return "REGISTERED";
    case DriverState::Deregistering: return "DEREGISTERING";
    case DriverState::Gone: return "GONE";
  }
  return "?";
}

namespace {

bool documented_minor(UCHAR minor) {
  static const UCHAR kMinors[] = {0, 1, 20, 30, 40, 50, 51, 60, 70, 80, 81, 82, 83, 84, 85, 86};
  return std::find(std::begin(kMinors), std::end(kMinors), minor) != std::end(kMinors);
}

// DRV-002: header and version. Returns SUCCESS or the status to fail with.
NDIS_STATUS check_header(RuntimeCore& rt, const char* function, const NDIS_OBJECT_HEADER& h, UCHAR type,
                         UCHAR max_revision, const USHORT* sizes, UCHAR major, UCHAR minor) {
  if (h.Type != type || h.Revision < 1 || (h.Revision <= max_revision && h.Size < sizes[h.Revision - 1]) ||
      (h.Revision > max_revision && h.Size < sizes[max_revision - 1])) {
    rt.verifier()
        .finding("DRV-002", function)
        .value("Header.Type", std::to_string(h.Type))
        .value("Header.Revision", std::to_string(h.Revision))
        .value("Header.Size", std::to_string(h.Size))
        .message("the characteristics header is not a valid one for this structure")
        .expected("Type " + std::to_string(type) + ", a documented Revision and Size >= NDIS_SIZEOF_..._REVISION_n")
        .remedy("zero the structure, then set Header.Type/Revision/Size with the WDK's constants");
    return NDIS_STATUS_BAD_CHARACTERISTICS;
  }
  if (major != 6 || !documented_minor(minor)) {
    rt.verifier()
        .finding("DRV-002", function)
        .value("MajorNdisVersion", std::to_string(major))
        .value("MinorNdisVersion", std::to_string(minor))
        .message("the NDIS version is not a documented NDIS 6 version")
        .expected("MajorNdisVersion 6 and a documented MinorNdisVersion (0, 1, 20, 30, ...)")
        .remedy("set NDIS_MINIPORT_MAJOR_VERSION / NDIS_MINIPORT_MINOR_VERSION (or the protocol ones)");
    return NDIS_STATUS_BAD_VERSION;
  }
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS missing_handler(RuntimeCore& rt, const char* function, const char* field) {
  rt.verifier()
      .finding("DRV-003", function)
      .value("handler", field)
      .message(std::string(field) + " is NULL")
      .expected("every handler documented as required is non-NULL")
      .remedy(std::string("set ") + field + " to the driver's entry point");
  return NDIS_STATUS_BAD_CHARACTERISTICS;
}

// The DriverEntry window and IRQL of DRV-001.
void check_registration_context(RuntimeCore& rt, const char* function) {
  if (exec::current_irql() != exec::kPassive)
    rt.verifier()
        .finding("DRV-001", function)
        .value("IRQL", std::to_string(exec::current_irql()))
        .message(std::string(function) + " called above PASSIVE_LEVEL")
        .expected("PASSIVE_LEVEL, from DriverEntry")
        .remedy("register from DriverEntry, which runs at PASSIVE_LEVEL");
  else if (!find_frame(&rt, Callback::DriverEntry))
    rt.verifier()
        .finding("DRV-001", function)
        .message(std::string(function) + " called outside DriverEntry")
        .expected("registration from DriverEntry")
        .remedy("move the registration call into DriverEntry");
}

}  // namespace

// ---- Miniport registration ----------------------------------------------------------------

NDIS_STATUS DriverModel::register_miniport(PDRIVER_OBJECT driver_object, NDIS_HANDLE context,
                                           const NDIS_MINIPORT_DRIVER_CHARACTERISTICS& c, NDIS_HANDLE* out) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisMRegisterMiniportDriver";
  check_registration_context(rt_, fn);
  static const USHORT kSizes[] = {NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1,
                                  NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2};
  NDIS_STATUS status = check_header(rt_, fn, c.Header, NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, 2, kSizes,
                                    c.MajorNdisVersion, c.MinorNdisVersion);
  if (status != NDIS_STATUS_SUCCESS) return status;
  if (c.Flags & NDIS_INTERMEDIATE_DRIVER) return NDIS_STATUS_NOT_SUPPORTED;  // OQ-D09
  struct Required { const void* fn; const char* name; };
  const Required required[] = {
      {(const void*)c.SetOptionsHandler, "SetOptionsHandler"},
      {(const void*)c.InitializeHandlerEx, "InitializeHandlerEx"},
      {(const void*)c.HaltHandlerEx, "HaltHandlerEx"},
      {(const void*)c.UnloadHandler, "UnloadHandler"},
      {(const void*)c.PauseHandler, "PauseHandler"},
      {(const void*)c.RestartHandler, "RestartHandler"},
      {(const void*)c.SendNetBufferListsHandler, "SendNetBufferListsHandler"},
      {(const void*)c.ReturnNetBufferListsHandler, "ReturnNetBufferListsHandler"},
      {(const void*)c.CancelSendHandler, "CancelSendHandler"},
      {(const void*)c.DevicePnPEventNotifyHandler, "DevicePnPEventNotifyHandler"},
      {(const void*)c.ShutdownHandlerEx, "ShutdownHandlerEx"},
      {(const void*)c.CancelOidRequestHandler, "CancelOidRequestHandler"},
  };
  for (const Required& r : required)
    if (!r.fn) return missing_handler(rt_, fn, r.name);
  const bool revision2 = c.Header.Revision >= 2;
  const bool direct = revision2 && c.DirectOidRequestHandler;
  const bool cancel_direct = revision2 && c.CancelDirectOidRequestHandler;
  if ((c.CheckForHangHandlerEx && !c.ResetHandlerEx) || direct != cancel_direct) {
    rt_.verifier()
        .finding("DRV-004", fn)
        .message(c.CheckForHangHandlerEx && !c.ResetHandlerEx
                     ? "CheckForHangHandlerEx is set without ResetHandlerEx"
                     : "only one of DirectOidRequestHandler / CancelDirectOidRequestHandler is set")
        .expected("ResetHandlerEx with CheckForHangHandlerEx; both direct-OID handlers or neither")
        .remedy("set the missing handler of the pair, or clear both");
    return NDIS_STATUS_BAD_CHARACTERISTICS;
  }
  if (!out) return NDIS_STATUS_INVALID_PARAMETER;

  auto driver = std::make_unique<Driver>();
  driver->kind = DriverKind::Miniport;
  driver->driver_context = context;
  driver->driver_object = driver_object;
  // Copy only the revision the driver declared; the rest stays NULL.
  std::memcpy(&driver->miniport, &c, revision2 ? sizeof c : size_t(NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1));
  LoadedModule* module = module_of(driver_object);
  driver->module = module;
  driver->name = module ? module->name : "miniport";
  Driver* d = driver.get();
  {
    std::lock_guard lock(mutex_);
    d->handle = issue_handle(ObjectType::MiniportDriver, d);
    if (!d->handle) return NDIS_STATUS_RESOURCES;
    drivers_.push_back(std::move(driver));
  }
  d->in_set_options = true;
  status = call_driver(rt_, CallbackFrame{Callback::SetOptions, nullptr, d}, nullptr, d->miniport.SetOptionsHandler,
                       d->handle, context);
  d->in_set_options = false;
  if (status == NDIS_STATUS_SUCCESS && (d->optional_tables & kMiniportCoTable)) {
    Unlocked unlocked(mutex_);  // the call-model area takes its own lock
    if (const CoDriver* co = rt_.calls().find_driver(d->handle); co && co->has_miniport_co)
      d->co_oid_request = co->miniport_co.CoOidRequestHandler;
  }
  if (status == NDIS_STATUS_SUCCESS) {
    const bool cm = d->optional_tables & kCallManagerTable;
    const bool co = d->optional_tables & kMiniportCoTable;
    if (!co) {
      rt_.verifier()
          .finding("DRV-006", "MiniportSetOptions")
          .handle("NdisMiniportDriverHandle", d->handle)
          .message(cm ? "the call-manager table was registered without NDIS_MINIPORT_CO_CHARACTERISTICS"
                      : "MiniportSetOptions registered no NDIS_MINIPORT_CO_CHARACTERISTICS")
          .expected("a CoNDIS miniport registers NDIS_MINIPORT_CO_CHARACTERISTICS from MiniportSetOptions")
          .remedy("call NdisSetOptionalHandlers with NDIS_MINIPORT_CO_CHARACTERISTICS in MiniportSetOptions");
      status = NDIS_STATUS_BAD_CHARACTERISTICS;
    }
  }
  if (status != NDIS_STATUS_SUCCESS) {
    owner_gone(d->handle, "DRV-008", "XxxSetOptions");  // a failed set-options leaves nothing charged
    destroy_driver(*d);
    return status;
  }
  d->state = DriverState::Registered;
  if (module) {
    module->drivers.push_back(d);
    if (!module->id) module->id = reinterpret_cast<uint64_t>(d->handle);
  }
  *out = d->handle;
  return NDIS_STATUS_SUCCESS;
}

// ---- Protocol registration ------------------------------------------------------------------

NDIS_STATUS DriverModel::register_protocol(NDIS_HANDLE context, const NDIS_PROTOCOL_DRIVER_CHARACTERISTICS& c,
                                           NDIS_HANDLE* out) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisRegisterProtocolDriver";
  check_registration_context(rt_, fn);
  static const USHORT kSizes[] = {NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1,
                                  NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2};
  NDIS_STATUS status = check_header(rt_, fn, c.Header, NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, 2, kSizes,
                                    c.MajorNdisVersion, c.MinorNdisVersion);
  if (status != NDIS_STATUS_SUCCESS) return status;
  struct Required { const void* fn; const char* name; };
  const Required required[] = {
      {(const void*)c.SetOptionsHandler, "SetOptionsHandler"},
      {(const void*)c.BindAdapterHandlerEx, "BindAdapterHandlerEx"},
      {(const void*)c.UnbindAdapterHandlerEx, "UnbindAdapterHandlerEx"},
      {(const void*)c.OpenAdapterCompleteHandlerEx, "OpenAdapterCompleteHandlerEx"},
      {(const void*)c.CloseAdapterCompleteHandlerEx, "CloseAdapterCompleteHandlerEx"},
      {(const void*)c.NetPnPEventHandler, "NetPnPEventHandler"},
  };
  for (const Required& r : required)
    if (!r.fn) return missing_handler(rt_, fn, r.name);
  if (!c.Name.Buffer || c.Name.Length == 0) {
    rt_.verifier()
        .finding("DRV-002", fn)
        .message("the protocol's Name is empty")
        .expected("Name holds the protocol's service name")
        .remedy("initialise Name with NdisInitUnicodeString / RTL_CONSTANT_STRING");
    return NDIS_STATUS_BAD_CHARACTERISTICS;
  }
  if (!out) return NDIS_STATUS_INVALID_PARAMETER;

  auto driver = std::make_unique<Driver>();
  driver->kind = DriverKind::Protocol;
  driver->driver_context = context;
  const bool revision2 = c.Header.Revision >= 2;
  std::memcpy(&driver->protocol, &c,
              revision2 ? sizeof c : size_t(NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1));
  driver->protocol_name.assign(reinterpret_cast<const char16_t*>(c.Name.Buffer), c.Name.Length / sizeof(WCHAR));
  driver->protocol.Name.Buffer = reinterpret_cast<PWSTR>(driver->protocol_name.data());
  for (char16_t ch : driver->protocol_name) driver->name.push_back(ch < 128 ? char(ch) : '?');
  const CallbackFrame* entry = find_frame(&rt_, Callback::DriverEntry);
  LoadedModule* module = entry ? entry->module : nullptr;
  driver->module = module;
  driver->driver_object = module ? &module->driver_object : nullptr;
  Driver* d = driver.get();
  {
    std::lock_guard lock(mutex_);
    d->handle = issue_handle(ObjectType::ProtocolDriver, d);
    if (!d->handle) return NDIS_STATUS_RESOURCES;
    drivers_.push_back(std::move(driver));
  }
  d->in_set_options = true;
  status = call_driver(rt_, CallbackFrame{Callback::SetOptions, nullptr, d}, nullptr, d->protocol.SetOptionsHandler,
                       d->handle, context);
  d->in_set_options = false;
  if (status == NDIS_STATUS_SUCCESS) {
    const uint32_t t = d->optional_tables;
    const bool base = t & kProtocolCoTable;
    const bool role = t & (kClientTable | kCallManagerTable);
    if (!base || !role) {
      rt_.verifier()
          .finding("DRV-006", "ProtocolSetOptions")
          .handle("NdisProtocolHandle", d->handle)
          .message(!base ? "ProtocolSetOptions registered no NDIS_PROTOCOL_CO_CHARACTERISTICS"
                         : "ProtocolSetOptions registered neither the client nor the call-manager table")
          .expected("a CoNDIS protocol registers NDIS_PROTOCOL_CO_CHARACTERISTICS and its client or CM table")
          .remedy("call NdisSetOptionalHandlers for both tables from ProtocolSetOptions");
      status = NDIS_STATUS_BAD_CHARACTERISTICS;
    }
  }
  if (status != NDIS_STATUS_SUCCESS) {
    owner_gone(d->handle);
    destroy_driver(*d);
    return status;
  }
  d->state = DriverState::Registered;
  if (module) {
    module->drivers.push_back(d);
    if (!module->id) module->id = reinterpret_cast<uint64_t>(d->handle);
  }
  *out = d->handle;
  return NDIS_STATUS_SUCCESS;
}

// ---- Deregistration -----------------------------------------------------------------------

void DriverModel::deregister(Driver& driver) {
  std::lock_guard model(mutex_);
  driver.state = DriverState::Deregistering;
  if (driver.is_protocol()) {
    // DRV-013: every open binding is unbound inside the call.
    for (Binding* b : std::vector<Binding*>(driver.bindings))
      if (b->state != BindingState::Closing && b->state != BindingState::Opening) unbind(*b);
  } else if (!driver.adapters.empty()) {
    for (Adapter* a : std::vector<Adapter*>(driver.adapters)) halt_adapter(*a, NdisHaltDeviceDisabled);
  }
  owner_gone(driver.handle, "DRV-073", "deregistration");
  driver.state = DriverState::Gone;
  destroy_driver(driver);
}

// ---- Uninstall (2.3.6) ------------------------------------------------------------------------

Expected<void> DriverModel::uninstall_protocol(Driver& protocol) {
  std::lock_guard model(mutex_);
  if (!protocol.is_protocol() || protocol.state != DriverState::Registered)
    return Error{NDIS_STATUS_INVALID_PARAMETER, protocol.name + " is not a registered protocol driver"};
  // NDIS unbinds every binding first, then calls the optional ProtocolUninstall at PASSIVE_LEVEL.
  for (Binding* b : std::vector<Binding*>(protocol.bindings))
    if (b->state != BindingState::Closing && b->state != BindingState::Opening) unbind(*b);
  if (!protocol.bindings.empty())
    return Error{NDIS_STATUS_FAILURE, protocol.name + " still has bindings that could not be unbound"};
  protocol.uninstalled = true;
  if (protocol.protocol.UninstallHandler)
    call_driver(rt_, CallbackFrame{Callback::ProtocolUninstall, nullptr, &protocol}, nullptr,
                protocol.protocol.UninstallHandler);
  return {};
}

// ---- Loading -----------------------------------------------------------------------------------

Expected<uint64_t> DriverModel::load(std::unique_ptr<LoadedModule> owned) {
  std::lock_guard model(mutex_);
  LoadedModule* module = owned.get();
  DRIVER_OBJECT& object = module->driver_object;
  object.Type = 4;  // IO_TYPE_DRIVER
  object.Size = sizeof(DRIVER_OBJECT);
  module->driver_name16 = u"\\Driver\\";
  for (char ch : module->name) module->driver_name16.push_back(char16_t(ch));
  object.DriverName.Buffer = reinterpret_cast<PWSTR>(module->driver_name16.data());
  object.DriverName.Length = USHORT(module->driver_name16.size() * sizeof(WCHAR));
  object.DriverName.MaximumLength = object.DriverName.Length;
  module->registry_path16 = u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\";
  for (char ch : module->name) module->registry_path16.push_back(char16_t(ch));
  module->registry_path.Buffer = reinterpret_cast<PWSTR>(module->registry_path16.data());
  module->registry_path.Length = USHORT(module->registry_path16.size() * sizeof(WCHAR));
  module->registry_path.MaximumLength = module->registry_path.Length;
  {
    std::lock_guard lock(mutex_);
    modules_.push_back(std::move(owned));
  }
  module->in_driver_entry = true;
  CallbackFrame frame{Callback::DriverEntry};
  frame.module = module;
  NTSTATUS status = call_driver(rt_, frame, nullptr, module->entry, &object, &module->registry_path);
  module->in_driver_entry = false;
  check_driver_entry_exit(*module, status);
  if (status < 0 || module->drivers.empty()) {
    std::lock_guard lock(mutex_);
    void* dl = module->dl;
    const std::string name = module->name;
    erase_owned(modules_, module);
    if (dl) dlclose(dl);
    return Error{status < 0 ? status : NDIS_STATUS_FAILURE,
                 status < 0 ? "DriverEntry of " + name + " failed with " + status_name(status)
                            : "DriverEntry of " + name + " registered no driver"};
  }
  return module->id;
}

// DRV-009: a DriverEntry that fails after registering must have deregistered.
void DriverModel::check_driver_entry_exit(LoadedModule& module, NTSTATUS status) {
  if (status >= 0) return;
  for (Driver* d : std::vector<Driver*>(module.drivers)) {
    rt_.verifier()
        .finding("DRV-009", "DriverEntry")
        .handle("driver", d->handle)
        .message("DriverEntry failed but left its driver registered")
        .expected("a DriverEntry that fails after registering deregisters before it returns")
        .remedy(d->is_miniport() ? "call NdisMDeregisterMiniportDriver on the failure path"
                                 : "call NdisDeregisterProtocolDriver on the failure path");
    deregister(*d);
  }
}

Expected<void> DriverModel::unload(uint64_t id) {
  std::lock_guard model(mutex_);
  LoadedModule* module = module_by_id(id);
  if (!module) return Error{NDIS_STATUS_INVALID_PARAMETER, "no loaded driver with that id"};
  std::vector<Driver*> drivers = module->drivers;
  CallbackFrame frame{Callback::DriverUnload};
  frame.module = module;
  for (Driver* d : drivers) {
    frame.driver = d;
    if (d->is_miniport()) {
      // DRV-013: every adapter is halted before MiniportDriverUnload.
      for (Adapter* a : std::vector<Adapter*>(d->adapters)) halt_adapter(*a, NdisHaltDeviceDisabled);
      call_driver(rt_, frame, nullptr, d->miniport.UnloadHandler, &module->driver_object);
      break;  // one unload routine per driver object
    }
  }
  if (!module->drivers.empty() && module->driver_object.DriverUnload) {
    frame.driver = module->drivers.front();
    call_driver(rt_, frame, nullptr, module->driver_object.DriverUnload, &module->driver_object);
  }
  for (Driver* d : std::vector<Driver*>(module->drivers)) {
    rt_.verifier()
        .finding("DRV-009", d->is_miniport() ? "MiniportDriverUnload" : "Unload")
        .handle("driver", d->handle)
        .message("the driver was unloaded without deregistering")
        .expected("the unload routine deregisters the driver exactly once")
        .remedy(d->is_miniport() ? "call NdisMDeregisterMiniportDriver from MiniportDriverUnload"
                                 : "call NdisDeregisterProtocolDriver from the driver's Unload routine");
    deregister(*d);
  }
  void* dl = module->dl;
  {
    std::lock_guard lock(mutex_);
    erase_owned(modules_, module);
  }
  if (dl) dlclose(dl);
  return {};
}

}  // namespace condis::core
