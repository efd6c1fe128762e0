// The NBL, NB and MDL services (vc-data-requests.md 2.4): pools, allocation and free, context
// areas, retreat and advance, NdisGetDataBuffer and the copy helper. Any NDIS driver calls them,
// at IRQL <= DISPATCH_LEVEL (DP-002). Objects live in the runtime's NblStore (core/nbl_store.hpp).
#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>
#include <type_traits>

#include "api/co_common.hpp"
#include "core/nbl_store.hpp"

using namespace condis;
using namespace condis::api;
using core::NblPool;
using core::NblRecord;
using core::NblStore;
using core::NblWhere;
using core::NbPool;

namespace {

// The runtime of a pool handle, or of the calling thread.
RuntimeCore* rt_of(const void* handle) { return RuntimeCore::for_handle(handle); }

// The runtime of an NB or NBL: the calling thread's, else its pool handle's.
template <class T>
RuntimeCore* rt_of_object(const T* object) {
  if (RuntimeCore* rt = RuntimeCore::current()) return rt;
  return object ? RuntimeCore::owner_of(object->NdisPoolHandle) : nullptr;
}

bool irql_ok(RuntimeCore& rt, const char* fn) { return irql_at_most_dispatch(rt, "DP-002", fn); }

void report(RuntimeCore& rt, const char* rule, const char* fn, const std::string& message, const std::string& expected,
            const std::string& remedy, const void* object = nullptr, const char* parameter = nullptr) {
  if (!checking(rt)) return;
  auto f = rt.verifier().finding(rule, fn);
  if (parameter) f.handle(parameter, object);
  f.message(message).expected(expected).remedy(remedy);
}

// What a pool-free call reports, by kind of pool.
struct PoolFreeNames {
  const char* fn;          // the free function
  const char* kind;        // "NBL" / "NB"
  const char* allocator;   // the function that creates such pools
  const char* items;       // "NBLs" / "NBs"
  const char* item_free;   // the function that frees one item
  const char* remedy;      // DP-036's remedy
};

// NdisFreeNetBufferListPool / NdisFreeNetBufferPool: a dead handle is DP-035 and ignored; a pool
// with items still allocated is DP-036 and kept.
template <class Pool>
void free_pool(NDIS_HANDLE PoolHandle, const PoolFreeNames& names) {
  RuntimeCore* rtp = rt_of(PoolHandle);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, names.fn)) return;
  NblStore& store = rt.nbls();
  std::unique_lock lock(store.mutex());
  Pool* pool;
  if constexpr (std::is_same_v<Pool, NblPool>) pool = store.nbl_pool(PoolHandle);
  else pool = store.nb_pool(PoolHandle);
  if (!pool) {
    lock.unlock();
    report(rt, "DP-035", names.fn, std::string("not a live ") + names.kind + " pool handle; the call is ignored",
           std::string("a handle ") + names.allocator + " returned, freed once", "free each pool once", PoolHandle,
           "PoolHandle");
    return;
  }
  if (pool->outstanding) {
    const uint64_t n = pool->outstanding;
    lock.unlock();
    if (checking(rt))
      rt.verifier()
          .finding("DP-036", names.fn)
          .handle("PoolHandle", PoolHandle)
          .value(std::string(names.items) + " not freed", std::to_string(n))
          .message(std::string("the pool still has ") + names.items + " allocated; it is kept")
          .expected(std::string("every ") + names.kind + " of the pool freed with " + names.item_free + " first")
          .remedy(names.remedy);
    return;
  }
  if constexpr (std::is_same_v<Pool, NblPool>) store.remove_nbl_pool(pool);
  else store.remove_nb_pool(pool);
}

bool aligned16(ULONG v) { return v % MEMORY_ALLOCATION_ALIGNMENT == 0; }

// Context block with `used` + `spare` bytes, the used part at its end.
PNET_BUFFER_LIST_CONTEXT new_context(USHORT used, USHORT spare, PNET_BUFFER_LIST_CONTEXT next) {
  const size_t bytes = sizeof(NET_BUFFER_LIST_CONTEXT) + size_t(used) + spare;
  void* p = ::operator new(bytes, std::align_val_t(MEMORY_ALLOCATION_ALIGNMENT), std::nothrow);
  if (!p) return nullptr;
  std::memset(p, 0, bytes);
  auto* c = static_cast<PNET_BUFFER_LIST_CONTEXT>(p);
  c->Next = next;
  c->Size = USHORT(used + spare);
  c->Offset = spare;
  return c;
}
void free_context(PNET_BUFFER_LIST_CONTEXT c) { ::operator delete(c, std::align_val_t(MEMORY_ALLOCATION_ALIGNMENT)); }

