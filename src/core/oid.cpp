// General OID requests to a miniport (driver-model.md 2.2.10; DRV-020 serialisation, DRV-031..033).
#include <cstring>

#include "core/driver_model.hpp"
#include "core/driver_upcall.hpp"
#include "runtime/runtime_core.hpp"

namespace condis::core {
namespace {

bool accepts_oids(AdapterState s) {
  return s == AdapterState::Paused || s == AdapterState::Restarting || s == AdapterState::Running ||
         s == AdapterState::Pausing;
}

// condis answers OID_GEN_SUPPORTED_LIST from the general attributes (2.2.10).
bool answer_supported_list(Adapter& a, PNDIS_OID_REQUEST r, NDIS_STATUS* status) {
  if ((r->RequestType != NdisRequestQueryInformation && r->RequestType != NdisRequestQueryStatistics) ||
      r->DATA.QUERY_INFORMATION.Oid != OID_GEN_SUPPORTED_LIST || a.attributes.supported_oids.empty())
    return false;
  auto& q = r->DATA.QUERY_INFORMATION;
  const UINT need = UINT(a.attributes.supported_oids.size() * sizeof(NDIS_OID));
  if (q.InformationBufferLength < need || !q.InformationBuffer) {
    q.BytesNeeded = need;
    q.BytesWritten = 0;
    *status = NDIS_STATUS_BUFFER_TOO_SHORT;
  } else {
    std::memcpy(q.InformationBuffer, a.attributes.supported_oids.data(), need);
    q.BytesWritten = need;
    *status = NDIS_STATUS_SUCCESS;
  }
  return true;
}

}  // namespace

NDIS_STATUS DriverModel::issue_oid(Adapter& a, PNDIS_OID_REQUEST request, Binding* origin, OidCompletion on_complete) {
  std::lock_guard model(mutex_);
  if (!accepts_oids(a.state)) return NDIS_STATUS_FAILURE;
  NDIS_STATUS answered;
  if (answer_supported_list(a, request, &answered)) return answered;
  // OQ-D07: a CoNDIS miniport without MiniportOidRequest gets adapter-wide requests in
  // MiniportCoOidRequest with a NULL MiniportVcContext; with neither, NOT_SUPPORTED.
  const bool co_route = !a.driver->miniport.OidRequestHandler;
  if (co_route && !a.driver->co_oid_request) return NDIS_STATUS_NOT_SUPPORTED;
  PendingOid entry{request, origin, std::move(on_complete)};
  // One request at a time per adapter, and MiniportOidRequest runs at PASSIVE_LEVEL (OQ-D15):
  // otherwise the request waits in the queue and completes through the completion path.
  if (a.oid_pending || exec::current_irql() != exec::kPassive) {
    a.oid_queue.push_back(std::move(entry));
    if (origin) ++origin->oids_outstanding;
    schedule_next_oid(a);
    return NDIS_STATUS_PENDING;
  }
  a.oid_pending = std::make_unique<PendingOid>(std::move(entry));
  CallbackFrame frame{Callback::MiniportOidRequest};
  frame.driver = a.driver;
  frame.adapter = &a;
  NDIS_STATUS status =
      co_route ? call_driver(rt_, frame, a.handle, a.driver->co_oid_request, a.context, NDIS_HANDLE(nullptr), request)
               : call_driver(rt_, frame, a.handle, a.driver->miniport.OidRequestHandler, a.context, request);
  if (status == NDIS_STATUS_PENDING) {
    if (origin) ++origin->oids_outstanding;
    return status;
  }
  a.oid_pending.reset();
  schedule_next_oid(a);  // requests queued while this one ran
  if (status == NDIS_STATUS_INDICATION_REQUIRED)
    rt_.verifier()
        .finding("DRV-033", "MiniportOidRequest")
        .handle("MiniportAdapterHandle", a.handle)
        .value("Oid", std::to_string(request->DATA.QUERY_INFORMATION.Oid))
        .message("NDIS_STATUS_INDICATION_REQUIRED for an OID that does not allow it")
        .expected("a final status, or PENDING")
        .remedy("complete the request; use NDIS_STATUS_INDICATION_REQUIRED only where the OID's page allows it");
  return status;
}

void DriverModel::oid_complete(Adapter& a, PNDIS_OID_REQUEST request, NDIS_STATUS status) {
  std::lock_guard model(mutex_);
  static const char* fn = "NdisMOidRequestComplete";
  if (exec::current_irql() > exec::kDispatch)
    rt_.verifier().finding("DRV-032", fn).handle("MiniportAdapterHandle", a.handle)
        .message("called above DISPATCH_LEVEL").expected("IRQL <= DISPATCH_LEVEL");
  if (!a.oid_pending || a.oid_pending->request != request) {
    rt_.verifier()
        .finding("DRV-032", fn)
        .handle("MiniportAdapterHandle", a.handle)
        .value("OidRequest", format_handle(request))
        .message("no pended MiniportOidRequest matches this request (completed twice, or never pended)")
        .expected("exactly one NdisMOidRequestComplete per request whose handler returned PENDING")
        .remedy("complete only requests you pended, once");
    return;
  }
  if (status == NDIS_STATUS_PENDING) {
    rt_.verifier()
        .finding("DRV-045", fn)
        .handle("MiniportAdapterHandle", a.handle)
        .message("NdisMOidRequestComplete was given NDIS_STATUS_PENDING")
        .expected("the final status of the request")
        .remedy("complete with the final status");
    return;
  }
  if (a.oid_pending->origin) --a.oid_pending->origin->oids_outstanding;
  oid_complete_internal_(a, request, status);
  wake_waiters();
}

// Delivers the completion of the pending request and starts the next queued one.
void DriverModel::oid_complete_internal_(Adapter& a, PNDIS_OID_REQUEST request, NDIS_STATUS status) {
  PendingOid done = std::move(*a.oid_pending);
  a.oid_pending.reset();
  const NDIS_HANDLE handle = a.handle;
  deliver_oid_completion(done, request, status);
  // The completion ran without the model lock: the adapter may have gone meanwhile.
  if (Adapter* live = adapter_from_handle(handle)) schedule_next_oid(*live);
}

// ProtocolOidRequestComplete for a binding's request, or the condis caller's callback.
void DriverModel::deliver_oid_completion(const PendingOid& done, PNDIS_OID_REQUEST request, NDIS_STATUS status) {
  if (done.origin) {
    Binding& b = *done.origin;
    CallbackFrame frame{Callback::ProtocolOidComplete};
    frame.driver = b.protocol;
    frame.binding = &b;
    if (b.protocol->protocol.OidRequestCompleteHandler)
      call_driver_at(exec::current_irql(), rt_, frame, b.handle, b.protocol->protocol.OidRequestCompleteHandler,
                     b.context, request, status);
  } else if (done.on_complete) {
    done.on_complete(request, status);
  }
}

// Issues the next queued request from a PASSIVE task once the adapter's slot is free.
void DriverModel::schedule_next_oid(Adapter& a) {
  if (a.oid_queue.empty() || a.oid_pending) return;
  const NDIS_HANDLE handle = a.handle;
  rt_.scheduler().post([this, handle] {
    std::lock_guard model(mutex_);
    Adapter* live = adapter_from_handle(handle);
    if (!live || live->oid_pending || live->oid_queue.empty()) return;
    PendingOid next = std::move(live->oid_queue.front());
    live->oid_queue.pop_front();
    if (next.origin) --next.origin->oids_outstanding;
    PendingOid copy{next.request, next.origin, next.on_complete};
    const NDIS_STATUS s = issue_oid(*live, next.request, next.origin, next.on_complete);
    // A synchronous answer completes through the completion path (the issuer saw PENDING).
    if (s != NDIS_STATUS_PENDING) {
      if (Binding* from = copy.origin; from && !binding_alive(from)) copy.origin = nullptr;
      deliver_oid_completion(copy, copy.request, s);
    }
  }, exec::TaskOptions{exec::kPassive, exec::kAnyProcessor, "oid-queue"});
}

bool DriverModel::binding_alive(const Binding* binding) const {
  for (auto& b : bindings_)
    if (b.get() == binding) return true;
  return false;
}

}  // namespace condis::core
