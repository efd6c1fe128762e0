// The miniport adapter life cycle (driver-model.md 1.4, 2.2; rules DRV-020..035, DRV-070/071).
// adapter_next_state() is the 1.4 table; every state change goes through move().
#include <cstring>

#include "core/call_model.hpp"
#include "core/driver_model.hpp"
#include "core/driver_upcall.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::core {

const char* adapter_state_name(AdapterState state) {
  switch (state) {
    case AdapterState::Halted: return "Halted";
    case AdapterState::Initializing: return "Initializing";
    case AdapterState::Paused: return "Paused";
    case AdapterState::Restarting: return "Restarting";
    case AdapterState::Running: return "Running";
    case AdapterState::Pausing: return "Pausing";
    case AdapterState::Shutdown: return "Shutdown";
  }
  return "?";
}

const char* adapter_event_name(AdapterEvent event) {
  switch (event) {
    case AdapterEvent::Initialize: return "MiniportInitializeEx";
    case AdapterEvent::InitializeOk: return "initialize succeeded";
    case AdapterEvent::InitializeFailed: return "initialize failed";
    case AdapterEvent::Restart: return "MiniportRestart";
    case AdapterEvent::RestartOk: return "restart succeeded";
    case AdapterEvent::RestartFailed: return "restart failed";
    case AdapterEvent::Pause: return "MiniportPause";
    case AdapterEvent::PauseDone: return "pause completed";
    case AdapterEvent::Halt: return "MiniportHaltEx";
    case AdapterEvent::Shutdown: return "MiniportShutdownEx";
  }
  return "?";
}

bool adapter_next_state(AdapterState from, AdapterEvent event, AdapterState* to) {
  using S = AdapterState;
  using E = AdapterEvent;
  S next = from;
  bool ok = false;
  switch (event) {
    case E::Initialize: ok = from == S::Halted; next = S::Initializing; break;
    case E::InitializeOk: ok = from == S::Initializing; next = S::Paused; break;
    case E::InitializeFailed: ok = from == S::Initializing; next = S::Halted; break;
    case E::Restart: ok = from == S::Paused; next = S::Restarting; break;
    case E::RestartOk: ok = from == S::Restarting; next = S::Running; break;
    case E::RestartFailed: ok = from == S::Restarting; next = S::Paused; break;
    case E::Pause: ok = from == S::Running; next = S::Pausing; break;
    case E::PauseDone: ok = from == S::Pausing; next = S::Paused; break;
    case E::Halt: ok = from == S::Paused; next = S::Halted; break;
    case E::Shutdown:
      ok = from == S::Paused || from == S::Restarting || from == S::Running || from == S::Pausing;
      next = S::Shutdown;
      break;
  }
  if (ok && to) *to = next;
  return ok;
}

namespace {

// DRV-020 is an obligation on condis itself: a failure here is a condis bug, reported loudly.
bool move(RuntimeCore& rt, Adapter& a, AdapterEvent event) {
  AdapterState next;
  if (!adapter_next_state(a.state, event, &next)) {
    rt.verifier()
        .finding("DRV-020", adapter_event_name(event))
        .handle("MiniportAdapterHandle", a.handle)
        .state("adapter", adapter_state_name(a.state))
        .message(std::string("condis attempted ") + adapter_event_name(event) + " in state " +
                 adapter_state_name(a.state))
        .expected("only the transitions of driver-model.md 1.4");
    return false;
  }
  a.state = next;
  return true;
}

CallbackFrame frame_for(Callback kind, Adapter& a) {
  CallbackFrame f{kind};
  f.driver = a.driver;
  f.adapter = &a;
  return f;
}

}  // namespace

// ---- Initialize and restart ------------------------------------------------------------------