// Sets the NB's five data fields for (chain, offset, length).
void set_nb_data(PNET_BUFFER nb, PMDL chain, ULONG offset, SIZE_T length) {
  NET_BUFFER_FIRST_MDL(nb) = chain;
  NET_BUFFER_DATA_OFFSET(nb) = offset;
  nb->NetBufferHeader.NetBufferData.NbDataLength.stDataLength = length;
  PMDL current = nullptr;
  ULONG current_offset = 0;
  core::locate(chain, offset, &current, &current_offset);
  NET_BUFFER_CURRENT_MDL(nb) = current;
  NET_BUFFER_CURRENT_MDL_OFFSET(nb) = current_offset;
}

// DP-034: the data arguments of the NB allocators.
bool data_arguments_ok(RuntimeCore& rt, const char* fn, PMDL chain, ULONG offset, SIZE_T length) {
  if (!chain && (offset || length)) {
    report(rt, "DP-034", fn, "DataOffset or DataLength is nonzero with a NULL MdlChain; nothing is allocated",
           "DataOffset = 0 and DataLength = 0 when MdlChain is NULL", "pass the MDL chain that holds the data");
    return false;
  }
  if (chain && core::chain_bytes(chain) < uint64_t(offset) + length) {
    report(rt, "DP-034", fn, "the MDL chain holds fewer than DataOffset + DataLength bytes; nothing is allocated",
           "an MDL chain of at least DataOffset + DataLength bytes", "describe the whole buffer with the MDL chain");
    return false;
  }
  return true;
}

// DP-032: malformed pool parameters; no pool is created.
NDIS_HANDLE refuse_pool(RuntimeCore& rt, const char* fn, NDIS_HANDLE owner, const char* problem, const char* expected,
                        const char* parameters_type) {
  report(rt, "DP-032", fn, std::string(problem) + "; no pool is created", expected,
         std::string("fill ") + parameters_type + " as the spec lists it", owner, "NdisHandle");
  return nullptr;
}

}  // namespace

extern "C" {

// ---- Pools (2.4.1, 2.4.2) ----------------------------------------------------------------------

NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_LIST_POOL_PARAMETERS Parameters) {
  static constexpr const char* fn = "NdisAllocateNetBufferListPool";
  RuntimeCore* rtp = rt_of(NdisHandle);
  if (!rtp) return nullptr;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn)) return nullptr;
  const char* problem = nullptr;
  if (!Parameters) problem = "Parameters is NULL";
  else if (Parameters->Header.Type != NDIS_OBJECT_TYPE_DEFAULT) problem = "Header.Type is not NDIS_OBJECT_TYPE_DEFAULT";
  else if (Parameters->Header.Revision != NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1) problem = "Header.Revision is not 1";
  else if (Parameters->Header.Size < NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1) problem = "Header.Size < 16";
  else if (!Parameters->fAllocateNetBuffer && Parameters->DataSize) problem = "DataSize is nonzero but fAllocateNetBuffer is FALSE";
  else if (!aligned16(Parameters->ContextSize)) problem = "ContextSize is not a multiple of MEMORY_ALLOCATION_ALIGNMENT";
  if (problem)
    return refuse_pool(rt, fn, NdisHandle, problem,
                       "Header {NDIS_OBJECT_TYPE_DEFAULT, 1, 16}; DataSize only with fAllocateNetBuffer; ContextSize a "
                       "multiple of 16",
                       "NET_BUFFER_LIST_POOL_PARAMETERS");
  std::lock_guard lock(rt.nbls().mutex());
  NblPool* pool = rt.nbls().add_nbl_pool(NdisHandle, *Parameters);
  return pool ? pool->handle : nullptr;
}

VOID NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle) {
  free_pool<NblPool>(PoolHandle, {"NdisFreeNetBufferListPool", "NBL", "NdisAllocateNetBufferListPool", "NBLs",
                                  "NdisFreeNetBufferList",
                                  "wait until sends completed and receives came back, free the NBLs, then the pool"});
}

