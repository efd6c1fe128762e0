// The network data structures condis hands out (vc-data-requests.md 1.5, 1.6, 2.3, 2.4): NBL and
// NB pools, the NBLs, NBs, MDLs and context blocks allocated from them, and who owns each NBL now.
//
// Every object is a record in a table keyed by its address, so a pointer a driver passes in is
// checked (known, alive, owned by the caller's side) before condis reads it. The table lock is a
// leaf: it is never held across a call into a driver or into another layer.
//
// NBL ownership (1.5):
//   Owner --NdisCoSendNetBufferLists--> SendInNdis --forwarded--> SendAtMiniport
//   SendAtMiniport --NdisMCoSendNetBufferListsComplete--> Owner (the sender)
//   SendInNdis --refused (VC not active)--> Owner (the sender)
//   Owner --NdisMCoIndicateReceiveNetBufferLists--> ReceiveAtProtocol --NdisReturnNetBufferLists--> Owner
//   Owner --indicate with NDIS_RECEIVE_FLAGS_RESOURCES--> ReceiveInCallback --callback returns--> Owner
#pragma once

#include <ndis.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "condis/verify.hpp"

namespace condis {
class RuntimeCore;
namespace core {

struct CoDriver;

struct NblPool {
  void* handle = nullptr;  // the pool handle (ObjectType::NblPool)
  void* owner = nullptr;   // the NdisHandle given at allocation (may be NULL)
  NET_BUFFER_LIST_POOL_PARAMETERS params{};
  uint64_t outstanding = 0;  // NBLs allocated and not freed
};

struct NbPool {
  void* handle = nullptr;  // ObjectType::NbPool
  void* owner = nullptr;
  NET_BUFFER_POOL_PARAMETERS params{};
  uint64_t outstanding = 0;
};

enum class NblWhere : uint8_t { Owner, SendInNdis, SendAtMiniport, ReceiveAtProtocol, ReceiveInCallback };
const char* nbl_where_name(NblWhere where);

// The NB fields of one NB when its NBL was handed over (DP-015, DP-030).
struct NbSnapshot {
  PNET_BUFFER nb;
  PNET_BUFFER next;
  PMDL mdl_chain;
  PMDL current_mdl;
  ULONG current_mdl_offset;
  ULONG data_offset;
  ULONG data_length;
};

// One NdisAllocateNetBufferListContext, for the matching free (DP-035).
struct ContextPush {
  USHORT size;
  bool new_block;
};

struct NblRecord {
  NblPool* pool = nullptr;
  NblWhere where = NblWhere::Owner;
  bool resources_indicated = false;  // its last indication carried NDIS_RECEIVE_FLAGS_RESOURCES (DP-026)
  bool send_completed = false;       // its last send was completed back to the sender (DP-016)
  // DP-018 (option): this hand-over to the miniport, and the timer that reports it if held too long.
  uint64_t send_serial = 0;
  uint64_t send_timer = 0;
  PNET_BUFFER preallocated_nb = nullptr;  // freed with the NBL, never with NdisFreeNetBuffer
  std::vector<ContextPush> contexts;      // NdisAllocateNetBufferListContext calls not yet undone
  // The hand-over in progress (send or receive):
  void* vc_handle = nullptr;
  CoDriver* sender = nullptr;
  void* sender_vc_context = nullptr;
  void* sender_binding = nullptr;    // NdisBindingHandle of the sender, when known
  void* adapter = nullptr;           // MiniportAdapterHandle of the miniport that holds / indicated it
  void* receiver_binding = nullptr;  // NdisBindingHandle the indication was delivered on
  // What the NBL looked like at the hand-over.
  void* source_handle = nullptr;
  PVOID protocol_reserved[4]{};
  PVOID ndis_reserved[2]{};
  ULONG ndis_flags = 0;  // Flags & NBL_FLAGS_NDIS_RESERVED, and the protocol bits
  ULONG protocol_flags = 0;
  std::vector<NbSnapshot> nbs;
};

struct NbRecord {
  NbPool* pool = nullptr;
  bool with_data = false;  // NdisAllocateNetBufferMdlAndData
};

struct MdlRecord {
  void* owner = nullptr;         // NdisHandle of NdisAllocateMdl; NULL for condis-made MDLs
  bool retreat = false;          // chained by a retreat; freed by the matching advance
  bool driver_made = false;      // from the driver's NetAllocateMdl: freed through its NetFreeMdl
  NET_BUFFER_FREE_MDL_HANDLER free_handler = nullptr;  // set when the driver's NetAllocateMdl made it
};

class NblStore {
 public:
  explicit NblStore(RuntimeCore& rt) : rt_(rt) {}
  ~NblStore();
  NblStore(const NblStore&) = delete;
  NblStore& operator=(const NblStore&) = delete;

