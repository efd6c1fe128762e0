// The protocol binding life cycle and network PnP events (driver-model.md 1.5, 2.4, 2.5;
// rules DRV-040..065). binding_next_state() is the 1.5 table; every state change goes through
// move().
#include <cstring>

#include "core/call_model.hpp"
#include "core/driver_model.hpp"
#include "core/driver_upcall.hpp"
#include "core/model_util.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::core {

const char* binding_state_name(BindingState state) {
  switch (state) {
    case BindingState::Unbound: return "Unbound";
    case BindingState::Opening: return "Opening";
    case BindingState::Paused: return "Paused";
    case BindingState::Restarting: return "Restarting";
    case BindingState::Running: return "Running";
    case BindingState::Pausing: return "Pausing";
    case BindingState::Closing: return "Closing";
  }
  return "?";
}

const char* binding_event_name(BindingEvent event) {
  switch (event) {
    case BindingEvent::Bind: return "ProtocolBindAdapterEx";
    case BindingEvent::BindFailed: return "bind failed";
    case BindingEvent::BindOk: return "bind completed";
    case BindingEvent::Restart: return "NetEventRestart";
    case BindingEvent::RestartOk: return "restart completed";
    case BindingEvent::RestartFailed: return "restart failed";
    case BindingEvent::Pause: return "NetEventPause";
    case BindingEvent::PauseDone: return "pause completed";
    case BindingEvent::Unbind: return "ProtocolUnbindAdapterEx";
    case BindingEvent::UnbindDone: return "unbind completed";
  }
  return "?";
}

bool binding_next_state(BindingState from, BindingEvent event, BindingState* to) {
  using S = BindingState;
  using E = BindingEvent;
  struct Row { E event; S from; S to; };
  static const Row kTable[] = {
      {E::Bind, S::Unbound, S::Opening},        {E::BindFailed, S::Opening, S::Unbound},
      {E::BindOk, S::Opening, S::Paused},       {E::Restart, S::Paused, S::Restarting},
      {E::RestartOk, S::Restarting, S::Running}, {E::RestartFailed, S::Restarting, S::Paused},
      {E::Pause, S::Running, S::Pausing},       {E::PauseDone, S::Pausing, S::Paused},
      {E::Unbind, S::Paused, S::Closing},       {E::UnbindDone, S::Closing, S::Unbound},
  };
  for (const Row& r : kTable)
    if (r.event == event && r.from == from) {
      if (to) *to = r.to;
      return true;
    }
  return false;
}

namespace {

bool move(RuntimeCore& rt, Binding& b, BindingEvent event) {
  BindingState next;
  if (!binding_next_state(b.state, event, &next)) {
    rt.verifier()
        .finding("DRV-060", binding_event_name(event))
        .handle("NdisBindingHandle", b.handle)
        .state("binding", binding_state_name(b.state))
        .message(std::string("condis attempted ") + binding_event_name(event) + " in state " +
                 binding_state_name(b.state))
        .expected("only the transitions of driver-model.md 1.5");
    return false;
  }
  b.state = next;
  if (next == BindingState::Closing || next == BindingState::Unbound) b.co_unusable.store(true, std::memory_order_release);
  return true;
}

CallbackFrame frame_for(Callback kind, Driver& protocol, Binding* b) {
  CallbackFrame f{kind};
  f.driver = &protocol;
  f.binding = b;
  if (b) f.adapter = b->adapter;
  return f;
}

void set_string(NDIS_STRING& s, const std::u16string& text) {
  s.Buffer = reinterpret_cast<PWSTR>(const_cast<char16_t*>(text.data()));
  s.Length = USHORT(text.size() * sizeof(WCHAR));
  s.MaximumLength = s.Length;
}

void fill_bind_parameters(BindOperation& op, const Adapter& a) {
  NDIS_BIND_PARAMETERS& p = op.params;
  const NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES& g = a.attributes.general;
  p.Header = {NDIS_OBJECT_TYPE_BIND_PARAMETERS, NDIS_BIND_PARAMETERS_REVISION_3,
              USHORT(NDIS_SIZEOF_BIND_PARAMETERS_REVISION_3)};
  set_string(op.adapter_name, a.name16);
  set_string(op.protocol_section, op.protocol->protocol_name);
  p.ProtocolSection = &op.protocol_section;
  p.AdapterName = &op.adapter_name;
  p.BoundAdapterName = &op.adapter_name;
  p.MediaType = a.medium;
  p.MtuSize = g.MtuSize;
  p.MaxXmitLinkSpeed = g.MaxXmitLinkSpeed;
  p.XmitLinkSpeed = g.XmitLinkSpeed;
  p.MaxRcvLinkSpeed = g.MaxRcvLinkSpeed;
  p.RcvLinkSpeed = g.RcvLinkSpeed;
  p.MediaConnectState = g.MediaConnectState;
  p.MediaDuplexState = g.MediaDuplexState;
  p.LookaheadSize = g.LookaheadSize;
  p.SupportedPacketFilters = g.SupportedPacketFilters;
  p.MaxMulticastListSize = g.MaxMulticastListSize;
  p.MacAddressLength = g.MacAddressLength;
  std::memcpy(p.CurrentMacAddress, g.CurrentMacAddress, sizeof p.CurrentMacAddress);
  p.PhysicalMediumType = g.PhysicalMediumType;
  p.BoundIfNetluid = a.net_luid;
  p.BoundIfIndex = a.if_index;
  p.LowestIfNetluid = a.net_luid;
  p.LowestIfIndex = a.if_index;
  p.AccessType = g.AccessType;
  p.DirectionType = g.DirectionType;
  p.ConnectionType = g.ConnectionType;
  p.IfType = g.IfType;
  p.IfConnectorPresent = g.IfConnectorPresent;
  p.DataBackFillSize = g.DataBackFillSize;
  p.ContextBackFillSize = g.ContextBackFillSize;
  p.MacOptions = g.MacOptions;
}

}  // namespace

