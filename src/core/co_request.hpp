// CoNDIS OID requests in flight (vc-data-requests.md 1.7, 1.8): one record per NDIS_OID_REQUEST
// whose target handler is running or returned NDIS_STATUS_PENDING. The record says who must
// complete it and with which function (RQ-005), which handles the completion must name (RQ-006),
// whom NDIS then calls back with which contexts (RQ-004), and what the request looked like when
// it was issued (RQ-010). Teardown points report what is still pending (RQ-003).
//
// Locking: one mutex over the table, never held across a call into a driver.
#pragma once

#include <ndis.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "condis/verify.hpp"
#include "core/address_family.hpp"
#include "core/co_driver.hpp"
#include "core/pending_op.hpp"

namespace condis {
class RuntimeCore;
}

namespace condis::core {

// Which handler received the request, hence which completion function is the right one.
enum class RequestTarget : uint8_t {
  Protocol,  // a client's or stand-alone CM's ProtocolCoOidRequest: NdisCoOidRequestComplete
  Mcm,       // an MCM's CmOidRequestHandler: NdisMCmOidRequestComplete
  Miniport,  // MiniportCoOidRequest: NdisMCoOidRequestComplete
};

const char* completion_name(RequestTarget target);

struct CoRequest {
  PNDIS_OID_REQUEST request = nullptr;
  RequestTarget target = RequestTarget::Protocol;
  PendingOp op = PendingOp::Idle;
  CoDriver* target_driver = nullptr;
  // What the completion must name (RQ-006): the AF/VC/party handles for a protocol target, the
  // MiniportAdapterHandle and VC handle for a miniport target.
  void* af = nullptr;
  void* vc = nullptr;
  void* party = nullptr;
  void* adapter = nullptr;
  NDIS_OID oid = 0;
  // The requester and its own contexts for ProtocolCoOidRequestComplete (RQ-004).
  CoDriver* requester = nullptr;
  void* requester_binding = nullptr;  // NULL for an MCM's request
  void* requester_af_context = nullptr;
  void* requester_vc_context = nullptr;
  void* requester_party_context = nullptr;
  CO_OID_REQUEST_COMPLETE_HANDLER complete_handler = nullptr;  // the requester's ProtocolCoOidRequestComplete
  uint64_t fingerprint = 0;  // the request's header and input fields at issue (RQ-010)
  NDIS_STATUS early_status = NDIS_STATUS_SUCCESS;  // a completion that arrived while the handler ran
  // RQ-013: set when NDIS called MiniportCancelOidRequest for it. `serial` tells this issue of the
  // structure from a later reuse of the same memory; `cancel_timer` is the scheduler task that
  // reports the request if it is still pending when the limit passes (0: none).
  uint64_t serial = 0;
  bool cancelled = false;
  uint64_t cancelled_ns = 0;
  uint64_t cancel_timer = 0;
};

// The header and input fields of a request: what the requester must leave alone while pending.
uint64_t request_fingerprint(const NDIS_OID_REQUEST* r);

class CoRequests {
 public:
  // Records a request about to reach its target's handler (op = InHandler). False when the same
  // structure is already in flight.
  bool begin(const CoRequest& r);
  // The handler returned. Returns the record (removed) when the request is finished now: a final
  // status, or a completion already taken while the handler ran (*early set). Otherwise the
  // request stays pending and the result has no record.
  bool finish_handler(PNDIS_OID_REQUEST request, bool pending, CoRequest* out, bool* early);
  // A completion arrived: takes the record (removed, or marked CompletedEarly while the handler
  // runs, *early set). False when nothing is outstanding for the request (RQ-002).
  bool take_completion(PNDIS_OID_REQUEST request, NDIS_STATUS status, CoRequest* out, bool* early);
  // Pending records matching `pick`, removed (teardown: RQ-003).
  std::vector<CoRequest> remove_if(bool (*pick)(const CoRequest&, const void*), const void* key);
  // The requests in flight that `binding` issued with this RequestId (NdisCancelOidRequest).
  std::vector<CoRequest> issued_with_id(const void* binding, const void* request_id) const;
  void collect_leaks(std::vector<Leak>& out) const;
  // RQ-016 / RQ-017 (heuristics): the OID follow-ups a client owes on an AF instance.
  // OID_CO_ADDRESS_CHANGE or OID_CO_AF_CLOSE is about to reach the client of `open`. Both keep
  // AfOpen::oid_follow_up equal to "something is owed on it".
  void note_co_oid_delivered(AfOpen& open, NDIS_OID oid, void* client_binding, void* cm_binding, CoDriver* client);
  // The client of `open` issued OID_CO_GET_ADDRESSES: no address-change query is owed any more.
  void note_get_addresses(AfOpen& open);
  // The follow-ups still owed, taken: on `af` when it is freed (*af_only), or on every AF whose
  // client or CM binding is `binding` (AF-close only: the CM's unbind, RQ-017).
  struct FollowUp {
    const void* af = nullptr;
    void* client_binding = nullptr;
    void* cm_binding = nullptr;
    CoDriver* client = nullptr;
    bool address_change_owed = false;  // RQ-016
    bool af_close_delivered = false;   // RQ-017
  };
  bool take_follow_up(const void* af, FollowUp* out);
  // The client of `open` starts a call-management operation on it: what is owed, taken (the
  // flag cleared), so each OID delivery is reported once.
  bool take_follow_up_at_operation(AfOpen& open, FollowUp* out);
  std::vector<FollowUp> take_af_close_on_binding(const void* binding);
  // Scenario end: what is still owed, marked reported so that a later AF release stays quiet.
  std::vector<FollowUp> follow_ups_not_reported() const;