  // The table lock; callers read and change records under it and never call out while holding it.
  std::mutex& mutex() { return mutex_; }

  NblPool* nbl_pool(const void* handle);  // live pool or null (no finding)
  NbPool* nb_pool(const void* handle);
  NblPool* add_nbl_pool(void* owner, const NET_BUFFER_LIST_POOL_PARAMETERS& params);
  NbPool* add_nb_pool(void* owner, const NET_BUFFER_POOL_PARAMETERS& params);
  void remove_nbl_pool(NblPool* pool);
  void remove_nb_pool(NbPool* pool);

  // Allocation: zeroed objects; the NBL gets the pool's preallocated NB (+ MDL + data) if it has one.
  PNET_BUFFER_LIST allocate_nbl(NblPool* pool);
  void free_nbl(PNET_BUFFER_LIST nbl);  // and its context blocks and preallocated parts
  PNET_BUFFER allocate_nb(NbPool* pool, bool with_data);
  void free_nb(PNET_BUFFER nb);
  PMDL allocate_mdl(void* owner, void* address, ULONG length, bool retreat = false);
  void free_mdl(PMDL mdl);
  void adopt_mdl(PMDL mdl) { mdls_[mdl] = MdlRecord{nullptr, true, true, nullptr}; }  // a NetAllocateMdl MDL

  NblRecord* nbl(const void* p);  // under mutex()
  NbRecord* nb(const void* p);
  MdlRecord* mdl(const void* p);

  // Leak report: pools, NBLs in flight or never freed, NBs, MDLs (rules DP-012, DP-025, DP-036, DP-038).
  void collect_leaks(LeakReport& report) const;
  void release_all();

  // DP-039: a binding closes while its protocol has sends outstanding or holds received NBLs.
  void binding_closing(const void* binding);
  // DP-038 (entry part): an adapter halts while sends are held by its miniport or its indicated
  // NBLs have not come back.
  void adapter_halting(const void* adapter);

  // Counts for tests and the driver-model checks.
  size_t nbls_in(NblWhere where, const void* adapter_or_binding = nullptr) const;

 private:
  RuntimeCore& rt_;
  mutable std::mutex mutex_;
  std::unordered_map<const void*, NblPool*> nbl_pools_;
  std::unordered_map<const void*, NbPool*> nb_pools_;
  std::unordered_map<const void*, NblRecord> nbls_;
  std::unordered_map<const void*, NbRecord> nbs_;
  std::unordered_map<const void*, MdlRecord> mdls_;
};

// The MDL a condis-made NB or NBL block carries, built over `data` (length bytes).
void build_mdl(PMDL mdl, void* data, ULONG length);

// MDL chain walking (bounded, so a cyclic chain a driver built cannot hang condis).
constexpr size_t kMaxChain = 1u << 16;
uint64_t chain_bytes(PMDL chain);
// The MDL and offset `offset` bytes into the chain (the last MDL's end when offset is the total).
void locate(PMDL chain, uint64_t offset, PMDL* mdl, ULONG* mdl_offset);
// 2.3.2's invariants; `problem` says which one fails.
bool nb_well_formed(PNET_BUFFER nb, const char** problem);
// Copies up to `bytes` of the NB's data, starting `offset` bytes after its current data start;
// returns the count copied (to `out`, or from `in` into the NB when `in` is given).
uint64_t nb_copy(PNET_BUFFER nb, uint64_t offset, void* out, const void* in, uint64_t bytes);

}  // namespace core
}  // namespace condis
