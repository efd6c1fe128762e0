// A count that many threads change and few read: one cell per thread shard.
//
// Every VC created or deleted on an address family changes the family's VC count, and all
// processors of a busy adapter share one family; a single atomic would be a cache line every
// processor writes on every call. Each thread adds to its own shard's cell instead (an
// uncontended atomic add on a line of its own), and the rare reader (NdisClCloseAddressFamily's
// CM-035 check) sums the cells. A cell may go below zero when a VC is deleted on another thread
// than the one that created it; the sum is exact whenever no add runs concurrently.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "common/thread_shard.hpp"

namespace condis {

class ShardedCount {
 public:
  // Release and acquire: a reader that sees a VC's decrement also sees everything its deletion did
  // before it (the peer's ProtocolCoDeleteVc), as with the single atomic this replaced.
  void add(int64_t delta) { cells_[thread_shard()].value.fetch_add(delta, std::memory_order_acq_rel); }

  int64_t total() const {
    int64_t sum = 0;
    for (uint32_t i = 0; i < kThreadShards; ++i) sum += cells_[i].value.load(std::memory_order_acquire);
    return sum;
  }

 private:
  struct alignas(64) Cell {
    std::atomic<int64_t> value{0};
  };
  std::unique_ptr<Cell[]> cells_{new Cell[kThreadShards]};
};

}  // namespace condis
