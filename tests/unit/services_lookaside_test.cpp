// Nonpaged lookaside lists (driver-model.md 2.8.4, 4.G SVC-040..043).
#include "unit/services_support.hpp"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "services/owner_scope.hpp"

namespace condis::test {
namespace {

class LookasideTest : public ServicesTest {
 protected:
  NPAGED_LOOKASIDE_LIST list;
  void init(SIZE_T size = 48) { NdisInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, size, 'kooL', 0); }
};

TEST_F(LookasideTest, EntriesComeBackFromTheCacheAndThePublicFieldsAreFilled) {
  init();
  EXPECT_EQ(list.L.Size, 48u);
  EXPECT_EQ(list.L.Tag, ULONG('kooL'));
  EXPECT_EQ(list.L.Type, NonPagedPool);
  auto* a = static_cast<unsigned char*>(NdisAllocateFromNPagedLookasideList(&list));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a[0], 0xCD);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 16, 0u);
  NdisFreeToNPagedLookasideList(&list, a);
  void* b = NdisAllocateFromNPagedLookasideList(&list);
  EXPECT_EQ(b, a);  // the processor's cache handed the same entry back
  NdisFreeToNPagedLookasideList(&list, b);
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_NO_FINDINGS();
}

TEST_F(LookasideTest, ManyEntriesOnSeveralProcessorsOverflowToTheSharedPoolAndBack) {
  init(16);
  std::vector<void*> entries;
  for (int i = 0; i < 1000; ++i) {
    exec::ExecutionScope cpu(DISPATCH_LEVEL, unsigned(i % 2));
    entries.push_back(NdisAllocateFromNPagedLookasideList(&list));
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    exec::ExecutionScope cpu(DISPATCH_LEVEL, unsigned((i + 1) % 2));  // freed on the other processor
    NdisFreeToNPagedLookasideList(&list, entries[i]);
  }
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_NO_FINDINGS();
}

int g_allocations = 0, g_frees = 0;
PVOID CountingAllocate(POOL_TYPE type, SIZE_T bytes, ULONG tag) {
  EXPECT_EQ(type, NonPagedPool);
  EXPECT_EQ(tag, ULONG('mtsC'));
  ++g_allocations;
  return std::malloc(bytes);
}
VOID CountingFree(PVOID p) {
  ++g_frees;
  std::free(p);
}

TEST_F(LookasideTest, DriverAllocatorIsUsedAndEveryEntryGoesBackThroughItsFree) {
  g_allocations = g_frees = 0;
  NdisInitializeNPagedLookasideList(&list, &CountingAllocate, &CountingFree, 0, 40, 'mtsC', 0);
  void* a = NdisAllocateFromNPagedLookasideList(&list);
  void* b = NdisAllocateFromNPagedLookasideList(&list);
  NdisFreeToNPagedLookasideList(&list, a);
  void* c = NdisAllocateFromNPagedLookasideList(&list);
  EXPECT_EQ(c, a);
  NdisFreeToNPagedLookasideList(&list, b);
  NdisFreeToNPagedLookasideList(&list, c);
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_EQ(g_allocations, 2);
  EXPECT_EQ(g_frees, 2);
  EXPECT_NO_FINDINGS();
}

TEST_F(LookasideTest, Svc040UseBeforeInitialiseIsReported) {
  std::memset(&list, 0, sizeof list);
  EXPECT_EQ(NdisAllocateFromNPagedLookasideList(&list), nullptr);
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_ONLY_FINDINGS("SVC-040", 2);
}

TEST_F(LookasideTest, Svc040UseAfterDeleteIsReported) {
  init();
  void* e = NdisAllocateFromNPagedLookasideList(&list);
  NdisFreeToNPagedLookasideList(&list, e);
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_NO_FINDINGS();
  EXPECT_EQ(NdisAllocateFromNPagedLookasideList(&list), nullptr);
  EXPECT_ONLY_FINDINGS("SVC-040", 1);
  EXPECT_NE(core().verifier().findings()[0].message.find("after"), std::string::npos);
}

TEST_F(LookasideTest, Svc040NonZeroFlagsDepthOrHalfACustomPairAreReported) {
  NdisInitializeNPagedLookasideList(&list, nullptr, nullptr, 1, 16, 'kooL', 4);
  NdisDeleteNPagedLookasideList(&list);
  NdisInitializeNPagedLookasideList(&list, &CountingAllocate, nullptr, 0, 16, 'kooL', 0);
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_ONLY_FINDINGS("SVC-040", 2);
}

TEST_F(LookasideTest, Svc040InitialisingALiveListAgainIsReportedAndTheOldListIsDeleted) {
  init();
  init();
  EXPECT_ONLY_FINDINGS("SVC-040", 1);
  void* e = NdisAllocateFromNPagedLookasideList(&list);
  NdisFreeToNPagedLookasideList(&list, e);
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_ONLY_FINDINGS("SVC-040", 1);
  EXPECT_TRUE(core().leak_report().empty());
}

