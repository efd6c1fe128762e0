// Nonpaged lookaside lists. The driver's NPAGED_LOOKASIDE_LIST holds the handle of a condis
// control block (in ListHead) and a check word; the control block keeps one cache of free entries
// per simulated processor, so allocate and free on the hot path touch only the caller's
// processor cache (an uncontended flag) and never the global allocator or a shared lock.
//
// Entries carry a 16-byte header (list id and state) in front of the driver's bytes, so freeing
// into the wrong list, freeing twice and freeing a foreign pointer are found in O(1) (SVC-042).
// Lists with a driver-supplied Allocate/Free track their entries in a locked map instead.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "condis/ndis/services.h"

namespace condis {
class RuntimeCore;
}

namespace condis::services {

class ServicesState;

// A processor's cache is used by the one thread that claims it first (the worker standing for
// that processor, or the deterministic scheduler's only thread), with no atomic read-modify-write
// on the hot path; any other thread on that processor number uses the shared pool.
struct alignas(64) ProcessorCache {
  static constexpr uint32_t kDepth = 64;
  std::atomic<uint32_t> owner{0};  // thread token of the claiming thread
  uint32_t count = 0;
  std::atomic<int64_t> outstanding{0};  // allocations minus frees done through this cache
  void* entries[kDepth];
};

// Control blocks are type-stable: once made they are recycled for later lists but never returned
// to the allocator, so the hot path may follow the pointer in a list head whose check word
// matches and then confirm that the block still belongs to that head (no handle-table lookup).
struct LookasideList {
  RuntimeCore* rt = nullptr;
  NPAGED_LOOKASIDE_LIST* head = nullptr;
  uint64_t id = 0;
  void* handle = nullptr;
  SIZE_T size = 0;
  ULONG tag = 0;
  PALLOCATE_FUNCTION allocate = nullptr;
  PFREE_FUNCTION free = nullptr;
  const void* owner = nullptr;   // adapter (initialised in an adapter handler) or driver
  const void* driver = nullptr;
  std::atomic<bool> deleted{false};
  unsigned cache_count = 0;
  std::unique_ptr<ProcessorCache[]> caches;
  std::mutex shared_mutex;       // the overflow pool and custom-allocator entries
  std::vector<void*> shared;
  int64_t shared_outstanding = 0;
  std::unordered_map<void*, bool> custom_entries;  // entry -> allocated (custom allocator only)

  int64_t outstanding();
};

class LookasideRegistry {
 public:
  explicit LookasideRegistry(ServicesState& state) : state_(state) {}
  ~LookasideRegistry();

  void initialise(RuntimeCore& rt, NPAGED_LOOKASIDE_LIST* head, PALLOCATE_FUNCTION allocate, PFREE_FUNCTION free,
                  ULONG flags, SIZE_T size, ULONG tag, USHORT depth);
  // The hot path: the list head names its runtime, so these need no registry instance.
  static void* allocate(NPAGED_LOOKASIDE_LIST* head);
  static void free(NPAGED_LOOKASIDE_LIST* head, void* entry);
  void remove(NPAGED_LOOKASIDE_LIST* head);

  // Live (not deleted) lists, for an owner or all.
  std::vector<LookasideList*> lists(const void* owner) const;
  // A live list whose head lies in [begin, end), or null (SVC-043 at NdisFreeMemory).
  LookasideList* list_within(const void* begin, size_t length) const;
  void release_all();

 private:
  static LookasideList* peek(NPAGED_LOOKASIDE_LIST* head, RuntimeCore** rt_out);
  static LookasideList* resolve(NPAGED_LOOKASIDE_LIST* head, const char* function, RuntimeCore** rt_out);
  static void* new_entry(RuntimeCore& rt, LookasideList& list);
  static void destroy_entry(RuntimeCore& rt, LookasideList& list, void* entry);
  static ProcessorCache* my_cache(LookasideList& list);
  void drain(LookasideList& list);

  ServicesState& state_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<LookasideList>> lists_;  // deleted ones stay until release_all
};

}  // namespace condis::services
