// core::Adapter: one miniport adapter and its life cycle, driver-model.md 1.4 and 2.2.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ndis.h"

namespace condis::core {

class Driver;
class Binding;

// The seven documented adapter states (driver-model.md 1.4).
enum class AdapterState : uint8_t { Halted, Initializing, Paused, Restarting, Running, Pausing, Shutdown };
const char* adapter_state_name(AdapterState state);

// The events of the 1.4 table. adapter_transition() is the only place that moves an adapter.
enum class AdapterEvent : uint8_t {
  Initialize,        // NDIS calls MiniportInitializeEx
  InitializeOk,      // it returned SUCCESS
  InitializeFailed,  // it returned a failure
  Restart,           // NDIS calls MiniportRestart
  RestartOk,         // restart completed with SUCCESS
  RestartFailed,     // restart completed with a failure
  Pause,             // NDIS calls MiniportPause
  PauseDone,         // pause completed
  Halt,              // NDIS calls MiniportHaltEx
  Shutdown,          // NDIS calls MiniportShutdownEx
};
const char* adapter_event_name(AdapterEvent event);

// The state an event leads to from `from`, or false when the 1.4 table marks it "--".
bool adapter_next_state(AdapterState from, AdapterEvent event, AdapterState* to);

// What the miniport declared with NdisMSetMiniportAttributes (deep copies, OQ-D12).
struct AdapterAttributes {
  bool registration_set = false;
  bool general_set = false;
  NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES registration{};
  NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES general{};
  std::vector<NDIS_OID> supported_oids;
};

// A general OID request in flight to the miniport (MiniportOidRequest pended).
struct PendingOid {
  PNDIS_OID_REQUEST request = nullptr;
  Binding* origin = nullptr;  // the protocol binding that issued it, or null for condis itself
  std::function<void(PNDIS_OID_REQUEST, NDIS_STATUS)> on_complete;  // condis-issued requests
};

class Adapter {
 public:
  Driver* driver = nullptr;               // the miniport driver
  NDIS_HANDLE handle = nullptr;           // MiniportAdapterHandle (= NdisMiniportHandle)
  NDIS_HANDLE context = nullptr;          // MiniportAdapterContext (registration attributes)
  std::string name;                       // the adapter name protocols open
  std::u16string name16;                  // the same, as the NDIS_STRING bind parameters carry
  NDIS_MEDIUM medium = NdisMedium802_3;   // from the general attributes (or the host's override)
  uint32_t medium_override = ~0u;
  NET_IFINDEX if_index = 0;
  NET_LUID net_luid{};
  AdapterState state = AdapterState::Halted;
  AdapterAttributes attributes;

  // Completion slots of the 0.3 convention (DRV-027, DRV-028, DRV-032).
  bool pause_pending = false;
  bool restart_pending = false;
  NDIS_STATUS restart_status = NDIS_STATUS_SUCCESS;
  std::unique_ptr<PendingOid> oid_pending;
  std::deque<PendingOid> oid_queue;  // requests waiting for the pending one (one at a time)
  bool surprise_removed = false;
  int64_t sends_outstanding = 0;     // DRV-026: kept by the data path
  int64_t receives_outstanding = 0;  // indicated, not yet returned
  bool in_initialize = false;  // MiniportInitializeEx is running (NdisMSetMiniportAttributes allowed)

  std::vector<Binding*> bindings;  // bindings open or opening on this adapter
  std::shared_ptr<void> call_state;  // opaque per-adapter state of the call-model area
};

}  // namespace condis::core