TEST_F(LookasideTest, Svc041MisalignedHeadIsReported) {
  alignas(64) unsigned char storage[sizeof(NPAGED_LOOKASIDE_LIST) + 16];
  auto* misaligned = reinterpret_cast<PNPAGED_LOOKASIDE_LIST>(storage + 8);
  NdisInitializeNPagedLookasideList(misaligned, nullptr, nullptr, 0, 16, 'kooL', 0);
  EXPECT_ONLY_FINDINGS("SVC-041", 1);
}

TEST_F(LookasideTest, Svc041SixteenByteAlignedHeadIsAccepted) {
  alignas(64) unsigned char storage[sizeof(NPAGED_LOOKASIDE_LIST) + 16];
  auto* aligned16 = reinterpret_cast<PNPAGED_LOOKASIDE_LIST>(storage + 16);
  NdisInitializeNPagedLookasideList(aligned16, nullptr, nullptr, 0, 16, 'kooL', 0);
  NdisDeleteNPagedLookasideList(aligned16);
  EXPECT_NO_FINDINGS();
}

TEST_F(LookasideTest, Svc042DoubleFreeIsReported) {
  init();
  void* e = NdisAllocateFromNPagedLookasideList(&list);
  NdisFreeToNPagedLookasideList(&list, e);
  NdisFreeToNPagedLookasideList(&list, e);
  EXPECT_ONLY_FINDINGS("SVC-042", 1);
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_ONLY_FINDINGS("SVC-042", 1);
}

TEST_F(LookasideTest, Svc042FreeToTheWrongListIsReportedAndTheEntryStaysWithItsList) {
  init();
  NPAGED_LOOKASIDE_LIST other;
  NdisInitializeNPagedLookasideList(&other, nullptr, nullptr, 0, 48, 'rhtO', 0);
  void* e = NdisAllocateFromNPagedLookasideList(&list);
  NdisFreeToNPagedLookasideList(&other, e);
  EXPECT_ONLY_FINDINGS("SVC-042", 1);
  NdisFreeToNPagedLookasideList(&list, e);
  NdisDeleteNPagedLookasideList(&other);
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_ONLY_FINDINGS("SVC-042", 1);
}

TEST_F(LookasideTest, Svc042DeleteWithEntriesOutstandingIsReported) {
  init();
  void* e = NdisAllocateFromNPagedLookasideList(&list);
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_ONLY_FINDINGS("SVC-042", 1);
  NdisFreeToNPagedLookasideList(&list, e);  // after the delete: SVC-040, the entry is reclaimed
  EXPECT_EQ(count("SVC-040"), 1u) << findings();
}

TEST_F(LookasideTest, Svc042CustomAllocatorForeignPointerIsReported) {
  NdisInitializeNPagedLookasideList(&list, &CountingAllocate, &CountingFree, 0, 40, 'mtsC', 0);
  int not_an_entry = 0;
  NdisFreeToNPagedLookasideList(&list, &not_an_entry);
  EXPECT_ONLY_FINDINGS("SVC-042", 1);
  NdisDeleteNPagedLookasideList(&list);
}

TEST_F(LookasideTest, Svc043ListNotDeletedAtAdapterHaltIsReported) {
  {
    services::OwnerScope in_initialize(driver, adapter);  // as MiniportInitializeEx runs
    init();
  }
  services().on_owner_gone(adapter);
  EXPECT_ONLY_FINDINGS("SVC-043", 1);
  LeakReport report = core().leak_report();
  ASSERT_EQ(report.leaks.size(), 1u);
  EXPECT_EQ(report.leaks[0].kind, "lookaside list");
  NdisDeleteNPagedLookasideList(&list);
  EXPECT_TRUE(core().leak_report().empty());
}

TEST_F(LookasideTest, Svc043ListDeletedBeforeHaltIsClean) {
  {
    services::OwnerScope in_initialize(driver, adapter);
    init();
  }
  NdisDeleteNPagedLookasideList(&list);
  services().on_owner_gone(adapter);
  EXPECT_NO_FINDINGS();
}

TEST_F(LookasideTest, Svc043FreeingMemoryThatHoldsALiveListHeadIsReported) {
  auto* block = static_cast<NPAGED_LOOKASIDE_LIST*>(
      NdisAllocateMemoryWithTagPriority(adapter, sizeof(NPAGED_LOOKASIDE_LIST), 'kolB', NormalPoolPriority));
  NdisInitializeNPagedLookasideList(block, nullptr, nullptr, 0, 16, 'kooL', 0);
  NdisFreeMemory(block, 0, 0);
  EXPECT_ONLY_FINDINGS("SVC-043", 1);
  NdisDeleteNPagedLookasideList(block);
  NdisFreeMemory(block, 0, 0);
  EXPECT_ONLY_FINDINGS("SVC-043", 1);
}

}  // namespace
}  // namespace condis::test