Expected<Adapter*> DriverModel::create_adapter(Driver& d, const AdapterOptions& options) {
  std::lock_guard model(mutex_);
  if (!d.is_miniport() || d.state != DriverState::Registered)
    return Error{NDIS_STATUS_INVALID_PARAMETER, d.name + " is not a registered miniport driver"};
  auto owned = std::make_unique<Adapter>();
  Adapter* a = owned.get();
  a->driver = &d;
  {
    std::lock_guard lock(mutex_);
    a->if_index = next_if_index_++;
    a->name = options.name.empty() ? d.name + "-" + std::to_string(a->if_index) : options.name;
    for (auto& other : adapters_)
      if (other->name == a->name) return Error{NDIS_STATUS_INVALID_PARAMETER, "an adapter named " + a->name + " exists"};
    a->name16.assign(a->name.begin(), a->name.end());
    a->medium_override = options.medium;
    a->net_luid.Value = (uint64_t(0xF4) << 48) | (uint64_t(a->if_index) << 24);  // IfType 244 (CoNDIS, condis-private)
    a->handle = issue_handle(ObjectType::Adapter, a);
    if (!a->handle) return Error{NDIS_STATUS_RESOURCES, "handle table full"};
    adapters_.push_back(std::move(owned));
    d.adapters.push_back(a);
  }
  move(rt_, *a, AdapterEvent::Initialize);
  NDIS_MINIPORT_INIT_PARAMETERS params{};
  params.Header = {NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS, NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1,
                   USHORT(NDIS_SIZEOF_MINIPORT_INIT_PARAMETER_REVISION_1)};
  params.IfIndex = a->if_index;
  params.NetLuid = a->net_luid;
  a->in_initialize = true;
  NDIS_STATUS status = call_driver(rt_, frame_for(Callback::MiniportInitialize, *a), a->handle,
                                   d.miniport.InitializeHandlerEx, a->handle, d.driver_context, &params);
  a->in_initialize = false;
  if (status == NDIS_STATUS_PENDING) {
    rt_.verifier()
        .finding("DRV-021", "MiniportInitializeEx")
        .handle("MiniportAdapterHandle", a->handle)
        .message("MiniportInitializeEx returned NDIS_STATUS_PENDING")
        .expected("SUCCESS or a failure status: initialisation has no completion function")
        .remedy("finish initialisation before returning (it runs at PASSIVE_LEVEL and may wait)");
    status = NDIS_STATUS_FAILURE;
  }
  if (status != NDIS_STATUS_SUCCESS) {
    move(rt_, *a, AdapterEvent::InitializeFailed);
    owner_gone(a->handle, "DRV-071", "MiniportInitializeEx");
    const std::string name = a->name;
    destroy_adapter(*a);
    return Error{status, "MiniportInitializeEx for " + name + " failed with " + status_name(status)};
  }
  move(rt_, *a, AdapterEvent::InitializeOk);
  if (!a->attributes.registration_set || !a->attributes.general_set) {
    rt_.verifier()
        .finding("DRV-022", "MiniportInitializeEx")
        .handle("MiniportAdapterHandle", a->handle)
        .message(!a->attributes.registration_set ? "initialisation succeeded without registration attributes"
                                                 : "initialisation succeeded without general attributes")
        .expected("NdisMSetMiniportAttributes with the registration, then the general attributes, before SUCCESS")
        .remedy("set both attribute structures in MiniportInitializeEx");
    // OQ-D11: NDIS could not finish initialising; the driver frees what it allocated.
    move(rt_, *a, AdapterEvent::Halt);
    call_driver(rt_, frame_for(Callback::MiniportHalt, *a), a->handle, d.miniport.HaltHandlerEx, a->context,
                NdisHaltDeviceInitializationFailed);
    owner_gone(a->handle);
    const std::string name = a->name;
    destroy_adapter(*a);
    return Error{NDIS_STATUS_FAILURE, "MiniportInitializeEx for " + name + " did not set its attributes"};
  }
  a->medium = a->medium_override != ~0u ? NDIS_MEDIUM(a->medium_override) : a->attributes.general.MediaType;
  ULONG profile = NdisPowerProfileAcOnLine;
  device_pnp_event(*a, NdisDevicePnPEventPowerProfileChanged, &profile, sizeof profile);
  restart_adapter(*a);
  return a;
}

