// core::Driver: one registered NDIS driver (miniport or protocol), driver-model.md 1.2-1.3.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ndis.h"

namespace condis::core {

class Adapter;
class Binding;
struct LoadedModule;
struct PnpOperation;

enum class DriverKind : uint8_t { Miniport, Protocol };

// driver-model.md 1.3 (REGISTERING and DEREGISTERING are transient).
enum class DriverState : uint8_t { Registering, Registered, Deregistering, Gone };
const char* driver_state_name(DriverState state);

// The CoNDIS tables a driver registered through NdisSetOptionalHandlers. The call-model area
// sets these bits when it accepts a table; the driver model checks DRV-006 from them when
// XxxSetOptions returns.
enum OptionalTable : uint32_t {
  kMiniportCoTable = 1u << 0,   // NDIS_MINIPORT_CO_CHARACTERISTICS (0x91)
  kProtocolCoTable = 1u << 1,   // NDIS_PROTOCOL_CO_CHARACTERISTICS (0x90)
  kClientTable = 1u << 2,       // NDIS_CO_CLIENT_OPTIONAL_HANDLERS (0xA6)
  kCallManagerTable = 1u << 3,  // NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS (0xA5)
};

class Driver {
 public:
  DriverKind kind = DriverKind::Miniport;
  std::string name;                 // module name, or the protocol's Name
  NDIS_HANDLE handle = nullptr;     // NdisMiniportDriverHandle / NdisProtocolHandle
  NDIS_HANDLE driver_context = nullptr;  // MiniportDriverContext / ProtocolDriverContext
  DriverState state = DriverState::Registering;
  // Copies taken at registration (DRV-012: later edits of the caller's structure do nothing).
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS miniport{};
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS protocol{};
  std::u16string protocol_name;     // protocol.Name.Buffer points here
  PDRIVER_OBJECT driver_object = nullptr;
  LoadedModule* module = nullptr;   // the module whose DriverEntry registered it (may be null)

  // NdisSetOptionalHandlers may use `handle` only while this is true (DRV-005).
  bool in_set_options = false;
  uint32_t optional_tables = 0;     // OptionalTable bits
  // MiniportCoOidRequest, read from the call-model area's record once MiniportSetOptions
  // returned: the OQ-D07 target of adapter-wide OIDs when OidRequestHandler is NULL.
  MINIPORT_CO_OID_REQUEST* co_oid_request = nullptr;
  bool uninstalled = false;         // ProtocolUninstall was called (host uninstall, 2.3.6)
  // Opaque per-driver state of the call-model area (its CoNDIS handler tables).
  std::shared_ptr<void> call_state;

  std::vector<Adapter*> adapters;   // miniport: its live adapters
  std::vector<Binding*> bindings;   // protocol: its bindings (any state but Unbound)
  bool binds_complete_sent = false; // NetEventBindsComplete delivered (once per protocol)
  std::unique_ptr<PnpOperation> pnp;  // a protocol-wide PnP event in flight (NULL binding context)

  bool is_miniport() const { return kind == DriverKind::Miniport; }
  bool is_protocol() const { return kind == DriverKind::Protocol; }
};

}  // namespace condis::core