NDIS_HANDLE NdisAllocateNetBufferPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_POOL_PARAMETERS Parameters) {
  static constexpr const char* fn = "NdisAllocateNetBufferPool";
  RuntimeCore* rtp = rt_of(NdisHandle);
  if (!rtp) return nullptr;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn)) return nullptr;
  const char* problem = nullptr;
  if (!Parameters) problem = "Parameters is NULL";
  else if (Parameters->Header.Type != NDIS_OBJECT_TYPE_DEFAULT) problem = "Header.Type is not NDIS_OBJECT_TYPE_DEFAULT";
  else if (Parameters->Header.Revision != NET_BUFFER_POOL_PARAMETERS_REVISION_1) problem = "Header.Revision is not 1";
  else if (Parameters->Header.Size < NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1) problem = "Header.Size < 12";
  if (problem) return refuse_pool(rt, fn, NdisHandle, problem, "Header {NDIS_OBJECT_TYPE_DEFAULT, 1, 12}",
                                  "NET_BUFFER_POOL_PARAMETERS");
  std::lock_guard lock(rt.nbls().mutex());
  NbPool* pool = rt.nbls().add_nb_pool(NdisHandle, *Parameters);
  return pool ? pool->handle : nullptr;
}

VOID NdisFreeNetBufferPool(NDIS_HANDLE PoolHandle) {
  free_pool<NbPool>(PoolHandle, {"NdisFreeNetBufferPool", "NB", "NdisAllocateNetBufferPool", "NBs", "NdisFreeNetBuffer",
                                 "free the NBs, then the pool"});
}

// ---- NBLs (2.4.3) --------------------------------------------------------------------------------

static PNET_BUFFER_LIST allocate_nbl(const char* fn, NDIS_HANDLE PoolHandle, USHORT ContextSize,
                                     USHORT ContextBackFill, bool with_nb_data, PMDL MdlChain, ULONG DataOffset,
                                     SIZE_T DataLength) {
  RuntimeCore* rtp = rt_of(PoolHandle);
  if (!rtp) return nullptr;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn)) return nullptr;
  NblPool* pool;
  NET_BUFFER_LIST_POOL_PARAMETERS params{};
  {
    std::lock_guard lock(rt.nbls().mutex());
    pool = rt.nbls().nbl_pool(PoolHandle);
    if (pool) params = pool->params;
  }
  const char* problem = nullptr;
  if (!pool) problem = "PoolHandle is not a live NBL pool";
  else if (with_nb_data && (!params.fAllocateNetBuffer || params.DataSize))
    problem = "the pool was not created with fAllocateNetBuffer TRUE and DataSize 0";
  if (problem) {
    if (checking(rt))
      rt.verifier()
          .finding("DP-033", fn)
          .handle("PoolHandle", PoolHandle)
          .message(std::string(problem) + "; NULL is returned")
          .expected(with_nb_data ? "an NBL pool with fAllocateNetBuffer TRUE and DataSize 0" : "an NBL pool handle")
          .remedy("allocate from a pool created for this allocator");
    return nullptr;
  }
  if (!aligned16(ContextSize) || !aligned16(ContextBackFill))
    report(rt, "DP-034", fn, "ContextSize or ContextBackFill is not a multiple of MEMORY_ALLOCATION_ALIGNMENT",
           "multiples of 16", "round the context sizes up to a multiple of MEMORY_ALLOCATION_ALIGNMENT", PoolHandle,
           "PoolHandle");
  if (with_nb_data && !data_arguments_ok(rt, fn, MdlChain, DataOffset, DataLength)) return nullptr;
  PNET_BUFFER_LIST_CONTEXT context = nullptr;
  if (ContextSize || ContextBackFill) {
    context = new_context(ContextSize, ContextBackFill, nullptr);
    if (!context) return nullptr;
  }
  std::lock_guard lock(rt.nbls().mutex());
  PNET_BUFFER_LIST nbl = rt.nbls().allocate_nbl(pool);
  if (!nbl) {
    if (context) free_context(context);
    return nullptr;
  }
  nbl->Context = context;
  if (with_nb_data) set_nb_data(NET_BUFFER_LIST_FIRST_NB(nbl), MdlChain, DataOffset, DataLength);
  return nbl;
}

PNET_BUFFER_LIST NdisAllocateNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize, USHORT ContextBackFill) {
  return allocate_nbl("NdisAllocateNetBufferList", PoolHandle, ContextSize, ContextBackFill, false, nullptr, 0, 0);
}

PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize,
                                                       USHORT ContextBackFill, PMDL MdlChain, ULONG DataOffset,
                                                       SIZE_T DataLength) {
  return allocate_nbl("NdisAllocateNetBufferAndNetBufferList", PoolHandle, ContextSize, ContextBackFill, true, MdlChain,
                      DataOffset, DataLength);
}

