#include "common/handle_table.hpp"

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
    : slot_(runtime_slot), segments_(new std::atomic<Entry*>[kMaxSegments]) {
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

void* HandleTable::insert(ObjectType type, void* object) {
  std::lock_guard lock(mutex_);
  uint32_t index;
  if (free_head_ != 0) {
    index = free_head_;
    free_head_ = entry(index).next_free;
  } else {
    if (next_index_ > HandleBits::kIndexMask) return nullptr;
    index = next_index_++;
    uint32_t seg = index >> kSegmentBits;
    if (segments_[seg].load(std::memory_order_relaxed) == nullptr)
      segments_[seg].store(new Entry[kSegmentSize], std::memory_order_release);
  }
  Entry& e = entry(index);
  uint32_t generation = (word_generation(e.word.load(std::memory_order_relaxed)) + 1) & uint32_t(HandleBits::kGenerationMask);
  if (generation == 0) generation = 1;  // generation 0 never names a live object
  e.object.store(object, std::memory_order_relaxed);
  e.word.store(make_word(type, generation, true), std::memory_order_release);
  live_.store(live_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);  // under mutex_
  return reinterpret_cast<void*>(HandleBits::pack(slot_, type, generation, index));
}

bool HandleTable::remove(const void* handle) {
  std::lock_guard lock(mutex_);
  ObjectType type;
  if (check(handle, &type, nullptr) == nullptr) return false;
  uint32_t index = HandleBits::index(reinterpret_cast<uintptr_t>(handle));
  Entry& e = entry(index);
  // Keep the generation (and type) so later resolves of this handle report Stale.
  e.word.store(e.word.load(std::memory_order_relaxed) & ~kLiveBit, std::memory_order_release);
  e.object.store(nullptr, std::memory_order_relaxed);
  e.next_free = free_head_;
  free_head_ = index;
  live_.store(live_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);  // under mutex_
  return true;
}

}  // namespace condis
