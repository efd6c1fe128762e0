#include "common/handle_table.hpp"

#include <algorithm>
#include <new>

namespace condis {

std::string_view object_type_name(ObjectType type) {
  switch (type) {
    case ObjectType::None: return "None";
    case ObjectType::MiniportDriver: return "MiniportDriver";
    case ObjectType::ProtocolDriver: return "ProtocolDriver";
    case ObjectType::Adapter: return "Adapter";
    case ObjectType::Binding: return "Binding";
    case ObjectType::AfOpen: return "AddressFamily";
    case ObjectType::Sap: return "Sap";
    case ObjectType::Vc: return "Vc";
    case ObjectType::Party: return "Party";
    case ObjectType::IoWorkItem: return "IoWorkItem";
    case ObjectType::TimerObject: return "TimerObject";
    case ObjectType::NblPool: return "NblPool";
    case ObjectType::NbPool: return "NbPool";
    case ObjectType::OidRequest: return "OidRequest";
    case ObjectType::Test: return "Test";
    case ObjectType::RwLock: return "RwLock";
    case ObjectType::Lookaside: return "Lookaside";
    case ObjectType::BindContext: return "BindContext";
    case ObjectType::UnbindContext: return "UnbindContext";
    case ObjectType::Count: break;
  }
  return "Unknown";
}

std::string_view handle_error_name(HandleError error) {
  switch (error) {
    case HandleError::Ok: return "ok";
    case HandleError::Null: return "NULL handle";
    case HandleError::Forged: return "not a handle NDIS issued";
    case HandleError::OtherRuntime: return "handle of another runtime";
    case HandleError::Stale: return "stale handle (its object was freed)";
    case HandleError::WrongType: return "handle of the wrong object type";
  }
  return "unknown";
}

HandleTable::HandleTable(uint32_t runtime_slot)
    : slot_(runtime_slot), shards_(new Shard[kThreadShards]), segments_(new std::atomic<Entry*>[kMaxSegments]) {
  for (uint32_t i = 0; i < kMaxSegments; ++i) segments_[i].store(nullptr, std::memory_order_relaxed);
  segments_[0].store(new Entry[kSegmentSize], std::memory_order_release);
}

HandleTable::~HandleTable() {
  for (uint32_t i = 0; i < kMaxSegments; ++i) delete[] segments_[i].load(std::memory_order_relaxed);
}

void* HandleTable::resolve_slow(const void* handle, ObjectType expected, HandleError* error) const {
  ObjectType type = ObjectType::None;
  void* object = check(handle, &type, error);
  if (object == nullptr) return nullptr;
  if (type != expected) {
    if (error) *error = HandleError::WrongType;
    return nullptr;
  }
  return object;
}

size_t HandleTable::live_count() const {
  int64_t live = 0;
  for (uint32_t i = 0; i < kThreadShards; ++i) live += shards_[i].live.load(std::memory_order_relaxed);
  return live > 0 ? size_t(live) : 0;
}

HandleTable::AllLocks::AllLocks(const HandleTable& table) : table_(table) {
  for (uint32_t i = 0; i < kThreadShards; ++i) table_.shards_[i].lock.lock();
  table_.mutex_.lock();
}

HandleTable::AllLocks::~AllLocks() {
  table_.mutex_.unlock();
  for (uint32_t i = kThreadShards; i-- > 0;) table_.shards_[i].lock.unlock();
}

bool HandleTable::refill(Shard& shard) {
  std::lock_guard lock(mutex_);
  const uint32_t first = shard.count;
  while (shard.count < kShardCache / 2) {
    uint32_t index;
    if (free_head_ != 0) {
      index = free_head_;
      free_head_ = entry(index).next_free;
    } else {
      if (next_index_ > HandleBits::kIndexMask) break;
      index = next_index_;
      uint32_t seg = index >> kSegmentBits;
      if (segments_[seg].load(std::memory_order_relaxed) == nullptr) {
        Entry* segment = new (std::nothrow) Entry[kSegmentSize];
        if (segment == nullptr) break;
        segments_[seg].store(segment, std::memory_order_release);
      }
      ++next_index_;
    }
    shard.free[shard.count++] = index;
  }
  // Inserts pop from the end: reversed, they take the indices in the order the shared list gives
  // them (the most recently freed first, then new ones upwards, as a single free list would).
  std::reverse(shard.free + first, shard.free + shard.count);
  return shard.count > 0;
}

void HandleTable::spill(Shard& shard) {
  std::lock_guard lock(mutex_);
  // The oldest half: the newest freed indices stay for this thread's next inserts.
  const uint32_t keep = kShardCache / 2;
  for (uint32_t i = 0; i < shard.count - keep; ++i) {
    entry(shard.free[i]).next_free = free_head_;
    free_head_ = shard.free[i];
  }
  std::copy(shard.free + (shard.count - keep), shard.free + shard.count, shard.free);
  shard.count = keep;
}

void* HandleTable::insert(ObjectType type, void* object) {
  Shard& shard = shards_[thread_shard()];
  std::lock_guard lock(shard.lock);
  if (shard.count == 0 && !refill(shard)) return nullptr;
  const uint32_t index = shard.free[--shard.count];
  Entry& e = entry(index);
  uint32_t generation = (word_generation(e.word.load(std::memory_order_relaxed)) + 1) & uint32_t(HandleBits::kGenerationMask);
  if (generation == 0) generation = 1;  // generation 0 never names a live object
  e.object.store(object, std::memory_order_relaxed);
  e.word.store(make_word(type, generation, true), std::memory_order_release);
  shard.live.store(shard.live.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  return reinterpret_cast<void*>(HandleBits::pack(slot_, type, generation, index));
}

bool HandleTable::remove(const void* handle) {
  const uint64_t h = reinterpret_cast<uintptr_t>(handle);
  const uint32_t index = HandleBits::index(h);
  if (HandleBits::slot(h) != slot_ || index == 0 || HandleBits::generation(h) == 0) return false;
  Entry* segment = segments_[index >> kSegmentBits].load(std::memory_order_acquire);
  if (segment == nullptr) return false;
  Entry& e = segment[index & (kSegmentSize - 1)];
  Shard& shard = shards_[thread_shard()];
  std::lock_guard lock(shard.lock);
  // Only one remover wins the live word (two threads removing one handle through two shards, or
  // a handle with a forged generation or type, find it changed). The generation and type stay,
  // so later resolves of this handle report Stale.
  uint32_t live = make_word(HandleBits::type(h), HandleBits::generation(h), true);
  if (!e.word.compare_exchange_strong(live, live & ~kLiveBit, std::memory_order_acq_rel)) return false;
  e.object.store(nullptr, std::memory_order_relaxed);
  if (shard.count == kShardCache) spill(shard);
  shard.free[shard.count++] = index;
  shard.live.store(shard.live.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  return true;
}

}  // namespace condis