VOID NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList) {
  static constexpr const char* fn = "NdisFreeNetBufferList";
  RuntimeCore* rtp = rt_of_object(NetBufferList);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn)) return;
  std::unique_lock lock(rt.nbls().mutex());
  NblRecord* r = rt.nbls().nbl(NetBufferList);
  if (!r) {
    lock.unlock();
    report(rt, "DP-035", fn, "not an NBL from NdisAllocateNetBufferList / NdisAllocateNetBufferAndNetBufferList, or already freed; the call is ignored",
           "an NBL the caller allocated and still owns, freed once", "free each NBL once, after it came back",
           NetBufferList, "NetBufferList");
    return;
  }
  if (r->where != NblWhere::Owner) {
    const NblWhere where = r->where;
    lock.unlock();
    const bool send = where == NblWhere::SendInNdis || where == NblWhere::SendAtMiniport;
    if (checking(rt))
      rt.verifier()
          .finding(send ? "DP-009" : "DP-021", fn)
          .handle("NetBufferList", NetBufferList)
          .state("NBL", core::nbl_where_name(where))
          .message("the NBL is in flight; it is not freed")
          .expected(send ? "free a sent NBL only after ProtocolCoSendNetBufferListsComplete gave it back"
                         : "free an indicated NBL only after MiniportReturnNetBufferLists gave it back")
          .remedy("wait for the NBL to come back before freeing it");
    return;
  }
  const size_t pushed = r->contexts.size();
  rt.nbls().free_nbl(NetBufferList);
  lock.unlock();
  if (pushed)
    report(rt, "DP-035", fn,
           std::to_string(pushed) + " NdisAllocateNetBufferListContext allocation(s) were not released; freed with the NBL",
           "NdisFreeNetBufferListContext for every context allocation before NdisFreeNetBufferList",
           "release the context areas you allocated, in reverse order", NetBufferList, "NetBufferList");
}

// condis allocates no clones, fragments or reassemblies, so none of these can name one of its NBLs.
static void not_ours(PNET_BUFFER_LIST nbl, const char* fn, const char* allocator) {
  RuntimeCore* rtp = rt_of_object(nbl);
  if (!rtp) return;
  report(*rtp, "DP-035", fn, std::string("the NBL was not allocated by ") + allocator + "; the call is ignored",
         std::string("only NBLs from ") + allocator, "free NBLs with the function matching their allocator", nbl,
         "NetBufferList");
}
VOID NdisFreeCloneNetBufferList(PNET_BUFFER_LIST CloneNetBufferList, ULONG) {
  not_ours(CloneNetBufferList, "NdisFreeCloneNetBufferList", "NdisAllocateCloneNetBufferList");
}
VOID NdisFreeFragmentNetBufferList(PNET_BUFFER_LIST FragmentNetBufferList, ULONG, ULONG) {
  not_ours(FragmentNetBufferList, "NdisFreeFragmentNetBufferList", "NdisAllocateFragmentNetBufferList");
}
VOID NdisFreeReassembledNetBufferList(PNET_BUFFER_LIST ReassembledNetBufferList, ULONG, ULONG) {
  not_ours(ReassembledNetBufferList, "NdisFreeReassembledNetBufferList", "NdisAllocateReassembledNetBufferList");
}

// ---- NBs (2.4.4) ---------------------------------------------------------------------------------

static PNET_BUFFER allocate_nb(const char* fn, NDIS_HANDLE PoolHandle, bool with_data, PMDL MdlChain,
                               ULONG DataOffset, SIZE_T DataLength) {
  RuntimeCore* rtp = rt_of(PoolHandle);
  if (!rtp) return nullptr;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn)) return nullptr;
  std::unique_lock lock(rt.nbls().mutex());
  NbPool* pool = rt.nbls().nb_pool(PoolHandle);
  const char* problem = nullptr;
  if (!pool) problem = "PoolHandle is not a live NB pool";
  else if (with_data && !pool->params.DataSize) problem = "the NB pool has no DataSize";
  if (problem) {
    lock.unlock();
    if (checking(rt))
      rt.verifier()
          .finding("DP-033", fn)
          .handle("PoolHandle", PoolHandle)
          .message(std::string(problem) + "; NULL is returned")
          .expected(with_data ? "an NB pool created with a nonzero DataSize" : "an NB pool handle")
          .remedy("allocate from a pool created for this allocator");
    return nullptr;
  }
  lock.unlock();
  if (!with_data && !data_arguments_ok(rt, fn, MdlChain, DataOffset, DataLength)) return nullptr;
  lock.lock();
  pool = rt.nbls().nb_pool(PoolHandle);
  if (!pool) return nullptr;
  PNET_BUFFER nb = rt.nbls().allocate_nb(pool, with_data);
  if (nb && !with_data) set_nb_data(nb, MdlChain, DataOffset, DataLength);
  return nb;
}

