// Address families: one registration per (adapter, AF type) and one open instance per client
// open. States and transitions follow call-management.md 1.3 and 1.4:
//
//   registration   NONE --Ndis(M)CmRegisterAddressFamilyEx--> REGISTERED --binding closed/halt--> GONE
//   open instance  (none) --NdisClOpenAddressFamilyEx--> OPENING
//                  OPENING --CmOpenAf SUCCESS / completion SUCCESS--> OPEN
//                  OPENING --failure--> CLOSED (freed)
//                  OPEN|NOTIFY_CLOSING --NdisClCloseAddressFamily, no SAPs, no VCs--> CLOSING
//                  CLOSING --CmCloseAf SUCCESS / completion--> CLOSED (freed)
//                  CLOSING --CmCloseAf NOT_ACCEPTED or failure--> OPEN (OQ-06)
//                  OPEN --Ndis(M)CmNotifyCloseAddressFamily--> NOTIFY_CLOSING --notify fails--> OPEN (OQ-24)
#pragma once

#include <ndis.h>

#include <atomic>
#include <string_view>

#include "core/co_driver.hpp"
#include "core/pending_op.hpp"
#include "common/sharded_count.hpp"
#include "core/spin_lock.hpp"

namespace condis::core {

struct AfRegistration {
  void* adapter = nullptr;             // MiniportAdapterHandle the AF is registered on
  CO_ADDRESS_FAMILY af{};              // condis's copy, valid as long as the registration (OQ-29)
  CoDriver* cm = nullptr;              // the (M)CM's entry points
  void* cm_binding = nullptr;          // the CM's NdisBindingHandle; NULL for an MCM
  void* cm_binding_context = nullptr;  // ProtocolCmOpenAf's CallMgrBindingContext
  CoDriver* miniport = nullptr;        // the miniport under a stand-alone CM (VC handlers)
  void* miniport_adapter_context = nullptr;
  bool mcm = false;
  bool gone = false;                   // the CM's binding closed or the adapter halted
};

enum class AfState : uint8_t { Opening, Open, NotifyClosing, Closing, Closed };

inline std::string_view af_state_name(AfState s) {
  switch (s) {
    case AfState::Opening: return "OPENING";
    case AfState::Open: return "OPEN";
    case AfState::NotifyClosing: return "NOTIFY_CLOSING";
    case AfState::Closing: return "CLOSING";
    case AfState::Closed: return "CLOSED";
  }
  return "?";
}

struct AfOpen {
  void* handle = nullptr;           // NdisAfHandle
  AfRegistration* reg = nullptr;
  CoDriver* client = nullptr;
  void* client_binding = nullptr;   // the client's NdisBindingHandle
  void* client_context = nullptr;   // ClientAfContext (ProtocolAfContext)
  void* cm_context = nullptr;       // CallMgrAfContext
  std::atomic<uint32_t> saps{0};    // SAPs registered or registering on this open
  // RQ-016 / RQ-017: an OID follow-up may be owed on this open (CoRequests keeps what; written
  // under its lock). The client's call-management operations test it before anything else.
  std::atomic<bool> oid_follow_up{false};
  ShardedCount vcs;                 // VCs existing on this open (changed on every VC's path)
  SpinLock lock;
  AfState state = AfState::Opening;
  PendingOp open_op = PendingOp::Idle;
  PendingOp close_op = PendingOp::Idle;
  PendingOp notify_op = PendingOp::Idle;  // Ndis(M)CmNotifyCloseAddressFamily in progress
  // The AF closed while a notify-close was in progress: it stays (state CLOSED) until the notify
  // finishes, so NdisClNotifyCloseAddressFamilyComplete still finds it (CM-036's exception).
  bool freed_after_notify() const { return state == AfState::Closed && outstanding(notify_op); }

  // Released with its binding or adapter (handle already dead) while requests still held it: its
  // own open, close or notify inside a handler, or SAP requests on it (`holders` counts them all).
  // The last of them frees it (CallModel::destroy_af_open). Both under `lock`.
  bool free_deferred = false;
  uint16_t holders = 0;

  // The client may start CO operations (SAPs, VCs, calls) only on an open AF (CM-033, CM-100).
  bool usable_by_client() const { return state == AfState::Open || state == AfState::NotifyClosing; }

  // Requests on the AF inside a peer's handler (InHandler, or CompletedEarly: completed but not yet
  // returned); each touches the AF once its handler returns. A close may run inside a notify's
  // handler, so up to two at once (under the lock).
  uint16_t requests_in_handler() const {
    auto held = [](PendingOp op) { return op == PendingOp::InHandler || op == PendingOp::CompletedEarly; };
    return uint16_t(held(open_op) + held(close_op) + held(notify_op));
  }
  // A holder of a released AF is done (under the lock): true when it was the last, which frees it.
  bool drop_hold() {
    --holders;
    return free_deferred && holders == 0;
  }
};

}  // namespace condis::core
