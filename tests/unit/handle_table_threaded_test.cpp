// The handle table under threads: per-thread free-index caches, handles freed by another thread
// than the one that issued them, and removes racing on one handle.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "common/handle_table.hpp"

namespace condis {
namespace {

TEST(HandleTableThreaded, ConcurrentInsertResolveRemove) {
  HandleTable table(1);
  constexpr int kThreads = 4, kRounds = 5000;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      int object = 0;
      for (int i = 0; i < kRounds; ++i) {
        void* h = table.insert(ObjectType::Vc, &object);
        if (table.resolve(h, ObjectType::Vc) != &object) failures++;
        if (!table.remove(h)) failures++;
        if (table.resolve(h, ObjectType::Vc) != nullptr) failures++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(table.live_count(), 0u);
}

TEST(HandleTableThreaded, OneOfTwoRacingRemovesWins) {
  HandleTable table(1);
  int object = 0;
  for (int round = 0; round < 2000; ++round) {
    void* h = table.insert(ObjectType::Vc, &object);
    std::atomic<int> won{0};
    std::thread a([&] { won += table.remove(h); });
    std::thread b([&] { won += table.remove(h); });
    a.join();
    b.join();
    ASSERT_EQ(won.load(), 1) << "round " << round;
  }
  EXPECT_EQ(table.live_count(), 0u);
  // Every freed index sits in exactly one free list: the next inserts get distinct handles.
  std::set<void*> fresh;
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(fresh.insert(table.insert(ObjectType::Vc, &object)).second);
}

TEST(HandleTableThreaded, HandlesIssuedByOneThreadAndFreedByAnother) {
  // A producer issues, a consumer frees: the consumer's cache overflows into the shared list and
  // the producer's refills from it. No live handle is ever issued twice; for_each runs alongside.
  HandleTable table(1);
  constexpr int kCount = 20000;
  std::vector<std::atomic<void*>> handoff(kCount);
  std::vector<int> objects(kCount);
  std::atomic<int> failures{0};
  std::atomic<bool> done{false};
  std::thread producer([&] {
    for (int i = 0; i < kCount; ++i) {
      void* h = table.insert(ObjectType::Vc, &objects[i]);
      if (h == nullptr) failures++;
      handoff[i].store(h, std::memory_order_release);
    }
  });
  std::thread consumer([&] {
    for (int i = 0; i < kCount; ++i) {
      void* h;
      while ((h = handoff[i].load(std::memory_order_acquire)) == nullptr) std::this_thread::yield();
      if (table.resolve(h, ObjectType::Vc) != &objects[i]) failures++;
      if (!table.remove(h)) failures++;
    }
  });
  std::thread walker([&] {
    while (!done.load()) {
      table.for_each([&](void* h, ObjectType type, void* object) {
        if (type != ObjectType::Vc || object == nullptr || table.resolve(h, ObjectType::Vc) != object) failures++;
      });
    }
  });
  producer.join();
  consumer.join();
  done = true;
  walker.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(table.live_count(), 0u);
}

}  // namespace
}  // namespace condis