bool DriverModel::restart_adapter(Adapter& a) {
  std::lock_guard model(mutex_);
  if (a.state != AdapterState::Paused) return a.state == AdapterState::Running;
  move(rt_, a, AdapterEvent::Restart);
  NDIS_MINIPORT_RESTART_PARAMETERS params{};
  params.Header = {NDIS_OBJECT_TYPE_DEFAULT, NDIS_MINIPORT_RESTART_PARAMETERS_REVISION_1,
                   USHORT(NDIS_SIZEOF_MINIPORT_RESTART_PARAMETERS_REVISION_1)};
  a.restart_pending = false;
  NDIS_STATUS status = call_driver(rt_, frame_for(Callback::MiniportRestart, a), a.handle,
                                   a.driver->miniport.RestartHandler, a.context, &params);
  if (params.RestartAttributes != nullptr)
    rt_.verifier()
        .finding("DRV-029", "MiniportRestart")
        .handle("MiniportAdapterHandle", a.handle)
        .message("the miniport created restart attributes although NDIS passed RestartAttributes = NULL")
        .expected("no restart attributes are added when RestartAttributes is NULL")
        .remedy("only modify the attribute list NDIS passes; leave a NULL list alone");
  if (status == NDIS_STATUS_PENDING) {
    a.restart_pending = true;
    wait_for([&] { return a.state != AdapterState::Restarting; });
  } else {
    if (status != NDIS_STATUS_SUCCESS && status != NDIS_STATUS_RESOURCES && status != NDIS_STATUS_FAILURE)
      rt_.verifier()
          .finding("DRV-028", "MiniportRestart")
          .handle("MiniportAdapterHandle", a.handle)
          .value("status", status_name(status))
          .message("MiniportRestart returned an undocumented status")
          .expected("SUCCESS, PENDING, RESOURCES or FAILURE");
    move(rt_, a, status == NDIS_STATUS_SUCCESS ? AdapterEvent::RestartOk : AdapterEvent::RestartFailed);
  }
  return a.state == AdapterState::Running;
}

void DriverModel::restart_complete(Adapter& a, NDIS_STATUS status) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisMRestartComplete";
  if (exec::current_irql() > exec::kDispatch)
    rt_.verifier().finding("DRV-028", fn).handle("MiniportAdapterHandle", a.handle)
        .message("called above DISPATCH_LEVEL").expected("IRQL <= DISPATCH_LEVEL");
  if (!a.restart_pending || a.state != AdapterState::Restarting) {
    rt_.verifier()
        .finding("DRV-028", fn)
        .handle("MiniportAdapterHandle", a.handle)
        .state("adapter", adapter_state_name(a.state))
        .message("no MiniportRestart of this adapter returned PENDING")
        .expected("NdisMRestartComplete only after MiniportRestart returned PENDING, exactly once")
        .remedy("complete only restarts you pended, once; return the status directly otherwise");
    return;
  }
  if (status == NDIS_STATUS_PENDING) {
    rt_.verifier()
        .finding("DRV-045", fn)
        .handle("MiniportAdapterHandle", a.handle)
        .message("NdisMRestartComplete was given NDIS_STATUS_PENDING")
        .expected("SUCCESS, RESOURCES or FAILURE")
        .remedy("complete with the final status");
    return;
  }
  a.restart_pending = false;
  move(rt_, a, status == NDIS_STATUS_SUCCESS ? AdapterEvent::RestartOk : AdapterEvent::RestartFailed);
  wake_waiters();
}

// ---- Pause ---------------------------------------------------------------------------------------

bool DriverModel::pause_adapter(Adapter& a, ULONG reason) {
  std::lock_guard model(mutex_);
  if (a.state == AdapterState::Restarting) wait_for([&] { return a.state != AdapterState::Restarting; });
  if (a.state != AdapterState::Running) return a.state == AdapterState::Paused;
  move(rt_, a, AdapterEvent::Pause);
  NDIS_MINIPORT_PAUSE_PARAMETERS params{};
  params.Header = {NDIS_OBJECT_TYPE_DEFAULT, NDIS_MINIPORT_PAUSE_PARAMETERS_REVISION_1,
                   USHORT(NDIS_SIZEOF_MINIPORT_PAUSE_PARAMETERS_REVISION_1)};
  params.PauseReason = reason;
  a.pause_pending = false;
  NDIS_STATUS status = call_driver(rt_, frame_for(Callback::MiniportPause, a), a.handle,
                                   a.driver->miniport.PauseHandler, a.context, &params);
  if (status == NDIS_STATUS_PENDING) {
    a.pause_pending = true;
    wait_for([&] { return a.state != AdapterState::Pausing; });
  } else {
    if (status != NDIS_STATUS_SUCCESS)
      rt_.verifier()
          .finding("DRV-025", "MiniportPause")
          .handle("MiniportAdapterHandle", a.handle)
          .value("status", status_name(status))
          .message("MiniportPause returned a failure; a miniport cannot fail a pause")
          .expected("NDIS_STATUS_SUCCESS or NDIS_STATUS_PENDING")
          .remedy("preallocate what the pause needs; treat it as complete with SUCCESS");
    check_adapter_quiet(a, "MiniportPause");
    move(rt_, a, AdapterEvent::PauseDone);
  }
  return a.state == AdapterState::Paused;
}

