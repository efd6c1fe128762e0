// The table of CoNDIS requests in flight (see co_request.hpp).
#include "core/co_request.hpp"

#include "common/handle_table.hpp"
#include "core/call_model.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::core {

const char* completion_name(RequestTarget target) {
  switch (target) {
    case RequestTarget::Protocol: return "NdisCoOidRequestComplete";
    case RequestTarget::Mcm: return "NdisMCmOidRequestComplete";
    case RequestTarget::Miniport: return "NdisMCoOidRequestComplete";
  }
  return "?";
}

uint64_t request_fingerprint(const NDIS_OID_REQUEST* r) {
  // FNV-1a over the header, the type and the input fields of DATA (Oid, buffer, lengths).
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const void* p, size_t n) {
    auto* b = static_cast<const unsigned char*>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  };
  mix(&r->Header, sizeof r->Header);
  mix(&r->RequestType, sizeof r->RequestType);
  mix(&r->RequestId, sizeof r->RequestId);
  const auto& m = r->DATA.METHOD_INFORMATION;
  mix(&m.Oid, sizeof m.Oid);
  mix(&m.InformationBuffer, sizeof m.InformationBuffer);
  if (r->RequestType == NdisRequestMethod) {
    mix(&m.InputBufferLength, sizeof m.InputBufferLength);
    mix(&m.OutputBufferLength, sizeof m.OutputBufferLength);
    mix(&m.MethodId, sizeof m.MethodId);
  } else {
    mix(&r->DATA.QUERY_INFORMATION.InformationBufferLength, sizeof(UINT));
  }
  return h;
}

bool CoRequests::begin(const CoRequest& r) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = pending_.try_emplace(r.request, r);
  if (inserted) {
    it->second.op = PendingOp::InHandler;
    it->second.serial = ++next_serial_;
  }
  return inserted;
}

bool CoRequests::finish_handler(PNDIS_OID_REQUEST request, bool pending, CoRequest* out, bool* early) {
  std::lock_guard lock(mutex_);
  *early = false;
  auto it = pending_.find(request);
  if (it == pending_.end()) return false;
  bool early_without_pend = false;
  const bool was_early = it->second.op == PendingOp::CompletedEarly;
  const bool sync = core::finish_handler(it->second.op, pending, &early_without_pend);
  if (sync || was_early) {
    *early = was_early;
    *out = it->second;
    pending_.erase(it);
    return true;
  }
  return false;
}

bool CoRequests::take_completion(PNDIS_OID_REQUEST request, NDIS_STATUS status, CoRequest* out, bool* early) {
  std::lock_guard lock(mutex_);
  *early = false;
  auto it = pending_.find(request);
  if (it == pending_.end()) return false;
  const Acceptance a = accept_completion_ex(it->second.op);
  if (a == Acceptance::Rejected) return false;
  *out = it->second;
  if (a == Acceptance::Early) {
    *early = true;
    it->second.early_status = status;
  } else {
    pending_.erase(it);
  }
  return true;
}

