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

void CallModel::release_requests(const char* function, bool (*pick)(const CoRequest&, const void*), const void* key) {
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