void DriverModel::pause_complete(Adapter& a) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisMPauseComplete";
  if (exec::current_irql() > exec::kDispatch)
    rt_.verifier().finding("DRV-027", fn).handle("MiniportAdapterHandle", a.handle)
        .message("called above DISPATCH_LEVEL").expected("IRQL <= DISPATCH_LEVEL");
  if (!a.pause_pending || a.state != AdapterState::Pausing) {
    rt_.verifier()
        .finding("DRV-027", fn)
        .handle("MiniportAdapterHandle", a.handle)
        .state("adapter", adapter_state_name(a.state))
        .message("no MiniportPause of this adapter returned PENDING")
        .expected("NdisMPauseComplete only after MiniportPause returned PENDING, exactly once")
        .remedy("complete only pauses you pended, once");
    return;
  }
  a.pause_pending = false;
  check_adapter_quiet(a, fn);
  move(rt_, a, AdapterEvent::PauseDone);
  wake_waiters();
}

// ---- Halt, shutdown, device PnP -----------------------------------------------------------

void DriverModel::halt_adapter(Adapter& a, NDIS_HALT_ACTION action) {
  std::lock_guard model(mutex_);
  for (Binding* b : bindings_of(a))
    if (b->state != BindingState::Closing && b->state != BindingState::Opening) unbind(*b);
  if (a.state == AdapterState::Shutdown) {  // no callback after MiniportShutdownEx
    destroy_adapter(a);
    return;
  }
  pause_adapter(a, NDIS_PAUSE_MINIPORT_DEVICE_REMOVE);
  if (a.oid_pending) wait_for([&] { return !a.oid_pending; });
  if (a.state != AdapterState::Paused) {
    // A pause the miniport never completed: DRV-074 at halt; the adapter cannot be halted.
    rt_.verifier()
        .finding("DRV-074", "MiniportHaltEx")
        .handle("MiniportAdapterHandle", a.handle)
        .state("adapter", adapter_state_name(a.state))
        .message("the adapter could not be halted: a pended pause or restart was never completed")
        .expected("every pended operation is completed before the adapter goes away")
        .remedy("call NdisMPauseComplete / NdisMRestartComplete for the operation you pended");
    return;
  }
  if (a.oid_pending)
    rt_.verifier()
        .finding("DRV-074", "MiniportHaltEx")
        .handle("MiniportAdapterHandle", a.handle)
        .message("an OID request the miniport pended was never completed")
        .expected("NdisMOidRequestComplete for every pended request before halt")
        .remedy("complete every pended OID request");
  { Unlocked u(mutex_); rt_.calls().on_adapter_halting(a); }
  move(rt_, a, AdapterEvent::Halt);
  call_driver(rt_, frame_for(Callback::MiniportHalt, a), a.handle, a.driver->miniport.HaltHandlerEx, a.context, action);
  { Unlocked u(mutex_); rt_.calls().on_adapter_halted(a); }
  owner_gone(a.handle, "DRV-070", "MiniportHaltEx");
  destroy_adapter(a);
}