PNET_BUFFER NdisAllocateNetBuffer(NDIS_HANDLE PoolHandle, PMDL MdlChain, ULONG DataOffset, SIZE_T DataLength) {
  return allocate_nb("NdisAllocateNetBuffer", PoolHandle, false, MdlChain, DataOffset, DataLength);
}

PNET_BUFFER NdisAllocateNetBufferMdlAndData(NDIS_HANDLE PoolHandle) {
  return allocate_nb("NdisAllocateNetBufferMdlAndData", PoolHandle, true, nullptr, 0, 0);
}

VOID NdisFreeNetBuffer(PNET_BUFFER NetBuffer) {
  static constexpr const char* fn = "NdisFreeNetBuffer";
  RuntimeCore* rtp = rt_of_object(NetBuffer);
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn)) return;
  std::unique_lock lock(rt.nbls().mutex());
  if (!rt.nbls().nb(NetBuffer)) {
    lock.unlock();
    report(rt, "DP-035", fn,
           "not an NB from NdisAllocateNetBuffer / NdisAllocateNetBufferMdlAndData (an NBL's preallocated NB goes with "
           "its NBL), or already freed; the call is ignored",
           "an NB the caller allocated with NdisAllocateNetBuffer, freed once",
           "free an NBL's preallocated NB with its NBL; free other NBs once", NetBuffer, "NetBuffer");
    return;
  }
  rt.nbls().free_nb(NetBuffer);
}

// ---- MDLs (2.4.5) --------------------------------------------------------------------------------

PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length) {
  static constexpr const char* fn = "NdisAllocateMdl";
  RuntimeCore* rtp = rt_of(NdisHandle);
  if (!rtp) return nullptr;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn) || !VirtualAddress) return nullptr;
  std::lock_guard lock(rt.nbls().mutex());
  return rt.nbls().allocate_mdl(NdisHandle, VirtualAddress, Length);
}

VOID NdisFreeMdl(PMDL Mdl) {
  static constexpr const char* fn = "NdisFreeMdl";
  RuntimeCore* rtp = RuntimeCore::current();
  if (!rtp) return;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn)) return;
  std::unique_lock lock(rt.nbls().mutex());
  core::MdlRecord* r = rt.nbls().mdl(Mdl);
  if (!r || r->retreat) {
    lock.unlock();
    report(rt, "DP-035", fn, "not an MDL from NdisAllocateMdl, or already freed; the call is ignored",
           "an MDL NdisAllocateMdl returned, freed once", "free only MDLs you allocated with NdisAllocateMdl", Mdl,
           "Mdl");
    return;
  }
  rt.nbls().free_mdl(Mdl);
}

// ---- Retreat and advance (2.4.6) -----------------------------------------------------------------

static NDIS_STATUS retreat(RuntimeCore& rt, PNET_BUFFER nb, ULONG delta, ULONG backfill,
                           NET_BUFFER_ALLOCATE_MDL_HANDLER allocate) {
  if (NET_BUFFER_DATA_OFFSET(nb) >= delta) {
    set_nb_data(nb, NET_BUFFER_FIRST_MDL(nb), NET_BUFFER_DATA_OFFSET(nb) - delta,
                SIZE_T(NET_BUFFER_DATA_LENGTH(nb)) + delta);
    return NDIS_STATUS_SUCCESS;
  }
  // Part of the backfill would sit between the new buffer and the data (decisions: retreat).
  if (NET_BUFFER_DATA_OFFSET(nb) != 0) return NDIS_STATUS_FAILURE;
  const ULONG size = delta + backfill;
  PMDL mdl;
  if (allocate) {
    ULONG buffer_size = size;
    mdl = upcall(rt, {"NetAllocateMdl", "driver"}, allocate, &buffer_size);
    if (!mdl) return NDIS_STATUS_RESOURCES;
    if (mdl->ByteCount < delta) return NDIS_STATUS_FAILURE;
    // Recorded so that the matching advance frees it through the driver's NetFreeMdl.
    std::lock_guard lock(rt.nbls().mutex());
    rt.nbls().adopt_mdl(mdl);
  } else {
    void* data = ::operator new(size ? size : 1, std::align_val_t(MEMORY_ALLOCATION_ALIGNMENT), std::nothrow);
    if (!data) return NDIS_STATUS_RESOURCES;
    std::lock_guard lock(rt.nbls().mutex());
    mdl = rt.nbls().allocate_mdl(nullptr, data, size, true);
    if (!mdl) {
      ::operator delete(data, std::align_val_t(MEMORY_ALLOCATION_ALIGNMENT));
      return NDIS_STATUS_RESOURCES;
    }
  }
  mdl->Next = NET_BUFFER_FIRST_MDL(nb);
  set_nb_data(nb, mdl, mdl->ByteCount - delta, SIZE_T(NET_BUFFER_DATA_LENGTH(nb)) + delta);
  return NDIS_STATUS_SUCCESS;
}

