// core::VcSlab under threads: per-thread shards in front of the shared free list.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "core/vc_slab.hpp"

namespace {

using condis::core::Vc;
using condis::core::VcSlab;

TEST(VcSlabThreaded, SlotsFreedOnAnotherThreadComeBackWithoutNewChunks) {
  // Thread A allocates, thread B frees everything: B's shard overflows into the shared list, and
  // A's next allocations are served from there rather than from new chunks.
  VcSlab slab;
  constexpr int kCount = 10000;
  std::vector<Vc*> first(kCount);
  std::thread([&] {
    for (auto& vc : first) vc = slab.allocate();
  }).join();
  std::thread([&] {
    for (Vc* vc : first) slab.free(vc);
  }).join();
  std::set<Vc*> known(first.begin(), first.end());
  ASSERT_EQ(known.size(), size_t(kCount)) << "a slot was handed out twice";
  std::vector<Vc*> again(kCount);
  std::thread([&] {
    for (auto& vc : again) vc = slab.allocate();
  }).join();
  size_t reused = 0;
  for (Vc* vc : again) reused += known.count(vc);
  // All but what B's shard kept (at most two chunks' worth) come from the slots already made.
  EXPECT_GE(reused, size_t(kCount - 128));
  EXPECT_EQ(std::set<Vc*>(again.begin(), again.end()).size(), size_t(kCount));
  for (Vc* vc : again) slab.free(vc);
}

TEST(VcSlabThreaded, ConcurrentAllocateAndFreeNeverShareASlot) {
  VcSlab slab;
  constexpr int kThreads = 4, kRounds = 20000;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<Vc*> held;
      for (int i = 0; i < kRounds; ++i) {
        Vc* vc = slab.allocate();
        if (vc == nullptr) {
          failures++;
          continue;
        }
        vc->sends_outstanding = uint32_t(t + 1);  // a slot shared by two threads would be overwritten
        held.push_back(vc);
        if (held.size() == 100) {
          for (Vc* h : held)
            if (h->sends_outstanding != uint32_t(t + 1)) failures++;
          for (Vc* h : held) slab.free(h);
          held.clear();
        }
      }
      for (Vc* h : held) slab.free(h);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