// ---- Bind ---------------------------------------------------------------------------------------

Expected<Binding*> DriverModel::bind(Driver& protocol, Adapter& adapter) {
  std::lock_guard model(mutex_);
  if (!protocol.is_protocol() || protocol.state != DriverState::Registered)
    return Error{NDIS_STATUS_INVALID_PARAMETER, protocol.name + " is not a registered protocol driver"};
  if (adapter.state != AdapterState::Running && adapter.state != AdapterState::Paused)
    return Error{NDIS_STATUS_FAILURE, "adapter " + adapter.name + " is " + adapter_state_name(adapter.state)};
  for (Binding* b : adapter.bindings)
    if (b->protocol == &protocol) return Error{NDIS_STATUS_INVALID_PARAMETER, protocol.name + " is already bound to " + adapter.name};
  if (adapter.attributes.registration.AttributeFlags & NDIS_MINIPORT_ATTRIBUTES_NOT_CO_NDIS)
    return Error{NDIS_STATUS_UNSUPPORTED_MEDIA, adapter.name + " declared NDIS_MINIPORT_ATTRIBUTES_NOT_CO_NDIS"};

  const bool was_running = adapter.state == AdapterState::Running;
  pause_adapter(adapter, NDIS_PAUSE_BIND_PROTOCOL);  // NDIS pauses the stack around a bind (3.1)

  auto owned = std::make_unique<BindOperation>();
  BindOperation* op = owned.get();
  op->protocol = &protocol;
  op->adapter = &adapter;
  fill_bind_parameters(*op, adapter);
  {
    std::lock_guard lock(mutex_);
    op->handle = issue_handle(ObjectType::BindContext, op);
    binds_.push_back(std::move(owned));
  }
  NDIS_STATUS status = call_driver(rt_, frame_for(Callback::ProtocolBind, protocol, nullptr), nullptr,
                                   protocol.protocol.BindAdapterHandlerEx, protocol.driver_context, op->handle,
                                   &op->params);
  op->handler_returned = true;
  if (status == NDIS_STATUS_PENDING) {
    op->pended = true;
    wait_for([&] { return op->completed; });
  } else {
    op->completed = true;
    op->status = status;
  }
  Binding* result = nullptr;
  if (op->completed) {
    Binding* b = op->binding;
    const bool opened = b && !b->closed;
    if (op->status == NDIS_STATUS_SUCCESS && opened) {
      move(rt_, *b, BindingEvent::BindOk);
      b->bind = nullptr;
      { Unlocked u(mutex_); rt_.calls().on_binding_opened(*b); }  // AF notifications (1.6, OQ-D06)
      net_pnp_event(protocol, b, NetEventRestart);
      result = b;
    } else {
      if (op->status == NDIS_STATUS_SUCCESS)
        rt_.verifier()
            .finding("DRV-050", "ProtocolBindAdapterEx")
            .handle("BindContext", op->handle)
            .message("the bind completed with SUCCESS but no NdisOpenAdapterEx succeeded")
            .expected("a successful bind has opened the adapter")
            .remedy("call NdisOpenAdapterEx from ProtocolBindAdapterEx, or fail the bind");
      if (opened) {
        rt_.verifier()
            .finding("DRV-054", "ProtocolBindAdapterEx")
            .handle("NdisBindingHandle", b->handle)
            .message("the bind failed but the binding it opened was not closed")
            .expected("a failing bind closes what it opened before the bind operation ends")
            .remedy("call NdisCloseAdapterEx before failing the bind");
        { Unlocked u(mutex_); rt_.calls().on_binding_closing(*b); }
        owner_gone(b->handle);
        b->closed = true;
        b->co_unusable.store(true, std::memory_order_release);
      }
      if (b) {
        b->state = BindingState::Unbound;
        b->co_unusable.store(true, std::memory_order_release);
        destroy_binding(*b);
      }
    }
    remove_handle(op->handle);
    std::lock_guard lock(mutex_);
    erase_owned(binds_, op);
  }
  if (!protocol.binds_complete_sent) {
    protocol.binds_complete_sent = true;
    net_pnp_event(protocol, nullptr, NetEventBindsComplete);
  }
  if (was_running) restart_adapter(adapter);
  if (!result) return Error{status == NDIS_STATUS_SUCCESS ? NDIS_STATUS_FAILURE : status,
                            "bind of " + protocol.name + " to " + adapter.name + " failed"};
  return result;
}