std::vector<CoRequest> CoRequests::remove_if(bool (*pick)(const CoRequest&, const void*), const void* key) {
  std::vector<CoRequest> out;
  std::lock_guard lock(mutex_);
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.op == PendingOp::Pended && pick(it->second, key)) {
      out.push_back(it->second);
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::vector<CoRequest> CoRequests::issued_with_id(const void* binding, const void* request_id) const {
  std::vector<CoRequest> out;
  std::lock_guard lock(mutex_);
  for (auto& [request, r] : pending_)
    if (r.requester_binding == binding && request->RequestId == request_id) out.push_back(r);
  return out;
}

Leak request_leak(const CoRequest& r, const char* where) {
  std::string detail = "OidRequest " + format_handle(r.request) + " (Oid " +
                       std::to_string(r.oid) + ") pended in " +
                       (r.target == RequestTarget::Miniport ? "MiniportCoOidRequest" : "ProtocolCoOidRequest") +
                       ", never completed with " + completion_name(r.target);
  if (where) detail += std::string("; released at ") + where;
  return {"RQ-003", "pending OID request", r.target_driver ? r.target_driver->name : "driver", detail};
}

bool request_on_af(const CoRequest& r, const void* af_handle) { return r.af && r.af == af_handle; }
bool request_of_binding(const CoRequest& r, const void* binding_handle) {
  return r.requester_binding == binding_handle;
}
bool request_to_adapter(const CoRequest& r, const void* adapter_handle) {
  return r.target == RequestTarget::Miniport && r.adapter == adapter_handle;
}

namespace {

void report_address_change_owed(RuntimeCore& rt, const CoRequests::FollowUp& f, const char* function) {
  if (!f.address_change_owed || !rt.verifier().enabled()) return;
  rt.verifier()
      .finding("RQ-016", function)
      .handle("NdisAfHandle", f.af)
      .handle("NdisBindingHandle", f.client_binding)
      .value("client", f.client ? std::string(f.client->name) : std::string("?"))
      .message("the client received OID_CO_ADDRESS_CHANGE and never queried OID_CO_GET_ADDRESSES on the AF")
      .expected("NdisCoOidRequest(OID_CO_GET_ADDRESSES) on the AF after each OID_CO_ADDRESS_CHANGE")
      .remedy("query the call manager's address list when it signals an address change");
}

// RQ-016 / RQ-017 at the client's operation `function` on the AF: the query is owed before it,
// and after OID_CO_AF_CLOSE the client tears the AF down instead of building on it.
void report_at_operation(RuntimeCore& rt, const CoRequests::FollowUp& f, const char* function) {
  if (!rt.verifier().enabled()) return;
  const std::string client = f.client ? std::string(f.client->name) : std::string("?");
  if (f.address_change_owed)
    rt.verifier()
        .finding("RQ-016", function)
        .handle("NdisAfHandle", f.af)
        .handle("NdisBindingHandle", f.client_binding)
        .value("client", client)
        .message(std::string("the client received OID_CO_ADDRESS_CHANGE and called ") + function +
                 " on the AF without querying OID_CO_GET_ADDRESSES first")
        .expected("NdisCoOidRequest(OID_CO_GET_ADDRESSES) on the AF before the next call-management operation on it")
        .remedy("query the call manager's address list when it signals an address change, before using the AF");
  if (f.af_close_delivered)
    rt.verifier()
        .finding("RQ-017", function)
        .handle("NdisAfHandle", f.af)
        .handle("NdisBindingHandle", f.client_binding)
        .value("client", client)
        .message(std::string("the client called ") + function +
                 " on the AF after OID_CO_AF_CLOSE asked it to tear the AF down")
        .expected("after OID_CO_AF_CLOSE: drop parties, close the calls, deregister the SAPs, NdisClCloseAddressFamily")
        .remedy("start no new VC, call, party or SAP on an AF once the call manager asked to close it");
}

void report_af_still_open(RuntimeCore& rt, const CoRequests::FollowUp& f, const char* function) {
  if (!f.af_close_delivered || !rt.verifier().enabled()) return;
  rt.verifier()
      .finding("RQ-017", function)
      .handle("NdisAfHandle", f.af)
      .handle("NdisBindingHandle", f.client_binding)
      .value("client", f.client ? std::string(f.client->name) : std::string("?"))
      .message("the AF instance is still open although OID_CO_AF_CLOSE reached its client")
      .expected("after OID_CO_AF_CLOSE: drop parties, close the calls, deregister the SAPs, NdisClCloseAddressFamily")
      .remedy("tear down everything on the AF and close it when the call manager asks with OID_CO_AF_CLOSE");
}

}  // namespace

void report_oid_follow_ups_at(RuntimeCore& rt, AfOpen& open, const char* function) {
  if (CoRequests::FollowUp f; rt.calls().requests().take_follow_up_at_operation(open, &f))
    report_at_operation(rt, f, function);
}

void report_co_oid_follow_ups(RuntimeCore& rt) {
  for (const CoRequests::FollowUp& f : rt.calls().requests().follow_ups_not_reported()) {
    report_address_change_owed(rt, f, "scenario end");
    report_af_still_open(rt, f, "scenario end");
  }
}

void CallModel::release_requests(const char* function, bool (*pick)(const CoRequest&, const void*), const void* key) {
  // RQ-016 / RQ-017 at the teardown points: an AF instance freed with an address-change query
  // still owed (closing the AF is another call-management operation on it), and a binding closing
  // under an AF that was asked to close with OID_CO_AF_CLOSE (the CM's unbind).
  if (pick == request_on_af) {
    if (CoRequests::FollowUp f; requests_->take_follow_up(key, &f)) report_address_change_owed(rt_, f, function);
  } else if (pick == request_of_binding) {
    for (const CoRequests::FollowUp& f : requests_->take_af_close_on_binding(key)) report_af_still_open(rt_, f, function);
  }
  std::vector<CoRequest> gone = requests_->remove_if(pick, key);
  for (const CoRequest& r : gone) {
    if (r.cancel_timer) rt_.scheduler().cancel(r.cancel_timer);  // reported as RQ-003 instead
    if (rt_.verifier().enabled())
      rt_.verifier()
          .finding("RQ-003", function)
          .handle("OidRequest", r.request)
          .value("pended in", r.target == RequestTarget::Miniport ? "MiniportCoOidRequest" : "ProtocolCoOidRequest")
          .message("a request whose handler returned NDIS_STATUS_PENDING was never completed")
          .expected(std::string("exactly one ") + completion_name(r.target) + " before this teardown point")
          .remedy("complete every request you pended before the AF, binding or adapter goes away");
    std::lock_guard lock(mutex_);
    released_leaks_.push_back(request_leak(r, function));
  }
}

void CoRequests::collect_leaks(std::vector<Leak>& out) const {
  std::lock_guard lock(mutex_);
  for (auto& [request, r] : pending_)
    if (r.op == PendingOp::Pended) out.push_back(request_leak(r, nullptr));
  for (auto& [af, f] : follow_ups_) {
    const std::string owner = f.client ? std::string(f.client->name) : std::string("client");
    if (f.address_change_owed)
      out.push_back({"RQ-016", "address change not queried", owner,
                     "NdisAfHandle " + format_handle(af) + ": OID_CO_ADDRESS_CHANGE without OID_CO_GET_ADDRESSES"});
    if (f.af_close_delivered)
      out.push_back({"RQ-017", "AF instance open after OID_CO_AF_CLOSE", owner, "NdisAfHandle " + format_handle(af)});
  }
}

void CoRequests::note_co_oid_delivered(AfOpen& open, NDIS_OID oid, void* client_binding, void* cm_binding,
                                       CoDriver* client) {
  if (oid != OID_CO_ADDRESS_CHANGE && oid != OID_CO_AF_CLOSE) return;
  std::lock_guard lock(mutex_);
  FollowUp& f = follow_ups_[open.handle];
  f.af = open.handle;
  f.client_binding = client_binding;
  f.cm_binding = cm_binding;
  f.client = client;
  (oid == OID_CO_ADDRESS_CHANGE ? f.address_change_owed : f.af_close_delivered) = true;
  open.oid_follow_up.store(true, std::memory_order_relaxed);
}

void CoRequests::note_get_addresses(AfOpen& open) {
  std::lock_guard lock(mutex_);
  auto it = follow_ups_.find(open.handle);
  if (it == follow_ups_.end()) return;
  it->second.address_change_owed = false;
  if (!it->second.af_close_delivered) {
    follow_ups_.erase(it);
    open.oid_follow_up.store(false, std::memory_order_relaxed);
  }
}

bool CoRequests::take_follow_up_at_operation(AfOpen& open, FollowUp* out) {
  std::lock_guard lock(mutex_);
  open.oid_follow_up.store(false, std::memory_order_relaxed);
  auto it = follow_ups_.find(open.handle);
  if (it == follow_ups_.end()) return false;
  *out = it->second;
  follow_ups_.erase(it);
  return true;
}

bool CoRequests::take_follow_up(const void* af, FollowUp* out) {
  std::lock_guard lock(mutex_);
  auto it = follow_ups_.find(af);
  if (it == follow_ups_.end()) return false;
  *out = it->second;
  follow_ups_.erase(it);
  return true;
}

std::vector<CoRequests::FollowUp> CoRequests::take_af_close_on_binding(const void* binding) {
  std::vector<FollowUp> out;
  std::lock_guard lock(mutex_);
  for (auto& [af, f] : follow_ups_)
    if (f.af_close_delivered && (f.cm_binding == binding || f.client_binding == binding)) {
      out.push_back(f);
      f.af_close_delivered = false;
    }
  std::erase_if(follow_ups_, [](const auto& e) { return !e.second.address_change_owed && !e.second.af_close_delivered; });
  return out;
}

std::vector<CoRequests::FollowUp> CoRequests::follow_ups_not_reported() const {
  std::vector<FollowUp> out;
  std::lock_guard lock(mutex_);
  for (auto& [af, f] : follow_ups_) out.push_back(f);
  follow_ups_.clear();
  return out;
}

bool CoRequests::mark_cancelled(PNDIS_OID_REQUEST request, uint64_t now_ns, uint64_t* serial) {
  std::lock_guard lock(mutex_);
  auto it = pending_.find(request);
  if (it == pending_.end() || it->second.cancelled) return false;
  it->second.cancelled = true;
  it->second.cancelled_ns = now_ns;
  *serial = it->second.serial;
  return true;
}

void CoRequests::set_cancel_timer(PNDIS_OID_REQUEST request, uint64_t serial, uint64_t timer) {
  std::lock_guard lock(mutex_);
  auto it = pending_.find(request);
  if (it != pending_.end() && it->second.serial == serial) it->second.cancel_timer = timer;
}

bool CoRequests::still_pending(PNDIS_OID_REQUEST request, uint64_t serial, CoRequest* out) const {
  std::lock_guard lock(mutex_);
  auto it = pending_.find(request);
  if (it == pending_.end() || it->second.serial != serial) return false;
  *out = it->second;
  return true;
}

void CoRequests::clear() {
  std::lock_guard lock(mutex_);
  pending_.clear();
  expected_.clear();
}

size_t CoRequests::pending_count() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

void CoRequests::expect_indication(const void* request_handle, const void* request_id, void* binding) {
  std::lock_guard lock(mutex_);
  expected_.push_back({request_handle, request_id, binding});
}

bool CoRequests::take_expected_indication(const void* request_handle, const void* request_id, void** binding) {
  std::lock_guard lock(mutex_);
  for (auto it = expected_.begin(); it != expected_.end(); ++it)
    if (it->request_handle == request_handle && it->request_id == request_id) {
      *binding = it->binding;
      expected_.erase(it);
      return true;
    }
  return false;
}

bool CoRequests::status_enter(const void* binding, std::function<void()>& work) {
  std::lock_guard lock(mutex_);
  auto [it, first] = status_busy_.try_emplace(binding);
  if (first) return true;
  it->second.push_back(std::move(work));
  return false;
}

std::function<void()> CoRequests::status_next(const void* binding) {
  std::lock_guard lock(mutex_);
  auto it = status_busy_.find(binding);
  if (it == status_busy_.end()) return {};
  if (it->second.empty()) {
    status_busy_.erase(it);
    return {};
  }
  std::function<void()> next = std::move(it->second.front());
  it->second.pop_front();
  return next;
}

}  // namespace condis::core
