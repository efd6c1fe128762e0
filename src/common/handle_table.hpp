// The handle table: every NDIS_HANDLE condis gives a driver is an entry here.
//
// A handle packs (runtime slot, object type, generation, index) into the pointer value, so a
// handle names its runtime without a lookup and a stale, forged or wrong-typed handle is told
// apart from a live one in O(1) without ever being dereferenced. Resolve is lock-free. Free
// indices are cached per thread (common/thread_shard.hpp): insert and remove take only their
// shard's lock, and the table's own lock only to move a batch of indices between a shard and the
// shared free list, so processors creating and deleting VCs do not write one shared cache line.
// Entries live in fixed segments that never move, so a resolve that races with growth reads
// valid memory.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "common/spin_lock.hpp"
#include "common/thread_shard.hpp"

namespace condis {

// Kinds of object a handle can name. Values are stable: they appear in handle bits and traces.
enum class ObjectType : uint8_t {
  None = 0,
  MiniportDriver,
  ProtocolDriver,
  Adapter,      // MiniportAdapterHandle
  Binding,      // NdisBindingHandle
  AfOpen,       // NdisAfHandle
  Sap,          // NdisSapHandle
  Vc,           // NdisVcHandle
  Party,        // NdisPartyHandle
  IoWorkItem,
  TimerObject,
  NblPool,
  NbPool,
  OidRequest,
  Test,         // reserved for tests
  RwLock,       // PNDIS_RW_LOCK_EX (opaque pointer value is a handle)
  Lookaside,    // an NPAGED_LOOKASIDE_LIST's control block (its handle lives in the list head)
  BindContext,  // the BindContext of one ProtocolBindAdapterEx call
  UnbindContext,  // the UnbindContext of one ProtocolUnbindAdapterEx call
  Count
};

std::string_view object_type_name(ObjectType type);

// Why a resolve failed; each maps to a verifier finding at the call site.
enum class HandleError : uint8_t {
  Ok = 0,
  Null,         // NULL handle
  Forged,       // not a condis handle at all, or an index never issued
  OtherRuntime, // a live handle of another runtime
  Stale,        // the object it named was freed (generation mismatch)
  WrongType,    // live, but names another kind of object
};

std::string_view handle_error_name(HandleError error);

struct HandleBits {
  static constexpr unsigned kIndexBits = 26;       // 64M live objects per runtime
  static constexpr unsigned kGenerationBits = 20;  // a slot is reused 1M times before wrap
  static constexpr unsigned kTypeBits = 6;
  static constexpr unsigned kSlotBits = 12;        // runtime slots 1..4095
  static constexpr uint64_t kIndexMask = (1ull << kIndexBits) - 1;
  static constexpr uint64_t kGenerationMask = (1ull << kGenerationBits) - 1;
  static constexpr uint64_t kTypeMask = (1ull << kTypeBits) - 1;
  static constexpr uint64_t kSlotMask = (1ull << kSlotBits) - 1;
  static constexpr unsigned kGenerationShift = kIndexBits;
  static constexpr unsigned kTypeShift = kIndexBits + kGenerationBits;
  static constexpr unsigned kSlotShift = kIndexBits + kGenerationBits + kTypeBits;

  static constexpr uint64_t pack(uint32_t slot, ObjectType type, uint32_t generation, uint32_t index) {
    return (uint64_t(slot) << kSlotShift) | (uint64_t(type) << kTypeShift) |
           (uint64_t(generation & kGenerationMask) << kGenerationShift) | (index & kIndexMask);
  }
  static constexpr uint32_t slot(uint64_t h) { return uint32_t((h >> kSlotShift) & kSlotMask); }
  static constexpr ObjectType type(uint64_t h) { return ObjectType((h >> kTypeShift) & kTypeMask); }
  static constexpr uint32_t generation(uint64_t h) { return uint32_t((h >> kGenerationShift) & kGenerationMask); }
  static constexpr uint32_t index(uint64_t h) { return uint32_t(h & kIndexMask); }
};

// The runtime slot a handle names (0 when the value cannot be a condis handle).
inline uint32_t handle_runtime_slot(const void* handle) {
  return HandleBits::slot(reinterpret_cast<uintptr_t>(handle));
}

class HandleTable {
 public:
  explicit HandleTable(uint32_t runtime_slot);
  ~HandleTable();
  HandleTable(const HandleTable&) = delete;
  HandleTable& operator=(const HandleTable&) = delete;