NDIS_STATUS DriverModel::open_adapter(Driver& protocol, BindOperation& op, NDIS_HANDLE binding_context,
                                      const NDIS_OPEN_PARAMETERS& p, NDIS_HANDLE* binding_handle) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisOpenAdapterEx";
  const CallbackFrame* frame = find_frame(&rt_, Callback::ProtocolBind);
  if (op.protocol != &protocol || op.handler_returned || !frame || frame->driver != &protocol) {
    rt_.verifier()
        .finding("DRV-050", fn)
        .handle("NdisProtocolHandle", protocol.handle)
        .handle("BindContext", op.handle)
        .message(op.protocol != &protocol ? "the BindContext belongs to another protocol's bind"
                                          : "NdisOpenAdapterEx called outside ProtocolBindAdapterEx")
        .expected("NdisOpenAdapterEx from inside ProtocolBindAdapterEx, with that call's BindContext")
        .remedy("open the adapter from ProtocolBindAdapterEx");
    return NDIS_STATUS_FAILURE;
  }
  if (op.binding) {
    rt_.verifier()
        .finding("DRV-050", fn)
        .handle("BindContext", op.handle)
        .message("a second NdisOpenAdapterEx in the same bind")
        .expected("at most one successful open per bind");
    return NDIS_STATUS_FAILURE;
  }
  const NDIS_OBJECT_HEADER& h = p.Header;
  if (h.Type != NDIS_OBJECT_TYPE_OPEN_PARAMETERS || h.Revision != NDIS_OPEN_PARAMETERS_REVISION_1 ||
      h.Size < NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1 || !p.MediumArray || p.MediumArraySize < 1 ||
      !p.SelectedMediumIndex || p.FrameTypeArraySize > NDIS_MAX_FRAME_TYPES_PER_OPEN) {
    rt_.verifier()
        .finding("DRV-051", fn)
        .value("Header.Type", std::to_string(h.Type))
        .value("Header.Size", std::to_string(h.Size))
        .value("MediumArraySize", std::to_string(p.MediumArraySize))
        .message("malformed NDIS_OPEN_PARAMETERS")
        .expected("Type 0x87, Revision 1, Size >= 52, a MediumArray of >= 1 entries, a SelectedMediumIndex")
        .remedy("fill the header with NDIS_OBJECT_TYPE_OPEN_PARAMETERS / REVISION_1 / NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1");
    return NDIS_STATUS_INVALID_PARAMETER;
  }
  Adapter* adapter = adapter_by_name(p.AdapterName);
  if (!adapter) return NDIS_STATUS_ADAPTER_NOT_FOUND;
  if (adapter != op.adapter)
    rt_.verifier()
        .finding("DRV-050", fn)
        .handle("BindContext", op.handle)
        .message("AdapterName is not the adapter this bind offered")
        .expected("OpenParameters->AdapterName = BindParameters->AdapterName");
  UINT index = p.MediumArraySize;
  for (UINT i = 0; i < p.MediumArraySize; ++i)
    if (p.MediumArray[i] == adapter->medium) {
      index = i;
      break;
    }
  if (index == p.MediumArraySize) return NDIS_STATUS_UNSUPPORTED_MEDIA;  // DRV-052 (OQ-D18: exact match)

  auto owned = std::make_unique<Binding>();
  Binding* b = owned.get();
  b->protocol = &protocol;
  b->adapter = adapter;
  b->context = binding_context;
  b->medium = adapter->medium;
  b->bind = &op;
  {
    std::lock_guard lock(mutex_);
    b->handle = issue_handle(ObjectType::Binding, b);
    if (!b->handle) return NDIS_STATUS_RESOURCES;
    bindings_.push_back(std::move(owned));
    adapter->bindings.push_back(b);
    protocol.bindings.push_back(b);
  }
  b->state = BindingState::Unbound;
  move(rt_, *b, BindingEvent::Bind);
  op.binding = b;
  if (!pend_opens_) {
    *p.SelectedMediumIndex = index;
    *binding_handle = b->handle;
    return NDIS_STATUS_SUCCESS;
  }
  // DRV-043/044: the outputs are written only at completion; until then the handle variable
  // holds a value that resolves as forged.
  *binding_handle = reinterpret_cast<NDIS_HANDLE>(uintptr_t(0xBADB1D0000000000ull));
  PUINT selected = p.SelectedMediumIndex;
  PNDIS_HANDLE out = binding_handle;
  NDIS_HANDLE handle = b->handle;
  rt_.scheduler().post([this, handle, selected, out, index] {
    std::lock_guard model(mutex_);
    Binding* live = binding_from_handle(handle);
    if (!live) return;
    *selected = index;
    *out = live->handle;
    call_driver(rt_, frame_for(Callback::ProtocolOpenComplete, *live->protocol, live), live->handle,
                live->protocol->protocol.OpenAdapterCompleteHandlerEx, live->context, NDIS_STATUS_SUCCESS);
  }, exec::TaskOptions{exec::kPassive, exec::kAnyProcessor, "open-complete"});
  return NDIS_STATUS_PENDING;
}

