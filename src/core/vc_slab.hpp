// Storage for a runtime's VCs: a free list over chunks taken from the heap in bulk.
//
// Creating and deleting a VC is on the path of every call, so a VC comes from here instead of the
// global allocator (no allocator call and no malloc header per VC). Chunks stay until the runtime
// goes: handles and requests completed early hold raw Vc pointers, and a slot only ever holds a
// Vc or a free-list link, so a stale pointer still reads memory of this runtime.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

#include "core/spin_lock.hpp"
#include "core/vc.hpp"

namespace condis::core {

class VcSlab {
 public:
  VcSlab() = default;
  ~VcSlab() = default;  // the chunks go with the slab; the caller freed or reported every VC before
  VcSlab(const VcSlab&) = delete;
  VcSlab& operator=(const VcSlab&) = delete;

  // A default-constructed Vc, or NULL when no memory is left.
  Vc* allocate() {
    Slot* slot;
    {
      std::lock_guard lock(lock_);
      if (!free_ && !grow()) return nullptr;
      slot = free_;
      free_ = slot->next;
    }
    return ::new (slot->storage) Vc();
  }

  // Returns a Vc allocate() gave out.
  void free(Vc* vc) {
    vc->~Vc();
    Slot* slot = ::new (static_cast<void*>(vc)) Slot;
    std::lock_guard lock(lock_);
    slot->next = free_;
    free_ = slot;
  }

 private:
  union Slot {
    Slot* next;
    alignas(Vc) unsigned char storage[sizeof(Vc)];
  };
  static_assert(sizeof(Slot) == sizeof(Vc), "a slot costs exactly one VC");

  // 64 slots (6.5 KiB) a chunk: at most 63 idle slots beyond the VCs a runtime ever held at once,
  // and one chunk pointer per 64 VCs.
  static constexpr size_t kChunkSlots = 64;

  bool grow();  // under lock_

  SpinLock lock_;
  Slot* free_ = nullptr;
  std::vector<std::unique_ptr<Slot[]>> chunks_;
};

}  // namespace condis::core
