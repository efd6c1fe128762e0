// The state the call-model fuzz target shares with its two drivers (fuzz_drivers.cpp): the
// answers the input chose for each handler, every handle value the drivers were given (live or
// long gone), the operations a handler pended, and the buffers that must outlive a request.
//
// The drivers never dereference a context: every context they hand to NDIS points into a
// context arena, and every handler checks that the runtime handed back NULL or such a pointer.
// So whatever handle the input forges, a crash can only come from the runtime.
#pragma once

#include <ndis.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace condis::fuzz {

// Kinds of handle the input may pick from (a handle of another kind is the "wrong type" choice).
enum class Kind : uint8_t { Binding, Adapter, Af, Sap, Vc, Party, Count };
inline constexpr size_t kKinds = size_t(Kind::Count);

// Handlers whose answer the input chooses.
enum class Op : uint8_t {
  CmOpenAf, CmCloseAf, CmRegisterSap, CmDeregisterSap, CmCreateVc, CmDeleteVc, CmMakeCall, CmCloseCall,
  CmAddParty, CmDropParty, CmModifyQoS, CmOidRequest, CoActivateVc, CoDeactivateVc, CoOidRequest, CoSend,
  ClCreateVc, ClDeleteVc, ClIncomingCall, ClNotifyCloseAf, ClOidRequest, ClReceive, Count
};
inline constexpr size_t kOps = size_t(Op::Count);

// Pend: the input completes later. PendInline: the handler completes before it returns PENDING
// (allowed). SuccessInline: it completes and also returns SUCCESS (CM-002: completed twice).
enum class Answer : uint8_t { Success, Failure, Pend, PendInline, SuccessInline, Count };

// An operation a handler answered with NDIS_STATUS_PENDING, to be completed by the input.
enum class PendKind : uint8_t {
  OpenAf, CloseAf, RegisterSap, DeregisterSap, MakeCall, CloseCall, AddParty, DropParty, ModifyQoS,
  CmOid, CoActivate, CoDeactivate, CoOid, Send, IncomingCall, NotifyCloseAf, ClOid, Count
};
struct Pending {
  PendKind kind;
  NDIS_HANDLE handle = nullptr;   // the AF, SAP, VC or party it concerns
  NDIS_HANDLE handle2 = nullptr;  // the party of a make-call or close-call
  NDIS_HANDLE handle3 = nullptr;  // the VC of an OID request, the AF of a CM request
  PCO_CALL_PARAMETERS params = nullptr;
  PNET_BUFFER_LIST nbl = nullptr;
  PNDIS_OID_REQUEST request = nullptr;
};

// Call parameters with the blocks they point to, in one stable allocation.
struct CallBuffer {
  CO_CALL_PARAMETERS call{};
  CO_CALL_MANAGER_PARAMETERS cm{};
  CO_MEDIA_PARAMETERS media{};
  UCHAR tail[32]{};
};

struct SapBuffer {
  CO_SAP sap{};
  UCHAR address[20]{};
};

struct RequestBuffer {
  NDIS_OID_REQUEST request{};
  UCHAR data[32]{};
};

// Where a driver hands NDIS a versioned structure (the registration target mutates them).
enum class Site : uint8_t {
  McmDriver, McmCo, McmCm, McmRegistrationAttributes, McmGeneralAttributes, ClientDriver, ClientCo, ClientCl,
  ClientOpen, NblPool, Count
};
inline constexpr size_t kSites = size_t(Site::Count);

// A mutation of one such structure: its header's Type, Revision or Size changed (never a Size
// beyond the structure, which NDIS could not tell from a real one), and some handlers left NULL.
struct Mutation {
  uint8_t header = 0;       // 0: untouched; else low 2 bits pick the field, the rest the value
  uint64_t null_mask = 0;   // bit i: the i-th handler of the structure is NULL
};

struct World {
  Mutation mutations[kSites]{};

  Answer answers[kOps]{};
  NDIS_STATUS failure[kOps]{};
  bool auto_open = false;  // the client opens the AF it is told about

  std::vector<NDIS_HANDLE> handles[kKinds];  // every value seen; never pruned (stale ones stay)
  std::vector<Pending> pending;

  NDIS_HANDLE mcm_driver = nullptr;
  NDIS_HANDLE client_protocol = nullptr;
  NDIS_HANDLE adapter = nullptr;  // MiniportAdapterHandle while the adapter is up
  NDIS_HANDLE binding = nullptr;  // NdisBindingHandle while bound
  NDIS_HANDLE unbind_context = nullptr;
  NDIS_HANDLE mcm_pool = nullptr;     // NBL pools, per side, while their owner is up
  NDIS_HANDLE client_pool = nullptr;
  std::vector<PNET_BUFFER_LIST> mcm_nbls, client_nbls;  // valid while their pool is
  std::vector<PNET_BUFFER_LIST> received;               // indications the client kept
  CO_ADDRESS_FAMILY family{};
  bool family_known = false;

  std::deque<std::unique_ptr<CallBuffer>> calls;
  std::deque<std::unique_ptr<SapBuffer>> saps;
  std::deque<std::unique_ptr<RequestBuffer>> requests;

  std::unordered_map<NDIS_HANDLE, NDIS_HANDLE> owners;  // context -> the NDIS handle of its object
  void bind(NDIS_HANDLE context, NDIS_HANDLE handle) {
    if (context != nullptr && handle != nullptr) owners[context] = handle;
  }
  NDIS_HANDLE handle_of(NDIS_HANDLE context) const {
    auto it = owners.find(context);
    return it == owners.end() ? nullptr : it->second;
  }

  uint32_t next_context = 0;
  std::vector<std::string> problems;  // invariant violations seen by the drivers

  void remember(Kind kind, NDIS_HANDLE handle) {
    if (handle == nullptr) return;
    auto& v = handles[size_t(kind)];
    for (NDIS_HANDLE h : v)
      if (h == handle) return;
    if (v.size() < 256) v.push_back(handle);
  }
};

World& world();
void reset_world();

// Contexts the drivers hand to NDIS: distinct addresses inside one arena, never dereferenced.
NDIS_HANDLE new_context();
bool is_context(NDIS_HANDLE context);
// Records a problem if a handler received a context the drivers never gave.
void check_context(NDIS_HANDLE context, const char* handler, const char* parameter);

PCO_CALL_PARAMETERS new_call_parameters(ULONG flags, bool cm, bool media, ULONG specific_length);
PNDIS_OID_REQUEST new_request(NDIS_OID oid, ULONG length, bool set);
// One NBL with one NB, from the client's or the MCM's pool; NULL when that side has none.
PNET_BUFFER_LIST allocate_nbl(bool client);

}  // namespace condis::fuzz

extern "C" {
NDIS_STATUS FuzzMcmDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
NDIS_STATUS FuzzClientDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
}