static void advance(RuntimeCore& rt, PNET_BUFFER nb, ULONG delta, BOOLEAN free_mdl, NET_BUFFER_FREE_MDL_HANDLER free) {
  PMDL chain = NET_BUFFER_FIRST_MDL(nb);
  ULONG offset = NET_BUFFER_DATA_OFFSET(nb) + delta;
  const SIZE_T length = NET_BUFFER_DATA_LENGTH(nb) - delta;
  if (free_mdl) {
    for (;;) {
      PMDL head = chain;
      NET_BUFFER_FREE_MDL_HANDLER driver_free = nullptr;
      {
        std::lock_guard lock(rt.nbls().mutex());
        core::MdlRecord* r = head ? rt.nbls().mdl(head) : nullptr;
        if (!r || !r->retreat || offset < head->ByteCount) break;
        chain = head->Next;
        offset -= head->ByteCount;
        if (r->driver_made) driver_free = free;
        rt.nbls().free_mdl(head);
      }
      if (driver_free) upcall(rt, {"NetFreeMdl", "driver"}, driver_free, head);
    }
  }
  set_nb_data(nb, chain, offset, length);
}

NDIS_STATUS NdisRetreatNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, ULONG DataBackFill,
                                          NET_BUFFER_ALLOCATE_MDL_HANDLER AllocateMdlHandler) {
  RuntimeCore* rtp = rt_of_object(NetBuffer);
  if (!rtp || !NetBuffer) return NDIS_STATUS_FAILURE;
  if (!irql_ok(*rtp, "NdisRetreatNetBufferDataStart")) return NDIS_STATUS_FAILURE;
  return retreat(*rtp, NetBuffer, DataOffsetDelta, DataBackFill, AllocateMdlHandler);
}

static bool advance_ok(RuntimeCore& rt, const char* fn, PNET_BUFFER nb, ULONG delta) {
  if (delta <= NET_BUFFER_DATA_LENGTH(nb)) return true;
  if (checking(rt))
    rt.verifier()
        .finding("DP-037", fn)
        .value("DataOffsetDelta", std::to_string(delta))
        .value("DataLength", std::to_string(NET_BUFFER_DATA_LENGTH(nb)))
        .message("the advance goes past the used data; the NB is left unchanged")
        .expected("DataOffsetDelta <= DataLength of every NB")
        .remedy("advance at most over the data the NB holds");
  return false;
}

VOID NdisAdvanceNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
                                   NET_BUFFER_FREE_MDL_HANDLER FreeMdlHandler) {
  static constexpr const char* fn = "NdisAdvanceNetBufferDataStart";
  RuntimeCore* rtp = rt_of_object(NetBuffer);
  if (!rtp || !NetBuffer) return;
  if (!irql_ok(*rtp, fn) || !advance_ok(*rtp, fn, NetBuffer, DataOffsetDelta)) return;
  advance(*rtp, NetBuffer, DataOffsetDelta, FreeMdl, FreeMdlHandler);
}

NDIS_STATUS NdisRetreatNetBufferListDataStart(PNET_BUFFER_LIST NetBufferList, ULONG DataOffsetDelta,
                                              ULONG DataBackFill, NET_BUFFER_ALLOCATE_MDL_HANDLER AllocateMdlHandler,
                                              NET_BUFFER_FREE_MDL_HANDLER FreeMdlHandler) {
  RuntimeCore* rtp = rt_of_object(NetBufferList);
  if (!rtp || !NetBufferList) return NDIS_STATUS_FAILURE;
  if (!irql_ok(*rtp, "NdisRetreatNetBufferListDataStart")) return NDIS_STATUS_FAILURE;
  for (PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(NetBufferList); nb; nb = NET_BUFFER_NEXT_NB(nb)) {
    NDIS_STATUS s = retreat(*rtp, nb, DataOffsetDelta, DataBackFill, AllocateMdlHandler);
    if (s == NDIS_STATUS_SUCCESS) continue;
    // Undo the NBs already retreated, so the NBL is as it was.
    for (PNET_BUFFER done = NET_BUFFER_LIST_FIRST_NB(NetBufferList); done != nb; done = NET_BUFFER_NEXT_NB(done))
      advance(*rtp, done, DataOffsetDelta, TRUE, FreeMdlHandler);
    return s;
  }
  return NDIS_STATUS_SUCCESS;
}

