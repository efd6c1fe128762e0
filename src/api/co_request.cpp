// CoNDIS requests (vc-data-requests.md 1.7, 1.8, 2.6): NdisCoOidRequest, NdisMCmOidRequest, the
// three completion functions and NdisCancelOidRequest. A request is routed by the 1.8 table, its
// handles are translated into the target's contexts, and a pended request is tracked in
// CallModel::requests() until its completion, which goes back to the requester's
// ProtocolCoOidRequestComplete with the requester's own contexts.
#include <string>

#include "api/co_common.hpp"
#include "core/adapter.hpp"
#include "core/co_request.hpp"
#include "core/driver.hpp"

using namespace condis;
using namespace condis::api;
using core::CoRequest;
using core::Party;
using core::RequestTarget;

namespace {

void start_cancel_clock(RuntimeCore& rt, const CoRequest& r);

// RQ-009: the structure and its request type. False (after reporting) when it is unusable.
bool request_well_formed(RuntimeCore& rt, const char* fn, PNDIS_OID_REQUEST r) {
  const char* problem = nullptr;
  if (!r) problem = "OidRequest is NULL";
  else if (r->Header.Type != NDIS_OBJECT_TYPE_OID_REQUEST) problem = "Header.Type is not NDIS_OBJECT_TYPE_OID_REQUEST";
  else if (r->Header.Revision != NDIS_OID_REQUEST_REVISION_1 && r->Header.Revision != 2)
    problem = "Header.Revision is neither 1 nor 2";
  else if (r->Header.Size < NDIS_SIZEOF_OID_REQUEST_REVISION_1) problem = "Header.Size is below NDIS_SIZEOF_OID_REQUEST_REVISION_1";
  else if (r->RequestType != NdisRequestQueryInformation && r->RequestType != NdisRequestSetInformation &&
           r->RequestType != NdisRequestQueryStatistics && r->RequestType != NdisRequestMethod)
    problem = "RequestType is not a query, set, statistics query or method";
  else if (!r->DATA.QUERY_INFORMATION.InformationBuffer &&
           (r->RequestType == NdisRequestMethod
                ? (r->DATA.METHOD_INFORMATION.InputBufferLength || r->DATA.METHOD_INFORMATION.OutputBufferLength)
                : r->DATA.QUERY_INFORMATION.InformationBufferLength != 0))
    problem = "InformationBuffer is NULL with a nonzero length";
  if (!problem) return true;
  rt.verifier()
      .finding("RQ-009", fn)
      .handle("OidRequest", r)
      .message(std::string(problem) + "; the request is failed with NDIS_STATUS_INVALID_PARAMETER")
      .expected("Header 0x96 / revision 1 or 2 / Size >= 236, a query, set or method type, a buffer for a nonzero length")
      .remedy("initialise the NDIS_OID_REQUEST header and DATA member before issuing it");
  return false;
}

// RQ-008: reports an inconsistent handle and returns INVALID_PARAMETER.
NDIS_STATUS bad_handles(RuntimeCore& rt, const char* fn, const char* parameter, const void* handle, std::string why) {
  rt.verifier()
      .finding("RQ-008", fn)
      .handle(parameter, handle)
      .message(why + "; the request is failed with NDIS_STATUS_INVALID_PARAMETER")
      .expected("the caller's open binding, its own open AF instance, a VC it shares on that AF, a party of that VC")
      .remedy("pass the handles NDIS gave the caller for the objects the request concerns");
  return NDIS_STATUS_INVALID_PARAMETER;
}

// RQ-011 and RQ-020: what the target reported in the structure with a final status.
void check_result(RuntimeCore& rt, const char* fn, PNDIS_OID_REQUEST r, NDIS_STATUS status) {
  if (!checking(rt)) return;
  const char* problem = nullptr;
  if (status == NDIS_STATUS_SUCCESS) {
    if (r->RequestType == NdisRequestMethod) {
      auto& m = r->DATA.METHOD_INFORMATION;
      if (m.BytesWritten > m.OutputBufferLength) problem = "BytesWritten exceeds OutputBufferLength";
      else if (m.BytesRead > m.InputBufferLength) problem = "BytesRead exceeds InputBufferLength";
    } else if (r->RequestType == NdisRequestSetInformation) {
      if (r->DATA.SET_INFORMATION.BytesRead > r->DATA.SET_INFORMATION.InformationBufferLength)
        problem = "BytesRead exceeds InformationBufferLength";
    } else if (r->DATA.QUERY_INFORMATION.BytesWritten > r->DATA.QUERY_INFORMATION.InformationBufferLength) {
      problem = "BytesWritten exceeds InformationBufferLength";
    }
  } else if (status == NDIS_STATUS_INVALID_LENGTH || status == NDIS_STATUS_BUFFER_TOO_SHORT) {
    const UINT needed = r->RequestType == NdisRequestMethod ? r->DATA.METHOD_INFORMATION.BytesNeeded
                                                            : r->DATA.QUERY_INFORMATION.BytesNeeded;
    const bool query = r->RequestType == NdisRequestQueryInformation || r->RequestType == NdisRequestQueryStatistics;
    if (needed == 0 || (query && needed <= r->DATA.QUERY_INFORMATION.InformationBufferLength))
      problem = "a length failure without BytesNeeded set to the length the OID requires";
  }
  if (problem)
    rt.verifier()
        .finding("RQ-011", fn)
        .handle("OidRequest", r)
        .value("Status", status_name(status))
        .message(problem)
        .expected("byte counts within the buffer; BytesNeeded set on INVALID_LENGTH / BUFFER_TOO_SHORT")
        .remedy("report only what was transferred, and the required length when the buffer is short");
  // RQ-020 (heuristic): a set whose data starts with an NDIS_OBJECT_HEADER is a revisioned structure.
  if (status == NDIS_STATUS_SUCCESS && r->RequestType == NdisRequestSetInformation && r->SupportedRevision == 0) {
    auto& s = r->DATA.SET_INFORMATION;
    if (s.InformationBuffer && s.InformationBufferLength >= sizeof(NDIS_OBJECT_HEADER)) {
      auto* h = static_cast<const NDIS_OBJECT_HEADER*>(s.InformationBuffer);
      if (h->Type >= 0x80 && h->Revision != 0 && h->Size == s.InformationBufferLength)
        rt.verifier()
            .finding("RQ-020", fn)
            .handle("OidRequest", r)
            .message("a set of a revisioned NDIS structure succeeded with SupportedRevision 0")
            .expected("SupportedRevision = the revision of the structure the target handled")
            .remedy("set OidRequest->SupportedRevision on a successful set");
    }
  }
}

// Calls the requester's ProtocolCoOidRequestComplete with its own contexts (RQ-004).
void deliver_completion(RuntimeCore& rt, const CoRequest& r, NDIS_STATUS status) {
  if (!r.complete_handler) return;
  upcall(rt, {"ProtocolCoOidRequestComplete", r.requester ? r.requester->name : std::string_view("protocol")},
         r.complete_handler, r.requester_af_context, r.requester_vc_context, r.requester_party_context, r.request,
         status);
}

// Calls the target's handler for a recorded request and applies the 0.3 convention (1.7).
template <class Call>
NDIS_STATUS run_request(RuntimeCore& rt, const char* fn, CoRequest& r, const char* handler_name, Call&& call) {
  core::CoRequests& table = rt.calls().requests();
  r.fingerprint = core::request_fingerprint(r.request);
  r.oid = r.request->DATA.QUERY_INFORMATION.Oid;
  if (!table.begin(r)) {
    rt.verifier()
        .finding("RQ-010", fn)
        .handle("OidRequest", r.request)
        .message("the NDIS_OID_REQUEST is already in flight; it is issued again before it completed")
        .expected("a request structure stays untouched until its completion")
        .remedy("use a separate NDIS_OID_REQUEST for each concurrent request");
    return NDIS_STATUS_INVALID_PARAMETER;
  }
  const NDIS_STATUS status = call();
  CoRequest done;
  bool early = false;
  if (!table.finish_handler(r.request, status == NDIS_STATUS_PENDING, &done, &early)) return NDIS_STATUS_PENDING;
  if (done.cancel_timer) rt.scheduler().cancel(done.cancel_timer);
  if (early) {
    // Completed on another processor while the handler ran: the requester still gets exactly one
    // ProtocolCoOidRequestComplete, from here.
    if (status != NDIS_STATUS_PENDING)
      rt.verifier()
          .finding("RQ-002", handler_name)
          .handle("OidRequest", r.request)
          .value("returned", status_name(status))
          .message("the request was completed and its handler then returned a final status as well")
          .expected("return NDIS_STATUS_PENDING when the completion function has been or will be called")
          .remedy("return NDIS_STATUS_PENDING after completing, or return the final status without completing");
    deliver_completion(rt, done, done.early_status);
    return NDIS_STATUS_PENDING;
  }
  check_result(rt, handler_name, r.request, status);
  if (status == NDIS_STATUS_INDICATION_REQUIRED && r.target == RequestTarget::Miniport)
    rt.verifier()
        .finding("RQ-021", handler_name)
        .handle("OidRequest", r.request)
        .value("Oid", std::to_string(r.oid))
        .message("NDIS_STATUS_INDICATION_REQUIRED for a CoNDIS OID, which no OID page allows")
        .expected("a final status, or PENDING and a later NdisMCoOidRequestComplete")
        .remedy("complete the request with its result");
  return status;
}

// The target side of an AF request: the peer's ProtocolCoOidRequest with its contexts.
NDIS_STATUS run_protocol_request(RuntimeCore& rt, const char* fn, CoRequest& r, CoDriver* target, bool target_is_client,
                                 void* af_ctx, void* vc_ctx, void* party_ctx) {
  auto handler = target_is_client ? target->client.ClOidRequestHandler : target->cm.CmOidRequestHandler;
  if (!handler) return NDIS_STATUS_NOT_SUPPORTED;
  r.target_driver = target;
  if (target_is_client && checking(rt)) {
    // RQ-016 / RQ-017: noted before the call, since the client may follow up from its handler.
    auto* af = static_cast<AfOpen*>(rt.handles().resolve(r.af, ObjectType::AfOpen));
    if (af && af->reg)
      rt.calls().requests().note_co_oid_delivered(*af, r.request->DATA.QUERY_INFORMATION.Oid, af->client_binding,
                                                  af->reg->cm_binding, target);
  }
  return run_request(rt, fn, r, "ProtocolCoOidRequest", [&] {
    return upcall(rt, {"ProtocolCoOidRequest", target->name}, handler, af_ctx, vc_ctx, party_ctx, r.request);
  });
}

// Resolves the VC and party handles of an AF request (RQ-008). Returns SUCCESS or the failure.
NDIS_STATUS resolve_vc_party(RuntimeCore& rt, const char* fn, AfOpen* af, NDIS_HANDLE vc_handle,
                             NDIS_HANDLE party_handle, Vc** vc, Party** party) {
  *vc = nullptr;
  *party = nullptr;
  if (vc_handle) {
    *vc = static_cast<Vc*>(rt.handles().resolve(vc_handle, ObjectType::Vc));
    if (!*vc || (*vc)->af != af) return bad_handles(rt, fn, "NdisVcHandle", vc_handle, "not a live VC on this AF instance");
  }
  if (party_handle) {
    *party = static_cast<Party*>(rt.handles().resolve(party_handle, ObjectType::Party));
    if (!*party || !(*party)->vc || (*party)->vc->af != af || (*vc && (*party)->vc != *vc))
      return bad_handles(rt, fn, "NdisPartyHandle", party_handle, "not a live party of this VC");
  }
  return NDIS_STATUS_SUCCESS;
}

// OPENING and CLOSED refuse requests; the close paths still exchange OIDs (decisions.md).
bool af_accepts_requests(AfOpen* af, core::AfState* state) {
  std::lock_guard lock(af->lock);
  *state = af->state;
  return af->state == core::AfState::Open || af->state == core::AfState::NotifyClosing ||
         af->state == core::AfState::Closing;
}

// NdisCoOidRequest with a NULL AF handle: the miniport under the caller's binding (1.8 row 1).
NDIS_STATUS request_to_miniport(RuntimeCore& rt, const char* fn, const core::BindingView& binding, CoDriver* caller,
                                NDIS_HANDLE vc_handle, PNDIS_OID_REQUEST request) {
  core::CallModel& calls = rt.calls();
  core::AdapterView adapter;
  CoDriver* miniport = nullptr;
  if (calls.topology().adapter(binding.adapter, &adapter)) miniport = calls.find_driver(adapter.miniport_driver);
  if (!miniport || !miniport->has_miniport_co || !miniport->miniport_co.CoOidRequestHandler)
    return NDIS_STATUS_NOT_SUPPORTED;
  CoRequest r;
  r.request = request;
  r.target = RequestTarget::Miniport;
  r.target_driver = miniport;
  r.adapter = binding.adapter;
  r.requester = caller;
  r.requester_binding = binding.handle;
  bool client_side = caller->has_client && !caller->has_call_manager;
  void* miniport_vc_context = nullptr;
  if (vc_handle) {
    auto* vc = static_cast<Vc*>(rt.handles().resolve(vc_handle, ObjectType::Vc));
    bool shared = false;
    if (vc && vc->af) {
      shared = vc->af->reg->adapter == binding.adapter &&
               (vc->af->client_binding == binding.handle || vc->af->reg->cm_binding == binding.handle);
      client_side = vc->af->client_binding == binding.handle;
    } else if (vc) {
      shared = vc->cm == caller;  // a stand-alone CM's signalling VC
      client_side = false;
    }
    if (!shared) return bad_handles(rt, fn, "NdisVcHandle", vc_handle, "not a live VC the caller shares on this adapter");
    r.vc = vc_handle;
    miniport_vc_context = vc->miniport ? vc->miniport_context : vc->cm_context;
    r.requester_vc_context = client_side ? vc->client_context : vc->cm_context;
  }
  r.complete_handler = client_side ? caller->client.ClOidRequestCompleteHandler : caller->cm.CmOidRequestCompleteHandler;
  auto* dm_adapter = static_cast<core::Adapter*>(rt.handles().resolve(binding.adapter, ObjectType::Adapter));
  const bool removed = dm_adapter && dm_adapter->surprise_removed;
  const NDIS_STATUS status = run_request(rt, fn, r, "MiniportCoOidRequest", [&] {
    return upcall(rt, {"MiniportCoOidRequest", miniport->name}, miniport->miniport_co.CoOidRequestHandler,
                  adapter.adapter_context, miniport_vc_context, request);
  });
  if (removed && status != NDIS_STATUS_NOT_ACCEPTED)
    rt.verifier()
        .finding("RQ-012", "MiniportCoOidRequest")
        .handle("MiniportAdapterHandle", binding.adapter)
        .value("returned", status_name(status))
        .message("a request after the surprise-removal notification was not failed with NDIS_STATUS_NOT_ACCEPTED")
        .expected("NDIS_STATUS_NOT_ACCEPTED at once for every request until MiniportHaltEx")
        .remedy("fail new requests with NDIS_STATUS_NOT_ACCEPTED once surprise removal was signalled");
  return status;
}

// RQ-013, the status: a request NDIS cancelled is completed with NDIS_STATUS_REQUEST_ABORTED
// unless the miniport had finished it. The verifier cannot see whether it had, so a failure with
// another status is a warning; SUCCESS is taken as "finished before the cancel reached it".
[[gnu::cold, gnu::noinline]] void report_cancelled_not_aborted(RuntimeCore& rt, const char* fn, const CoRequest& r,
                                                                NDIS_STATUS status) {
  rt.verifier()
      .finding("RQ-013", fn)
      .severity(Severity::Warning)
      .handle("OidRequest", r.request)
      .handle("RequestId", r.request->RequestId)
      .handle("MiniportAdapterHandle", r.adapter)
      .handle("NdisVcHandle", r.vc)
      .value("Status", status_name(status))
      .value("Oid", std::to_string(r.oid))
      .message("a request NDIS cancelled with MiniportCancelOidRequest was completed with another failure than "
               "NDIS_STATUS_REQUEST_ABORTED")
      .expected("NDIS_STATUS_REQUEST_ABORTED for a cancelled request the miniport had not finished")
      .remedy("complete a request you abandon because of the cancel with NDIS_STATUS_REQUEST_ABORTED");
}

// A completion (2.6.7): checks, then the requester's ProtocolCoOidRequestComplete.
void complete_request(RuntimeCore& rt, const char* fn, RequestTarget used, NDIS_HANDLE af, NDIS_HANDLE vc,
                      NDIS_HANDLE party, NDIS_HANDLE adapter, PNDIS_OID_REQUEST request, NDIS_STATUS status) {
  irql_at_most_dispatch(rt, used == RequestTarget::Mcm ? "CM-015" : "RQ-018", fn);
  if (status == NDIS_STATUS_PENDING) {
    rt.verifier()
        .finding("RQ-001", fn)
        .handle("OidRequest", request)
        .value("Status", "NDIS_STATUS_PENDING")
        .message("a request was completed with NDIS_STATUS_PENDING; the requester gets NDIS_STATUS_FAILURE")
        .expected("the final status of the request")
        .remedy("complete with NDIS_STATUS_SUCCESS or a failure status once the request is done");
    status = NDIS_STATUS_FAILURE;
  }
  CoRequest r;
  bool early = false;
  if (!request || !rt.calls().requests().take_completion(request, status, &r, &early)) {
    rt.verifier()
        .finding("RQ-002", fn)
        .handle("OidRequest", request)
        .message("no request handler pended this request (completed twice, after a final return, or never issued); "
                 "the completion is ignored")
        .expected("exactly one completion for each request whose handler returned NDIS_STATUS_PENDING")
        .remedy("complete only requests you pended, once");
    return;
  }
  if (r.cancel_timer) rt.scheduler().cancel(r.cancel_timer);  // completed in time (RQ-013)
  if (r.cancelled && status != NDIS_STATUS_REQUEST_ABORTED && status != NDIS_STATUS_SUCCESS && checking(rt))
    report_cancelled_not_aborted(rt, fn, r, status);
  const bool other_family = (used == RequestTarget::Miniport) != (r.target == RequestTarget::Miniport);
  if (other_family) {
    rt.verifier()
        .finding("RQ-005", fn)
        .handle("OidRequest", request)
        .value("pended by", r.target == RequestTarget::Miniport ? "MiniportCoOidRequest" : "ProtocolCoOidRequest")
        .message("the completion function does not match the handler that pended the request")
        .expected(completion_name(r.target))
        .remedy(std::string("complete the request with ") + completion_name(r.target));
  } else if (used != r.target) {
    rt.verifier()
        .finding("RQ-007", fn)
        .handle("OidRequest", request)
        .message(r.target == RequestTarget::Mcm ? "a miniport call manager completed with NdisCoOidRequestComplete"
                                                : "a protocol completed with NdisMCmOidRequestComplete")
        .expected(completion_name(r.target))
        .remedy(std::string("an MCM completes with NdisMCmOidRequestComplete, clients and stand-alone CMs with ") +
                "NdisCoOidRequestComplete");
  }
  // RQ-006 compares like with like: a completion of the wrong family is RQ-005 alone.
  const bool same = r.target == RequestTarget::Miniport ? adapter == r.adapter && vc == r.vc
                                                        : af == r.af && vc == r.vc && party == r.party;
  if (!same && !other_family)
    rt.verifier()
        .finding("RQ-006", fn)
        .handle("OidRequest", request)
        .handle(r.target == RequestTarget::Miniport ? "MiniportAdapterHandle" : "NdisAfHandle",
                r.target == RequestTarget::Miniport ? adapter : af)
        .handle("NdisVcHandle", vc)
        .message("the completion names other objects than the request its handler received")
        .expected(r.target == RequestTarget::Miniport
                      ? "the miniport's own adapter handle and the VC handle of the context NDIS passed (or NULL)"
                      : "the AF, VC and party handles of the contexts NDIS passed (NULL where it passed NULL)")
        .remedy("keep the handles of the request with it and complete with exactly those");
  if (core::request_fingerprint(request) != r.fingerprint)
    rt.verifier()
        .finding("RQ-010", fn)
        .handle("OidRequest", request)
        .message("the request's header or input fields changed while it was pending")
        .expected("the requester leaves the structure and its buffer untouched until the completion")
        .remedy("do not modify or reuse a pending NDIS_OID_REQUEST; wait for ProtocolCoOidRequestComplete");
  check_result(rt, fn, request, status);
  if (status == NDIS_STATUS_INDICATION_REQUIRED && r.target == RequestTarget::Miniport) {
    rt.verifier()
        .finding("RQ-021", fn)
        .handle("OidRequest", request)
        .value("Oid", std::to_string(r.oid))
        .message("completed with NDIS_STATUS_INDICATION_REQUIRED, which no CoNDIS OID allows")
        .expected("the request's final result")
        .remedy("complete the request with its result");
    rt.calls().requests().expect_indication(request->RequestHandle, request->RequestId, r.requester_binding);
  }
  if (early) return;  // the request side delivers once its handler returns
  deliver_completion(rt, r, status);
}

// RQ-013: marks the request cancelled (for the status check at its completion) and starts the
// scheduler timer, when NDIS calls MiniportCancelOidRequest. The timer reports the request if this
// issue of it is still pending when the limit passes; the completion cancels it. A timer (rather
// than a check at the completion) also catches a miniport that never completes, at the time the
// limit passes, in both scheduler modes.
void start_cancel_clock(RuntimeCore& rt, const CoRequest& r) {
  if (!checking(rt)) return;
  const uint64_t limit = uint64_t(rt.config().verifier_options.cancel_completion_limit.count());
  core::CoRequests& table = rt.calls().requests();
  const uint64_t now = rt.scheduler().now_ns();
  uint64_t serial = 0;
  if (!table.mark_cancelled(r.request, now, &serial) || limit == 0) return;
  PNDIS_OID_REQUEST request = r.request;
  const uint64_t timer = rt.scheduler().post_at(
      now + limit,
      [&rt, request, serial, limit] {
        CoRequest late;
        if (!rt.calls().requests().still_pending(request, serial, &late)) return;
        rt.verifier()
            .finding("RQ-013", "MiniportCancelOidRequest")
            .handle("OidRequest", request)
            .handle("RequestId", request->RequestId)
            .handle("MiniportAdapterHandle", late.adapter)
            .handle("NdisBindingHandle", late.requester_binding)
            .handle("NdisVcHandle", late.vc)
            .value("Oid", std::to_string(late.oid))
            .value("limit_ms", std::to_string(limit / 1'000'000))
            .message("the request is still pending after MiniportCancelOidRequest and the cancel-completion limit")
            .expected("NdisMCoOidRequestComplete soon after the cancel (NDIS_STATUS_REQUEST_ABORTED if unfinished)")
            .remedy("complete a cancelled request from MiniportCancelOidRequest or right after it");
      },
      {exec::kPassive, exec::kAnyProcessor, "RQ-013 cancel limit"});
  table.set_cancel_timer(request, serial, timer);
}

}  // namespace

