// CoNDIS status indications (vc-data-requests.md 2.7): NdisMCoIndicateStatusEx from a miniport or
// MCM, delivered through ProtocolCoStatusEx to the protocols sharing the VC, to every CoNDIS
// protocol bound to the adapter, or to the one binding a request result is owed to (ST-009).
// Each protocol gets its own copy of the indication and its buffer, poisoned once the handler
// returns (ST-011), and indications reach a binding one at a time (ST-010).
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "api/co_common.hpp"
#include "core/adapter.hpp"
#include "core/co_request.hpp"
#include "core/driver.hpp"

using namespace condis;
using namespace condis::api;

namespace {

// sizeof(NDIS_LINK_STATE) on x64 (NDIS_SIZEOF_LINK_STATE_REVISION_1): header, two enums, two
// 64-bit speeds, two 32-bit fields.
constexpr ULONG kLinkStateSize = 40;
constexpr unsigned char kPoison = 0xDD;

struct Recipient {
  void* binding;
  void* binding_context;
  void* vc_context;
  CoDriver* driver;
};

bool guid_is_zero(const GUID& g) {
  static const GUID zero{};
  return std::memcmp(&g, &zero, sizeof g) == 0;
}

// One ProtocolCoStatusEx call on a private copy of the indication (ST-011).
void deliver(RuntimeCore& rt, const Recipient& to, const NDIS_STATUS_INDICATION& si, const std::vector<char>& buffer) {
  auto copy = std::make_unique<NDIS_STATUS_INDICATION>(si);
  std::vector<char> data(buffer);
  copy->StatusBuffer = data.empty() ? nullptr : data.data();
  upcall(rt, {"ProtocolCoStatusEx", to.driver->name}, to.driver->protocol_co.CoStatusHandlerEx, to.binding_context,
         to.vc_context, copy.get());
  std::memset(copy.get(), kPoison, sizeof *copy);
  if (!data.empty()) std::memset(data.data(), kPoison, data.size());
}

// ST-010: one indication at a time per binding; one that arrives meanwhile (a nested indication
// from the handler, or another processor) is delivered after it, in order.
void deliver_serialized(RuntimeCore& rt, const Recipient& to, const NDIS_STATUS_INDICATION& si,
                        const std::vector<char>& buffer) {
  core::CoRequests& table = rt.calls().requests();
  std::function<void()> work = [&rt, to, si, buffer] { deliver(rt, to, si, buffer); };
  if (!table.status_enter(to.binding, work)) return;
  work();
  while (std::function<void()> next = table.status_next(to.binding)) next();
}

// The CoNDIS protocol bound through `view`, or nullptr.
CoDriver* co_protocol(RuntimeCore& rt, const core::BindingView& view) {
  CoDriver* d = rt.calls().find_driver(view.protocol_driver);
  return d && d->has_protocol_co && d->protocol_co.CoStatusHandlerEx ? d : nullptr;
}

// ST-002 .. ST-008 on entry. False when the indication is dropped.
bool indication_acceptable(RuntimeCore& rt, const char* fn, NDIS_HANDLE adapter_handle,
                           const NDIS_STATUS_INDICATION* si) {
  if (!si || si->Header.Type != NDIS_OBJECT_TYPE_STATUS_INDICATION ||
      si->Header.Revision != NDIS_STATUS_INDICATION_REVISION_1 ||
      si->Header.Size < NDIS_SIZEOF_STATUS_INDICATION_REVISION_1) {
    rt.verifier()
        .finding("ST-002", fn)
        .handle("MiniportAdapterHandle", adapter_handle)
        .message(si ? "the NDIS_STATUS_INDICATION header is wrong; the indication is dropped"
                    : "StatusIndication is NULL; the indication is dropped")
        .expected("Header Type 0x98, Revision 1, Size >= NDIS_SIZEOF_STATUS_INDICATION_REVISION_1 (112)")
        .remedy("initialise the header of the NDIS_STATUS_INDICATION");
    return false;
  }
  if (!checking(rt)) return true;
  if (si->SourceHandle != adapter_handle || si->Flags != 0)
    rt.verifier()
        .finding("ST-003", fn)
        .handle("MiniportAdapterHandle", adapter_handle)
        .handle("SourceHandle", si->SourceHandle)
        .value("Flags", std::to_string(si->Flags))
        .message(si->Flags ? "Flags is not 0 (reserved for NDIS)" : "SourceHandle is not the indicating adapter")
        .expected("SourceHandle = the MiniportAdapterHandle passed as the first argument, Flags = 0")
        .remedy("set SourceHandle to your MiniportAdapterHandle and leave Flags 0");
  const char* buffer_problem = nullptr;
  if ((si->StatusBuffer == nullptr) != (si->StatusBufferSize == 0))
    buffer_problem = "StatusBuffer and StatusBufferSize disagree (NULL with a size, or a buffer with size 0)";
  else if (si->StatusCode == NDIS_STATUS_LINK_STATE && si->StatusBufferSize != kLinkStateSize)
    buffer_problem = "NDIS_STATUS_LINK_STATE needs an NDIS_LINK_STATE buffer of its exact size";
  else if (si->StatusCode != NDIS_STATUS_MEDIA_SPECIFIC_INDICATION && !guid_is_zero(si->Guid))
    buffer_problem = "Guid is set on an indication other than NDIS_STATUS_MEDIA_SPECIFIC_INDICATION";
  if (buffer_problem)
    rt.verifier()
        .finding("ST-006", fn)
        .handle("MiniportAdapterHandle", adapter_handle)
        .value("StatusCode", status_name(si->StatusCode))
        .value("StatusBufferSize", std::to_string(si->StatusBufferSize))
        .message(buffer_problem)
        .expected("NULL with 0 or a buffer with its size; the status code's payload size; Guid only with media-specific")
        .remedy("describe the payload exactly as the status code defines it");
  if (si->PortNumber != 0)
    rt.verifier()
        .finding("ST-008", fn)
        .handle("MiniportAdapterHandle", adapter_handle)
        .value("PortNumber", std::to_string(si->PortNumber))
        .message("the indication names an NDIS port condis does not know")
        .expected("PortNumber 0 unless the indication concerns a port the miniport allocated")
        .remedy("set PortNumber to 0 (the default port)");
  return true;
}

}  // namespace

