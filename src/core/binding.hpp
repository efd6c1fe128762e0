// core::Binding: one open between a protocol and an adapter, driver-model.md 1.5 and 2.4-2.5.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "ndis.h"

namespace condis::core {

class Driver;
class Adapter;
class Binding;

// The seven documented binding states (driver-model.md 1.5).
enum class BindingState : uint8_t { Unbound, Opening, Paused, Restarting, Running, Pausing, Closing };
const char* binding_state_name(BindingState state);

enum class BindingEvent : uint8_t {
  Bind,          // NDIS calls ProtocolBindAdapterEx
  BindFailed,    // the bind failed
  BindOk,        // the bind completed with SUCCESS
  Restart,       // NetEventRestart delivered
  RestartOk,
  RestartFailed,
  Pause,         // NetEventPause delivered
  PauseDone,
  Unbind,        // NDIS calls ProtocolUnbindAdapterEx
  UnbindDone,
};
const char* binding_event_name(BindingEvent event);
bool binding_next_state(BindingState from, BindingEvent event, BindingState* to);

// One ProtocolBindAdapterEx call; BindContext names it until the bind completes.
struct BindOperation {
  NDIS_HANDLE handle = nullptr;  // BindContext
  Driver* protocol = nullptr;
  Adapter* adapter = nullptr;
  Binding* binding = nullptr;    // set once NdisOpenAdapterEx succeeded
  bool handler_returned = false;
  bool pended = false;           // ProtocolBindAdapterEx returned PENDING
  bool completed = false;
  NDIS_STATUS status = NDIS_STATUS_PENDING;
  NDIS_BIND_PARAMETERS params{};
  NDIS_STRING adapter_name{};
  NDIS_STRING protocol_section{};
};

// One ProtocolUnbindAdapterEx call; UnbindContext names it until the unbind completes.
struct UnbindOperation {
  NDIS_HANDLE handle = nullptr;  // UnbindContext
  Binding* binding = nullptr;
  bool handler_returned = false;
  bool pended = false;
  bool completed = false;
};

// One ProtocolNetPnPEvent call; the notification's address names it (OQ-D19).
struct PnpOperation {
  NET_PNP_EVENT_NOTIFICATION notification{};
  NDIS_PROTOCOL_PAUSE_PARAMETERS pause{};
  NDIS_PROTOCOL_RESTART_PARAMETERS restart{};
  Driver* protocol = nullptr;
  Binding* binding = nullptr;    // null for events indicated to the whole protocol
  bool pended = false;
  bool completed = false;
  NDIS_STATUS status = NDIS_STATUS_PENDING;
};

class Binding {
 public:
  Driver* protocol = nullptr;
  Adapter* adapter = nullptr;
  NDIS_HANDLE handle = nullptr;           // NdisBindingHandle; null once NdisCloseAdapterEx ran
  NDIS_HANDLE context = nullptr;          // ProtocolBindingContext
  NDIS_MEDIUM medium = NdisMedium802_3;   // the medium NdisOpenAdapterEx selected
  BindingState state = BindingState::Unbound;
  bool closed = false;                    // NdisCloseAdapterEx was called
  // Set once the binding starts closing or is closed (a closed binding is destroyed, never
  // reopened). NdisCoCreateVc reads it without the model lock (CoTopology::binding_usable).
  std::atomic<bool> co_unusable{false};
  bool unbind_requested = false;          // NdisUnbindAdapter queued an unbind
  BindOperation* bind = nullptr;          // while the bind operation runs
  UnbindOperation* unbind = nullptr;      // while the unbind operation runs
  std::unique_ptr<PnpOperation> pnp;      // the PnP event in flight for this binding
  uint32_t oids_outstanding = 0;          // protocol OID requests not yet completed
  int64_t sends_outstanding = 0;          // DRV-063: the protocol's sends not yet completed
  int64_t receives_held = 0;              // DRV-064: indicated NBLs the protocol has not returned
  std::shared_ptr<void> call_state;       // opaque per-binding state of the call-model area
};

}  // namespace condis::core
