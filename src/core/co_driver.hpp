// The CoNDIS entry points one driver registered with NdisSetOptionalHandlers, and what they
// make it: a client, a stand-alone call manager, a miniport call manager or a plain CoNDIS
// miniport. Objects keep a pointer to their drivers' CoDriver, so no lookup is on the call path.
#pragma once

#include <ndis.h>

#include <string>

namespace condis::core {

struct CoDriver {
  void* driver_handle = nullptr;  // NdisMiniportDriverHandle or NdisProtocolHandle
  std::string name;
  bool is_miniport = false;
  bool has_client = false;       // NDIS_CO_CLIENT_OPTIONAL_HANDLERS
  bool has_call_manager = false; // NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS
  bool has_protocol_co = false;  // NDIS_PROTOCOL_CO_CHARACTERISTICS
  bool has_miniport_co = false;  // NDIS_MINIPORT_CO_CHARACTERISTICS
  bool cm_has_notify_close_complete = false;  // Size covered CmNotifyCloseAfCompleteHandler (OQ-10)
  NDIS_CO_CLIENT_OPTIONAL_HANDLERS client{};
  NDIS_CO_CALL_MANAGER_OPTIONAL_HANDLERS cm{};
  NDIS_PROTOCOL_CO_CHARACTERISTICS protocol_co{};
  NDIS_MINIPORT_CO_CHARACTERISTICS miniport_co{};

  bool is_mcm() const { return is_miniport && has_call_manager; }
  bool is_standalone_cm() const { return !is_miniport && has_call_manager; }
};

}  // namespace condis::core
