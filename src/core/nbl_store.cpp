#include "core/nbl_store.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <new>

#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"
#include "verify/verifier.hpp"

namespace condis::core {
namespace {

constexpr std::align_val_t kAlign{MEMORY_ALLOCATION_ALIGNMENT};
constexpr size_t kPage = 4096;

// An NBL, its preallocated NB and MDL, then the pool's DataSize bytes, in one block.
struct alignas(16) NblBlock {
  NET_BUFFER_LIST nbl;
  NET_BUFFER nb;
  MDL mdl;
};
struct alignas(16) NbBlock {
  NET_BUFFER nb;
  MDL mdl;
};

void* zalloc(size_t bytes) {
  void* p = ::operator new(bytes, kAlign, std::nothrow);
  if (p) std::memset(p, 0, bytes);
  return p;
}
void zfree(void* p) { ::operator delete(p, kAlign); }

std::string owner_label(RuntimeCore& rt, const void* owner) {
  if (!owner) return "(no NdisHandle)";
  return owner_driver_name(rt, owner) + " " + format_handle(owner);
}

std::string address(const void* p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", p);
  return buf;
}

void free_context_blocks(PNET_BUFFER_LIST nbl) {
  for (PNET_BUFFER_LIST_CONTEXT c = nbl->Context; c;) {
    PNET_BUFFER_LIST_CONTEXT next = c->Next;
    zfree(c);
    c = next;
  }
  nbl->Context = nullptr;
}

}  // namespace

const char* nbl_where_name(NblWhere where) {
  switch (where) {
    case NblWhere::Owner: return "held by its owner";
    case NblWhere::SendInNdis: return "send in NDIS";
    case NblWhere::SendAtMiniport: return "send held by the miniport";
    case NblWhere::ReceiveAtProtocol: return "receive held by the protocol";
    case NblWhere::ReceiveInCallback: return "receive inside ProtocolCoReceiveNetBufferLists (resources flag)";
  }
  return "?";
}

void build_mdl(PMDL mdl, void* data, ULONG length) {
  const uintptr_t va = reinterpret_cast<uintptr_t>(data);
  mdl->Next = nullptr;
  const size_t pages = length ? ((va % kPage) + length + kPage - 1) / kPage : 0;
  mdl->Size = CSHORT(sizeof(MDL) + 8 * pages);
  mdl->MdlFlags = MDL_SOURCE_IS_NONPAGED_POOL;
  mdl->Process = nullptr;
  mdl->MappedSystemVa = data;
  mdl->StartVa = reinterpret_cast<void*>(va & ~uintptr_t(kPage - 1));
  mdl->ByteCount = length;
  mdl->ByteOffset = ULONG(va & (kPage - 1));
}

uint64_t chain_bytes(PMDL chain) {
  uint64_t total = 0;
  size_t n = 0;
  for (PMDL m = chain; m && n < kMaxChain; m = m->Next, ++n) total += m->ByteCount;
  return total;
}

void locate(PMDL chain, uint64_t offset, PMDL* mdl, ULONG* mdl_offset) {
  PMDL m = chain;
  size_t n = 0;
  while (m && offset >= m->ByteCount && m->Next && n++ < kMaxChain) {
    offset -= m->ByteCount;
    m = m->Next;
  }
  *mdl = m;
  *mdl_offset = ULONG(offset);
}

bool nb_well_formed(PNET_BUFFER nb, const char** problem) {
  PMDL chain = NET_BUFFER_FIRST_MDL(nb);
  const uint64_t need = uint64_t(NET_BUFFER_DATA_OFFSET(nb)) + NET_BUFFER_DATA_LENGTH(nb);
  if (!chain) {
    *problem = need ? "the NB has data but no MDL chain" : nullptr;
    return !need;
  }
  if (chain_bytes(chain) < need) {
    *problem = "the MDL chain holds fewer than DataOffset + DataLength bytes";
    return false;
  }
  // The current MDL and offset must name the point DataOffset bytes into the chain.
  uint64_t before = 0;
  size_t n = 0;
  PMDL m = chain;
  for (; m && m != NET_BUFFER_CURRENT_MDL(nb) && n < kMaxChain; m = m->Next, ++n) before += m->ByteCount;
  if (!m) {
    *problem = "CurrentMdl is not an MDL of the NB's chain";
    return false;
  }
  if (before + NET_BUFFER_CURRENT_MDL_OFFSET(nb) != NET_BUFFER_DATA_OFFSET(nb)) {
    *problem = "CurrentMdl + CurrentMdlOffset is not DataOffset bytes into the chain";
    return false;
  }
  *problem = nullptr;
  return true;
}

uint64_t nb_copy(PNET_BUFFER nb, uint64_t offset, void* out, const void* in, uint64_t bytes) {
  PMDL m = NET_BUFFER_CURRENT_MDL(nb);
  uint64_t pos = uint64_t(NET_BUFFER_CURRENT_MDL_OFFSET(nb)) + offset;  // into m
  uint64_t done = 0;
  size_t n = 0;
  while (m && done < bytes && n++ < kMaxChain) {
    if (pos >= m->ByteCount) {
      pos -= m->ByteCount;
      m = m->Next;
      continue;
    }
    const uint64_t chunk = std::min<uint64_t>(m->ByteCount - pos, bytes - done);
    char* base = static_cast<char*>(MmGetSystemAddressForMdlSafe(m, NormalPagePriority)) + pos;
    if (in) std::memcpy(base, static_cast<const char*>(in) + done, chunk);
    else std::memcpy(static_cast<char*>(out) + done, base, chunk);
    done += chunk;
    pos = 0;
    m = m->Next;
  }
  return done;
}

NblStore::~NblStore() { release_all(); }

NblPool* NblStore::nbl_pool(const void* handle) {
  auto it = nbl_pools_.find(handle);
  return it == nbl_pools_.end() ? nullptr : it->second;
}
NbPool* NblStore::nb_pool(const void* handle) {
  auto it = nb_pools_.find(handle);
  return it == nb_pools_.end() ? nullptr : it->second;
}

NblPool* NblStore::add_nbl_pool(void* owner, const NET_BUFFER_LIST_POOL_PARAMETERS& params) {
  auto* pool = new (std::nothrow) NblPool{};
  if (!pool) return nullptr;
  pool->owner = owner;
  pool->params = params;
  pool->handle = rt_.handles().insert(ObjectType::NblPool, pool);
  nbl_pools_[pool->handle] = pool;
  return pool;
}

NbPool* NblStore::add_nb_pool(void* owner, const NET_BUFFER_POOL_PARAMETERS& params) {
  auto* pool = new (std::nothrow) NbPool{};
  if (!pool) return nullptr;
  pool->owner = owner;
  pool->params = params;
  pool->handle = rt_.handles().insert(ObjectType::NbPool, pool);
  nb_pools_[pool->handle] = pool;
  return pool;
}

void NblStore::remove_nbl_pool(NblPool* pool) {
  nbl_pools_.erase(pool->handle);
  rt_.handles().remove(pool->handle);
  delete pool;
}

void NblStore::remove_nb_pool(NbPool* pool) {
  nb_pools_.erase(pool->handle);
  rt_.handles().remove(pool->handle);
  delete pool;
}

PNET_BUFFER_LIST NblStore::allocate_nbl(NblPool* pool) {
  const bool with_nb = pool->params.fAllocateNetBuffer;
  const ULONG data = with_nb ? pool->params.DataSize : 0;
  const size_t bytes = with_nb ? sizeof(NblBlock) + data : sizeof(NET_BUFFER_LIST);
  auto* block = static_cast<NblBlock*>(zalloc(bytes));
  if (!block) return nullptr;
  PNET_BUFFER_LIST nbl = &block->nbl;
  nbl->NdisPoolHandle = pool->handle;
  NblRecord record;
  record.pool = pool;
  if (with_nb) {
    PNET_BUFFER nb = &block->nb;
    nb->NdisPoolHandle = pool->handle;
    NET_BUFFER_LIST_FIRST_NB(nbl) = nb;
    record.preallocated_nb = nb;
    if (data) {
      build_mdl(&block->mdl, reinterpret_cast<char*>(block) + sizeof(NblBlock), data);
      NET_BUFFER_FIRST_MDL(nb) = &block->mdl;
      NET_BUFFER_CURRENT_MDL(nb) = &block->mdl;
      NET_BUFFER_DATA_LENGTH(nb) = data;
    }
  }
  nbls_.emplace(nbl, std::move(record));
  ++pool->outstanding;
  return nbl;
}

void NblStore::free_nbl(PNET_BUFFER_LIST nbl) {
  auto it = nbls_.find(nbl);
  if (it == nbls_.end()) return;
  if (it->second.pool) --it->second.pool->outstanding;
  nbls_.erase(it);
  free_context_blocks(nbl);
  zfree(nbl);  // the NBL is the first member of its block
}

PNET_BUFFER NblStore::allocate_nb(NbPool* pool, bool with_data) {
  const ULONG data = with_data ? pool->params.DataSize : 0;
  auto* block = static_cast<NbBlock*>(zalloc(sizeof(NbBlock) + data));
  if (!block) return nullptr;
  PNET_BUFFER nb = &block->nb;
  nb->NdisPoolHandle = pool->handle;
  if (data) {
    build_mdl(&block->mdl, reinterpret_cast<char*>(block) + sizeof(NbBlock), data);
    NET_BUFFER_FIRST_MDL(nb) = &block->mdl;
    NET_BUFFER_CURRENT_MDL(nb) = &block->mdl;
    NET_BUFFER_DATA_LENGTH(nb) = data;
  }
  nbs_.emplace(nb, NbRecord{pool, with_data});
  ++pool->outstanding;
  return nb;
}

void NblStore::free_nb(PNET_BUFFER nb) {
  auto it = nbs_.find(nb);
  if (it == nbs_.end()) return;
  if (it->second.pool) --it->second.pool->outstanding;
  nbs_.erase(it);
  zfree(nb);
}

PMDL NblStore::allocate_mdl(void* owner, void* address, ULONG length, bool retreat) {
  const uintptr_t va = reinterpret_cast<uintptr_t>(address);
  const size_t pages = length ? ((va % kPage) + length + kPage - 1) / kPage : 0;
  auto* mdl = static_cast<PMDL>(zalloc(sizeof(MDL) + 8 * pages));
  if (!mdl) return nullptr;
  build_mdl(mdl, address, length);
  mdls_.emplace(mdl, MdlRecord{owner, retreat, false, nullptr});
  return mdl;
}

void NblStore::free_mdl(PMDL mdl) {
  auto it = mdls_.find(mdl);
  if (it == mdls_.end()) return;
  const bool driver_made = it->second.driver_made;
  const bool own_data = it->second.retreat && !driver_made;
  mdls_.erase(it);
  if (driver_made) return;  // the driver's NetFreeMdl frees it
  if (own_data) zfree(mdl->MappedSystemVa);
  zfree(mdl);
}

NblRecord* NblStore::nbl(const void* p) {
  auto it = nbls_.find(p);
  return it == nbls_.end() ? nullptr : &it->second;
}
NbRecord* NblStore::nb(const void* p) {
  auto it = nbs_.find(p);
  return it == nbs_.end() ? nullptr : &it->second;
}
MdlRecord* NblStore::mdl(const void* p) {
  auto it = mdls_.find(p);
  return it == mdls_.end() ? nullptr : &it->second;
}

size_t NblStore::nbls_in(NblWhere where, const void* adapter_or_binding) const {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (auto& [p, r] : nbls_)
    if (r.where == where && (!adapter_or_binding || r.adapter == adapter_or_binding ||
                             r.sender_binding == adapter_or_binding || r.receiver_binding == adapter_or_binding))
      ++n;
  return n;
}

void NblStore::binding_closing(const void* binding) {
  size_t sends = 0, receives = 0;
  {
    std::lock_guard lock(mutex_);
    for (auto& [p, r] : nbls_) {
      if ((r.where == NblWhere::SendAtMiniport || r.where == NblWhere::SendInNdis) && r.sender_binding == binding) ++sends;
      if (r.where == NblWhere::ReceiveAtProtocol && r.receiver_binding == binding) ++receives;
    }
  }
  if ((!sends && !receives) || !rt_.verifier().enabled()) return;
  rt_.verifier()
      .finding("DP-039", "NdisCloseAdapterEx")
      .handle("NdisBindingHandle", binding)
      .value("sends outstanding", std::to_string(sends))
      .value("receives held", std::to_string(receives))
      .message("the binding closes while sends on it are outstanding or received NBLs were not returned")
      .expected("every send completed and every received NBL returned before the binding closes")
      .remedy("wait for the send completions and return held NBLs in the unbind path before NdisCloseAdapterEx");
}

void NblStore::adapter_halting(const void* adapter) {
  size_t sends = 0, receives = 0;
  {
    std::lock_guard lock(mutex_);
    for (auto& [p, r] : nbls_) {
      if (r.adapter != adapter) continue;
      sends += r.where == NblWhere::SendAtMiniport;
      receives += r.where == NblWhere::ReceiveAtProtocol;
    }
  }
  if ((!sends && !receives) || !rt_.verifier().enabled()) return;
  rt_.verifier()
      .finding("DP-038", "MiniportHaltEx")
      .handle("MiniportAdapterHandle", adapter)
      .value("sends held by the miniport", std::to_string(sends))
      .value("indicated NBLs not returned", std::to_string(receives))
      .message("the adapter halts with data still in flight")
      .expected("no send held and every indicated NBL back when MiniportHaltEx is entered")
      .remedy("complete every send and let every VC deactivate before the adapter halts");
}

void NblStore::collect_leaks(LeakReport& report) const {
  auto& rt = rt_;
  std::lock_guard lock(mutex_);
  for (auto& [h, pool] : nbl_pools_)
    report.leaks.push_back({"DP-036", "NBL pool", owner_label(rt, pool->owner),
                            format_handle(pool->handle) + ", " + std::to_string(pool->outstanding) +
                                " NBL(s) not freed"});
  for (auto& [h, pool] : nb_pools_)
    report.leaks.push_back({"DP-036", "NB pool", owner_label(rt, pool->owner),
                            format_handle(pool->handle) + ", " + std::to_string(pool->outstanding) +
                                " NB(s) not freed"});
  for (auto& [p, r] : nbls_) {
    const char* rule = "DP-036";
    if (r.where == NblWhere::SendAtMiniport) rule = "DP-012";
    if (r.where == NblWhere::ReceiveAtProtocol) rule = "DP-025";
    report.leaks.push_back({rule, "NBL", owner_label(rt, r.pool ? r.pool->owner : nullptr),
                            address(p) + " " + nbl_where_name(r.where) +
                                (r.vc_handle ? ", VC " + format_handle(r.vc_handle) : std::string())});
  }
  for (auto& [p, r] : nbs_)
    report.leaks.push_back({"DP-036", "NB", owner_label(rt, r.pool ? r.pool->owner : nullptr), address(p)});
  for (auto& [p, r] : mdls_) {
    if (!r.owner && r.retreat) continue;  // still chained on an NB: goes with it
    const bool adapter = handle_runtime_slot(r.owner) &&
                         HandleBits::type(reinterpret_cast<uint64_t>(r.owner)) == ObjectType::Adapter;
    report.leaks.push_back({adapter ? "DP-038" : "DP-035", "MDL", owner_label(rt, r.owner), address(p)});
  }
}

void NblStore::release_all() {
  std::lock_guard lock(mutex_);
  for (auto& [p, r] : nbls_) {
    auto* nbl = const_cast<PNET_BUFFER_LIST>(static_cast<const NET_BUFFER_LIST*>(p));
    free_context_blocks(nbl);
    zfree(nbl);
  }
  nbls_.clear();
  for (auto& [p, r] : nbs_) zfree(const_cast<void*>(p));
  nbs_.clear();
  for (auto& [p, r] : mdls_) {
    if (r.driver_made) continue;
    if (r.retreat) zfree(static_cast<const MDL*>(p)->MappedSystemVa);
    zfree(const_cast<void*>(p));
  }
  mdls_.clear();
  for (auto& [h, pool] : nbl_pools_) {
    rt_.handles().remove(pool->handle);
    delete pool;
  }
  nbl_pools_.clear();
  for (auto& [h, pool] : nb_pools_) {
    rt_.handles().remove(pool->handle);
    delete pool;
  }
  nb_pools_.clear();
}

}  // namespace condis::core