  // Issues a handle for object. Returns nullptr only when the table is full.
  void* insert(ObjectType type, void* object);

  // The object a live handle of the expected type names, or nullptr with *error set.
  void* resolve(const void* handle, ObjectType expected, HandleError* error = nullptr) const;

  // Like resolve, but accepts any live type; *type_out receives it.
  void* resolve_any(const void* handle, ObjectType* type_out, HandleError* error = nullptr) const;

  // Frees the handle; later resolves of it report Stale. Returns false if it was not live.
  bool remove(const void* handle);

  size_t live_count() const;
  uint32_t runtime_slot() const { return slot_; }

  // Visits every live entry, with inserts and removes held off: fn(handle, type, object).
  template <class Fn>
  void for_each(Fn&& fn) const {
    AllLocks lock(*this);
    for (uint32_t i = 1; i < next_index_; ++i) {
      const Entry& e = entry(i);
      uint32_t word = e.word.load(std::memory_order_acquire);
      if (word & kLiveBit) {
        ObjectType t = word_type(word);
        fn(reinterpret_cast<void*>(HandleBits::pack(slot_, t, word_generation(word), i)), t,
           e.object.load(std::memory_order_acquire));
      }
    }
  }

 private:
  // word: bit 31 live, bits 20..25 type, bits 0..19 generation. 16 bytes an entry: the table
  // is part of what condis holds per VC.
  static constexpr uint32_t kLiveBit = 1u << 31;
  static constexpr unsigned kWordTypeShift = HandleBits::kGenerationBits;
  static_assert(HandleBits::kGenerationBits + HandleBits::kTypeBits < 31);
  static constexpr uint32_t make_word(ObjectType type, uint32_t generation, bool live) {
    return (live ? kLiveBit : 0u) | (uint32_t(type) << kWordTypeShift) | (generation & uint32_t(HandleBits::kGenerationMask));
  }
  static constexpr uint32_t word_generation(uint32_t word) { return word & uint32_t(HandleBits::kGenerationMask); }
  static constexpr ObjectType word_type(uint32_t word) {
    return ObjectType((word >> kWordTypeShift) & uint32_t(HandleBits::kTypeMask));
  }
  struct Entry {
    std::atomic<void*> object{nullptr};
    std::atomic<uint32_t> word{0};
    uint32_t next_free = 0;
  };
  static_assert(sizeof(Entry) == 16);
  static constexpr unsigned kSegmentBits = 12;
  static constexpr uint32_t kSegmentSize = 1u << kSegmentBits;
  static constexpr uint32_t kMaxSegments = uint32_t((HandleBits::kIndexMask + 1) >> kSegmentBits);

  Entry& entry(uint32_t index) const {
    return segments_[index >> kSegmentBits].load(std::memory_order_acquire)[index & (kSegmentSize - 1)];
  }
  void* check(const void* handle, ObjectType* type_out, HandleError* error) const;
  void* resolve_slow(const void* handle, ObjectType expected, HandleError* error) const;

  // A thread's cache of free indices. Its lock guards free and count; live is the number of
  // inserts minus removes made through it (a handle may be removed by another thread than the
  // one that inserted it, so one shard's count may go below zero).
  static constexpr uint32_t kShardCache = 28;
  struct alignas(64) Shard {
    SpinLock lock;
    uint32_t count = 0;
    std::atomic<int64_t> live{0};
    uint32_t free[kShardCache];
  };
  static_assert(sizeof(Shard) == 128);

  bool refill(Shard& shard);  // shard.lock held; takes half a cache from the shared list
  void spill(Shard& shard);   // shard.lock held; gives half its cache back

  // Every shard's lock, then the table's: for_each sees no insert or remove in flight.
  class AllLocks {
   public:
    explicit AllLocks(const HandleTable& table);
    ~AllLocks();
    AllLocks(const AllLocks&) = delete;
    AllLocks& operator=(const AllLocks&) = delete;

