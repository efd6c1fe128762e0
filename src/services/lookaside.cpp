#include "services/lookaside.hpp"

#include <cstdlib>
#include <cstring>

#include "runtime/runtime_core.hpp"
#include "runtime/upcall.hpp"
#include "services/checks.hpp"
#include "services/owner_scope.hpp"
#include "services/services_state.hpp"

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

void LookasideRegistry::initialise(RuntimeCore& rt, NPAGED_LOOKASIDE_LIST* head, PALLOCATE_FUNCTION allocate,
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
  const uint64_t old_handle = head->L.ListHead.Alignment;
  if (head->L.ListHead.Region == check_word(old_handle, head, kLiveCheck)) {
    if (RuntimeCore::owner_of(reinterpret_cast<void*>(old_handle)) == &rt &&
        rt.handles().resolve(reinterpret_cast<void*>(old_handle), ObjectType::Lookaside)) {
      if (Verifier* v = checking(&rt))
        v->finding("SVC-040", kFn)
            .value("Lookaside", address(head))
            .message("the list head was initialised again without NdisDeleteNPagedLookasideList")
            .expected("a list is deleted before its head is initialised again")
            .remedy("call NdisDeleteNPagedLookasideList first");
      remove(head);
    }
  }

  auto list = std::make_unique<LookasideList>();
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
  void* handle = rt.handles().insert(ObjectType::Lookaside, list.get());
  if (handle == nullptr) return;
  list->handle = handle;
  {
    std::lock_guard guard(mutex_);
    list->id = next_id_++;
    lists_.push_back(std::move(list));
  }
  std::memset(head, 0, sizeof *head);
  head->L.ListHead.Alignment = reinterpret_cast<uintptr_t>(handle);
  head->L.ListHead.Region = check_word(reinterpret_cast<uintptr_t>(handle), head, kLiveCheck);
  head->L.Depth = ProcessorCache::kDepth;
  head->L.MaximumDepth = uint16_t(kSharedDepth);
  head->L.Type = NonPagedPool;
  head->L.Tag = tag;
  head->L.Size = ULONG(size);
  head->L.Allocate = allocate;
  head->L.Free = free;
  head->L.ListEntry.Flink = head->L.ListEntry.Blink = &head->L.ListEntry;
}

