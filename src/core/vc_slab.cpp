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

}  // namespace condis::core
