// CoNDIS requests and status indications (vc-data-requests.md 2.6, 2.7) over the call-model World
// of call_model_support.hpp: the client, the (M)CM and the miniport get request, completion and
// status handlers that record what condis hands them. `rq.reply` is what every request handler
// returns; `rq.in_handler` runs inside it (to complete early, or indicate from a handler).
#pragma once

#include <cstring>
#include <functional>
#include <vector>

#include "call_model_support.hpp"
#include "core/co_request.hpp"
#include "exec/irql.hpp"

namespace rqtest {

using namespace cmtest;

struct Seen {
  int calls = 0;
  NDIS_HANDLE af = nullptr, vc = nullptr, party = nullptr;  // contexts the handler got
  PNDIS_OID_REQUEST request = nullptr;
};
struct Done {
  int calls = 0;
  NDIS_HANDLE af = (NDIS_HANDLE)1, vc = (NDIS_HANDLE)1, party = (NDIS_HANDLE)1;
  PNDIS_OID_REQUEST request = nullptr;
  NDIS_STATUS status = -1;
};
struct StatusSeen {
  NDIS_HANDLE binding_context, vc_context;
  NDIS_STATUS code;
  PNDIS_STATUS_INDICATION pointer;
  std::vector<char> buffer;
};
struct RqState {
  NDIS_STATUS reply = NDIS_STATUS_SUCCESS;
  std::function<void(PNDIS_OID_REQUEST)> in_handler;
  std::function<void(PNDIS_STATUS_INDICATION)> in_status;
  Seen cm, client, miniport;
  Done client_done, cm_done;
  std::vector<StatusSeen> status;
  int cancels = 0;
  PVOID cancel_id = nullptr;
};
inline RqState rq;

inline NDIS_STATUS answer(Seen& s, NDIS_HANDLE a, NDIS_HANDLE v, NDIS_HANDLE p, PNDIS_OID_REQUEST r) {
  ++s.calls;
  s.af = a;
  s.vc = v;
  s.party = p;
  s.request = r;
  if (rq.in_handler) rq.in_handler(r);
  return rq.reply;
}
inline NDIS_STATUS CmRequest(NDIS_HANDLE a, NDIS_HANDLE v, NDIS_HANDLE p, PNDIS_OID_REQUEST r) { return answer(rq.cm, a, v, p, r); }
inline NDIS_STATUS ClRequest(NDIS_HANDLE a, NDIS_HANDLE v, NDIS_HANDLE p, PNDIS_OID_REQUEST r) { return answer(rq.client, a, v, p, r); }
inline NDIS_STATUS MpRequest(NDIS_HANDLE a, NDIS_HANDLE v, PNDIS_OID_REQUEST r) { return answer(rq.miniport, a, v, nullptr, r); }
inline void record_done(Done& d, NDIS_HANDLE a, NDIS_HANDLE v, NDIS_HANDLE p, PNDIS_OID_REQUEST r, NDIS_STATUS s) {
  ++d.calls;
  d.af = a;
  d.vc = v;
  d.party = p;
  d.request = r;
  d.status = s;
}
inline VOID ClDone(NDIS_HANDLE a, NDIS_HANDLE v, NDIS_HANDLE p, PNDIS_OID_REQUEST r, NDIS_STATUS s) { record_done(rq.client_done, a, v, p, r, s); }
inline VOID CmDone(NDIS_HANDLE a, NDIS_HANDLE v, NDIS_HANDLE p, PNDIS_OID_REQUEST r, NDIS_STATUS s) { record_done(rq.cm_done, a, v, p, r, s); }
inline VOID Status(NDIS_HANDLE b, NDIS_HANDLE v, PNDIS_STATUS_INDICATION si) {
  StatusSeen s{b, v, si->StatusCode, si, {}};
  if (si->StatusBuffer) s.buffer.assign((char*)si->StatusBuffer, (char*)si->StatusBuffer + si->StatusBufferSize);
  rq.status.push_back(std::move(s));
  if (rq.in_status) {
    auto once = std::move(rq.in_status);
    rq.in_status = nullptr;
    once(si);
  }
}
inline VOID Cancel(NDIS_HANDLE, PVOID id) {
  ++rq.cancels;
  rq.cancel_id = id;
}

// A World with an open AF and (optionally) a client VC; `mcm` picks the MCM or the stand-alone
// CM over the plain miniport.
struct RqWorld {
  World w;
  condis::CurrentRuntimeScope scope{&w.rt};
  NDIS_HANDLE vc = nullptr;
  NDIS_OID_REQUEST req{};
  UCHAR buf[64]{};

  explicit RqWorld(bool mcm, bool with_vc = true) : w(mcm) {
    rq = {};
    w.register_all();
    for (NDIS_HANDLE h : {w.client.handle, w.cm.handle, w.mcm_driver.handle, w.miniport.handle}) {
      auto* d = w.rt.calls().find_driver(h);
      if (!d) continue;
      d->client.ClOidRequestHandler = ClRequest;
      d->client.ClOidRequestCompleteHandler = ClDone;
      d->cm.CmOidRequestHandler = CmRequest;
      d->cm.CmOidRequestCompleteHandler = CmDone;
      d->miniport_co.CoOidRequestHandler = MpRequest;
      d->protocol_co.CoStatusHandlerEx = Status;
    }
    w.miniport.miniport.CancelOidRequestHandler = Cancel;
    w.mcm_driver.miniport.CancelOidRequestHandler = Cancel;
    w.adapter.attributes.registration_set = true;
    w.mcm_adapter.attributes.registration_set = true;
    w.register_af();
    w.open_af();
    if (with_vc) vc = w.create_vc();
    query(OID_GEN_CO_VENDOR_ID);
  }

  // A well-formed query of `oid` into buf.
  PNDIS_OID_REQUEST query(NDIS_OID oid) {
    req = {};
    req.Header = {NDIS_OBJECT_TYPE_OID_REQUEST, NDIS_OID_REQUEST_REVISION_1, NDIS_SIZEOF_OID_REQUEST_REVISION_1};
    req.RequestType = NdisRequestQueryInformation;
    req.DATA.QUERY_INFORMATION.Oid = oid;
    req.DATA.QUERY_INFORMATION.InformationBuffer = buf;
    req.DATA.QUERY_INFORMATION.InformationBufferLength = sizeof buf;
    return &req;
  }
  NDIS_HANDLE client_binding() const { return w.client_binding.handle; }
  NDIS_HANDLE cm_binding() const { return w.cm_binding.handle; }
  NDIS_HANDLE adapter() const { return w.mcm ? w.mcm_adapter.handle : w.adapter.handle; }

  // A well-formed status indication from this world's miniport.
  NDIS_STATUS_INDICATION indication(NDIS_STATUS code = NDIS_STATUS_MEDIA_SPECIFIC_INDICATION) const {
    NDIS_STATUS_INDICATION si{};
    si.Header = {NDIS_OBJECT_TYPE_STATUS_INDICATION, NDIS_STATUS_INDICATION_REVISION_1,
                 NDIS_SIZEOF_STATUS_INDICATION_REVISION_1};
    si.SourceHandle = adapter();
    si.StatusCode = code;
    return si;
  }
};

// Runs `fn` at an IRQL above DISPATCH_LEVEL.
template <class Fn>
void above_dispatch(Fn&& fn) {
  condis::exec::ExecutionScope high(3);
  fn();
}

}  // namespace rqtest
