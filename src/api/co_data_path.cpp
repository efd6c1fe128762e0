// The CoNDIS data path on a VC (vc-data-requests.md 2.5, sequences 3.1 - 3.3 and 3.6):
//   NdisCoSendNetBufferLists -> MiniportCoSendNetBufferLists -> NdisMCoSendNetBufferListsComplete
//     -> ProtocolCoSendNetBufferListsComplete (the sender)
//   NdisMCoIndicateReceiveNetBufferLists -> ProtocolCoReceiveNetBufferLists (the client of the call)
//     -> NdisReturnNetBufferLists -> MiniportReturnNetBufferLists
// All four entry points run at IRQL <= DISPATCH_LEVEL, and condis calls the handlers at the
// caller's IRQL. Ownership of every NBL is tracked in the NblStore; the per-VC counters in the
// VC, the per-adapter and per-binding ones in the driver model (DRV-026/030/053/063/064).
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

#include "api/co_common.hpp"
#include "api/co_vc_caller.hpp"
#include "core/driver_model.hpp"
#include "core/nbl_store.hpp"
#include "core/vc_data_path.hpp"

using namespace condis;
using namespace condis::api;
using core::Activation;
using core::CallState;
using core::NblRecord;
using core::NblWhere;

namespace {

constexpr size_t kMaxNbls = 1u << 20;  // a longer chain is taken for a cycle

// DP-001 (IRQL), DP-003 (dispatch flag without DISPATCH_LEVEL) and DP-004 (unknown bits, cleared).
ULONG check_entry(RuntimeCore& rt, const char* fn, ULONG flags, ULONG known, const char* flag_name) {
  if (!checking(rt)) return flags & known;
  const exec::Irql irql = exec::current_irql();
  if (irql > exec::kDispatch)
    rt.verifier()
        .finding("DP-001", fn)
        .value("IRQL", std::to_string(irql))
        .expected("IRQL <= DISPATCH_LEVEL")
        .remedy("call it at DISPATCH_LEVEL or below");
  if ((flags & 1u) && irql != exec::kDispatch)
    rt.verifier()
        .finding("DP-003", fn)
        .value(flag_name, std::to_string(flags))
        .value("IRQL", std::to_string(irql))
        .message("the dispatch-level flag is set but the caller is not at DISPATCH_LEVEL")
        .expected("the flag set only when the caller runs at DISPATCH_LEVEL")
        .remedy("clear the flag when the IRQL is unknown or below DISPATCH_LEVEL");
  if (flags & ~known)
    rt.verifier()
        .finding("DP-004", fn)
        .value(flag_name, std::to_string(flags))
        .message("undocumented flag bits; they are cleared")
        .expected("only the flags documented for this parameter")
        .remedy("pass only the documented flag bits");
  return flags & known;
}

// DP-005: the dispatch-level flag of a callback says exactly whether condis calls it at DISPATCH_LEVEL.
ULONG dispatch_flag(ULONG flags) {
  return exec::current_irql() == exec::kDispatch ? (flags | 1u) : (flags & ~1u);
}

std::vector<PNET_BUFFER_LIST> to_vector(PNET_BUFFER_LIST chain) {
  std::vector<PNET_BUFFER_LIST> out;
  for (PNET_BUFFER_LIST n = chain; n && out.size() < kMaxNbls; n = NET_BUFFER_LIST_NEXT_NBL(n)) out.push_back(n);
  return out;
}

// Links `nbls` into one chain in their order and returns its head.
PNET_BUFFER_LIST link(const std::vector<PNET_BUFFER_LIST>& nbls) {
  for (size_t i = 0; i < nbls.size(); ++i) NET_BUFFER_LIST_NEXT_NBL(nbls[i]) = i + 1 < nbls.size() ? nbls[i + 1] : nullptr;
  return nbls.empty() ? nullptr : nbls.front();
}

void snapshot(NblRecord& r, PNET_BUFFER_LIST nbl) {
  r.source_handle = nbl->SourceHandle;
  for (int i = 0; i < 4; ++i) r.protocol_reserved[i] = nbl->ProtocolReserved[i];
  r.ndis_reserved[0] = nbl->NdisReserved[0];
  r.ndis_reserved[1] = nbl->NdisReserved[1];
  r.ndis_flags = nbl->Flags & NBL_FLAGS_NDIS_RESERVED;
  r.protocol_flags = nbl->Flags & NBL_FLAGS_PROTOCOL_RESERVED;
  r.nbs.clear();
  size_t n = 0;
  for (PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb && n < core::kMaxChain; nb = NET_BUFFER_NEXT_NB(nb), ++n)
    r.nbs.push_back({nb, NET_BUFFER_NEXT_NB(nb), NET_BUFFER_FIRST_MDL(nb), NET_BUFFER_CURRENT_MDL(nb),
                     NET_BUFFER_CURRENT_MDL_OFFSET(nb), NET_BUFFER_DATA_OFFSET(nb), NET_BUFFER_DATA_LENGTH(nb)});
}

// Which fields changed since the snapshot. `nb_fields`: compare the NB data fields too (DP-015).
bool nb_list_changed(const NblRecord& r, PNET_BUFFER_LIST nbl, bool nb_fields) {
  PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
  for (const core::NbSnapshot& s : r.nbs) {
    if (nb != s.nb || NET_BUFFER_NEXT_NB(nb) != s.next) return true;
    if (nb_fields && (NET_BUFFER_FIRST_MDL(nb) != s.mdl_chain || NET_BUFFER_CURRENT_MDL(nb) != s.current_mdl ||
                      NET_BUFFER_CURRENT_MDL_OFFSET(nb) != s.current_mdl_offset ||
                      NET_BUFFER_DATA_OFFSET(nb) != s.data_offset || NET_BUFFER_DATA_LENGTH(nb) != s.data_length))
      return true;
    nb = NET_BUFFER_NEXT_NB(nb);
  }
  return nb != nullptr;
}

bool ndis_fields_changed(const NblRecord& r, PNET_BUFFER_LIST nbl) {
  return nbl->NdisReserved[0] != r.ndis_reserved[0] || nbl->NdisReserved[1] != r.ndis_reserved[1] ||
         (nbl->Flags & NBL_FLAGS_NDIS_RESERVED) != r.ndis_flags;
}

struct NblFinding {
  const char* rule;
  PNET_BUFFER_LIST nbl;
  std::string message;
  std::string expected;
  std::string remedy;
};

void report_all(RuntimeCore& rt, const char* fn, const char* parameter, const void* handle,
                const std::vector<NblFinding>& findings) {
  if (!checking(rt)) return;
  for (const NblFinding& f : findings)
    rt.verifier()
        .finding(f.rule, fn)
        .handle(parameter, handle)
        .handle("NetBufferList", f.nbl)
        .message(f.message)
        .expected(f.expected)
        .remedy(f.remedy);
}

// Adjusts the data counters of a VC (if still alive), its adapter and a binding.
void count(RuntimeCore& rt, const void* vc_handle, const void* adapter, const void* binding, int sends, int receives) {
  if (vc_handle)
    if (auto* vc = static_cast<core::Vc*>(rt.handles().resolve(vc_handle, ObjectType::Vc))) {
      std::lock_guard lock(vc->lock);
      vc->sends_outstanding = uint32_t(std::max<int64_t>(0, int64_t(vc->sends_outstanding) + sends));
      vc->receives_outstanding = uint32_t(std::max<int64_t>(0, int64_t(vc->receives_outstanding) + receives));
    }
  if (adapter)
    if (core::Adapter* a = rt.drivers().adapter_from_handle(adapter)) rt.drivers().count_adapter_data(*a, sends, receives);
  if (binding)
    if (core::Binding* b = rt.drivers().binding_from_handle(binding)) rt.drivers().count_binding_data(*b, sends, receives);
}

// A stand-alone CM's binding on the adapter under its signalling VC (a VC without an AF), found
// by the adapter condis noted at NdisCoCreateVc: the CM's send there counts on that binding and
// that adapter, and a receive is delivered through it. `usable_only`: not one that is closing.
void* signalling_binding(RuntimeCore& rt, const core::Vc& vc, void* adapter, bool usable_only) {
  if (!adapter) return nullptr;
  std::vector<core::BindingView> bindings;
  rt.calls().topology().bindings_of(adapter, &bindings);
  void* found = nullptr;
  for (const core::BindingView& b : bindings) {
    if (!b.handle || rt.calls().find_driver(b.protocol_driver) != vc.cm) continue;
    if (b.usable) return b.handle;
    if (!usable_only) found = b.handle;
  }
  return found;
}

// Hands sent NBLs back to their senders, one ProtocolCoSendNetBufferListsComplete per sender
// (DP-017), with the NBLs of each in the order given.
struct Completion {
  core::CoDriver* sender;
  void* context;
  std::vector<PNET_BUFFER_LIST> nbls;
};
void complete_to_senders(RuntimeCore& rt, std::vector<Completion>& groups, ULONG flags) {
  for (Completion& g : groups) {
    if (!g.sender || !g.sender->protocol_co.CoSendNetBufferListsCompleteHandler) continue;
    upcall(rt, {"ProtocolCoSendNetBufferListsComplete", g.sender->name},
           g.sender->protocol_co.CoSendNetBufferListsCompleteHandler, g.context, link(g.nbls), dispatch_flag(flags));
  }
}
void add_to(std::vector<Completion>& groups, core::CoDriver* sender, void* context, PNET_BUFFER_LIST nbl) {
  for (Completion& g : groups)
    if (g.sender == sender && g.context == context) {
      g.nbls.push_back(nbl);
      return;
    }
  groups.push_back({sender, context, {nbl}});
}

// Gives indicated NBLs back to the miniport through MiniportReturnNetBufferLists.
void return_to_miniport(RuntimeCore& rt, const void* adapter_handle, const std::vector<PNET_BUFFER_LIST>& nbls,
                        ULONG flags) {
  core::Adapter* a = rt.drivers().adapter_from_handle(adapter_handle);
  if (!a || !a->driver || !a->driver->miniport.ReturnNetBufferListsHandler || nbls.empty()) return;
  upcall(rt, {"MiniportReturnNetBufferLists", a->driver->name}, a->driver->miniport.ReturnNetBufferListsHandler,
         a->context, link(nbls), dispatch_flag(flags));
}

// OQ-V02: NBLs indicated on a VC that may not receive go back to the miniport from a task at
// DISPATCH_LEVEL, never from inside the indicate call.
void give_back_later(RuntimeCore& rt, void* adapter, std::vector<PNET_BUFFER_LIST> nbls) {
  exec::TaskOptions options;
  options.irql = exec::kDispatch;
  options.label = "MiniportReturnNetBufferLists (not delivered)";
  rt.scheduler().post([&rt, adapter, nbls = std::move(nbls)] { return_to_miniport(rt, adapter, nbls, 0); }, options);
}

}  // namespace