// Caller: a CoNDIS miniport or MCM, between NdisMSetMiniportAttributes and the return of
// MiniportHaltEx; IRQL <= DISPATCH_LEVEL. Runs ProtocolCoStatusEx before it returns.
extern "C" VOID NdisMCoIndicateStatusEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE NdisVcHandle,
                                        PNDIS_STATUS_INDICATION StatusIndication) {
  static const char* fn = "NdisMCoIndicateStatusEx";
  RuntimeCore* rtp = runtime_for(MiniportAdapterHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  ApiTrace trace(rt, fn, {{"NdisVcHandle", NdisVcHandle}});
  if (!irql_at_most_dispatch(rt, "ST-001", fn)) return;
  auto* adapter = static_cast<core::Adapter*>(rt.handles().resolve(MiniportAdapterHandle, ObjectType::Adapter));
  if (!adapter || adapter->state == core::AdapterState::Halted || !adapter->attributes.registration_set) {
    rt.verifier()
        .finding("ST-005", fn)
        .handle("MiniportAdapterHandle", MiniportAdapterHandle)
        .state("adapter", adapter ? core::adapter_state_name(adapter->state) : "none")
        .message(adapter ? "status indicated before the registration attributes were set or after the halt"
                         : "not a live adapter handle")
        .expected("indications between NdisMSetMiniportAttributes and the return of MiniportHaltEx")
        .remedy("indicate status only on an initialized adapter that is not halted");
    return;
  }
  if (!indication_acceptable(rt, fn, MiniportAdapterHandle, StatusIndication)) return;
  const NDIS_STATUS_INDICATION& si = *StatusIndication;
  std::vector<char> buffer;
  if (si.StatusBuffer && si.StatusBufferSize)
    buffer.assign(static_cast<const char*>(si.StatusBuffer), static_cast<const char*>(si.StatusBuffer) + si.StatusBufferSize);
  core::CallModel& calls = rt.calls();
  std::vector<core::BindingView> bindings;
  calls.topology().bindings_of(MiniportAdapterHandle, &bindings);
  std::vector<Recipient> to;

  if (si.DestinationHandle || si.RequestId) {
    // ST-007: the result of a request completed with NDIS_STATUS_INDICATION_REQUIRED.
    void* owed = nullptr;
    if (!si.DestinationHandle || !si.RequestId ||
        !calls.requests().take_expected_indication(si.DestinationHandle, si.RequestId, &owed)) {
      rt.verifier()
          .finding("ST-007", fn)
          .handle("DestinationHandle", si.DestinationHandle)
          .value("RequestId", format_handle(si.RequestId))
          .message("DestinationHandle / RequestId match no request completed with NDIS_STATUS_INDICATION_REQUIRED; "
                   "the indication goes nowhere")
          .expected("both NULL, or both equal to the RequestHandle and RequestId of such a request")
          .remedy("leave DestinationHandle and RequestId NULL for ordinary indications");
      return;
    }
    for (auto& b : bindings)
      if (b.handle == owed && b.usable)
        if (CoDriver* d = co_protocol(rt, b)) to.push_back({b.handle, b.binding_context, nullptr, d});
  } else if (NdisVcHandle) {
    auto* vc = static_cast<Vc*>(rt.handles().resolve(NdisVcHandle, ObjectType::Vc));
    CoDriver* miniport = calls.find_driver(adapter->driver ? adapter->driver->handle : nullptr);
    const bool ours = vc && (vc->af ? vc->af->reg && vc->af->reg->adapter == MiniportAdapterHandle
                                    : vc->miniport && vc->miniport == miniport);
    if (!ours) {
      rt.verifier()
          .finding("ST-004", fn)
          .handle("NdisVcHandle", NdisVcHandle)
          .message("not a live VC of this adapter; the indication is dropped")
          .expected("the NdisVcHandle of a VC on this adapter, or NULL for an adapter-wide indication")
          .remedy("indicate VC status only between MiniportCoCreateVc and MiniportCoDeleteVc");
      return;
    }
    // The protocols sharing the VC (OQ-V21): the client with the call, and a stand-alone CM.
    const bool has_client = vc->af && (vc->owner == core::VcOwner::Client || vc->client_context);
    for (auto& b : bindings) {
      if (!b.usable) continue;
      CoDriver* d = co_protocol(rt, b);
      if (!d) continue;
      if (has_client && b.handle == vc->af->client_binding) to.push_back({b.handle, b.binding_context, vc->client_context, d});
      else if (vc->cm && d == vc->cm && !vc->cm->is_mcm() && (!vc->af || b.handle == vc->af->reg->cm_binding))
        to.push_back({b.handle, b.binding_context, vc->cm_context, d});
    }
  } else {
    for (auto& b : bindings)
      if (b.usable)
        if (CoDriver* d = co_protocol(rt, b)) to.push_back({b.handle, b.binding_context, nullptr, d});
  }
  for (const Recipient& r : to) deliver_serialized(rt, r, si, buffer);
}