  // RQ-013: marks the pending request cancelled at now_ns; false when it is not pending or was
  // cancelled before (only the first cancel starts the clock). *serial identifies this issue.
  bool mark_cancelled(PNDIS_OID_REQUEST request, uint64_t now_ns, uint64_t* serial);
  // Remembers the timer task of a cancelled request, so its completion can cancel the timer.
  void set_cancel_timer(PNDIS_OID_REQUEST request, uint64_t serial, uint64_t timer);
  // The record of this issue of the request (*out) when it is still in flight.
  bool still_pending(PNDIS_OID_REQUEST request, uint64_t serial, CoRequest* out) const;
  void clear();
  size_t pending_count() const;

  // A miniport completed a request with NDIS_STATUS_INDICATION_REQUIRED: the status indication
  // that carries its result names (RequestHandle, RequestId) and goes to `binding` only (ST-007).
  void expect_indication(const void* request_handle, const void* request_id, void* binding);
  // The binding owed the indication (*binding), consumed; false when no such completion is known.
  bool take_expected_indication(const void* request_handle, const void* request_id, void** binding);

  // ST-010: status indications reach a binding one at a time. Returns true when the caller holds
  // the binding's slot and runs `work` itself (then drains with status_next); false when queued
  // behind the indication in progress.
  bool status_enter(const void* binding, std::function<void()>& work);
  // The next queued indication for `binding`, or an empty function (the slot is released).
  std::function<void()> status_next(const void* binding);

 private:
  struct Expected {
    const void* request_handle;
    const void* request_id;
    void* binding;
  };
  mutable std::mutex mutex_;
  uint64_t next_serial_ = 0;
  std::unordered_map<PNDIS_OID_REQUEST, CoRequest> pending_;
  mutable std::unordered_map<const void*, FollowUp> follow_ups_;  // by AF handle; erased once reported
  std::vector<Expected> expected_;
  std::unordered_map<const void*, std::deque<std::function<void()>>> status_busy_;
};

// Selectors for CallModel::release_requests: requests on an AF instance, requests issued from a
// binding, requests pending in a miniport (by MiniportAdapterHandle).
bool request_on_af(const CoRequest& r, const void* af_handle);
bool request_of_binding(const CoRequest& r, const void* binding_handle);
bool request_to_adapter(const CoRequest& r, const void* adapter_handle);

// Scenario end (RuntimeCore::shutdown, after the leak report is taken): RQ-016 / RQ-017 findings
// for the OID follow-ups still owed. Each is reported once.
void report_co_oid_follow_ups(RuntimeCore& rt);

// RQ-016 / RQ-017 at the client's next call-management operation `function` on `open` (called
// only when AfOpen::oid_follow_up is set; see api/co_request.hpp).
[[gnu::cold, gnu::noinline]] void report_oid_follow_ups_at(RuntimeCore& rt, AfOpen& open, const char* function);

// The leak entry of one request never completed.
Leak request_leak(const CoRequest& r, const char* where);

}  // namespace condis::core