void DriverModel::complete_bind(BindOperation& op, NDIS_STATUS status) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisCompleteBindAdapterEx";
  if (exec::current_irql() > exec::kDispatch)
    rt_.verifier().finding("DRV-040", fn).handle("BindContext", op.handle)
        .message("called above DISPATCH_LEVEL").expected("IRQL <= DISPATCH_LEVEL");
  if (!op.pended || op.completed) {
    rt_.verifier()
        .finding("DRV-040", fn)
        .handle("BindContext", op.handle)
        .message(op.completed ? "the bind was already completed" : "ProtocolBindAdapterEx did not return PENDING")
        .expected("exactly one NdisCompleteBindAdapterEx after ProtocolBindAdapterEx returned PENDING")
        .remedy("complete only a bind you pended, once");
    return;
  }
  if (status == NDIS_STATUS_PENDING) {
    rt_.verifier()
        .finding("DRV-045", fn)
        .handle("BindContext", op.handle)
        .message("NdisCompleteBindAdapterEx was given NDIS_STATUS_PENDING")
        .expected("SUCCESS or a failure status")
        .remedy("complete with the bind's final status");
    return;
  }
  op.status = status;
  op.completed = true;
  wake_waiters();
}

// ---- Unbind and close ---------------------------------------------------------------------------