void DriverModel::shutdown_adapter(Adapter& a) {
  std::lock_guard model(mutex_);
  if (!move(rt_, a, AdapterEvent::Shutdown)) return;
  // DRV-034: a blocking wait (NdisMSleep, NdisWaitEvent with a timeout) moves virtual time, which
  // nothing else does while the handler runs on the deterministic scheduler.
  const bool virtual_time = rt_.config().scheduler == SchedulerKind::Deterministic;
  const uint64_t before = rt_.scheduler().now_ns();
  call_driver(rt_, frame_for(Callback::MiniportShutdown, a), a.handle, a.driver->miniport.ShutdownHandlerEx,
              a.context, NdisShutdownPowerOff);
  const uint64_t waited = rt_.scheduler().now_ns() - before;
  if (virtual_time && waited)
    rt_.verifier()
        .finding("DRV-034", "MiniportShutdownEx")
        .handle("MiniportAdapterHandle", a.handle)
        .value("waited ns", std::to_string(waited))
        .message("MiniportShutdownEx waited (time passed inside the handler)")
        .expected("MiniportShutdownEx puts the hardware in a known state without waiting")
        .remedy("do not call NdisMSleep, NdisWaitEvent or other blocking functions from MiniportShutdownEx");
}

void DriverModel::device_pnp_event(Adapter& a, NDIS_DEVICE_PNP_EVENT event, PVOID buffer, ULONG length) {
  std::lock_guard model(mutex_);
  if (a.state == AdapterState::Halted || a.state == AdapterState::Initializing || a.state == AdapterState::Shutdown)
    return;
  NET_DEVICE_PNP_EVENT e{};
  e.Header = {NDIS_OBJECT_TYPE_DEFAULT, NET_DEVICE_PNP_EVENT_REVISION_1,
              USHORT(NDIS_SIZEOF_NET_DEVICE_PNP_EVENT_REVISION_1)};
  e.DevicePnPEvent = event;
  e.InformationBuffer = buffer;
  e.InformationBufferLength = length;
  call_driver(rt_, frame_for(Callback::MiniportDevicePnp, a), a.handle, a.driver->miniport.DevicePnPEventNotifyHandler,
              a.context, &e);
}

void DriverModel::surprise_remove(Adapter& a) {
  std::lock_guard model(mutex_);
  if (!(a.attributes.registration.AttributeFlags & NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK)) {
    halt_adapter(a, NdisHaltDeviceDisabled);  // OQ-D13: an orderly removal instead
    return;
  }
  device_pnp_event(a, NdisDevicePnPEventSurpriseRemoved, nullptr, 0);
  a.surprise_removed = true;
  // DRV-031: one OID request in the window between the notification and the halt.
  NDIS_OID_REQUEST probe{};
  ULONG value = 0;
  probe.Header = {NDIS_OBJECT_TYPE_OID_REQUEST, NDIS_OID_REQUEST_REVISION_1, USHORT(NDIS_SIZEOF_OID_REQUEST_REVISION_1)};
  probe.RequestType = NdisRequestQueryInformation;
  probe.DATA.QUERY_INFORMATION.Oid = OID_GEN_MEDIA_CONNECT_STATUS;
  probe.DATA.QUERY_INFORMATION.InformationBuffer = &value;
  probe.DATA.QUERY_INFORMATION.InformationBufferLength = sizeof value;
  NDIS_STATUS status = issue_oid(a, &probe, nullptr, [](PNDIS_OID_REQUEST, NDIS_STATUS) {});
  if (status != NDIS_STATUS_NOT_ACCEPTED) {
    rt_.verifier()
        .finding("DRV-031", "MiniportOidRequest")
        .handle("MiniportAdapterHandle", a.handle)
        .value("status", status_name(status))
        .message("an OID request after surprise removal was not failed at once with NDIS_STATUS_NOT_ACCEPTED")
        .expected("NDIS_STATUS_NOT_ACCEPTED for every send or OID request until MiniportHaltEx")
        .remedy("remember the surprise removal and fail new requests immediately");
    if (status == NDIS_STATUS_PENDING) wait_for([&] { return !a.oid_pending; });
  }
  halt_adapter(a, NdisHaltDeviceSurpriseRemoved);
}

// ---- NdisMSetMiniportAttributes ------------------------------------------------------------

