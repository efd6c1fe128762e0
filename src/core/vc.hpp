// Virtual connections, call-management.md 1.6 and 1.7 and vc-data-requests.md 1.2. A VC has three
// independent aspects, each a small field here:
//
//   existence   created by NdisCoCreateVc / NdisMCmCreateVc, deleted by its creator only (CM-041)
//   activation  INACTIVE --Ndis(M)CmActivateVc--> ACTIVATING --SUCCESS--> ACTIVE
//               ACTIVATING --failure--> INACTIVE;  ACTIVE --reactivation--> REACTIVATING
//               REACTIVATING --any result--> ACTIVE (a failed reactivation keeps the old parameters: CM-048)
//               ACTIVE --Ndis(M)CmDeactivateVc--> DEACTIVATING --result--> INACTIVE
//   call        IDLE --NdisClMakeCall--> MAKING --SUCCESS--> CONNECTED;  MAKING --failure--> IDLE
//               CONNECTED --NdisClCloseCall--> CLOSING --SUCCESS--> CLOSED;  CLOSING --failure--> CONNECTED
//               CLOSED behaves like IDLE: the creator may reuse the VC (OQ-04)
//
// Kept compact (about 100 bytes): one is allocated per VC and many may be idle.
#pragma once

#include <ndis.h>

#include <cstdint>
#include <string_view>

#include "core/address_family.hpp"
#include "core/party.hpp"

namespace condis::core {

enum class VcOwner : uint8_t { Client, CallManager, MiniportCallManager };
enum class Activation : uint8_t { Inactive, Activating, Active, Reactivating, Deactivating };
enum class CallState : uint8_t { Idle, Making, Offered, Accepted, Connected, RemoteClosing, Closing, Closed };

inline std::string_view activation_name(Activation a) {
  switch (a) {
    case Activation::Inactive: return "INACTIVE";
    case Activation::Activating: return "ACTIVATING";
    case Activation::Active: return "ACTIVE";
    case Activation::Reactivating: return "REACTIVATING";
    case Activation::Deactivating: return "DEACTIVATING";
  }
  return "?";
}

inline std::string_view call_state_name(CallState c) {
  switch (c) {
    case CallState::Idle: return "IDLE";
    case CallState::Making: return "MAKING";
    case CallState::Offered: return "OFFERED";
    case CallState::Accepted: return "ACCEPTED";
    case CallState::Connected: return "CONNECTED";
    case CallState::RemoteClosing: return "REMOTE_CLOSING";
    case CallState::Closing: return "CLOSING";
    case CallState::Closed: return "CLOSED";
  }
  return "?";
}

struct Vc {
  void* handle = nullptr;              // NdisVcHandle
  AfOpen* af = nullptr;                // NULL for a CM signalling VC
  CoDriver* cm = nullptr;              // the call manager (for a signalling VC: its creator)
  CoDriver* miniport = nullptr;        // the miniport under a stand-alone CM; NULL on an MCM
  void* client_context = nullptr;      // ProtocolVcContext
  void* cm_context = nullptr;          // CallMgrVcContext (an MCM-created VC: its MiniportVcContext)
  void* miniport_context = nullptr;    // MiniportVcContext
  Party* party = nullptr;              // the initial / last party of a multipoint call
  PCO_CALL_PARAMETERS call_parameters = nullptr;        // the client's make-call buffer (CM-006)
  PCO_CALL_PARAMETERS activation_parameters = nullptr;  // the CM's resident buffer (VC-008)
  // Data path (vc-data-requests.md 1.2): NBLs sent on the VC and not yet completed back, and
  // indicated receive NBLs not yet returned (VC-011, CM-047, CM-070). Under `lock`.
  uint32_t sends_outstanding = 0;
  uint32_t receives_outstanding = 0;
  SpinLock lock;
  VcOwner owner = VcOwner::Client;
  Activation activation = Activation::Inactive;
  CallState call = CallState::Idle;
  PendingOp make_op = PendingOp::Idle;
  PendingOp close_op = PendingOp::Idle;
  PendingOp activate_op = PendingOp::Idle;
  PendingOp deactivate_op = PendingOp::Idle;
  PendingOp incoming_op = PendingOp::Idle;  // ProtocolClIncomingCall pended (CM-061)
  PendingOp qos_op = PendingOp::Idle;       // NdisClModifyCallQoS in progress (one at a time: OQ-23)
  // One byte of flags (all under `lock`), to keep the VC within its memory budget.
  bool deleting : 1 = false;
  bool remote_failed : 1 = false;  // an incoming close with a failure status: the creator must delete (CM-078)
  bool reactivated : 1 = false;    // Ndis(M)CmActivateVc ran since the QoS modify started (CM-091)
  // Deleted or released (handle already dead) while a request on it, or on one of its parties,
  // was still inside its handler: that request holds the pointer, so the last such request frees
  // the VC with the parties still linked to it (under the lock).
  bool free_deferred : 1 = false;
  // NdisCoDeleteVc is between its ProtocolCoDeleteVc call and the VC's retirement: it still reads
  // the VC and its AF, so a release meanwhile leaves both to it (CallModel::release_vc).
  bool delete_in_handler : 1 = false;