// Caller: a client or stand-alone CM; IRQL <= DISPATCH_LEVEL (Irql_Connection_Function).
extern "C" NDIS_STATUS NdisCoOidRequest(NDIS_HANDLE NdisBindingHandle, NDIS_HANDLE NdisAfHandle,
                                        NDIS_HANDLE NdisVcHandle, NDIS_HANDLE NdisPartyHandle,
                                        PNDIS_OID_REQUEST OidRequest) {
  static const char* fn = "NdisCoOidRequest";
  RuntimeCore* rtp = runtime_for(NdisBindingHandle);
  if (!rtp) rtp = runtime_for(NdisAfHandle);
  if (!rtp) return NDIS_STATUS_INVALID_PARAMETER;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn);
  if (!irql_at_most_dispatch(rt, "RQ-018", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  if (!request_well_formed(rt, fn, OidRequest)) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  core::CallModel& calls = rt.calls();
  if (rt.handles().resolve(NdisBindingHandle, ObjectType::Adapter)) {
    rt.verifier()
        .finding("RQ-007", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .message("a miniport call manager called NdisCoOidRequest; the request is failed")
        .expected("only clients and stand-alone call managers call NdisCoOidRequest")
        .remedy("an MCM issues requests to its clients with NdisMCmOidRequest");
    return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  }
  core::BindingView binding;
  if (!calls.topology().binding(NdisBindingHandle, &binding) || !binding.usable)
    return trace.returns(bad_handles(rt, fn, "NdisBindingHandle", NdisBindingHandle, "not an open binding"));
  CoDriver* caller = calls.find_driver(binding.protocol_driver);
  if (!caller || (!caller->has_client && !caller->has_call_manager)) {
    rt.verifier()
        .finding("RQ-007", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .message("the caller registered neither client nor call-manager handlers")
        .expected("only CoNDIS clients and stand-alone call managers call NdisCoOidRequest")
        .remedy("register NDIS_CO_CLIENT_OPTIONAL_HANDLERS or NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS first");
    return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  }
  if (!NdisAfHandle) {
    if (NdisPartyHandle)
      return trace.returns(
          bad_handles(rt, fn, "NdisPartyHandle", NdisPartyHandle, "a party handle needs a non-NULL AF handle"));
    return trace.returns(request_to_miniport(rt, fn, binding, caller, NdisVcHandle, OidRequest));
  }
  auto* af = static_cast<AfOpen*>(rt.handles().resolve(NdisAfHandle, ObjectType::AfOpen));
  if (!af || !af->reg)
    return trace.returns(bad_handles(rt, fn, "NdisAfHandle", NdisAfHandle, "not a live AF instance"));
  const bool from_client = af->client_binding == NdisBindingHandle;
  if (!from_client && af->reg->cm_binding != NdisBindingHandle)
    return trace.returns(
        bad_handles(rt, fn, "NdisAfHandle", NdisAfHandle, "the AF instance is not the caller's on this binding"));
  if (core::AfState state; !af_accepts_requests(af, &state))
    return trace.returns(bad_handles(rt, fn, "NdisAfHandle", NdisAfHandle,
                                     "the AF instance is " + std::string(core::af_state_name(state))));
  Vc* vc;
  Party* party;
  if (NDIS_STATUS s = resolve_vc_party(rt, fn, af, NdisVcHandle, NdisPartyHandle, &vc, &party); s != NDIS_STATUS_SUCCESS)
    return trace.returns(s);
  CoRequest r;
  r.request = OidRequest;
  r.af = NdisAfHandle;
  r.vc = NdisVcHandle;
  r.party = NdisPartyHandle;
  r.requester_binding = NdisBindingHandle;
  if (from_client) {
    if (OidRequest->DATA.QUERY_INFORMATION.Oid == OID_CO_GET_ADDRESSES)
      calls.requests().note_get_addresses(*af);  // RQ-016 follow-up done
    // Client -> its call manager (rows 2 and 3): the CM's contexts; an MCM completes with NdisMCm*.
    r.target = af->reg->mcm ? RequestTarget::Mcm : RequestTarget::Protocol;
    r.requester = af->client;
    r.requester_af_context = af->client_context;
    r.requester_vc_context = vc ? vc->client_context : nullptr;
    r.requester_party_context = party ? party->client_context : nullptr;
    r.complete_handler = af->client->client.ClOidRequestCompleteHandler;
    return trace.returns(run_protocol_request(rt, fn, r, af->reg->cm, false, af->cm_context,
                                              vc ? vc->cm_context : nullptr, party ? party->cm_context : nullptr));
  }
  // Stand-alone CM -> the client of the AF instance (row 4).
  r.target = RequestTarget::Protocol;
  r.requester = af->reg->cm;
  r.requester_af_context = af->cm_context;
  r.requester_vc_context = vc ? vc->cm_context : nullptr;
  r.requester_party_context = party ? party->cm_context : nullptr;
  r.complete_handler = af->reg->cm->cm.CmOidRequestCompleteHandler;
  return trace.returns(run_protocol_request(rt, fn, r, af->client, true, af->client_context,
                                            vc ? vc->client_context : nullptr,
                                            party ? party->client_context : nullptr));
}

// Caller: a miniport call manager, to the client of an AF instance; IRQL <= DISPATCH_LEVEL.
extern "C" NDIS_STATUS NdisMCmOidRequest(NDIS_HANDLE NdisAfHandle, NDIS_HANDLE NdisVcHandle,
                                         NDIS_HANDLE NdisPartyHandle, PNDIS_OID_REQUEST NdisOidRequest) {
  static const char* fn = "NdisMCmOidRequest";
  RuntimeCore* rtp = runtime_for(NdisAfHandle);
  if (!rtp) rtp = runtime_for(NdisVcHandle);
  if (!rtp) return NDIS_STATUS_INVALID_PARAMETER;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn);
  if (!irql_at_most_dispatch(rt, "CM-015", fn)) return trace.returns(NDIS_STATUS_FAILURE);
  if (!request_well_formed(rt, fn, NdisOidRequest)) return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  if (!NdisAfHandle)
    return trace.returns(bad_handles(rt, fn, "NdisAfHandle", nullptr, "NdisMCmOidRequest needs an AF handle"));
  auto* af = static_cast<AfOpen*>(rt.handles().resolve(NdisAfHandle, ObjectType::AfOpen));
  if (!af || !af->reg)
    return trace.returns(bad_handles(rt, fn, "NdisAfHandle", NdisAfHandle, "not a live AF instance"));
  if (!af->reg->mcm) {
    rt.verifier()
        .finding("RQ-007", fn)
        .handle("NdisAfHandle", NdisAfHandle)
        .message("NdisMCmOidRequest on an AF served by a stand-alone call manager; the request is failed")
        .expected("only a miniport call manager calls NdisMCmOidRequest")
        .remedy("a stand-alone call manager (or a client) uses NdisCoOidRequest with its binding handle");
    return trace.returns(NDIS_STATUS_INVALID_PARAMETER);
  }
  if (core::AfState state; !af_accepts_requests(af, &state))
    return trace.returns(bad_handles(rt, fn, "NdisAfHandle", NdisAfHandle,
                                     "the AF instance is " + std::string(core::af_state_name(state))));
  Vc* vc;
  Party* party;
  if (NDIS_STATUS s = resolve_vc_party(rt, fn, af, NdisVcHandle, NdisPartyHandle, &vc, &party); s != NDIS_STATUS_SUCCESS)
    return trace.returns(s);
  CoRequest r;
  r.request = NdisOidRequest;
  r.target = RequestTarget::Protocol;
  r.af = NdisAfHandle;
  r.vc = NdisVcHandle;
  r.party = NdisPartyHandle;
  r.requester = af->reg->cm;
  r.requester_af_context = af->cm_context;
  r.requester_vc_context = vc ? vc->cm_context : nullptr;
  r.requester_party_context = party ? party->cm_context : nullptr;
  r.complete_handler = af->reg->cm->cm.CmOidRequestCompleteHandler;
  return trace.returns(run_protocol_request(rt, fn, r, af->client, true, af->client_context,
                                            vc ? vc->client_context : nullptr,
                                            party ? party->client_context : nullptr));
}

namespace {
// The two AF-based completions differ only in who may call them (RQ-005 / RQ-007).
void complete_af_request(const char* fn, RequestTarget target, NDIS_HANDLE af_handle, NDIS_HANDLE vc_handle,
                         NDIS_HANDLE party_handle, PNDIS_OID_REQUEST request, NDIS_STATUS status) {
  RuntimeCore* rt = runtime_for(af_handle);
  if (!rt) rt = runtime_for(vc_handle);
  if (!rt) return;
  ApiTrace trace(*rt, fn);
  complete_request(*rt, fn, target, af_handle, vc_handle, party_handle, nullptr, request, status);
}
}  // namespace

// Caller: a client or stand-alone CM whose ProtocolCoOidRequest pended; IRQL <= DISPATCH_LEVEL.
extern "C" VOID NdisCoOidRequestComplete(NDIS_HANDLE NdisAfHandle, NDIS_HANDLE NdisVcHandle,
                                         NDIS_HANDLE NdisPartyHandle, PNDIS_OID_REQUEST OidRequest,
                                         NDIS_STATUS Status) {
  complete_af_request("NdisCoOidRequestComplete", RequestTarget::Protocol, NdisAfHandle, NdisVcHandle,
                      NdisPartyHandle, OidRequest, Status);
}

// Caller: an MCM whose CmOidRequestHandler pended; IRQL <= DISPATCH_LEVEL.
extern "C" VOID NdisMCmOidRequestComplete(NDIS_HANDLE NdisAfHandle, NDIS_HANDLE NdisVcHandle,
                                          NDIS_HANDLE NdisPartyHandle, PNDIS_OID_REQUEST OidRequest,
                                          NDIS_STATUS Status) {
  complete_af_request("NdisMCmOidRequestComplete", RequestTarget::Mcm, NdisAfHandle, NdisVcHandle, NdisPartyHandle,
                      OidRequest, Status);
}

// Caller: a plain miniport or an MCM whose MiniportCoOidRequest pended; IRQL <= DISPATCH_LEVEL.
extern "C" VOID NdisMCoOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE NdisMiniportVcHandle,
                                          PNDIS_OID_REQUEST Request, NDIS_STATUS Status) {
  static const char* fn = "NdisMCoOidRequestComplete";
  RuntimeCore* rt = runtime_for(MiniportAdapterHandle);
  if (!rt) return;
  ApiTrace trace(*rt, fn);
  complete_request(*rt, fn, RequestTarget::Miniport, nullptr, NdisMiniportVcHandle, nullptr, MiniportAdapterHandle,
                   Request, Status);
}

// Caller: a protocol, for requests it issued on this binding; IRQL <= DISPATCH_LEVEL.
// CoNDIS requests pending in a miniport are cancelled through MiniportCancelOidRequest (2.6.9).
extern "C" VOID NdisCancelOidRequest(NDIS_HANDLE NdisBindingHandle, PVOID RequestId) {
  static const char* fn = "NdisCancelOidRequest";
  RuntimeCore* rtp = runtime_for(NdisBindingHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn);
  if (!irql_at_most_dispatch(rt, "RQ-018", fn)) return;
  std::vector<CoRequest> matched = rt.calls().requests().issued_with_id(NdisBindingHandle, RequestId);
  if (matched.empty()) {
    rt.verifier()
        .finding("RQ-014", fn)
        .handle("NdisBindingHandle", NdisBindingHandle)
        .value("RequestId", format_handle(RequestId))
        .message("no request pending from this binding carries this RequestId; the cancel is ignored")
        .expected("the RequestId of a request the caller issued on this binding and that is still pending")
        .remedy("set OidRequest->RequestId before issuing, and cancel only requests not yet completed");
    return;
  }
  for (const CoRequest& r : matched) {
    if (r.target != RequestTarget::Miniport) continue;  // no cancel entry in a peer protocol (OQ-V10)
    auto* adapter = static_cast<core::Adapter*>(rt.handles().resolve(r.adapter, ObjectType::Adapter));
    if (!adapter || !adapter->driver || !adapter->driver->miniport.CancelOidRequestHandler) continue;
    start_cancel_clock(rt, r);  // before the call: the miniport may complete from inside it
    upcall(rt, {"MiniportCancelOidRequest", adapter->driver->name}, adapter->driver->miniport.CancelOidRequestHandler,
           adapter->context, RequestId);
    return;  // one cancel call per RequestId
  }
}