   private:
    const HandleTable& table_;
  };

  const uint32_t slot_;
  mutable std::unique_ptr<Shard[]> shards_;
  // Guards the shared free list and next_index_; taken after a shard's lock, never before.
  mutable SpinLock mutex_;
  std::unique_ptr<std::atomic<Entry*>[]> segments_;
  uint32_t next_index_ = 1;  // index 0 is never issued
  uint32_t free_head_ = 0;   // 0 = empty shared free list
};

// Resolve is on the path of every Ndis* call: defined here so it inlines.
inline void* HandleTable::check(const void* handle, ObjectType* type_out, HandleError* error) const {
  auto fail = [&](HandleError e) -> void* {
    if (error) *error = e;
    return nullptr;
  };
  uint64_t h = reinterpret_cast<uintptr_t>(handle);
  if (h == 0) return fail(HandleError::Null);
  uint32_t slot = HandleBits::slot(h);
  if (slot == 0) return fail(HandleError::Forged);
  if (slot != slot_) return fail(HandleError::OtherRuntime);
  uint32_t index = HandleBits::index(h);
  uint32_t seg = index >> kSegmentBits;
  if (index == 0 || seg >= kMaxSegments) return fail(HandleError::Forged);
  Entry* segment = segments_[seg].load(std::memory_order_acquire);
  if (segment == nullptr) return fail(HandleError::Forged);
  const Entry& e = segment[index & (kSegmentSize - 1)];
  uint32_t word = e.word.load(std::memory_order_acquire);
  uint32_t generation = word_generation(word);
  ObjectType live_type = word_type(word);
  if (generation == 0) return fail(HandleError::Forged);  // never issued
  if (generation != HandleBits::generation(h) || live_type != HandleBits::type(h)) {
    // A generation we issued earlier is stale; anything else was made up.
    if (HandleBits::generation(h) != 0 && HandleBits::generation(h) <= generation) return fail(HandleError::Stale);
    return fail(HandleError::Forged);
  }
  if (!(word & kLiveBit)) return fail(HandleError::Stale);
  void* object = e.object.load(std::memory_order_acquire);
  // The slot may have been freed and reissued between the two loads (a handle used while another
  // processor deletes it): then the handle is stale, not the new object's.
  if (e.word.load(std::memory_order_acquire) != word) return fail(HandleError::Stale);
  if (type_out) *type_out = live_type;
  if (error) *error = HandleError::Ok;
  return object;
}

// The fast path answers a live handle of the expected type with one compare of the entry's word
// against the word the handle implies (type, generation, live); anything else - NULL, forged,
// stale, wrong type, another runtime - takes the out-of-line path that classifies the error.
[[gnu::always_inline]] inline void* HandleTable::resolve(const void* handle, ObjectType expected,
                                                         HandleError* error) const {
  const uint64_t h = reinterpret_cast<uintptr_t>(handle);
  if (HandleBits::slot(h) == slot_ && HandleBits::type(h) == expected) [[likely]] {
    const uint32_t index = HandleBits::index(h);
    static_assert((HandleBits::kIndexMask >> kSegmentBits) < kMaxSegments);
    if (const Entry* segment = segments_[index >> kSegmentBits].load(std::memory_order_acquire)) [[likely]] {
      const Entry& e = segment[index & (kSegmentSize - 1)];
      // Index 0 and generation 0 are never live, so they never match.
      const uint32_t want = make_word(expected, HandleBits::generation(h), true);
      if (e.word.load(std::memory_order_acquire) == want) [[likely]] {
        void* object = e.object.load(std::memory_order_acquire);
        // Re-read: the slot may have been freed and reissued between the two loads.
        if (object && e.word.load(std::memory_order_acquire) == want) [[likely]] {
          if (error) *error = HandleError::Ok;
          return object;
        }
      }
    }
  }
  return resolve_slow(handle, expected, error);
}

inline void* HandleTable::resolve_any(const void* handle, ObjectType* type_out, HandleError* error) const {
  return check(handle, type_out, error);
}

}  // namespace condis
