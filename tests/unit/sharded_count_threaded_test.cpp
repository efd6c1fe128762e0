// ShardedCount: adds from many threads, removes on other threads than the adds, exact total.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "common/sharded_count.hpp"

namespace condis {
namespace {

TEST(ShardedCount, StartsAtZeroAndSumsOneThreadsChanges) {
  ShardedCount count;
  EXPECT_EQ(count.total(), 0);
  count.add(3);
  count.add(-1);
  EXPECT_EQ(count.total(), 2);
}

TEST(ShardedCountThreaded, ChangesFromManyThreadsSumExactly) {
  ShardedCount count;
  constexpr int kThreads = 6, kRounds = 50000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      // Even threads only add, odd threads only subtract: cells go negative, the sum stays exact.
      for (int i = 0; i < kRounds; ++i) count.add(t % 2 == 0 ? 2 : -1);
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(count.total(), int64_t(kThreads / 2) * kRounds * 2 - int64_t(kThreads / 2) * kRounds);
}

}  // namespace
}  // namespace condis