VOID NdisAdvanceNetBufferListDataStart(PNET_BUFFER_LIST NetBufferList, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
                                       NET_BUFFER_FREE_MDL_HANDLER FreeMdlMdlHandler) {
  static constexpr const char* fn = "NdisAdvanceNetBufferListDataStart";
  RuntimeCore* rtp = rt_of_object(NetBufferList);
  if (!rtp || !NetBufferList) return;
  if (!irql_ok(*rtp, fn)) return;
  for (PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(NetBufferList); nb; nb = NET_BUFFER_NEXT_NB(nb))
    if (!advance_ok(*rtp, fn, nb, DataOffsetDelta)) return;
  for (PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(NetBufferList); nb; nb = NET_BUFFER_NEXT_NB(nb))
    advance(*rtp, nb, DataOffsetDelta, FreeMdl, FreeMdlMdlHandler);
}

// ---- Context areas (2.4.7) -----------------------------------------------------------------------

NDIS_STATUS NdisAllocateNetBufferListContext(PNET_BUFFER_LIST NetBufferList, USHORT ContextSize,
                                             USHORT ContextBackFill, ULONG) {
  static constexpr const char* fn = "NdisAllocateNetBufferListContext";
  RuntimeCore* rtp = rt_of_object(NetBufferList);
  if (!rtp || !NetBufferList) return NDIS_STATUS_FAILURE;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn)) return NDIS_STATUS_FAILURE;
  if (ContextSize % sizeof(void*) || ContextBackFill % sizeof(void*))
    report(rt, "DP-034", fn, "ContextSize or ContextBackFill is not a multiple of sizeof(void*)",
           "multiples of sizeof(void*)", "round the context sizes up to a multiple of the pointer size", NetBufferList,
           "NetBufferList");
  std::unique_lock lock(rt.nbls().mutex());
  NblRecord* r = rt.nbls().nbl(NetBufferList);
  if (!r) {
    lock.unlock();
    report(rt, "DP-035", fn, "not an NBL condis allocated; NDIS_STATUS_FAILURE",
           "an NBL from NdisAllocateNetBufferList / NdisAllocateNetBufferAndNetBufferList",
           "allocate NBLs from an NBL pool", NetBufferList, "NetBufferList");
    return NDIS_STATUS_FAILURE;
  }
  PNET_BUFFER_LIST_CONTEXT current = NetBufferList->Context;
  if (current && current->Offset >= ContextSize) {
    current->Offset = USHORT(current->Offset - ContextSize);
    std::memset(NET_BUFFER_LIST_CONTEXT_DATA_START(NetBufferList), 0, ContextSize);
    r->contexts.push_back({ContextSize, false});
    return NDIS_STATUS_SUCCESS;
  }
  PNET_BUFFER_LIST_CONTEXT block = new_context(ContextSize, ContextBackFill, current);
  if (!block) return NDIS_STATUS_RESOURCES;
  NetBufferList->Context = block;
  r->contexts.push_back({ContextSize, true});
  return NDIS_STATUS_SUCCESS;
}

VOID NdisFreeNetBufferListContext(PNET_BUFFER_LIST NetBufferList, USHORT ContextSize) {
  static constexpr const char* fn = "NdisFreeNetBufferListContext";
  RuntimeCore* rtp = rt_of_object(NetBufferList);
  if (!rtp || !NetBufferList) return;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn)) return;
  std::unique_lock lock(rt.nbls().mutex());
  NblRecord* r = rt.nbls().nbl(NetBufferList);
  if (!r || r->contexts.empty()) {
    lock.unlock();
    report(rt, "DP-035", fn,
           r ? "no NdisAllocateNetBufferListContext allocation is outstanding (the context reserved at NBL allocation "
               "is never released this way); the call is ignored"
             : "not an NBL condis allocated; the call is ignored",
           "one release per NdisAllocateNetBufferListContext, in reverse order, with the same size",
           "release only the context areas you allocated", NetBufferList, "NetBufferList");
    return;
  }
  const core::ContextPush top = r->contexts.back();
  r->contexts.pop_back();
  PNET_BUFFER_LIST_CONTEXT current = NetBufferList->Context;
  if (top.new_block) {
    NetBufferList->Context = current->Next;
    free_context(current);
  } else {
    current->Offset = USHORT(current->Offset + top.size);
  }
  lock.unlock();
  if (top.size != ContextSize)
    report(rt, "DP-035", fn,
           "ContextSize " + std::to_string(ContextSize) + " differs from the matching allocation's " +
               std::to_string(top.size) + "; the allocation's size is released",
           "the size of the most recent allocation", "release context areas in reverse order with their sizes",
           NetBufferList, "NetBufferList");
}

