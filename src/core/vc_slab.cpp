#include "core/vc_slab.hpp"

namespace condis::core {

bool VcSlab::grow() {
  std::unique_ptr<Slot[]> chunk(new (std::nothrow) Slot[kChunkSlots]);
  if (!chunk) return false;
  try {
    chunks_.push_back(std::move(chunk));
  } catch (const std::bad_alloc&) {
    return false;
  }
  Slot* slots = chunks_.back().get();
  for (size_t i = kChunkSlots; i-- > 0;) {
    slots[i].next = free_;
    free_ = &slots[i];
  }
  return true;
}

bool VcSlab::refill(Shard& shard) {
  std::lock_guard lock(lock_);
  if (!free_ && !grow()) return false;
  while (free_ && shard.count < kChunkSlots) {
    Slot* slot = free_;
    free_ = slot->next;
    slot->next = shard.free;
    shard.free = slot;
    ++shard.count;
  }
  return true;
}

void VcSlab::spill(Shard& shard) {
  std::lock_guard lock(lock_);
  for (uint32_t i = 0; i < kShardCache / 2; ++i) {
    Slot* slot = shard.free;
    shard.free = slot->next;
    slot->next = free_;
    free_ = slot;
  }
  shard.count -= kShardCache / 2;
}

}  // namespace condis::core
