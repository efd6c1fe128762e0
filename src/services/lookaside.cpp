#include "services/lookaside.hpp"

#include <cstdlib>
#include <cstring>

#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"
#include "services/checks.hpp"
#include "services/held_locks.hpp"
#include "services/owner_scope.hpp"
#include "services/services_state.hpp"

// The WDK declares NPAGED_LOOKASIDE_LIST cache-aligned (64), but SVC-041 lets a driver place it on
// a 16-byte boundary, so the functions that touch a head tell UBSan not to hold it to 64.
#define CONDIS_HEAD_MAY_BE_16_ALIGNED __attribute__((no_sanitize("alignment")))

namespace condis::services {
namespace {

constexpr uint64_t kLiveCheck = 0x10CA51DE5AFE0001ull;
constexpr uint64_t kDeletedCheck = 0x10CA51DEDEAD0002ull;
constexpr uint32_t kEntryMagic = 0x1A5E17E5u;
constexpr uint32_t kEntryAllocated = 0xA110C8EDu;
constexpr uint32_t kEntryCached = 0xCAC4ED00u;
constexpr size_t kSharedDepth = 256;  // the "system-chosen depth" above which entries are freed
constexpr unsigned char kPoisonNew = 0xCD;

struct EntryHeader {
  uint64_t list_id;
  std::atomic<uint32_t> state;
  uint32_t magic;
};
static_assert(sizeof(EntryHeader) == 16);

EntryHeader* header_of(void* entry) { return reinterpret_cast<EntryHeader*>(static_cast<char*>(entry) - 16); }
void* payload_of(EntryHeader* header) { return reinterpret_cast<char*>(header) + 16; }

uint64_t check_word(uint64_t handle, const void* head, uint64_t marker) {
  return handle ^ marker ^ reinterpret_cast<uintptr_t>(head);
}

// List ids are unique in the process: entry headers and the per-thread cache memo compare them
// across runtimes and recycled control blocks.
std::atomic<uint64_t> g_next_list_id{1};

// The control blocks of released runtimes, for reuse (see LookasideList).
std::mutex g_pool_mutex;
std::vector<std::unique_ptr<LookasideList>>& pool() {
  static auto* blocks = new std::vector<std::unique_ptr<LookasideList>>();  // never destroyed
  return *blocks;
}

std::unique_ptr<LookasideList> take_block() {
  std::lock_guard guard(g_pool_mutex);
  if (pool().empty()) return std::make_unique<LookasideList>();
  auto block = std::move(pool().back());
  pool().pop_back();
  return block;
}

void give_block(std::unique_ptr<LookasideList> block) {
  block->head = nullptr;
  block->handle = nullptr;
  block->rt = nullptr;
  block->deleted.store(true, std::memory_order_release);
  std::lock_guard guard(g_pool_mutex);
  pool().push_back(std::move(block));
}

std::string address(const void* p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", p);
  return buf;
}

void report_042(RuntimeCore* rt, const char* function, const void* head, const void* entry, std::string message,
                std::string remedy) {
  if (Verifier* v = checking(rt))
    v->finding("SVC-042", function)
        .value("Lookaside", address(head))
        .value("Entry", address(entry))
        .message(std::move(message))
        .expected("every entry is freed exactly once, to the list it was allocated from, before the list is deleted")
        .remedy(std::move(remedy));
}

}  // namespace

int64_t LookasideList::outstanding() {
  int64_t total = 0;
  for (unsigned i = 0; i < cache_count; ++i) total += caches[i].outstanding.load(std::memory_order_relaxed);
  std::lock_guard guard(shared_mutex);
  return total + shared_outstanding;
}

LookasideRegistry::~LookasideRegistry() { release_all(); }

CONDIS_HEAD_MAY_BE_16_ALIGNED void LookasideRegistry::initialise(RuntimeCore& rt, NPAGED_LOOKASIDE_LIST* head, PALLOCATE_FUNCTION allocate,
                                   PFREE_FUNCTION free, ULONG flags, SIZE_T size, ULONG tag, USHORT depth) {
  static constexpr const char* kFn = "NdisInitializeNPagedLookasideList";
  require_at_most_dispatch(&rt, kFn);
  if (head == nullptr || reinterpret_cast<uintptr_t>(head) % 16 != 0) {
    if (Verifier* v = checking(&rt))
      v->finding("SVC-041", kFn)
          .value("Lookaside", address(head))
          .message(head ? "the list head is not 16-byte aligned; the list was not initialised" : "the list head is NULL")
          .expected("the list head is resident driver storage aligned to 16 bytes on x64")
          .remedy("embed the NPAGED_LOOKASIDE_LIST in a structure from NdisAllocateMemoryWithTagPriority or in a "
                  "global (its declaration is cache-aligned)");
    return;
  }
  if (Verifier* v = checking(&rt)) {
    if (flags != 0 || depth != 0)
      v->finding("SVC-040", kFn)
          .value("Flags", std::to_string(flags))
          .value("Depth", std::to_string(depth))
          .message("Flags and Depth must be 0 (they were ignored)")
          .expected("Flags = 0 and Depth = 0")
          .remedy("pass 0 for both");
    if ((allocate == nullptr) != (free == nullptr))
      v->finding("SVC-040", kFn)
          .message(allocate ? "an Allocate function without a Free function (both were ignored)"
                            : "a Free function without an Allocate function (both were ignored)")
          .expected("Allocate and Free are both supplied or both NULL")
          .remedy("supply the matching function, or neither");
  }
  if ((allocate == nullptr) != (free == nullptr)) allocate = nullptr, free = nullptr;

  // A head initialised twice without a delete: the old list goes (its cached entries with it).
  // Found through the registry, not the storage: the head's bytes are uninitialised here.
  if (LookasideList* old = list_within(head, 1); old && old->head == head) {
    {
      if (Verifier* v = checking(&rt))
        v->finding("SVC-040", kFn)
            .value("Lookaside", address(head))
            .message("the list head was initialised again without NdisDeleteNPagedLookasideList")
            .expected("a list is deleted before its head is initialised again")
            .remedy("call NdisDeleteNPagedLookasideList first");
      remove(head);
    }
  }

  auto list = take_block();
  list->rt = &rt;
  list->deleted.store(false, std::memory_order_relaxed);
  list->shared.clear();
  list->shared_outstanding = 0;
  list->custom_entries.clear();
  list->head = head;
  list->size = size == 0 ? 1 : size;
  list->tag = tag;
  list->allocate = allocate;
  list->free = free;
  const OwnerContext owner = current_owner();
  list->driver = owner.driver;
  list->owner = owner.object && HandleBits::type(reinterpret_cast<uintptr_t>(owner.object)) == ObjectType::Adapter
                    ? owner.object
                    : owner.driver;
  list->cache_count = std::max(1u, rt.scheduler().processors());
  list->caches = std::make_unique<ProcessorCache[]>(list->cache_count);
  LookasideList* block = list.get();
  void* handle = rt.handles().insert(ObjectType::Lookaside, list.get());
  if (handle == nullptr) return;
  list->handle = handle;
  {
    std::lock_guard guard(mutex_);
    list->id = g_next_list_id.fetch_add(1, std::memory_order_relaxed);
    lists_.push_back(std::move(list));
  }
  std::memset(head, 0, sizeof *head);
  head->L.ListHead.Alignment = reinterpret_cast<uintptr_t>(handle);
  head->L.ListHead.Region =
      check_word(reinterpret_cast<uintptr_t>(handle) ^ reinterpret_cast<uintptr_t>(block), head, kLiveCheck);
  head->L.Depth = ProcessorCache::kDepth;
  head->L.MaximumDepth = uint16_t(kSharedDepth);
  head->L.Type = NonPagedPool;
  head->L.Tag = tag;
  head->L.Size = ULONG(size);
  head->L.Allocate = allocate;
  head->L.Free = free;
  head->L.ListEntry.Flink = reinterpret_cast<PLIST_ENTRY>(block);
  head->L.ListEntry.Blink = nullptr;
}

CONDIS_HEAD_MAY_BE_16_ALIGNED LookasideList* LookasideRegistry::peek(NPAGED_LOOKASIDE_LIST* head, RuntimeCore** rt_out) {
  if (!head) return nullptr;
  const uint64_t handle = head->L.ListHead.Alignment;
  auto* list = reinterpret_cast<LookasideList*>(head->L.ListEntry.Flink);
  if (head->L.ListHead.Region != check_word(handle ^ reinterpret_cast<uintptr_t>(list), head, kLiveCheck))
    return nullptr;  // never initialised (or garbage): the pointer is not followed
  if (list->head != head || reinterpret_cast<uintptr_t>(list->handle) != handle ||
      list->deleted.load(std::memory_order_acquire))
    return nullptr;
  *rt_out = list->rt;
  return list;
}

CONDIS_HEAD_MAY_BE_16_ALIGNED LookasideList* LookasideRegistry::resolve(NPAGED_LOOKASIDE_LIST* head, const char* function, RuntimeCore** rt_out) {
  if (LookasideList* list = peek(head, rt_out)) return list;
  const uint64_t handle = head ? head->L.ListHead.Alignment : 0;
  const uint64_t check = head ? head->L.ListHead.Region : 0;
  RuntimeCore* rt = RuntimeCore::current();
  *rt_out = rt;
  const bool deleted = head && check == check_word(handle, head, kDeletedCheck);
  if (Verifier* v = checking(rt))
    v->finding("SVC-040", function)
        .value("Lookaside", address(head))
        .state("lookaside list", deleted ? "deleted" : "not initialised")
        .message(deleted ? "the list was used after NdisDeleteNPagedLookasideList"
                         : "the list was used before NdisInitializeNPagedLookasideList")
        .expected("a lookaside list is used only between its initialise and its delete")
        .remedy(deleted ? "stop using the list before deleting it" : "initialise the list first");
  return nullptr;
}

void* LookasideRegistry::new_entry(RuntimeCore& rt, LookasideList& list) {
  if (list.allocate) {
    return upcall(rt, {"LookasideAllocate", "driver"}, list.allocate, NonPagedPool, list.size, list.tag);
  }
  const size_t bytes = 16 + ((list.size + 15) & ~size_t(15));
  auto* header = static_cast<EntryHeader*>(std::aligned_alloc(16, bytes));
  if (!header) return nullptr;
  header->list_id = list.id;
  header->magic = kEntryMagic;
  header->state.store(kEntryCached, std::memory_order_relaxed);
  return payload_of(header);
}

namespace {
// The cache this thread used last, so the hot path skips the processor lookup (two thread-local
// reads through the dynamic TLS model). A thread only ever remembers a cache it owns.
struct CacheMemo {
  LookasideList* list;
  uint64_t id;
  unsigned processor;
  ProcessorCache* cache;
};
[[gnu::tls_model("initial-exec")]] thread_local CacheMemo tls_memo{};
}  // namespace

ProcessorCache* LookasideRegistry::my_cache(LookasideList& list) {
  // Processor numbers are below the count the caches were made for; the modulo (a division on
  // the hot path) only guards a thread that claims a larger number.
  const unsigned processor = exec::current_processor();
  CacheMemo& memo = tls_memo;
  if (memo.list == &list && memo.id == list.id && memo.processor == processor) return memo.cache;
  ProcessorCache& cache = list.caches[processor < list.cache_count ? processor : processor % list.cache_count];
  const uint32_t me = thread_token();
  uint32_t owner = cache.owner.load(std::memory_order_relaxed);
  if (owner == 0 && cache.owner.compare_exchange_strong(owner, me, std::memory_order_acquire)) owner = me;
  if (owner != me) return nullptr;
  memo = CacheMemo{&list, list.id, processor, &cache};
  return &cache;
}

void LookasideRegistry::destroy_entry(RuntimeCore& rt, LookasideList& list, void* entry) {
  if (list.allocate) {
    upcall(rt, {"LookasideFree", "driver"}, list.free, entry);
    return;
  }
  EntryHeader* header = header_of(entry);
  header->magic = 0;
  std::free(header);
}

CONDIS_HEAD_MAY_BE_16_ALIGNED void* LookasideRegistry::allocate(NPAGED_LOOKASIDE_LIST* head) {
  static constexpr const char* kFn = "NdisAllocateFromNPagedLookasideList";
  RuntimeCore* rt = nullptr;
  LookasideList* list = resolve(head, kFn, &rt);
  if (!list) return nullptr;
  if (exec::current_irql() > exec::kDispatch) require_at_most_dispatch(rt, kFn);
  void* entry = nullptr;
  if (list->allocate) {
    {
      std::lock_guard guard(list->shared_mutex);
      if (!list->shared.empty()) {
        entry = list->shared.back();
        list->shared.pop_back();
      }
    }
    if (!entry) entry = new_entry(*rt, *list);
    if (!entry) return nullptr;
    std::lock_guard guard(list->shared_mutex);
    list->custom_entries[entry] = true;
    ++list->shared_outstanding;
    return entry;
  }
  if (ProcessorCache* cache = my_cache(*list)) {
    if (cache->count == 0) {
      // Refill half a cache from the shared pool in one go.
      std::lock_guard guard(list->shared_mutex);
      while (cache->count < ProcessorCache::kDepth / 2 && !list->shared.empty()) {
        cache->entries[cache->count++] = list->shared.back();
        list->shared.pop_back();
      }
    }
    if (cache->count > 0) entry = cache->entries[--cache->count];
    if (!entry) entry = new_entry(*rt, *list);
    if (entry)
      cache->outstanding.store(cache->outstanding.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  } else {
    // Another thread stands for the same processor number (a host thread): use the shared pool.
    {
      std::lock_guard guard(list->shared_mutex);
      if (!list->shared.empty()) {
        entry = list->shared.back();
        list->shared.pop_back();
      }
    }
    if (!entry) entry = new_entry(*rt, *list);
    if (entry) {
      std::lock_guard guard(list->shared_mutex);
      ++list->shared_outstanding;
    }
  }
  if (!entry) return nullptr;
  header_of(entry)->state.store(kEntryAllocated, std::memory_order_relaxed);
  if (rt->verifier().enabled()) std::memset(entry, kPoisonNew, list->size);
  return entry;
}

CONDIS_HEAD_MAY_BE_16_ALIGNED void LookasideRegistry::free(NPAGED_LOOKASIDE_LIST* head, void* entry) {
  static constexpr const char* kFn = "NdisFreeToNPagedLookasideList";
  RuntimeCore* rt = nullptr;
  LookasideList* list = resolve(head, kFn, &rt);
  if (!list) {
    // An entry of a deleted list that still carries condis's header goes back to the allocator.
    if (entry && head && head->L.ListHead.Region == check_word(head->L.ListHead.Alignment, head, kDeletedCheck) &&
        rt) {
      EntryHeader* header = header_of(entry);
      uint32_t expected = kEntryAllocated;
      if (header->magic == kEntryMagic && header->state.compare_exchange_strong(expected, kEntryCached)) {
        header->magic = 0;
        std::free(header);
      }
    }
    return;
  }
  if (exec::current_irql() > exec::kDispatch) require_at_most_dispatch(rt, kFn);
  if (entry == nullptr) {
    report_042(rt, kFn, head, entry, "NULL was freed to the list", "free only entries the list returned");
    return;
  }
  if (list->allocate) {
    bool cache = false;
    {
      std::lock_guard guard(list->shared_mutex);
      auto it = list->custom_entries.find(entry);
      if (it == list->custom_entries.end() || !it->second) {
        const bool foreign = it == list->custom_entries.end();
        report_042(rt, kFn, head, entry,
                   foreign ? "the entry was not allocated from this list" : "the entry was freed twice",
                   foreign ? "free each entry to the list it came from" : "free each entry once");
        return;
      }
      it->second = false;
      --list->shared_outstanding;
      cache = list->shared.size() < kSharedDepth;
      if (cache)
        list->shared.push_back(entry);
      else
        list->custom_entries.erase(it);
    }
    if (!cache) destroy_entry(*rt, *list, entry);
    return;
  }
  EntryHeader* header = header_of(entry);
  if (header->magic != kEntryMagic || header->list_id != list->id) {
    report_042(rt, kFn, head, entry,
               header->magic == kEntryMagic ? "the entry belongs to another lookaside list"
                                            : "the pointer is not an entry of a lookaside list",
               "free each entry to the list it was allocated from");
    return;
  }
  // The driver owns an allocated entry alone, so a plain load and store suffice (two threads
  // freeing the same entry at once is a double free that only one of them may be told about).
  if (header->state.load(std::memory_order_relaxed) != kEntryAllocated) {
    report_042(rt, kFn, head, entry, "the entry was freed twice", "free each entry once");
    return;
  }
  header->state.store(kEntryCached, std::memory_order_relaxed);
  void* overflow[ProcessorCache::kDepth / 2];
  size_t overflow_count = 0;
  if (ProcessorCache* cache = my_cache(*list)) {
    if (cache->count == ProcessorCache::kDepth) {
      // Spill half the cache to the shared pool; what the pool cannot hold is freed.
      std::lock_guard guard(list->shared_mutex);
      while (cache->count > ProcessorCache::kDepth / 2) {
        void* e = cache->entries[--cache->count];
        if (list->shared.size() < kSharedDepth)
          list->shared.push_back(e);
        else
          overflow[overflow_count++] = e;
      }
    }
    cache->entries[cache->count++] = entry;
    cache->outstanding.store(cache->outstanding.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  } else {
    std::lock_guard guard(list->shared_mutex);
    --list->shared_outstanding;
    if (list->shared.size() < kSharedDepth)
      list->shared.push_back(entry);
    else
      overflow[overflow_count++] = entry;
  }
  for (size_t i = 0; i < overflow_count; ++i) destroy_entry(*rt, *list, overflow[i]);
}

void LookasideRegistry::drain(LookasideList& list) {
  std::vector<void*> entries;
  for (unsigned i = 0; i < list.cache_count; ++i) {
    // Deletion happens when no processor uses the list any more (the driver's obligation).
    ProcessorCache& cache = list.caches[i];
    entries.insert(entries.end(), cache.entries, cache.entries + cache.count);
    cache.count = 0;
  }
  {
    std::lock_guard guard(list.shared_mutex);
    entries.insert(entries.end(), list.shared.begin(), list.shared.end());
    list.shared.clear();
    for (void* e : entries) list.custom_entries.erase(e);
  }
  for (void* e : entries) destroy_entry(state_.runtime(), list, e);
}

CONDIS_HEAD_MAY_BE_16_ALIGNED void LookasideRegistry::remove(NPAGED_LOOKASIDE_LIST* head) {
  static constexpr const char* kFn = "NdisDeleteNPagedLookasideList";
  RuntimeCore* rt = nullptr;
  LookasideList* list = resolve(head, kFn, &rt);
  if (!list) return;
  require_at_most_dispatch(rt, kFn);
  if (const int64_t outstanding = list->outstanding(); outstanding > 0)
    report_042(rt, kFn, head, nullptr,
               std::to_string(outstanding) + " entr" + (outstanding == 1 ? "y is" : "ies are") +
                   " still allocated from the list being deleted",
               "free every entry to the list before deleting it");
  drain(*list);
  list->deleted.store(true, std::memory_order_release);
  rt->handles().remove(list->handle);
  head->L.ListHead.Region = check_word(head->L.ListHead.Alignment, head, kDeletedCheck);
}

std::vector<LookasideList*> LookasideRegistry::lists(const void* owner) const {
  std::lock_guard guard(mutex_);
  std::vector<LookasideList*> out;
  for (auto& list : lists_)
    if (!list->deleted.load(std::memory_order_acquire) && (owner == nullptr || list->owner == owner ||
                                                           list->driver == owner))
      out.push_back(list.get());
  return out;
}

LookasideList* LookasideRegistry::list_within(const void* begin, size_t length) const {
  const auto* b = static_cast<const char*>(begin);
  std::lock_guard guard(mutex_);
  for (auto& list : lists_) {
    const auto* h = reinterpret_cast<const char*>(list->head);
    if (!list->deleted.load(std::memory_order_acquire) && h >= b && h < b + length) return list.get();
  }
  return nullptr;
}

void LookasideRegistry::release_all() {
  std::vector<std::unique_ptr<LookasideList>> lists;
  {
    std::lock_guard guard(mutex_);
    lists.swap(lists_);
  }
  for (auto& list : lists) {
    if (!list->deleted.load(std::memory_order_acquire)) {
      // Without calling the driver: entries from a driver allocator are left to it.
      if (!list->allocate) drain(*list);
      state_.runtime().handles().remove(list->handle);
    }
    give_block(std::move(list));
  }
}

}  // namespace condis::services