// ---- Data access (2.4.8 - 2.4.10) ----------------------------------------------------------------

PVOID NdisGetDataBuffer(PNET_BUFFER NetBuffer, ULONG BytesNeeded, PVOID Storage, UINT AlignMultiple,
                        UINT AlignOffset) {
  static constexpr const char* fn = "NdisGetDataBuffer";
  RuntimeCore* rtp = rt_of_object(NetBuffer);
  if (!rtp || !NetBuffer) return nullptr;
  RuntimeCore& rt = *rtp;
  if (!irql_ok(rt, fn)) return nullptr;
  if (AlignMultiple == 0 || (AlignMultiple & (AlignMultiple - 1)) || AlignOffset >= AlignMultiple) {
    if (checking(rt))
      rt.verifier()
          .finding("DP-041", fn)
          .value("AlignMultiple", std::to_string(AlignMultiple))
          .value("AlignOffset", std::to_string(AlignOffset))
          .message("the alignment request is invalid; NULL is returned")
          .expected("AlignMultiple a power of two (1 = none) and AlignOffset < AlignMultiple")
          .remedy("pass 1 and 0 when no alignment is needed");
    return nullptr;
  }
  if (NET_BUFFER_DATA_LENGTH(NetBuffer) < BytesNeeded) return nullptr;
  PMDL m = NET_BUFFER_CURRENT_MDL(NetBuffer);
  const ULONG offset = NET_BUFFER_CURRENT_MDL_OFFSET(NetBuffer);
  if (m && m->ByteCount >= offset && m->ByteCount - offset >= BytesNeeded) {
    char* p = static_cast<char*>(MmGetSystemAddressForMdlSafe(m, NormalPagePriority)) + offset;
    if (reinterpret_cast<uintptr_t>(p) % AlignMultiple == AlignOffset) return p;
  }
  if (!Storage) return nullptr;
  core::nb_copy(NetBuffer, 0, Storage, nullptr, BytesNeeded);
  return Storage;
}

NDIS_STATUS NdisCopyFromNetBufferToNetBuffer(PNET_BUFFER Destination, ULONG DestinationOffset, ULONG BytesToCopy,
                                             PNET_BUFFER Source, ULONG SourceOffset, PULONG BytesCopied) {
  static constexpr const char* fn = "NdisCopyFromNetBufferToNetBuffer";
  RuntimeCore* rtp = rt_of_object(Source);
  if (BytesCopied) *BytesCopied = 0;
  if (!rtp || !Destination || !Source || !BytesCopied) return NDIS_STATUS_FAILURE;
  if (!irql_ok(*rtp, fn)) return NDIS_STATUS_FAILURE;
  const uint64_t available = NET_BUFFER_DATA_LENGTH(Source) > SourceOffset ? NET_BUFFER_DATA_LENGTH(Source) - SourceOffset : 0;
  const uint64_t chain = core::chain_bytes(NET_BUFFER_FIRST_MDL(Destination));
  const uint64_t start = uint64_t(NET_BUFFER_DATA_OFFSET(Destination)) + DestinationOffset;
  const uint64_t space = chain > start ? chain - start : 0;
  const uint64_t n = std::min<uint64_t>({BytesToCopy, available, space});
  std::vector<char> buffer(n);
  core::nb_copy(Source, SourceOffset, buffer.data(), nullptr, n);
  core::nb_copy(Destination, DestinationOffset, nullptr, buffer.data(), n);
  *BytesCopied = ULONG(n);
  return NDIS_STATUS_SUCCESS;
}

NDIS_HANDLE NdisGetPoolFromNetBufferList(PNET_BUFFER_LIST NetBufferList) {
  return NetBufferList ? NetBufferList->NdisPoolHandle : nullptr;
}

NDIS_HANDLE NdisGetPoolFromNetBuffer(PNET_BUFFER NetBuffer) { return NetBuffer ? NetBuffer->NdisPoolHandle : nullptr; }

UCHAR NdisGetNetBufferListProtocolId(PNET_BUFFER_LIST NetBufferList) {
  RuntimeCore* rtp = rt_of_object(NetBufferList);
  if (!rtp || !NetBufferList) return NDIS_PROTOCOL_ID_DEFAULT;
  std::lock_guard lock(rtp->nbls().mutex());
  NblRecord* r = rtp->nbls().nbl(NetBufferList);
  return r && r->pool ? r->pool->params.ProtocolId : UCHAR(NDIS_PROTOCOL_ID_DEFAULT);
}

}  // extern "C"