void DriverModel::unbind(Binding& b) {
  std::lock_guard model(mutex_);
  Driver& protocol = *b.protocol;
  Adapter* adapter = b.adapter;
  if (b.state == BindingState::Restarting) wait_for([&] { return b.state != BindingState::Restarting; });
  if (b.state == BindingState::Running) net_pnp_event(protocol, &b, NetEventPause);  // DRV-060: pause first
  if (b.state == BindingState::Pausing) wait_for([&] { return b.state != BindingState::Pausing; });
  if (b.state != BindingState::Paused) return;
  const bool was_running = adapter && adapter->state == AdapterState::Running && !shutting_down_;
  if (adapter) pause_adapter(*adapter, NDIS_PAUSE_UNBIND_PROTOCOL);

  auto owned = std::make_unique<UnbindOperation>();
  UnbindOperation* op = owned.get();
  op->binding = &b;
  {
    std::lock_guard lock(mutex_);
    op->handle = issue_handle(ObjectType::UnbindContext, op);
    unbinds_.push_back(std::move(owned));
  }
  b.unbind = op;
  move(rt_, b, BindingEvent::Unbind);
  CallbackFrame frame = frame_for(Callback::ProtocolUnbind, protocol, &b);
  frame.unbind = op;
  NDIS_STATUS status = call_driver(rt_, frame, b.handle, protocol.protocol.UnbindAdapterHandlerEx, op->handle, b.context);
  op->handler_returned = true;
  if (status == NDIS_STATUS_PENDING) {
    op->pended = true;
    wait_for([&] { return op->completed; });
  } else {
    if (status != NDIS_STATUS_SUCCESS)
      rt_.verifier()
          .finding("DRV-055", "ProtocolUnbindAdapterEx")
          .handle("UnbindContext", op->handle)
          .value("status", status_name(status))
          .message("ProtocolUnbindAdapterEx returned a failure; an unbind cannot fail")
          .expected("NDIS_STATUS_SUCCESS or NDIS_STATUS_PENDING")
          .remedy("finish the unbind and return SUCCESS, or pend it");
    op->completed = true;
  }
  if (!b.closed && op->completed)
    rt_.verifier()
        .finding("DRV-055", "ProtocolUnbindAdapterEx")
        .handle("NdisBindingHandle", b.handle)
        .message("the unbind completed without NdisCloseAdapterEx for the binding")
        .expected("ProtocolUnbindAdapterEx closes the binding before the unbind completes")
        .remedy("call NdisCloseAdapterEx in ProtocolUnbindAdapterEx");
  if (!op->completed) {
    rt_.verifier()
        .finding("DRV-041", "ProtocolUnbindAdapterEx")
        .handle("UnbindContext", op->handle)
        .message("the pended unbind was never completed")
        .expected("NdisCompleteUnbindAdapterEx after a PENDING return")
        .remedy("call NdisCompleteUnbindAdapterEx once the close has completed");
    return;  // the binding stays Closing; the leak report lists it
  }
  if (!b.closed) {
    { Unlocked u(mutex_); rt_.calls().on_binding_closing(b); }
    owner_gone(b.handle);
    b.closed = true;
    b.co_unusable.store(true, std::memory_order_release);
  }
  move(rt_, b, BindingEvent::UnbindDone);
  remove_handle(op->handle);
  {
    std::lock_guard lock(mutex_);
    erase_owned(unbinds_, op);
  }
  destroy_binding(b);
  if (adapter && was_running) restart_adapter(*adapter);
}