NDIS_STATUS DriverModel::set_attributes(Adapter& a, const NDIS_MINIPORT_ADAPTER_ATTRIBUTES& attributes) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisMSetMiniportAttributes";
  const NDIS_OBJECT_HEADER& h = attributes.Header;
  auto bad = [&](const char* rule, NDIS_STATUS status, std::string what, std::string expected) {
    rt_.verifier()
        .finding(rule, fn)
        .handle("NdisMiniportHandle", a.handle)
        .value("Header.Type", std::to_string(h.Type))
        .value("Header.Revision", std::to_string(h.Revision))
        .value("Header.Size", std::to_string(h.Size))
        .message(std::move(what))
        .expected(std::move(expected))
        .remedy("fill the header with the structure's NDIS_OBJECT_TYPE, REVISION and NDIS_SIZEOF constants");
    return status;
  };
  switch (h.Type) {
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES: {
      if (h.Revision < 1 || h.Revision > 2)
        return bad("DRV-024", NDIS_STATUS_BAD_VERSION, "unsupported revision of the registration attributes",
                   "Revision 1 or 2");
      if (h.Size < NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1)
        return bad("DRV-024", NDIS_STATUS_INVALID_PARAMETER, "registration attributes too short", "Size >= 28");
      const auto& r = attributes.RegistrationAttributes;
      if (!r.MiniportAdapterContext)
        rt_.verifier()
            .finding("DRV-024", fn)
            .severity(Severity::Warning)
            .handle("NdisMiniportHandle", a.handle)
            .message("MiniportAdapterContext is NULL")
            .expected("the driver's per-adapter context, handed back to every MiniportXxx handler")
            .remedy("pass the adapter's context block");
      a.attributes.registration = r;
      a.attributes.registration_set = true;
      a.context = r.MiniportAdapterContext;
      if (r.AttributeFlags & NDIS_MINIPORT_ATTRIBUTES_CONTROLS_DEFAULT_PORT)
        rt_.verifier()
            .finding("DRV-024", fn)
            .severity(Severity::Warning)
            .handle("NdisMiniportHandle", a.handle)
            .message("NDIS_MINIPORT_ATTRIBUTES_CONTROLS_DEFAULT_PORT is not supported; the default port is active")
            .expected("OQ-D13: condis implements no port activation");
      return NDIS_STATUS_SUCCESS;
    }
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES: {
      if (!a.attributes.registration_set)
        return bad("DRV-023", NDIS_STATUS_FAILURE, "general attributes set before the registration attributes",
                   "registration attributes first, general attributes second");
      if (h.Revision < 1 || h.Revision > 2)
        return bad("DRV-024", NDIS_STATUS_BAD_VERSION, "unsupported revision of the general attributes",
                   "Revision 1 or 2");
      const USHORT need = h.Revision == 1 ? USHORT(NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1)
                                          : USHORT(NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2);
      if (h.Size < need)
        return bad("DRV-024", NDIS_STATUS_INVALID_PARAMETER, "general attributes too short",
                   "Size >= NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_n");
      const auto& g = attributes.GeneralAttributes;
      a.attributes.general = g;
      // Deep copies (OQ-D12): the driver's buffers need to live only for this call.
      a.attributes.general.PowerManagementCapabilities = nullptr;
      a.attributes.general.RecvScaleCapabilities = nullptr;
      a.attributes.general.PowerManagementCapabilitiesEx = nullptr;
      a.attributes.general.SupportedOidList = nullptr;
      a.attributes.supported_oids.clear();
      if (g.SupportedOidList)
        a.attributes.supported_oids.assign(g.SupportedOidList,
                                           g.SupportedOidList + g.SupportedOidListLength / sizeof(NDIS_OID));
      a.attributes.general_set = true;
      return NDIS_STATUS_SUCCESS;
    }
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES:
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_NATIVE_802_11_ATTRIBUTES:
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES:
    case NDIS_OBJECT_TYPE_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES:
      if (!a.attributes.general_set)
        return bad("DRV-023", NDIS_STATUS_FAILURE, "an attribute structure set before the general attributes",
                   "registration attributes first, general attributes second, others after");
      return NDIS_STATUS_SUCCESS;  // accepted, contents ignored
    default:
      return bad("DRV-024", NDIS_STATUS_INVALID_PARAMETER, "unknown attribute structure type",
                 "one of the NDIS_MINIPORT_ADAPTER_*_ATTRIBUTES types");
  }
}

}  // namespace condis::core
