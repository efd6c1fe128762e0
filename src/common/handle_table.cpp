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
  live_.fetch_add(1, std::memory_order_relaxed);
  return reinterpret_cast<void*>(HandleBits::pack(slot_, type, generation, index));
}

void* HandleTable::check(const void* handle, ObjectType* type_out, HandleError* error) const {
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

void* HandleTable::resolve(const void* handle, ObjectType expected, HandleError* error) const {
  ObjectType type = ObjectType::None;
  void* object = check(handle, &type, error);
  if (object == nullptr) return nullptr;
  if (type != expected) {
    if (error) *error = HandleError::WrongType;
    return nullptr;
  }
  return object;
}

void* HandleTable::resolve_any(const void* handle, ObjectType* type_out, HandleError* error) const {
  return check(handle, type_out, error);
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
  live_.fetch_sub(1, std::memory_order_relaxed);
  return true;
}

}  // namespace condis
