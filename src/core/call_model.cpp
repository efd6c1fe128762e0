#include "core/call_model.hpp"

#include <algorithm>
#include <functional>

#include "core/co_request.hpp"
#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"

namespace condis::core {

namespace {
std::string driver_of(const CoDriver* d) { return d ? d->name : std::string("?"); }
std::string driver_name_of(const CoDriver* d) { return driver_of(d); }
}  // namespace

CallModel::CallModel(RuntimeCore& rt)
    : rt_(rt), default_topology_(make_driver_model_topology(rt)), topology_(default_topology_.get()),
      requests_(std::make_unique<CoRequests>()) {}

CallModel::~CallModel() { release_all(); }

// ---- Drivers -------------------------------------------------------------------------------

CoDriver& CallModel::driver_record(void* driver_handle, bool is_miniport) {
  std::lock_guard lock(mutex_);
  auto& slot = drivers_[driver_handle];
  if (!slot) {
    slot = std::make_unique<CoDriver>();
    slot->driver_handle = driver_handle;
    slot->is_miniport = is_miniport;
    slot->name = topology_->driver_name(driver_handle);
  }
  return *slot;
}

CoDriver* CallModel::find_driver(const void* driver_handle) const {
  std::lock_guard lock(mutex_);
  auto it = drivers_.find(driver_handle);
  return it == drivers_.end() ? nullptr : it->second.get();
}

// ---- Registrations ---------------------------------------------------------------------------

AfRegistration* CallModel::find_registration(const void* adapter, NDIS_AF af) const {
  std::lock_guard lock(mutex_);
  for (auto& reg : registrations_)
    if (!reg->gone && reg->adapter == adapter && reg->af.AddressFamily == af) return reg.get();
  return nullptr;
}

AfRegistration* CallModel::add_registration(std::unique_ptr<AfRegistration> reg) {
  std::lock_guard lock(mutex_);
  for (auto& r : registrations_)
    if (!r->gone && r->adapter == reg->adapter && r->af.AddressFamily == reg->af.AddressFamily) return nullptr;  // CM-031
  registrations_.push_back(std::move(reg));
  return registrations_.back().get();
}

void CallModel::notify_registration(AfRegistration& reg) {
  std::vector<BindingView> bindings;
  topology_->bindings_of(reg.adapter, &bindings);
  struct Due {
    CO_AF_REGISTER_NOTIFY_HANDLER handler;
    void* context;
    const CoDriver* driver;
  };
  std::vector<Due> due;
  {
    std::lock_guard lock(mutex_);
    for (const BindingView& b : bindings) {
      if (!b.usable || b.handle == reg.cm_binding) continue;
      auto it = drivers_.find(b.protocol_driver);
      if (it == drivers_.end() || !it->second->has_protocol_co || !it->second->protocol_co.CoAfRegisterNotifyHandler)
        continue;
      bool already = std::any_of(notified_.begin(), notified_.end(),
                                 [&](const Notified& n) { return n.reg == &reg && n.binding == b.handle; });
      if (already) continue;
      notified_.push_back({&reg, b.handle});
      due.push_back({it->second->protocol_co.CoAfRegisterNotifyHandler, b.binding_context, it->second.get()});
    }
  }
  PCO_ADDRESS_FAMILY af = &reg.af;
  for (const Due& d : due) {
    auto deliver = [this, d, af] {
      upcall(rt_, {"ProtocolCoAfRegisterNotify", d.driver->name}, d.handler, d.context, af);
    };
    // ProtocolCoAfRegisterNotify runs at PASSIVE_LEVEL (CM-018): defer when called above it.
    if (exec::current_irql() == exec::kPassive) {
      deliver();
    } else {
      exec::TaskOptions options;
      options.label = "ProtocolCoAfRegisterNotify";
      rt_.scheduler().post(deliver, options);
    }
  }
}

// ---- Life-cycle hooks ----------------------------------------------------------------------

void CallModel::binding_opened(void* binding_handle) {
  BindingView view;
  if (!topology_->binding(binding_handle, &view)) return;
  std::vector<AfRegistration*> regs;
  {
    std::lock_guard lock(mutex_);
    for (auto& r : registrations_)
      if (r->adapter == view.adapter) regs.push_back(r.get());
  }
  for (AfRegistration* r : regs) notify_registration(*r);
}

void CallModel::binding_closing(void* binding_handle) {
  // Whatever is still open on the binding is reported (DRV-057; CM-077 for an unanswered remote
  // close) and released without calling drivers, so that no handle dangles: a client's AF opens
  // with their SAPs, VCs and parties, and for a CM every AF instance on its registrations.
  release_requests("NdisCloseAdapterEx", request_of_binding, binding_handle);
  release_open_afs("NdisCloseAdapterEx", "DRV-057", [&](const AfOpen& af) {
    return af.client_binding == binding_handle || (af.reg && af.reg->cm_binding == binding_handle);
  });
  release_signalling_vcs(binding_handle);  // DRV-057 for a CM's signalling VCs (no AF)
  // A CM's registrations go away with its binding (1.3 REGISTERED --close--> GONE).
  std::lock_guard lock(mutex_);
  std::erase_if(notified_, [&](const Notified& n) { return n.binding == binding_handle; });
  for (auto& r : registrations_)
    if (r->cm_binding == binding_handle) r->gone = true;
}

void CallModel::adapter_halting(void* adapter_handle) {
  release_halt_vcs(adapter_handle);  // VC-020, before anything else releases those VCs
  // Called before MiniportHaltEx, where an MCM notifies its AF instances closed: only AF opens
  // of bindings that no longer exist are leftovers here (the clients' unbinds normally closed or
  // released them). Registrations go away with the adapter.
  release_open_afs("MiniportHaltEx", "DRV-070", [&](const AfOpen& af) {
    if (!af.reg || af.reg->adapter != adapter_handle) return false;
    BindingView view;
    return !topology_->binding(af.client_binding, &view) || !view.usable;
  });
  release_requests("MiniportHaltEx", request_to_adapter, adapter_handle);
  std::lock_guard lock(mutex_);
  for (auto& r : registrations_)
    if (r->adapter == adapter_handle) r->gone = true;
}

void CallModel::adapter_halted(void* adapter_handle) {
  // Before MiniportHaltEx returns an MCM closes its AF instances (normally by notifying each with
  // NdisMCmNotifyCloseAddressFamily) and deletes the VCs it created, which hang on those AFs.
  release_open_afs("MiniportHaltEx", "DRV-035",
                   [&](const AfOpen& af) { return af.reg && af.reg->adapter == adapter_handle && af.reg->mcm; });
}

void CallModel::release_halt_vcs(void* adapter_handle) {
  // VC-020: the protocols delete their VCs while they unbind, so at MiniportHaltEx entry a VC
  // left on the adapter is one a client or stand-alone CM kept (its unbind never finished, or a
  // CM's signalling VC outlived its binding). An MCM's own VCs are exempt: it deletes them inside
  // MiniportHaltEx (DRV-035, checked when the handler returns).
  std::unordered_map<const Vc*, void*> signalling;
  {
    std::lock_guard lock(mutex_);
    signalling = signalling_vcs_;
  }
  std::vector<std::pair<void*, Vc*>> vcs;
  rt_.handles().for_each([&](void* handle, ObjectType type, void* object) {
    if (type != ObjectType::Vc) return;
    auto* vc = static_cast<Vc*>(object);
    if (vc->owner == VcOwner::MiniportCallManager) return;
    void* on = nullptr;
    if (vc->af) {
      on = vc->af->reg ? vc->af->reg->adapter : nullptr;
    } else if (auto it = signalling.find(vc); it != signalling.end()) {
      on = it->second;
    }
    if (on == adapter_handle) vcs.emplace_back(handle, vc);
  });
  for (auto [vc_handle, vc] : vcs) {
    AfOpen* af = nullptr;
    const bool released = release_left_vc(vc_handle, vc, [&](const LeftVc& left) {
      af = vc->af;
      const CoDriver* creator = vc->owner == VcOwner::Client ? vc->af->client : vc->cm;
      const char* what = af ? (vc->owner == VcOwner::Client ? "a client's VC" : "a call manager's VC for a call")
                            : "a call manager's signalling VC";
      rt_.verifier()
          .finding("VC-020", "MiniportHaltEx")
          .handle("NdisVcHandle", left.handle)
          .handle("MiniportAdapterHandle", adapter_handle)
          .value("created by", driver_name_of(creator))
          .value("MiniportCoDeleteVc", !left.miniport ? "not applicable (MCM)"
                                       : left.delete_in_miniport ? "called by condis"
                                                                 : "not called: the VC is still activated or busy")
          .state("VC", left.state)
          .message(std::string(what) + " is still on the adapter when it is halted; condis deletes it")
          .expected("no VC left on an adapter at MiniportHaltEx: its creator deletes it before closing its binding")
          .remedy(std::string(driver_name_of(creator)) +
                  " should close the call and delete the VC (NdisCoDeleteVc) from ProtocolUnbindAdapterEx, "
                  "before NdisCloseAdapterEx");
    });
    if (released && af) af->vcs.add(-1);  // an AF open that outlives the halt can still be closed
  }
}

void report_miniport_delete_vc_failed(RuntimeCore& rt, const void* vc_handle, int status) {
  rt.verifier()
      .finding("VC-003", "MiniportCoDeleteVc")
      .handle("NdisVcHandle", vc_handle)
      .value("returned", status_name(status))
      .message("the VC is deleted anyway (OQ-V14)")
      .expected("NDIS_STATUS_SUCCESS")
      .remedy("free the VC context and return NDIS_STATUS_SUCCESS");
}

bool CallModel::release_left_vc(void* handle, Vc* vc, const std::function<void(const LeftVc&)>& report) {
  // Whoever kills the handle owns the VC (see release_open_afs): one its creator deleted since it
  // was listed is left alone, unread.
  if (!rt_.handles().remove(handle)) return false;
  LeftVc left{handle, vc->miniport, false, {}};
  bool being_deleted;
  {
    std::lock_guard lock(vc->lock);
    being_deleted = vc->deleting;
    vc->deleting = true;  // refuses new calls, activations and deletes from here on
    // VC-014: MiniportCoDeleteVc only for a VC that is INACTIVE with nothing pending and no data
    // outstanding (at a halt the adapter is paused, so a quiet inactive VC is the usual case).
    left.delete_in_miniport = left.miniport && vc->activation == Activation::Inactive && !vc->activation_busy() &&
                              !vc->sends_outstanding && !vc->receives_outstanding && !vc->request_in_flight();
    left.state = std::string("call ") + std::string(call_state_name(vc->call)) + ", " +
                 std::string(activation_name(vc->activation));
  }
  std::vector<ReleasedParty> parties;
  CallState call;
  std::vector<Leak> leaks;
  if (being_deleted) {  // its creator is deleting it right now: the release leaves it to that delete
    release_vc(vc, &parties, &call, &leaks);
    return false;
  }
  report(left);
  if (left.delete_in_miniport) {
    const NDIS_STATUS status = upcall(rt_, {"MiniportCoDeleteVc", left.miniport->name},
                                      left.miniport->miniport_co.CoDeleteVcHandler, vc->miniport_context);
    if (status != NDIS_STATUS_SUCCESS) report_miniport_delete_vc_failed(rt_, left.handle, status);
  }
  release_vc(vc, &parties, &call, &leaks);
  keep_pending_leaks(leaks);
  return true;
}

void CallModel::release_open_afs(const char* function, const char* rule,
                                 const std::function<bool(const AfOpen&)>& selected) {
  const std::lock_guard releasing(release_mutex_);  // no AF or SAP request finishes meanwhile
  std::vector<AfOpen*> afs;
  std::vector<Sap*> saps;
  std::vector<std::pair<void*, Vc*>> vcs;  // with their handles: see the VC loop below
  rt_.handles().for_each([&](void*, ObjectType type, void* object) {
    if (type == ObjectType::AfOpen && selected(*static_cast<AfOpen*>(object))) afs.push_back(static_cast<AfOpen*>(object));
  });
  if (afs.empty()) return;
  auto chosen = [&](const AfOpen* af) { return std::find(afs.begin(), afs.end(), af) != afs.end(); };
  rt_.handles().for_each([&](void* handle, ObjectType type, void* object) {
    if (type == ObjectType::Sap && chosen(static_cast<Sap*>(object)->af)) saps.push_back(static_cast<Sap*>(object));
    if (type == ObjectType::Vc && chosen(static_cast<Vc*>(object)->af)) vcs.emplace_back(handle, static_cast<Vc*>(object));
  });
  auto report = [&](const char* id, void* handle, const char* what, std::string_view state, const std::string& owner) {
    rt_.verifier()
        .finding(id, function)
        .handle(what, handle)
        .value("driver", owner)
        .state(what, state)
        .message(std::string(what) + " still open while its binding or adapter goes away; condis releases it")
        .expected("every call closed, VC deleted, SAP deregistered and AF closed (or notified closed) first")
        .remedy("close calls, delete VCs, deregister SAPs and close AFs from ProtocolUnbindAdapterEx; a call manager "
                "notifies each open AF with Ndis(M)CmNotifyCloseAddressFamily");
  };
  for (auto [vc_handle, vc] : vcs) {
    // Whoever kills the handle owns the VC: a VC its creator deleted since it was listed (the
    // delete's retire_vc won) is left alone, unread; once this release won, the delete leaves the
    // free to release_vc. Read before release_vc: a request still holding the VC may free it then.
    if (!rt_.handles().remove(vc_handle)) continue;
    const std::string owner = vc->owner == VcOwner::Client ? driver_name_of(vc->af->client) : driver_name_of(vc->cm);
    const std::string client = driver_name_of(vc->af->client);
    std::vector<ReleasedParty> parties;
    CallState call;
    std::vector<Leak> vc_leaks;
    release_vc(vc, &parties, &call, &vc_leaks);
    keep_pending_leaks(vc_leaks);
    if (call == CallState::RemoteClosing)
      rt_.verifier()
          .finding("CM-077", function)
          .handle("NdisVcHandle", vc_handle)
          .message("the client never answered ProtocolClIncomingCloseCall with NdisClCloseCall")
          .expected("NdisClCloseCall for a call the remote side closed")
          .remedy("close the call from (or after) ProtocolClIncomingCloseCall");
    report(rule, vc_handle, "NdisVcHandle", call_state_name(call), owner);
    for (const ReleasedParty& p : parties) {
      if (p.remote_dropping && p.state == PartyState::Active)
        rt_.verifier()
            .finding("CM-086", function)
            .handle("NdisPartyHandle", p.handle)
            .message("the client never answered ProtocolClIncomingDropParty with NdisClDropParty")
            .expected("NdisClDropParty for a party the remote side dropped")
            .remedy("drop the party from (or after) ProtocolClIncomingDropParty");
      report(rule, p.handle, "NdisPartyHandle", party_state_name(p.state), client);
    }
  }
  // A SAP or AF open whose request is inside a handler on another processor is left for that
  // request to free (its handle dies here all the same); everything is read under the object's lock. Pending operations stay leaks in the report (CM-003) unless their request
  // is still in its handler (a completion can no longer reach a dead handle).
  for (Sap* sap : saps) {
    void* const sap_handle = sap->handle;
    AfOpen* const af = sap->af;  // released below, after its SAPs
    const std::string owner = driver_name_of(af->client);
    rt_.handles().remove(sap_handle);  // no new request reaches the SAP from here on
    SapState state;
    bool deferred;
    std::vector<Leak> sap_leaks;
    {
      std::lock_guard lock(sap->lock);
      describe_leaks(sap_handle, ObjectType::Sap, sap, sap_leaks, false);
      state = sap->state;
      deferred = sap->request_in_flight();
      sap->free_deferred = deferred;
    }
    keep_pending_leaks(sap_leaks);
    report(rule, sap_handle, "NdisSapHandle", sap_state_name(state), owner);
    if (deferred) {
      std::lock_guard lock(af->lock);
      ++af->holders;  // the SAP's request still reads the AF: it is freed after that request
    } else {
      delete sap;
    }
  }
  for (AfOpen* af : afs) {
    void* const af_handle = af->handle;
    const std::string owner = driver_name_of(af->client);
    release_requests("NdisClCloseAddressFamily", request_on_af, af_handle);
    rt_.handles().remove(af_handle);
    AfState state;
    bool deferred;
    std::vector<Leak> af_leaks;
    {
      std::lock_guard lock(af->lock);
      describe_leaks(af_handle, ObjectType::AfOpen, af, af_leaks, false);
      state = af->state;
      af->holders += af->requests_in_handler();
      deferred = af->holders != 0;
      af->free_deferred = deferred;
    }
    keep_pending_leaks(af_leaks);
    report(rule, af_handle, "NdisAfHandle", af_state_name(state), owner);
    if (!deferred) delete af;
  }
}

// ---- Objects -------------------------------------------------------------------------------

AfOpen* CallModel::new_af_open() {
  auto* af = new AfOpen();
  af->handle = rt_.handles().insert(ObjectType::AfOpen, af);
  if (!af->handle) {
    delete af;
    return nullptr;
  }
  return af;
}

void CallModel::free_af_open(AfOpen* af) {
  release_requests("NdisClCloseAddressFamily", request_on_af, af->handle);
  rt_.handles().remove(af->handle);
  delete af;
}

Sap* CallModel::new_sap() {
  auto* sap = new Sap();
  sap->handle = rt_.handles().insert(ObjectType::Sap, sap);
  if (!sap->handle) {
    delete sap;
    return nullptr;
  }
  return sap;
}

void CallModel::free_sap(Sap* sap) {
  rt_.handles().remove(sap->handle);
  delete sap;
}

void CallModel::destroy_af_open(AfOpen* af) {
  delete af;  // the last holder: its handle and requests went when it was released
}

void CallModel::destroy_sap(Sap* sap) {
  AfOpen* const af = sap->af;
  delete sap;
  drop_af_hold(af);
}

Vc* CallModel::new_vc() {
  Vc* vc = vc_slab_.allocate();
  if (!vc) return nullptr;
  vc->handle = rt_.handles().insert(ObjectType::Vc, vc);
  if (!vc->handle) {
    vc_slab_.free(vc);
    return nullptr;
  }
  return vc;
}

void CallModel::free_vc(Vc* vc) {
  if (!vc->af) forget_signalling_vc(vc);
  rt_.handles().remove(vc->handle);
  vc_slab_.free(vc);
}

void CallModel::destroy_vc(Vc* vc) {
  Party* parties;
  {
    std::lock_guard lock(vc->lock);  // the last holder; taken for the memory order with the releaser
    parties = vc->party;
    vc->party = nullptr;
  }
  free_parties(parties);  // handles already dead: only the memory goes
  vc_slab_.free(vc);
}

void CallModel::note_signalling_vc(const Vc* vc, void* adapter_handle) {
  std::lock_guard lock(mutex_);
  signalling_vcs_[vc] = adapter_handle;
}

void* CallModel::signalling_adapter(const Vc* vc) const {
  std::lock_guard lock(mutex_);
  auto it = signalling_vcs_.find(vc);
  return it == signalling_vcs_.end() ? nullptr : it->second;
}

void CallModel::forget_signalling_vc(const Vc* vc) {
  std::lock_guard lock(mutex_);
  signalling_vcs_.erase(vc);
}

void CallModel::keep_pending_leaks(std::vector<Leak>& leaks) {
  std::erase_if(leaks, [](const Leak& leak) { return leak.rule != "CM-003"; });
  if (leaks.empty()) return;
  std::lock_guard lock(mutex_);
  released_leaks_.insert(released_leaks_.end(), leaks.begin(), leaks.end());
}

void CallModel::release_vc(Vc* vc, std::vector<ReleasedParty>* parties, CallState* call, std::vector<Leak>* leaks) {
  if (!vc->af) forget_signalling_vc(vc);
  rt_.handles().remove(vc->handle);  // no new request reaches the VC from here on
  Party* detached;
  {
    std::lock_guard lock(vc->lock);
    describe_leaks(vc->handle, ObjectType::Vc, vc, *leaks, false);
    *call = vc->call;
    for (Party* p = vc->party; p; p = p->next) {
      describe_leaks(p->handle, ObjectType::Party, p, *leaks, false);
      parties->push_back({p->handle, p->state, p->remote_dropping});
      rt_.handles().remove(p->handle);
    }
    if (vc->request_in_flight()) {
      // A request (NdisClAddParty, NdisClMakeCall, ...) is inside a handler on another thread and
      // touches the VC and its parties when the handler returns: it frees them (destroy_vc).
      vc->free_deferred = true;
      if (vc->delete_in_handler && vc->af) {
        // NdisCoDeleteVc also lowers the AF's VC count after its handler: the AF waits for it
        // (retire_vc drops the hold). The AF's lock nests inside the VC's, never the other way.
        std::lock_guard af_lock(vc->af->lock);
        ++vc->af->holders;
      }
      return;
    }
    detached = vc->party;
    vc->party = nullptr;
  }
  free_parties(detached);
  vc_slab_.free(vc);
}

void CallModel::retire_vc(Vc* vc) {
  // An operation pended on the VC and never completed (a QoS modify, say) outlives the VC only as
  // its CM-003 leak.
  if (outstanding(vc->incoming_op) || outstanding(vc->qos_op)) {  // the others block a delete (CM-042)
    std::vector<Leak> leaks;
    describe_leaks(vc->handle, ObjectType::Vc, vc, leaks);
    std::erase_if(leaks, [](const Leak& leak) { return leak.rule != "CM-003"; });
    std::lock_guard lock(mutex_);
    released_leaks_.insert(released_leaks_.end(), leaks.begin(), leaks.end());
  }
  if (!vc->af) forget_signalling_vc(vc);
  // Lost when a release killed the handle first: that release frees the VC, unless it already
  // left it to this delete (free_deferred, with a hold on the AF).
  const bool won = rt_.handles().remove(vc->handle);
  AfOpen* held_af = nullptr;
  bool frees;
  {
    std::lock_guard lock(vc->lock);
    if (vc->delete_in_handler) {
      vc->delete_in_handler = false;
      if (vc->free_deferred) held_af = vc->af;
    }
    const bool left_to_request = vc->request_in_flight();
    if (left_to_request) vc->free_deferred = true;  // the request still in its handler frees it
    frees = !left_to_request && (won || vc->free_deferred);
  }
  if (held_af) drop_af_hold(held_af);
  if (frees) vc_slab_.free(vc);
}

void CallModel::drop_af_hold(AfOpen* af) {
  bool last;
  {
    std::lock_guard lock(af->lock);
    last = af->drop_hold();
  }
  if (last) destroy_af_open(af);
}

Party* CallModel::new_party(Vc* vc, void* client_context) {
  auto* party = new Party();
  party->vc = vc;
  party->client_context = client_context;
  party->handle = rt_.handles().insert(ObjectType::Party, party);
  if (!party->handle) {
    delete party;
    return nullptr;
  }
  return party;
}

void CallModel::free_party(Party* party) {
  rt_.handles().remove(party->handle);
  delete party;
}

void CallModel::free_parties(Party* first) {
  while (first) {
    Party* next = first->next;
    free_party(first);
    first = next;
  }
}

// ---- Leaks and teardown --------------------------------------------------------------------


void CallModel::describe_leaks(void* handle, ObjectType type, const void* object, std::vector<Leak>& out,
                               bool in_handler_owed) const {
  auto outstanding = [in_handler_owed](PendingOp op) { return op == PendingOp::Pended || (in_handler_owed && op == PendingOp::InHandler); };
  switch (type) {
    case ObjectType::AfOpen: {
      auto* af = static_cast<const AfOpen*>(object);
      const char* cm = af->reg && af->reg->cm ? af->reg->cm->name.c_str() : "?";
      if (outstanding(af->open_op))
        out.push_back({"CM-003", "pending AF open", cm, format_handle(handle) + ": ProtocolCmOpenAf pended, never completed"});
      if (outstanding(af->close_op))
        out.push_back({"CM-003", "pending AF close", cm, format_handle(handle) + ": ProtocolCmCloseAf pended, never completed"});
      if (outstanding(af->notify_op))
        out.push_back({"CM-003", "pending close-AF notification", driver_of(af->client),
                       format_handle(handle) + ": ProtocolClNotifyCloseAf pended, NdisClNotifyCloseAddressFamilyComplete never called"});
      out.push_back({"CM-035", "open address family", driver_of(af->client),
                              format_handle(handle) + " in state " + std::string(af_state_name(af->state))});
      break;
    }
    case ObjectType::Sap: {
      auto* sap = static_cast<const Sap*>(object);
      const char* cm = sap->af && sap->af->reg && sap->af->reg->cm ? sap->af->reg->cm->name.c_str() : "?";
      if (outstanding(sap->register_op))
        out.push_back({"CM-003", "pending SAP registration", cm, format_handle(handle) + ": ProtocolCmRegisterSap pended, never completed"});
      if (outstanding(sap->deregister_op))
        out.push_back({"CM-003", "pending SAP deregistration", cm, format_handle(handle) + ": ProtocolCmDeregisterSap pended, never completed"});
      out.push_back({"CM-035", "SAP", sap->af ? driver_of(sap->af->client) : "?",
                              format_handle(handle) + " in state " + std::string(sap_state_name(sap->state))});
      break;
    }
    case ObjectType::Vc: {
      auto* vc = static_cast<const Vc*>(object);
      std::string cm = driver_of(vc->cm);
      if (outstanding(vc->make_op))
        out.push_back({"CM-003", "pending make-call", cm, format_handle(handle) + ": ProtocolCmMakeCall pended, Ndis(M)CmMakeCallComplete never called"});
      if (outstanding(vc->close_op))
        out.push_back({"CM-003", "pending close-call", cm, format_handle(handle) + ": ProtocolCmCloseCall pended, Ndis(M)CmCloseCallComplete never called"});
      if (outstanding(vc->activate_op))
        out.push_back({"CM-003", "pending VC activation", driver_of(vc->miniport), format_handle(handle) + ": MiniportCoActivateVc pended, never completed"});
      if (outstanding(vc->deactivate_op))
        out.push_back({"CM-003", "pending VC deactivation", driver_of(vc->miniport), format_handle(handle) + ": MiniportCoDeactivateVc pended, never completed"});
      if (outstanding(vc->incoming_op))
        out.push_back({"CM-003", "pending incoming call", vc->af ? driver_of(vc->af->client) : "?",
                       format_handle(handle) + ": ProtocolClIncomingCall pended, NdisClIncomingCallComplete never called"});
      if (outstanding(vc->qos_op))
        out.push_back({"CM-003", "pending QoS change", cm,
                       format_handle(handle) + ": ProtocolCmModifyCallQoS pended, Ndis(M)CmModifyCallQoSComplete never called"});
      std::string owner = vc->owner == VcOwner::Client && vc->af ? driver_of(vc->af->client) : cm;
      out.push_back({"VC-020", "VC", owner,
                              format_handle(handle) + " call " + std::string(call_state_name(vc->call)) + ", " +
                                  std::string(activation_name(vc->activation))});
      break;
    }
    case ObjectType::Party: {  // the party itself is part of its VC's entry; only its pending add or drop
      auto* party = static_cast<const Party*>(object);
      if (!outstanding(party->op)) break;
      const bool adding = party->state == PartyState::Adding;
      out.push_back({"CM-003", adding ? "pending add-party" : "pending drop-party", party->vc ? driver_of(party->vc->cm) : "?",
                     format_handle(handle) + (adding ? ": ProtocolCmAddParty pended, Ndis(M)CmAddPartyComplete never called"
                                                     : ": ProtocolCmDropParty pended, Ndis(M)CmDropPartyComplete never called")});
      break;
    }
    default:
      break;
  }
}

void CallModel::collect_leaks(LeakReport& report) const {
  {
    std::lock_guard lock(mutex_);
    report.leaks.insert(report.leaks.end(), released_leaks_.begin(), released_leaks_.end());
  }
  requests_->collect_leaks(report.leaks);
  rt_.handles().for_each(
      [&](void* h, ObjectType type, void* object) { describe_leaks(h, type, object, report.leaks); });
}

void CallModel::release_all() {
  requests_->clear();  // after the leak report: nothing more to report
  std::vector<std::pair<void*, ObjectType>> objects;
  rt_.handles().for_each([&](void*, ObjectType type, void* object) {
    if (type == ObjectType::AfOpen || type == ObjectType::Sap || type == ObjectType::Vc || type == ObjectType::Party)
      objects.emplace_back(object, type);
  });
  for (auto& [object, type] : objects) {
    switch (type) {
      case ObjectType::AfOpen: free_af_open(static_cast<AfOpen*>(object)); break;
      case ObjectType::Sap: free_sap(static_cast<Sap*>(object)); break;
      case ObjectType::Vc: free_vc(static_cast<Vc*>(object)); break;
      case ObjectType::Party: free_party(static_cast<Party*>(object)); break;
      default: break;
    }
  }
  std::lock_guard lock(mutex_);
  notified_.clear();
  registrations_.clear();
  released_leaks_.clear();
}

}  // namespace condis::core