NDIS_STATUS DriverModel::close_adapter(Binding& b) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisCloseAdapterEx";
  const CallbackFrame* f = current_frame();
  bool allowed = false;
  for (; f; f = f->parent) {
    if (f->rt != &rt_) continue;
    if ((f->kind == Callback::ProtocolUnbind && f->binding == &b) ||
        (f->kind == Callback::ProtocolBind && b.bind && f->driver == b.protocol) ||
        f->kind == Callback::ProtocolOpenComplete)
      allowed = true;
    break;
  }
  if (!allowed) {
    rt_.verifier()
        .finding("DRV-056", fn)
        .handle("NdisBindingHandle", b.handle)
        .message("NdisCloseAdapterEx called outside ProtocolUnbindAdapterEx / ProtocolBindAdapterEx")
        .expected("close only from ProtocolUnbindAdapterEx (or to undo an open in ProtocolBindAdapterEx)")
        .remedy("call NdisUnbindAdapter; NDIS then calls ProtocolUnbindAdapterEx, which closes");
    return NDIS_STATUS_FAILURE;
  }
  if (b.oids_outstanding)
    rt_.verifier()
        .finding("DRV-057", fn)
        .handle("NdisBindingHandle", b.handle)
        .value("outstanding OID requests", std::to_string(b.oids_outstanding))
        .message("the binding is closed while its OID requests are outstanding")
        .expected("every request the protocol issued on the binding has completed")
        .remedy("wait for ProtocolOidRequestComplete before closing");
  { Unlocked u(mutex_); rt_.calls().on_binding_closing(b); }  // DRV-057 for the CoNDIS objects
  NDIS_HANDLE handle = b.handle;
  owner_gone(handle, "DRV-072", "NdisCloseAdapterEx");
  b.closed = true;
  b.co_unusable.store(true, std::memory_order_release);
  {
    std::lock_guard lock(mutex_);
    remove_handle(b.handle);          // invalid from the moment of the call
  }
  if (!pend_closes_) return NDIS_STATUS_SUCCESS;
  Binding* target = &b;
  rt_.scheduler().post([this, target] {
    std::lock_guard lock(mutex_);
    bool live = false;
    for (auto& x : bindings_) live |= x.get() == target;
    if (!live) return;
    call_driver(rt_, frame_for(Callback::ProtocolCloseComplete, *target->protocol, target), nullptr,
                target->protocol->protocol.CloseAdapterCompleteHandlerEx, target->context);
  }, exec::TaskOptions{exec::kPassive, exec::kAnyProcessor, "close-complete"});
  return NDIS_STATUS_PENDING;
}

void DriverModel::complete_unbind(UnbindOperation& op) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisCompleteUnbindAdapterEx";
  if (exec::current_irql() > exec::kDispatch)
    rt_.verifier().finding("DRV-041", fn).handle("UnbindContext", op.handle)
        .message("called above DISPATCH_LEVEL").expected("IRQL <= DISPATCH_LEVEL");
  if (!op.pended || op.completed) {
    rt_.verifier()
        .finding("DRV-041", fn)
        .handle("UnbindContext", op.handle)
        .message(op.completed ? "the unbind was already completed" : "ProtocolUnbindAdapterEx did not return PENDING")
        .expected("exactly one NdisCompleteUnbindAdapterEx after ProtocolUnbindAdapterEx returned PENDING")
        .remedy("complete only an unbind you pended, once");
    return;
  }
  op.completed = true;
  wake_waiters();
}

void DriverModel::request_unbind(Binding& b) {
  std::lock_guard model(mutex_);
  if (b.unbind_requested || b.state == BindingState::Closing) return;  // already under way
  b.unbind_requested = true;
  NDIS_HANDLE handle = b.handle;
  rt_.scheduler().post([this, handle] {
    std::lock_guard model(mutex_);
    if (Binding* live = binding_from_handle(handle)) unbind(*live);
  }, exec::TaskOptions{exec::kPassive, exec::kAnyProcessor, "NdisUnbindAdapter"});
}

// ---- Network PnP events ------------------------------------------------------------------------

