// Storage for a runtime's VCs: free lists over chunks taken from the heap in bulk.
//
// Creating and deleting a VC is on the path of every call, so a VC comes from here instead of the
// global allocator (no allocator call and no malloc header per VC). Chunks stay until the runtime
// goes: handles and requests completed early hold raw Vc pointers, and a slot only ever holds a
// Vc or a free-list link, so a stale pointer still reads memory of this runtime.
//
// Each thread takes and gives back slots through its own shard (common/thread_shard.hpp), with
// the shared list behind them, so processors creating and deleting VCs at once neither contend
// for one lock nor write one cache line, and a new chunk's slots stay together on the processor
// that asked for it. A shard keeps at most kShardCache free slots; beyond that half go back to
// the shared list, so a thread that only deletes VCs does not hoard what another creates.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

#include "common/thread_shard.hpp"
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
    Shard& shard = shards_[thread_shard()];
    Slot* slot;
    {
      std::lock_guard lock(shard.lock);
      if (!shard.free && !refill(shard)) return nullptr;
      slot = shard.free;
      shard.free = slot->next;
      --shard.count;
    }
    return ::new (slot->storage) Vc();
  }

  // Returns a Vc allocate() gave out (on any thread).
  void free(Vc* vc) {
    vc->~Vc();
    Slot* slot = ::new (static_cast<void*>(vc)) Slot;
    Shard& shard = shards_[thread_shard()];
    std::lock_guard lock(shard.lock);
    if (shard.count == kShardCache) spill(shard);
    slot->next = shard.free;
    shard.free = slot;
    ++shard.count;
  }

 private:
  union Slot {
    Slot* next;
    alignas(Vc) unsigned char storage[sizeof(Vc)];
  };
  static_assert(sizeof(Slot) == sizeof(Vc), "a slot costs exactly one VC");

  // 64 slots (6.5 KiB) a chunk: at most 63 idle slots beyond the VCs a runtime ever held at once
  // (plus what the shards of other threads keep), and one chunk pointer per 64 VCs.
  static constexpr size_t kChunkSlots = 64;
  static constexpr uint32_t kShardCache = 2 * kChunkSlots;

  struct alignas(64) Shard {
    SpinLock lock;
    uint32_t count = 0;  // slots on free
    Slot* free = nullptr;
  };

  bool refill(Shard& shard);  // shard.lock held: up to a chunk's worth from the shared list, or a new chunk
  void spill(Shard& shard);   // shard.lock held: half its slots back to the shared list
  bool grow();                // lock_ held: a new chunk onto the shared list

  std::unique_ptr<Shard[]> shards_{new Shard[kThreadShards]};
  SpinLock lock_;  // guards free_ and chunks_; taken after a shard's lock, never before
  Slot* free_ = nullptr;
  std::vector<std::unique_ptr<Slot[]>> chunks_;
};

}  // namespace condis::core