  // An operation completed while its request's handler still runs (the request side finishes it).
  bool completed_early() const {
    return make_op == PendingOp::CompletedEarly || close_op == PendingOp::CompletedEarly ||
           activate_op == PendingOp::CompletedEarly || deactivate_op == PendingOp::CompletedEarly ||
           incoming_op == PendingOp::CompletedEarly || qos_op == PendingOp::CompletedEarly;
  }
  // A request on the VC or on one of its parties is inside the peer's handler (InHandler, or
  // CompletedEarly: completed but not yet returned), so it will touch the VC once the handler
  // returns (under the lock).
  bool request_in_flight() const {
    if (delete_in_handler) return true;
    auto held = [](PendingOp op) { return op == PendingOp::InHandler || op == PendingOp::CompletedEarly; };
    if (held(make_op) || held(close_op) || held(activate_op) || held(deactivate_op) || held(incoming_op) ||
        held(qos_op))
      return true;
    for (const Party* p = party; p; p = p->next)
      if (held(p->op)) return true;
    return false;
  }
  // After a request's finish_handler (under the lock): true when that request must now free the
  // VC, because it was deleted or released while this request still held it.
  bool request_frees() const { return free_deferred && !request_in_flight(); }

  // A new outgoing call may start on an idle VC or one whose previous call closed (OQ-04).
  bool can_make_call() const {
    return (call == CallState::Idle || call == CallState::Closed) && !outstanding(make_op) && !deleting;
  }
  // NdisClCloseCall is valid on an established call (or one the remote side is closing).
  bool can_close_call() const {
    return call == CallState::Connected || call == CallState::Accepted || call == CallState::RemoteClosing;
  }
  // Deletion needs no call, no activation and nothing pending (CM-042).
  bool has_call() const { return call != CallState::Idle && call != CallState::Closed; }
  bool activation_busy() const { return outstanding(activate_op) || outstanding(deactivate_op); }
  bool is_multipoint() const { return party != nullptr; }
  // Parties not yet gone (under the lock). Walks the list: for reports and once-per-call checks.
  uint32_t live_parties() const {
    uint32_t n = 0;
    for (const Party* p = party; p; p = p->next) n += p->state != PartyState::Gone;
    return n;
  }
  // Whether at least two parties are not gone: the per-party checks (drop, incoming drop) ask
  // this, and it stops at the second live party, so a call with many leaves stays O(1) a party.
  bool several_live_parties() const {
    uint32_t n = 0;
    for (const Party* p = party; p; p = p->next)
      if (p->state != PartyState::Gone && ++n == 2) return true;
    return false;
  }
  // A party added to a connected multipoint call goes after the initial party, which stays the
  // list head (under the lock).
  void link_party_after_head(Party* added) {
    added->prev = party;
    added->next = party->next;
    if (party->next) party->next->prev = added;
    party->next = added;
  }
  void unlink_party(Party* gone) {
    if (gone->prev) gone->prev->next = gone->next;
    else if (party == gone) party = gone->next;
    else return;  // not linked (already unlinked)
    if (gone->next) gone->next->prev = gone->prev;
    gone->next = gone->prev = nullptr;
  }
};

// The party of `vc` whose handle is `handle`, or NULL (under the VC's lock).
inline Party* find_party(const Vc* vc, const void* handle) {
  if (!handle) return nullptr;
  for (Party* p = vc->party; p; p = p->next)
    if (p->handle == handle) return p;
  return nullptr;
}

}  // namespace condis::core
