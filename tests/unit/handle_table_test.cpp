// The handle table: issue, resolve, free; stale, forged, wrong-type and other-runtime handles.
#include "common/handle_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace condis {
namespace {

TEST(HandleTable, ResolvesLiveHandleToItsObject) {
  HandleTable table(7);
  int object = 0;
  void* h = table.insert(ObjectType::Vc, &object);
  ASSERT_NE(h, nullptr);
  HandleError err;
  EXPECT_EQ(table.resolve(h, ObjectType::Vc, &err), &object);
  EXPECT_EQ(err, HandleError::Ok);
  EXPECT_EQ(handle_runtime_slot(h), 7u);
  EXPECT_EQ(table.live_count(), 1u);
}

TEST(HandleTable, NullHandleIsReported) {
  HandleTable table(1);
  HandleError err;
  EXPECT_EQ(table.resolve(nullptr, ObjectType::Vc, &err), nullptr);
  EXPECT_EQ(err, HandleError::Null);
}

TEST(HandleTable, FreedHandleIsStale) {
  HandleTable table(1);
  int object = 0;
  void* h = table.insert(ObjectType::Sap, &object);
  ASSERT_TRUE(table.remove(h));
  HandleError err;
  EXPECT_EQ(table.resolve(h, ObjectType::Sap, &err), nullptr);
  EXPECT_EQ(err, HandleError::Stale);
  EXPECT_FALSE(table.remove(h)) << "double free of a handle must be refused";
}

TEST(HandleTable, ReusedSlotKeepsOldHandleStale) {
  HandleTable table(1);
  int a = 0, b = 0;
  void* old_handle = table.insert(ObjectType::Vc, &a);
  ASSERT_TRUE(table.remove(old_handle));
  void* new_handle = table.insert(ObjectType::Vc, &b);
  // Same index, new generation.
  EXPECT_EQ(HandleBits::index(reinterpret_cast<uintptr_t>(old_handle)),
            HandleBits::index(reinterpret_cast<uintptr_t>(new_handle)));
  EXPECT_NE(old_handle, new_handle);
  HandleError err;
  EXPECT_EQ(table.resolve(old_handle, ObjectType::Vc, &err), nullptr);
  EXPECT_EQ(err, HandleError::Stale);
  EXPECT_EQ(table.resolve(new_handle, ObjectType::Vc, &err), &b);
}

TEST(HandleTable, ReusedSlotWithOtherTypeKeepsOldHandleStale) {
  HandleTable table(1);
  int a = 0, b = 0;
  void* old_handle = table.insert(ObjectType::Party, &a);
  ASSERT_TRUE(table.remove(old_handle));
  void* new_handle = table.insert(ObjectType::Vc, &b);
  HandleError err;
  EXPECT_EQ(table.resolve(old_handle, ObjectType::Party, &err), nullptr);
  EXPECT_EQ(err, HandleError::Stale);
  EXPECT_EQ(table.resolve(new_handle, ObjectType::Vc, &err), &b);
}

TEST(HandleTable, WrongTypeIsReported) {
  HandleTable table(1);
  int object = 0;
  void* h = table.insert(ObjectType::Vc, &object);
  HandleError err;
  EXPECT_EQ(table.resolve(h, ObjectType::Party, &err), nullptr);
  EXPECT_EQ(err, HandleError::WrongType);
}

TEST(HandleTable, ForgedHandlesAreReported) {
  HandleTable table(1);
  int object = 0;
  void* h = table.insert(ObjectType::Vc, &object);
  HandleError err;
  // A real pointer, as a driver passing its own context by mistake would.
  EXPECT_EQ(table.resolve(&object, ObjectType::Vc, &err), nullptr);
  EXPECT_EQ(err, HandleError::Forged);
  // An index never issued.
  auto bits = reinterpret_cast<uintptr_t>(h);
  void* never = reinterpret_cast<void*>(HandleBits::pack(1, ObjectType::Vc, 1, 4000));
  EXPECT_EQ(table.resolve(never, ObjectType::Vc, &err), nullptr);
  EXPECT_EQ(err, HandleError::Forged);
  // A generation from the future.
  void* future = reinterpret_cast<void*>(HandleBits::pack(1, ObjectType::Vc, HandleBits::generation(bits) + 5,
                                                          HandleBits::index(bits)));
  EXPECT_EQ(table.resolve(future, ObjectType::Vc, &err), nullptr);
  EXPECT_EQ(err, HandleError::Forged);
  // An index beyond any segment.
  void* huge = reinterpret_cast<void*>(HandleBits::pack(1, ObjectType::Vc, 1, uint32_t(HandleBits::kIndexMask)));
  EXPECT_EQ(table.resolve(huge, ObjectType::Vc, &err), nullptr);
  EXPECT_EQ(err, HandleError::Forged);
}

TEST(HandleTable, HandleOfAnotherRuntimeIsReported) {
  HandleTable mine(1), theirs(2);
  int object = 0;
  void* h = theirs.insert(ObjectType::Vc, &object);
  HandleError err;
  EXPECT_EQ(mine.resolve(h, ObjectType::Vc, &err), nullptr);
  EXPECT_EQ(err, HandleError::OtherRuntime);
}

TEST(HandleTable, GrowsAcrossSegments) {
  HandleTable table(1);
  std::vector<int> objects(10000);
  std::vector<void*> handles;
  for (auto& o : objects) handles.push_back(table.insert(ObjectType::Vc, &o));
  for (size_t i = 0; i < objects.size(); ++i) EXPECT_EQ(table.resolve(handles[i], ObjectType::Vc), &objects[i]);
  size_t visited = 0;
  table.for_each([&](void*, ObjectType t, void*) { visited += t == ObjectType::Vc; });
  EXPECT_EQ(visited, objects.size());
}

TEST(HandleTable, FreedIndicesAreReusedAcrossTheThreadCacheAndTheSharedList) {
  // More handles than one thread's cache holds go back to the shared list and come out again:
  // the table issues no new index while freed ones wait.
  HandleTable table(1);
  std::vector<int> objects(1000);
  std::vector<void*> handles;
  for (auto& o : objects) handles.push_back(table.insert(ObjectType::Vc, &o));
  uint32_t highest = 0;
  for (void* h : handles) highest = std::max(highest, HandleBits::index(reinterpret_cast<uintptr_t>(h)));
  for (void* h : handles) ASSERT_TRUE(table.remove(h));
  EXPECT_EQ(table.live_count(), 0u);
  for (size_t i = 0; i < objects.size(); ++i) {
    void* h = table.insert(ObjectType::Party, &objects[i]);
    ASSERT_NE(h, nullptr);
    EXPECT_LE(HandleBits::index(reinterpret_cast<uintptr_t>(h)), highest);
    EXPECT_EQ(table.resolve(h, ObjectType::Party), &objects[i]);
  }
  for (void* h : handles) EXPECT_EQ(table.resolve(h, ObjectType::Vc), nullptr) << "old handles stay stale";
  EXPECT_EQ(table.live_count(), objects.size());
}

TEST(HandleTable, RemoveRefusesForgedGenerationOfALiveIndex) {
  HandleTable table(1);
  int object = 0;
  void* h = table.insert(ObjectType::Vc, &object);
  const uint64_t bits = reinterpret_cast<uintptr_t>(h);
  void* forged = reinterpret_cast<void*>(HandleBits::pack(1, ObjectType::Vc, HandleBits::generation(bits) + 1,
                                                          HandleBits::index(bits)));
  void* wrong_type = reinterpret_cast<void*>(HandleBits::pack(1, ObjectType::Sap, HandleBits::generation(bits),
                                                              HandleBits::index(bits)));
  EXPECT_FALSE(table.remove(forged));
  EXPECT_FALSE(table.remove(wrong_type));
  EXPECT_FALSE(table.remove(nullptr));
  EXPECT_EQ(table.resolve(h, ObjectType::Vc), &object) << "a refused remove leaves the live handle alone";
  EXPECT_TRUE(table.remove(h));
}

}  // namespace
}  // namespace condis