extern "C" {

VOID NdisCoSendNetBufferLists(NDIS_HANDLE NdisVcHandle, PNET_BUFFER_LIST NetBufferLists, ULONG SendFlags) {
  static constexpr const char* fn = "NdisCoSendNetBufferLists";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  const ULONG flags = check_entry(rt, fn, SendFlags, NDIS_SEND_FLAGS_DISPATCH_LEVEL | NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK,
                                  "SendFlags");
  HandleError error = HandleError::Ok;
  auto* vc = static_cast<core::Vc*>(rt.handles().resolve(NdisVcHandle, ObjectType::Vc, &error));
  if (!vc) {
    rt.verifier()
        .finding("DP-008", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .value("problem", std::string(handle_error_name(error)))
        .message("not a live VC handle; the NBLs stay with the caller")
        .expected("the NdisVcHandle of a VC the caller shares")
        .remedy("send only on a VC between its creation and its deletion");
    return;
  }
  if (!NetBufferLists) {
    rt.verifier()
        .finding("DP-006", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .message("NetBufferLists is NULL")
        .expected("a NULL-terminated chain of NBLs the caller allocated from an NDIS pool")
        .remedy("pass at least one NBL");
    return;
  }

  // Who sends: the CM when it runs this call from its own handler (or on its signalling VC),
  // else the client of the call (decisions: data path).
  core::CoDriver* sender;
  void* context;
  void* binding;
  const std::string_view caller = current_upcall_driver();
  const bool from_cm = !vc->af || (!caller.empty() && caller == vc->cm->name &&
                                   (!vc->af->client || caller != vc->af->client->name));
  if (from_cm && vc->cm->is_mcm()) {
    rt.verifier()
        .finding("CM-026", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .value("call manager", vc->cm->name)
        .message("a miniport call manager called NdisCoSendNetBufferLists; the call is ignored")
        .expected("an MCM does its signalling itself and never sends through NDIS")
        .remedy("send signalling data directly on the hardware the MCM drives");
    return;
  }
  // A signalling VC's sends count on the CM's binding and adapter like any protocol's sends, so
  // the pause checks (DRV-063, DRV-026) and the send-while-paused check see them (decisions).
  void* adapter = vc->af ? vc->af->reg->adapter : rt.calls().signalling_adapter(vc);
  if (from_cm) {
    sender = vc->cm;
    context = vc->cm_context;
    binding = vc->af ? vc->af->reg->cm_binding : signalling_binding(rt, *vc, adapter, false);
  } else {
    sender = vc->af->client;
    context = vc->client_context;
    binding = vc->af->client_binding;
  }

  // The chain: every NBL condis-allocated and owned by the caller now (DP-006, DP-009).
  const std::vector<PNET_BUFFER_LIST> nbls = to_vector(NetBufferLists);
  std::vector<NblFinding> findings;
  {
    std::lock_guard lock(rt.nbls().mutex());
    for (PNET_BUFFER_LIST nbl : nbls) {
      NblRecord* r = rt.nbls().nbl(nbl);
      if (!r)
        findings.push_back({"DP-006", nbl, "the NBL was not allocated from an NDIS pool, or was freed",
                            "NBLs from NdisAllocateNetBufferList / NdisAllocateNetBufferAndNetBufferList",
                            "allocate every NBL you send from an NBL pool"});
      else if (r->where != NblWhere::Owner)
        findings.push_back({"DP-009", nbl, std::string("the NBL is already in flight (") + core::nbl_where_name(r->where) + ")",
                            "send an NBL again only after ProtocolCoSendNetBufferListsComplete gave it back",
                            "wait for the send completion before reusing the NBL"});
    }
  }
  if (!findings.empty()) {
    findings.back().message += "; the whole send is ignored";
    report_all(rt, fn, "NdisVcHandle", NdisVcHandle, findings);
    return;
  }
  if (checking(rt))
    for (PNET_BUFFER_LIST nbl : nbls)
      if (nbl->SourceHandle != NdisVcHandle)
        rt.verifier()
            .finding("DP-007", fn)
            .handle("NdisVcHandle", NdisVcHandle)
            .handle("NetBufferList", nbl)
            .handle("SourceHandle", nbl->SourceHandle)
            .message("the NBL's SourceHandle is not the VC it is sent on")
            .expected("SourceHandle == NdisVcHandle on every NBL sent")
            .remedy("set NetBufferList->SourceHandle to the VC handle before sending");

  // The VC's state decides: forward, or complete at once with NDIS_STATUS_VC_NOT_ACTIVATED (DP-010).
  Activation activation;
  CallState call;
  {
    std::lock_guard lock(vc->lock);
    activation = vc->activation;
    call = vc->call;
  }
  const bool active = activation == Activation::Active || activation == Activation::Reactivating;
  const char* rule = nullptr;
  if (!from_cm && call == CallState::Closing) rule = "CM-070";
  else if (!from_cm && call == CallState::RemoteClosing) rule = "CM-079";
  else if (!active && activation != Activation::Deactivating) rule = "CM-045";  // OQ-V01 exempts DEACTIVATING
  if (rule && checking(rt)) {
    auto f = rt.verifier().finding(rule, fn);
    f.handle("NdisVcHandle", NdisVcHandle)
        .state("VC activation", core::activation_name(activation))
        .state("call", core::call_state_name(call));
    if (std::string_view(rule) == "CM-070")
      f.message("a send after NdisClCloseCall")
          .expected("no sends on the VC once the client called NdisClCloseCall")
          .remedy("stop sending before closing the call");
    else if (std::string_view(rule) == "CM-079")
      f.message("a send after ProtocolClIncomingCloseCall")
          .expected("no sends on the VC once the call manager signalled the close")
          .remedy("stop sending when ProtocolClIncomingCloseCall arrives");
    else
      f.message("a send on a VC that is not active; the NBLs come back with NDIS_STATUS_VC_NOT_ACTIVATED")
          .expected("sends only on an ACTIVE VC (the make-call completed with SUCCESS, or the incoming call is connected)")
          .remedy("wait for the call to be connected before sending");
  }
  NDIS_STATUS refuse = active ? NDIS_STATUS_SUCCESS : NDIS_STATUS_VC_NOT_ACTIVATED;
  core::Binding* b = binding ? rt.drivers().binding_from_handle(binding) : nullptr;
  if (refuse == NDIS_STATUS_SUCCESS && b && !rt.drivers().check_protocol_send(*b, fn)) refuse = NDIS_STATUS_PAUSED;

  // The miniport that owns the VC: the miniport under a stand-alone CM, or the MCM itself (OQ-V13).
  core::CoDriver* miniport = vc->miniport ? vc->miniport : vc->cm;
  void* miniport_context = vc->miniport ? vc->miniport_context : vc->cm_context;
  auto* handler = miniport->miniport_co.CoSendNetBufferListsHandler;
  if (refuse == NDIS_STATUS_SUCCESS && !handler) refuse = NDIS_STATUS_FAILURE;
  if (refuse != NDIS_STATUS_SUCCESS) {
    for (PNET_BUFFER_LIST nbl : nbls) NET_BUFFER_LIST_STATUS(nbl) = refuse;
    std::vector<Completion> back{{sender, context, nbls}};
    complete_to_senders(rt, back, 0);
    return;
  }

  {
    std::lock_guard lock(rt.nbls().mutex());
    for (PNET_BUFFER_LIST nbl : nbls) {
      NblRecord* r = rt.nbls().nbl(nbl);
      r->where = NblWhere::SendAtMiniport;
      r->send_completed = false;
      r->vc_handle = NdisVcHandle;
      r->sender = sender;
      r->sender_vc_context = context;
      r->sender_binding = binding;
      r->adapter = adapter;
      snapshot(*r, nbl);
      NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PENDING;  // DP-014: the miniport must overwrite it
    }
  }
  count(rt, NdisVcHandle, adapter, binding, int(nbls.size()), 0);
  core::start_send_clocks(rt, nbls, NdisVcHandle);  // DP-018 (option)
  upcall(rt, {"MiniportCoSendNetBufferLists", miniport->name}, handler, miniport_context, link(nbls),
         dispatch_flag(flags));
}

VOID NdisMCoSendNetBufferListsComplete(NDIS_HANDLE NdisVcHandle, PNET_BUFFER_LIST NetBufferLists,
                                       ULONG SendCompleteFlags) {
  static constexpr const char* fn = "NdisMCoSendNetBufferListsComplete";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  const ULONG flags =
      check_entry(rt, fn, SendCompleteFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL, "SendCompleteFlags");
  auto* vc = static_cast<core::Vc*>(rt.handles().resolve(NdisVcHandle, ObjectType::Vc));
  if (vc && !vc_of_calling_miniport(rt, *vc, fn, NdisVcHandle)) return;  // VC-005: the NBLs stay with the caller
  if (vc && checking(rt)) {
    Activation activation;
    {
      std::lock_guard lock(vc->lock);
      activation = vc->activation;
    }
    if (activation == Activation::Inactive)
      rt.verifier()
          .finding("VC-012", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .state("VC activation", core::activation_name(activation))
          .message("a send completion on a VC whose deactivation has completed; the NBLs are still handed back")
          .expected("every send completed before the deactivation completes")
          .remedy("complete queued sends in MiniportCoDeactivateVc, before completing the deactivation");
  }

  struct Routed {
    PNET_BUFFER_LIST nbl;
    void* vc_handle;
    void* adapter;
    void* binding;
  };
  std::vector<Routed> routed;
  std::vector<Completion> groups;
  std::vector<NblFinding> findings;
  std::vector<uint64_t> send_timers;  // DP-018 clocks of the NBLs completed here
  {
    std::lock_guard lock(rt.nbls().mutex());
    for (PNET_BUFFER_LIST nbl : to_vector(NetBufferLists)) {
      NblRecord* r = rt.nbls().nbl(nbl);
      if (r && r->where == NblWhere::Owner && r->send_completed) {
        findings.push_back({"DP-016", nbl, "the NBL was already completed; the miniport no longer owns it (ignored)",
                            "no access to an NBL after NdisMCoSendNetBufferListsComplete",
                            "complete each NBL once and forget it"});
        continue;
      }
      if (!r || r->where != NblWhere::SendAtMiniport) {
        findings.push_back({"DP-012", nbl,
                            std::string("the miniport does not hold this NBL as a send (") +
                                (r ? core::nbl_where_name(r->where) : "not an NDIS NBL") + "); it is ignored",
                            "complete only NBLs MiniportCoSendNetBufferLists gave you, each once",
                            "complete exactly the NBLs you were sent"});
        continue;
      }
      if (r->vc_handle != NdisVcHandle)
        findings.push_back({"DP-013", nbl, "the NBL was sent on another VC; it is routed by the VC it was sent on",
                            "all NBLs of one completion sent on the VC it names", "complete NBLs per VC"});
      if (NET_BUFFER_LIST_STATUS(nbl) == NDIS_STATUS_PENDING) {
        findings.push_back({"DP-014", nbl, "Status is NDIS_STATUS_PENDING (not set); the sender gets NDIS_STATUS_FAILURE",
                            "a final status in NET_BUFFER_LIST_STATUS before completing",
                            "set NET_BUFFER_LIST_STATUS(nbl) for every NBL you complete"});
        NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_FAILURE;
      }
      if (nb_list_changed(*r, nbl, true))
        findings.push_back({"DP-015", nbl, "the NB list or NB data fields differ from what the miniport was sent",
                            "the NBs as they were received", "restore every NB field you changed before completing"});
      if (nbl->SourceHandle != r->source_handle)
        findings.push_back({"DP-029", nbl, "SourceHandle changed while the miniport held the NBL",
                            "SourceHandle unchanged when the NBL goes back", "restore SourceHandle before completing"});
      if (ndis_fields_changed(*r, nbl) || std::memcmp(nbl->ProtocolReserved, r->protocol_reserved, sizeof r->protocol_reserved))
        findings.push_back({"DP-031", nbl, "NdisReserved, the NDIS flag bits or ProtocolReserved changed while the miniport held the NBL",
                            "a miniport uses MiniportReserved and Scratch only", "keep out of fields you do not own"});
      r->where = NblWhere::Owner;
      r->send_completed = true;
      if (r->send_timer) send_timers.push_back(std::exchange(r->send_timer, 0));
      routed.push_back({nbl, r->vc_handle, r->adapter, r->sender_binding});
      add_to(groups, r->sender, r->sender_vc_context, nbl);
    }
  }
  core::stop_send_clocks(rt, send_timers);
  report_all(rt, fn, "NdisVcHandle", NdisVcHandle, findings);
  for (const Routed& x : routed) count(rt, x.vc_handle, x.adapter, x.binding, -1, 0);
  complete_to_senders(rt, groups, flags);
}

VOID NdisMCoIndicateReceiveNetBufferLists(NDIS_HANDLE NdisVcHandle, PNET_BUFFER_LIST NetBufferLists,
                                          ULONG NumberOfNetBufferLists, ULONG CoReceiveFlags) {
  static constexpr const char* fn = "NdisMCoIndicateReceiveNetBufferLists";
  RuntimeCore* rtp = runtime_for(NdisVcHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  const ULONG flags = check_entry(rt, fn, CoReceiveFlags,
                                  NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL | NDIS_RECEIVE_FLAGS_RESOURCES, "CoReceiveFlags");
  const bool resources = flags & NDIS_RECEIVE_FLAGS_RESOURCES;
  if (!NetBufferLists) {
    rt.verifier()
        .finding("DP-019", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .message("NetBufferLists is NULL")
        .expected("a chain of initialised NBLs")
        .remedy("indicate at least one NBL");
    return;
  }
  HandleError error = HandleError::Ok;
  auto* vc = static_cast<core::Vc*>(rt.handles().resolve(NdisVcHandle, ObjectType::Vc, &error));
  if (!vc) {
    rt.verifier()
        .finding("DP-022", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .value("problem", std::string(handle_error_name(error)))
        .message("an indication on a VC that does not exist; nothing is delivered and the NBLs stay with the miniport")
        .expected("indications only on an active VC")
        .remedy("stop indicating on a VC once its deactivation started");
    return;
  }
  if (!vc_of_calling_miniport(rt, *vc, fn, NdisVcHandle)) return;  // VC-005: nothing is delivered

  const std::vector<PNET_BUFFER_LIST> nbls = to_vector(NetBufferLists);
  std::vector<NblFinding> findings;
  {
    std::lock_guard lock(rt.nbls().mutex());
    for (PNET_BUFFER_LIST nbl : nbls) {
      NblRecord* r = rt.nbls().nbl(nbl);
      const char* problem = nullptr;
      if (!r) problem = "the NBL was not allocated from an NDIS pool, or was freed";
      else if (r->where == NblWhere::ReceiveAtProtocol)
        findings.push_back({"DP-021", nbl, "the NBL was indicated before and has not been returned",
                            "indicate an NBL again only after MiniportReturnNetBufferLists gave it back",
                            "wait for MiniportReturnNetBufferLists before reusing an indicated NBL"});
      else if (r->where != NblWhere::Owner) problem = "the NBL is in flight (a send, or inside another indication)";
      else if (!NET_BUFFER_LIST_FIRST_NB(nbl)) problem = "the NBL has no NB";
      else
        for (PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb && !problem; nb = NET_BUFFER_NEXT_NB(nb))
          core::nb_well_formed(nb, &problem);
      if (problem)
        findings.push_back({"DP-020", nbl, problem, "NBLs the miniport owns, with at least one well-formed NB each",
                            "indicate only NBLs from your pools, fully initialised"});
    }
  }
  if (!findings.empty()) {
    findings.back().message += "; nothing is delivered";
    report_all(rt, fn, "NdisVcHandle", NdisVcHandle, findings);
    return;
  }
  if (checking(rt)) {
    for (PNET_BUFFER_LIST nbl : nbls)
      if (nbl->SourceHandle != NdisVcHandle)
        rt.verifier()
            .finding("DP-019", fn)
            .handle("NdisVcHandle", NdisVcHandle)
            .handle("NetBufferList", nbl)
            .handle("SourceHandle", nbl->SourceHandle)
            .message("the NBL's SourceHandle is not the VC it is indicated on")
            .expected("SourceHandle == NdisVcHandle on every NBL indicated")
            .remedy("set NetBufferList->SourceHandle to the VC handle before indicating");
    if (nbls.size() != NumberOfNetBufferLists)
      rt.verifier()
          .finding("DP-019", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .value("NumberOfNetBufferLists", std::to_string(NumberOfNetBufferLists))
          .value("NBLs in the chain", std::to_string(nbls.size()))
          .message("NumberOfNetBufferLists is not the length of the chain; the chain's length is used (OQ-V08)")
          .expected("the number of NBLs in the chain")
          .remedy("count the NBLs you link");
  }

  Activation activation;
  {
    std::lock_guard lock(vc->lock);
    activation = vc->activation;
  }
  void* adapter = vc->af ? vc->af->reg->adapter : rt.calls().signalling_adapter(vc);
  bool deliver = activation == Activation::Active || activation == Activation::Reactivating ||
                 activation == Activation::Deactivating;
  if (!deliver && checking(rt))
    rt.verifier()
        .finding(activation == Activation::Inactive ? "VC-012" : "DP-022", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .state("VC activation", core::activation_name(activation))
        .message("an indication on a VC that is not active; nothing is delivered (OQ-V02)")
        .expected("indications only on an ACTIVE VC, or while deactivating for data already in hand")
        .remedy("indicate only between the activation's and the deactivation's completion");
  if (!deliver && activation == Activation::Inactive && checking(rt))
    rt.verifier()
        .finding("DP-022", fn)
        .handle("NdisVcHandle", NdisVcHandle)
        .state("VC activation", core::activation_name(activation))
        .message("an indication on an INACTIVE VC; nothing is delivered (OQ-V02)")
        .expected("indications only on an active VC")
        .remedy("stop indicating once the deactivation completed");
  if (deliver && adapter)
    if (core::Adapter* a = rt.drivers().adapter_from_handle(adapter))
      deliver = rt.drivers().check_miniport_receive(*a, fn);
  // A stand-alone CM's signalling VC (no AF) delivers to the CM, through its binding to the
  // adapter, with the context it gave NdisCoCreateVc (3.2 step 2).
  core::CoDriver* receiver = vc->af ? vc->af->client : vc->cm;
  void* binding = vc->af ? vc->af->client_binding : signalling_binding(rt, *vc, adapter, true);
  auto* handler = receiver && binding ? receiver->protocol_co.CoReceiveNetBufferListsHandler : nullptr;
  if (deliver && !handler) deliver = false;
  if (!deliver) {
    if (!resources && adapter) give_back_later(rt, adapter, nbls);
    return;
  }
  core::BindingView view;
  void* binding_context = rt.calls().topology().binding(binding, &view) ? view.binding_context : nullptr;
  {
    std::lock_guard lock(rt.nbls().mutex());
    for (PNET_BUFFER_LIST nbl : nbls) {
      NblRecord* r = rt.nbls().nbl(nbl);
      r->where = resources ? NblWhere::ReceiveInCallback : NblWhere::ReceiveAtProtocol;
      r->resources_indicated = resources;
      r->send_completed = false;
      r->vc_handle = NdisVcHandle;
      r->adapter = adapter;
      r->receiver_binding = binding;
      snapshot(*r, nbl);
    }
  }
  if (!resources) count(rt, NdisVcHandle, adapter, binding, 0, int(nbls.size()));
  upcall(rt, {"ProtocolCoReceiveNetBufferLists", receiver->name}, handler, binding_context,
         vc->af ? vc->client_context : vc->cm_context,
         link(nbls), ULONG(nbls.size()), dispatch_flag(flags & NDIS_RECEIVE_FLAGS_RESOURCES));
  if (resources) {
    // DP-023: the NBLs are the miniport's again as soon as the callback returned.
    std::lock_guard lock(rt.nbls().mutex());
    for (PNET_BUFFER_LIST nbl : nbls)
      if (NblRecord* r = rt.nbls().nbl(nbl)) r->where = NblWhere::Owner;
  }
}

VOID NdisReturnNetBufferLists(NDIS_HANDLE NdisBindingHandle, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags) {
  static constexpr const char* fn = "NdisReturnNetBufferLists";
  RuntimeCore* rtp = runtime_for(NdisBindingHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisBindingHandle", NdisBindingHandle}});
  const ULONG flags = check_entry(rt, fn, ReturnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL, "ReturnFlags");
  struct Returned {
    void* adapter;
    std::vector<PNET_BUFFER_LIST> nbls;
  };
  std::vector<Returned> groups;
  struct Counted {
    void* vc_handle;
    void* adapter;
    void* binding;
  };
  std::vector<Counted> counted;
  std::vector<NblFinding> findings;
  {
    std::lock_guard lock(rt.nbls().mutex());
    for (PNET_BUFFER_LIST nbl : to_vector(NetBufferLists)) {
      NblRecord* r = rt.nbls().nbl(nbl);
      // DP-026 names the return itself, whether it comes inside the callback or after it.
      if (r && r->resources_indicated && (r->where == NblWhere::Owner || r->where == NblWhere::ReceiveInCallback)) {
        findings.push_back({"DP-026", nbl,
                            "the NBL was indicated with NDIS_RECEIVE_FLAGS_RESOURCES: it goes back to the miniport "
                            "when the callback returns and is never returned; the return is ignored",
                            "NdisReturnNetBufferLists only for NBLs indicated without the resources flag",
                            "copy what you need inside ProtocolCoReceiveNetBufferLists and do not return those NBLs"});
        continue;
      }
      if (!r || r->where != NblWhere::ReceiveAtProtocol) {
        findings.push_back({"DP-027", nbl,
                            std::string("the caller does not hold this NBL as a receive (") +
                                (r ? core::nbl_where_name(r->where) : "not an NDIS NBL") + "); it is ignored",
                            "only NBLs received in ProtocolCoReceiveNetBufferLists and not yet returned",
                            "return each received NBL once; free your own NBLs with NdisFreeNetBufferList"});
        continue;
      }
      if (r->receiver_binding != NdisBindingHandle)
        findings.push_back({"DP-027", nbl, "the NBL was indicated on another binding; it is returned all the same",
                            "NBLs indicated on the binding named", "return NBLs through the binding they came on"});
      if (nbl->SourceHandle != r->source_handle)
        findings.push_back({"DP-029", nbl, "SourceHandle changed while the protocol held the NBL",
                            "SourceHandle unchanged when the NBL goes back", "restore SourceHandle before returning"});
      if (nb_list_changed(*r, nbl, false))
        findings.push_back({"DP-030", nbl, "the NB list changed while the protocol held the NBL",
                            "only the NBs' creator moves NBs between NBLs", "leave FirstNetBuffer and each NB's Next alone"});
      if (ndis_fields_changed(*r, nbl))
        findings.push_back({"DP-031", nbl, "NdisReserved or the NDIS flag bits changed while the protocol held the NBL",
                            "a protocol uses ProtocolReserved and Scratch only", "keep out of fields you do not own"});
      r->where = NblWhere::Owner;
      counted.push_back({r->vc_handle, r->adapter, r->receiver_binding});
      Returned* g = nullptr;
      for (Returned& x : groups)
        if (x.adapter == r->adapter) g = &x;
      if (!g) g = &groups.emplace_back(Returned{r->adapter, {}});
      g->nbls.push_back(nbl);
    }
  }
  report_all(rt, fn, "NdisBindingHandle", NdisBindingHandle, findings);
  for (const Counted& c : counted) count(rt, c.vc_handle, c.adapter, c.binding, 0, -1);
  for (Returned& g : groups) return_to_miniport(rt, g.adapter, g.nbls, flags);
}

}  // extern "C"
