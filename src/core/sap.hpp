// Service access points, call-management.md 1.5:
//
//   (none) --NdisClRegisterSap--> REGISTERING
//   REGISTERING --CmRegisterSap SUCCESS / completion SUCCESS--> REGISTERED
//   REGISTERING --failure--> GONE (freed; the handle is dead at once)
//   REGISTERED --NdisClDeregisterSap--> DEREGISTERING (a second deregistration fails: CM-103)
//   DEREGISTERING --CmDeregisterSap SUCCESS / completion--> GONE (freed)
#pragma once

#include <ndis.h>

#include <string_view>

#include "core/address_family.hpp"

namespace condis::core {

enum class SapState : uint8_t { Registering, Registered, Deregistering, Gone };

inline std::string_view sap_state_name(SapState s) {
  switch (s) {
    case SapState::Registering: return "REGISTERING";
    case SapState::Registered: return "REGISTERED";
    case SapState::Deregistering: return "DEREGISTERING";
    case SapState::Gone: return "GONE";
  }
  return "?";
}

struct Sap {
  void* handle = nullptr;          // NdisSapHandle
  AfOpen* af = nullptr;
  void* client_context = nullptr;  // ProtocolSapContext
  void* cm_context = nullptr;      // CallMgrSapContext
  PCO_SAP sap = nullptr;           // the client's buffer, handed back in the completion
  SpinLock lock;
  SapState state = SapState::Registering;
  PendingOp register_op = PendingOp::Idle;
  PendingOp deregister_op = PendingOp::Idle;
  // Released with its AF (handle already dead) while its registration or deregistration was inside
  // the call manager's handler: that request frees it when the handler returns (under `lock`).
  bool free_deferred = false;

  // NdisClRegisterSap or NdisClDeregisterSap is inside the handler (one at a time: a SAP is
  // deregistered only once REGISTERED), and touches the SAP once it returns (under the lock).
  bool request_in_flight() const {
    auto held = [](PendingOp op) { return op == PendingOp::InHandler || op == PendingOp::CompletedEarly; };
    return held(register_op) || held(deregister_op);
  }
  // After the request's finish_handler (under the lock): true when it must now free the SAP.
  bool request_frees() const { return free_deferred && !request_in_flight(); }
};

}  // namespace condis::core