LookasideList* LookasideRegistry::resolve(NPAGED_LOOKASIDE_LIST* head, const char* function, RuntimeCore** rt_out) {
  const uint64_t handle = head ? head->L.ListHead.Alignment : 0;
  const uint64_t check = head ? head->L.ListHead.Region : 0;
  if (head && check == check_word(handle, head, kLiveCheck)) {
    RuntimeCore* rt = RuntimeCore::owner_of(reinterpret_cast<void*>(handle));
    *rt_out = rt;
    if (rt) {
      auto* list = static_cast<LookasideList*>(rt->handles().resolve(reinterpret_cast<void*>(handle), ObjectType::Lookaside));
      if (list && list->head == head) return list;
    }
  }
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

void* LookasideRegistry::new_entry(LookasideList& list) {
  if (list.allocate) {
    RuntimeCore& rt = state_.runtime();
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

void LookasideRegistry::destroy_entry(LookasideList& list, void* entry) {
  if (list.allocate) {
    upcall(state_.runtime(), {"LookasideFree", "driver"}, list.free, entry);
    return;
  }
  EntryHeader* header = header_of(entry);
  header->magic = 0;
  std::free(header);
}

void* LookasideRegistry::allocate(NPAGED_LOOKASIDE_LIST* head) {
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
    if (!entry) entry = new_entry(*list);
    if (!entry) return nullptr;
    std::lock_guard guard(list->shared_mutex);
    list->custom_entries[entry] = true;
    ++list->shared_outstanding;
    return entry;
  }
  ProcessorCache& cache = list->caches[exec::current_processor() % list->cache_count];
  if (!cache.busy.exchange(true, std::memory_order_acquire)) {
    if (cache.count == 0) {
      // Refill half a cache from the shared pool in one go.
      std::lock_guard guard(list->shared_mutex);
      while (cache.count < ProcessorCache::kDepth / 2 && !list->shared.empty()) {
        cache.entries[cache.count++] = list->shared.back();
        list->shared.pop_back();
      }
    }
    if (cache.count > 0) entry = cache.entries[--cache.count];
    if (!entry) entry = new_entry(*list);
    if (entry) cache.outstanding.store(cache.outstanding.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    cache.busy.store(false, std::memory_order_release);
  } else {
    // Another thread stands for the same processor right now (a host thread): use the shared pool.
    {
      std::lock_guard guard(list->shared_mutex);
      if (!list->shared.empty()) {
        entry = list->shared.back();
        list->shared.pop_back();
      }
    }
    if (!entry) entry = new_entry(*list);
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

void LookasideRegistry::free(NPAGED_LOOKASIDE_LIST* head, void* entry) {
  static constexpr const char* kFn = "NdisFreeToNPagedLookasideList";
  RuntimeCore* rt = nullptr;
  LookasideList* list = resolve(head, kFn, &rt);
  if (!list) {
    // An entry of a deleted list that still carries condis's header goes back to the allocator.
    if (entry && head && head->L.ListHead.Region == check_word(head->L.ListHead.Alignment, head, kDeletedCheck)) {
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
    if (!cache) destroy_entry(*list, entry);
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
  uint32_t expected = kEntryAllocated;
  if (!header->state.compare_exchange_strong(expected, kEntryCached, std::memory_order_acq_rel)) {
    report_042(rt, kFn, head, entry, "the entry was freed twice", "free each entry once");
    return;
  }
  ProcessorCache& cache = list->caches[exec::current_processor() % list->cache_count];
  void* overflow[ProcessorCache::kDepth / 2];
  size_t overflow_count = 0;
  if (!cache.busy.exchange(true, std::memory_order_acquire)) {
    if (cache.count == ProcessorCache::kDepth) {
      // Spill half the cache to the shared pool; what the pool cannot hold is freed.
      std::lock_guard guard(list->shared_mutex);
      while (cache.count > ProcessorCache::kDepth / 2) {
        void* e = cache.entries[--cache.count];
        if (list->shared.size() < kSharedDepth)
          list->shared.push_back(e);
        else
          overflow[overflow_count++] = e;
      }
    }
    cache.entries[cache.count++] = entry;
    cache.outstanding.store(cache.outstanding.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
    cache.busy.store(false, std::memory_order_release);
  } else {
    std::lock_guard guard(list->shared_mutex);
    --list->shared_outstanding;
    if (list->shared.size() < kSharedDepth)
      list->shared.push_back(entry);
    else
      overflow[overflow_count++] = entry;
  }
  for (size_t i = 0; i < overflow_count; ++i) destroy_entry(*list, overflow[i]);
}

void LookasideRegistry::drain(LookasideList& list) {
  std::vector<void*> entries;
  for (unsigned i = 0; i < list.cache_count; ++i) {
    ProcessorCache& cache = list.caches[i];
    while (cache.busy.exchange(true, std::memory_order_acquire)) {
    }
    entries.insert(entries.end(), cache.entries, cache.entries + cache.count);
    cache.count = 0;
    cache.busy.store(false, std::memory_order_release);
  }
  {
    std::lock_guard guard(list.shared_mutex);
    entries.insert(entries.end(), list.shared.begin(), list.shared.end());
    list.shared.clear();
    for (void* e : entries) list.custom_entries.erase(e);
  }
  for (void* e : entries) destroy_entry(list, e);
}

void LookasideRegistry::remove(NPAGED_LOOKASIDE_LIST* head) {
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
    if (list->deleted.load(std::memory_order_acquire)) continue;
    // Without calling the driver: entries from a driver allocator are left to it.
    if (!list->allocate) drain(*list);
    state_.runtime().handles().remove(list->handle);
  }
}

}  // namespace condis::services
