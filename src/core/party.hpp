// Parties of a multipoint call, call-management.md 1.8. The initial party is created by
// NdisClMakeCall with a non-NULL ProtocolPartyContext:
//
//   (none) --NdisClMakeCall(ProtocolPartyContext != NULL)--> ADDING
//   ADDING --make-call SUCCESS (sync or completion)--> ACTIVE (CallMgrPartyContext recorded)
//   ADDING --make-call failure--> GONE (freed; the handle is dead from the completion on: CM-056)
//   ACTIVE (last party) --close-call SUCCESS--> GONE
#pragma once

#include <string_view>

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
  PartyState state = PartyState::Adding;
};

}  // namespace condis::core