NDIS_STATUS DriverModel::net_pnp_event(Driver& protocol, Binding* b, NET_PNP_EVENT_CODE code) {
  std::lock_guard model(mutex_);
  auto owned = std::make_unique<PnpOperation>();
  PnpOperation* op = owned.get();
  op->protocol = &protocol;
  op->binding = b;
  NET_PNP_EVENT_NOTIFICATION& n = op->notification;
  n.Header = {NDIS_OBJECT_TYPE_DEFAULT, NET_PNP_EVENT_NOTIFICATION_REVISION_1,
              USHORT(NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1)};
  n.NetPnPEvent.NetEvent = code;
  if (code == NetEventPause) {
    op->pause.Header = {NDIS_OBJECT_TYPE_DEFAULT, NDIS_PROTOCOL_PAUSE_PARAMETERS_REVISION_1,
                        USHORT(NDIS_SIZEOF_PROTOCOL_PAUSE_PARAMETERS_REVISION_1)};
    op->pause.PauseReason = NDIS_PAUSE_UNBIND_PROTOCOL;
    n.NetPnPEvent.Buffer = &op->pause;
    n.NetPnPEvent.BufferLength = sizeof op->pause;
  } else if (code == NetEventRestart) {
    op->restart.Header = {NDIS_OBJECT_TYPE_PROTOCOL_RESTART_PARAMETERS, NDIS_PROTOCOL_RESTART_PARAMETERS_REVISION_1,
                          USHORT(NDIS_SIZEOF_PROTOCOL_RESTART_PARAMETERS_REVISION_1)};
    if (b && b->adapter) {
      op->restart.BoundIfIndex = b->adapter->if_index;
      op->restart.BoundIfNetluid = b->adapter->net_luid;
    }
    n.NetPnPEvent.Buffer = &op->restart;
    n.NetPnPEvent.BufferLength = sizeof op->restart;
  }
  if (b && code == NetEventPause) move(rt_, *b, BindingEvent::Pause);
  if (b && code == NetEventRestart) move(rt_, *b, BindingEvent::Restart);
  {
    std::lock_guard lock(mutex_);
    (b ? b->pnp : protocol.pnp) = std::move(owned);
  }
  NDIS_STATUS status = call_driver(rt_, frame_for(Callback::ProtocolNetPnp, protocol, b), b ? b->handle : nullptr,
                                   protocol.protocol.NetPnPEventHandler, b ? b->context : nullptr, &n);
  if (status == NDIS_STATUS_PENDING) {
    op->pended = true;
    wait_for([&] { return op->completed; });
    if (!op->completed) {
      rt_.verifier()
          .finding("DRV-074", "ProtocolNetPnPEvent")
          .handle("NdisBindingHandle", b ? b->handle : nullptr)
          .message("a pended network PnP event was never completed")
          .expected("NdisCompleteNetPnPEvent after a PENDING return")
          .remedy("call NdisCompleteNetPnPEvent with the notification pointer");
      op->status = NDIS_STATUS_SUCCESS;  // proceed as NDIS would after the event times out
    }
    status = op->status;
  }
  if (status == NDIS_STATUS_NOT_SUPPORTED)
    rt_.verifier()
        .finding("DRV-061", "ProtocolNetPnPEvent")
        .value("NetEvent", std::to_string(code))
        .message("an NDIS 6 protocol returned NDIS_STATUS_NOT_SUPPORTED")
        .expected("SUCCESS (or the event's documented failure)")
        .remedy("return NDIS_STATUS_SUCCESS for events the protocol does not act on");
  else if (status != NDIS_STATUS_SUCCESS && code != NetEventQueryRemoveDevice && code != NetEventPortActivation)
    rt_.verifier()
        .finding("DRV-062", "ProtocolNetPnPEvent")
        .severity(Severity::Warning)
        .value("NetEvent", std::to_string(code))
        .value("status", status_name(status))
        .message("the protocol failed a network PnP event it should succeed")
        .expected("only NetEventQueryRemoveDevice and NetEventPortActivation may fail")
        .remedy("succeed the event");
  if (b && code == NetEventPause) {
    check_binding_quiet(*b);
    move(rt_, *b, BindingEvent::PauseDone);
  }  // a failed pause counts as SUCCESS
  if (b && code == NetEventRestart)
    move(rt_, *b, status == NDIS_STATUS_SUCCESS ? BindingEvent::RestartOk : BindingEvent::RestartFailed);
  {
    std::lock_guard lock(mutex_);
    (b ? b->pnp : protocol.pnp).reset();
  }
  return status;
}

void DriverModel::complete_net_pnp(PnpOperation& op, NDIS_STATUS status) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisCompleteNetPnPEvent";
  if (exec::current_irql() != exec::kPassive)
    rt_.verifier().finding("DRV-042", fn).message("called above PASSIVE_LEVEL").expected("PASSIVE_LEVEL");
  if (!op.pended || op.completed) {
    rt_.verifier()
        .finding("DRV-042", fn)
        .message(op.completed ? "the event was already completed" : "ProtocolNetPnPEvent did not return PENDING")
        .expected("exactly one NdisCompleteNetPnPEvent after ProtocolNetPnPEvent returned PENDING")
        .remedy("complete only an event you pended, once");
    return;
  }
  if (status == NDIS_STATUS_PENDING) {
    rt_.verifier()
        .finding("DRV-045", fn)
        .message("NdisCompleteNetPnPEvent was given NDIS_STATUS_PENDING")
        .expected("the event's final status")
        .remedy("complete with the final status");
    return;
  }
  op.status = status;
  op.completed = true;
  wake_waiters();
}

}  // namespace condis::core
