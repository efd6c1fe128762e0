// Parties of a multipoint call, call-management.md 1.8. The initial party is created by
// NdisClMakeCall with a non-NULL ProtocolPartyContext:
//
//   (none) --NdisClMakeCall(ProtocolPartyContext != NULL)--> ADDING
//   ADDING --make-call SUCCESS (sync or completion)--> ACTIVE (CallMgrPartyContext recorded)
//   ADDING --make-call failure--> GONE (freed; the handle is dead from the completion on: CM-056)
//   (none) --NdisClAddParty--> ADDING
//   ADDING --ProtocolCmAddParty SUCCESS / Ndis(M)CmAddPartyComplete SUCCESS--> ACTIVE
//   ADDING --add failure--> GONE (freed; CM-082)
//   ACTIVE --NdisClDropParty--> DROPPING (the client's handle is dead at once: CM-083)
//   DROPPING --drop SUCCESS (sync or completion)--> GONE;  DROPPING --failure--> ACTIVE
//   ACTIVE (last party) --close-call SUCCESS--> GONE
// The parties of a VC form a list headed by Vc::party, guarded by the VC's lock.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/pending_op.hpp"

namespace condis::core {

struct Vc;

enum class PartyState : uint8_t { Adding, Active, Dropping, Gone };

inline std::string_view party_state_name(PartyState s) {
  switch (s) {
    case PartyState::Adding: return "ADDING";
    case PartyState::Active: return "ACTIVE";
    case PartyState::Dropping: return "DROPPING";
    case PartyState::Gone: return "GONE";
  }
  return "?";
}

struct Party {
  void* handle = nullptr;          // NdisPartyHandle
  Vc* vc = nullptr;
  void* client_context = nullptr;  // ProtocolPartyContext
  void* cm_context = nullptr;      // CallMgrPartyContext
  Party* next = nullptr;           // the VC's next party
  Party* prev = nullptr;           // and the one before (NULL for the list head): O(1) unlink
  PartyState state = PartyState::Adding;
  PendingOp op = PendingOp::Idle;  // the add or drop in progress (one at a time per party: OQ-23)
  bool remote_dropping = false;    // Ndis(M)CmDispatchIncomingDropParty delivered (CM-086)
};

}  // namespace condis::core
