// Spin locks, the interlocked helpers and the list helpers (driver-model.md 2.8.1, 2.8.9, 4.F).
#include "unit/services_support.hpp"

#include "runtime/upcall.hpp"

namespace condis::test {
namespace {

class SpinLockTest : public ServicesTest {};

TEST_F(SpinLockTest, AcquireRaisesToDispatchAndReleaseRestores) {
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  NdisAcquireSpinLock(&lock);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_EQ(lock.OldIrql, PASSIVE_LEVEL);
  NdisReleaseSpinLock(&lock);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  NdisFreeSpinLock(&lock);
  EXPECT_NO_FINDINGS();
}

TEST_F(SpinLockTest, DprFormsKeepDispatchLevel) {  // SVC-004 kept
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  AtIrql dispatch(DISPATCH_LEVEL);
  NdisDprAcquireSpinLock(&lock);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  NdisDprReleaseSpinLock(&lock);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_NO_FINDINGS();
}

TEST_F(SpinLockTest, Svc004DprAcquireAtPassiveIsReported) {
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  NdisDprAcquireSpinLock(&lock);
  EXPECT_EQ(count("SVC-004"), 1u) << findings();
  NdisDprReleaseSpinLock(&lock);
  EXPECT_ONLY_FINDINGS("SVC-004", 2);
}

TEST_F(SpinLockTest, Svc014ReverseOrderReleaseIsClean) {
  NDIS_SPIN_LOCK a, b;
  NdisAllocateSpinLock(&a);
  NdisAllocateSpinLock(&b);
  NdisAcquireSpinLock(&a);
  NdisAcquireSpinLock(&b);
  EXPECT_EQ(b.OldIrql, DISPATCH_LEVEL);
  NdisReleaseSpinLock(&b);
  NdisReleaseSpinLock(&a);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_NO_FINDINGS();
}

TEST_F(SpinLockTest, Svc014OutOfOrderReleaseIsReportedAndIrqlStaysConsistent) {
  NDIS_SPIN_LOCK a, b;
  NdisAllocateSpinLock(&a);
  NdisAllocateSpinLock(&b);
  NdisAcquireSpinLock(&a);
  NdisAcquireSpinLock(&b);
  NdisReleaseSpinLock(&a);  // would restore PASSIVE while b is held
  EXPECT_ONLY_FINDINGS("SVC-014", 1);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);  // b is still held
  NdisReleaseSpinLock(&b);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);  // condis restored the outer level last
  EXPECT_ONLY_FINDINGS("SVC-014", 1);
}

TEST_F(SpinLockTest, Svc015RecursiveAcquireIsReportedNotDeadlocked) {
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  NdisAcquireSpinLock(&lock);
  NdisAcquireSpinLock(&lock);
  EXPECT_ONLY_FINDINGS("SVC-015", 1);
  NdisReleaseSpinLock(&lock);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_ONLY_FINDINGS("SVC-015", 1);
}

TEST_F(SpinLockTest, Svc015InterlockedHelperWhileHoldingTheLockIsReported) {
  NDIS_SPIN_LOCK lock;
  LIST_ENTRY head, entry;
  NdisAllocateSpinLock(&lock);
  InitializeListHead(&head);
  NdisAcquireSpinLock(&lock);
  EXPECT_EQ(NdisInterlockedInsertTailList(&head, &entry, &lock), nullptr);
  EXPECT_ONLY_FINDINGS("SVC-015", 1);
  NdisReleaseSpinLock(&lock);
  EXPECT_EQ(head.Flink, &entry);  // the operation still happened under the caller's hold
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST_F(SpinLockTest, Svc016UninitialisedLockIsReportedAndNothingIsAcquired) {
  NDIS_SPIN_LOCK lock{};
  NdisAcquireSpinLock(&lock);
  EXPECT_ONLY_FINDINGS("SVC-016", 1);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST_F(SpinLockTest, Svc016UseAfterFreeIsReported) {
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  NdisFreeSpinLock(&lock);
  NdisAcquireSpinLock(&lock);
  NdisFreeSpinLock(&lock);
  EXPECT_ONLY_FINDINGS("SVC-016", 2);
  NdisAllocateSpinLock(&lock);  // re-initialised: usable again
  NdisAcquireSpinLock(&lock);
  NdisReleaseSpinLock(&lock);
  EXPECT_ONLY_FINDINGS("SVC-016", 2);
}

TEST_F(SpinLockTest, Svc017ReleaseOfALockNotHeldIsReported) {
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  {
    AtIrql dispatch(DISPATCH_LEVEL);
    NdisReleaseSpinLock(&lock);
  }
  EXPECT_ONLY_FINDINGS("SVC-017", 1);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST_F(SpinLockTest, Svc017MismatchedReleaseKindIsReported) {
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  NdisAcquireSpinLock(&lock);
  NdisDprReleaseSpinLock(&lock);
  EXPECT_ONLY_FINDINGS("SVC-017", 1);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);  // condis released it as it was acquired
  NdisAcquireSpinLock(&lock);                     // and it is free again
  NdisReleaseSpinLock(&lock);
  EXPECT_ONLY_FINDINGS("SVC-017", 1);
}

TEST_F(SpinLockTest, Svc018LockHeldAtHandlerReturnIsReportedAndReleased) {
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  upcall(core(), {"MiniportReturnsHoldingLock", "test"}, [&] { NdisAcquireSpinLock(&lock); });
  EXPECT_ONLY_FINDINGS("SVC-018", 1);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_FALSE(services::spin_lock_held(&lock));
}

TEST_F(SpinLockTest, Svc018DprLockHeldAtHandlerReturnIsReported) {
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  AtIrql dispatch(DISPATCH_LEVEL);
  upcall(core(), {"TimerCallback", "test"}, [&] { NdisDprAcquireSpinLock(&lock); });
  EXPECT_ONLY_FINDINGS("SVC-018", 1);
  EXPECT_FALSE(services::spin_lock_held(&lock));
}

TEST_F(SpinLockTest, Svc018BalancedHandlerIsClean) {
  NDIS_SPIN_LOCK outer, inner;
  NdisAllocateSpinLock(&outer);
  NdisAllocateSpinLock(&inner);
  NdisAcquireSpinLock(&outer);  // held by the caller across the upcall: legal
  upcall(core(), {"Handler", "test"}, [&] {
    NdisDprAcquireSpinLock(&inner);
    NdisDprReleaseSpinLock(&inner);
  });
  NdisReleaseSpinLock(&outer);
  EXPECT_NO_FINDINGS();
}

TEST_F(SpinLockTest, Svc019FreeingAHeldLockIsReportedAndIgnored) {
  NDIS_SPIN_LOCK lock;
  NdisAllocateSpinLock(&lock);
  NdisAcquireSpinLock(&lock);
  NdisFreeSpinLock(&lock);
  EXPECT_ONLY_FINDINGS("SVC-019", 1);
  NdisReleaseSpinLock(&lock);  // still a live lock
  NdisFreeSpinLock(&lock);
  EXPECT_ONLY_FINDINGS("SVC-019", 1);
}

TEST_F(SpinLockTest, InterlockedListHelpersFollowTheExInterlockedContract) {
  NDIS_SPIN_LOCK lock;
  LIST_ENTRY head, a, b, c;
  NdisAllocateSpinLock(&lock);
  NdisInitializeListHead(&head);
  EXPECT_EQ(NdisInterlockedInsertTailList(&head, &a, &lock), nullptr);  // was empty
  EXPECT_EQ(NdisInterlockedInsertTailList(&head, &b, &lock), &a);       // previous last
  EXPECT_EQ(NdisInterlockedInsertHeadList(&head, &c, &lock), &a);       // previous first
  EXPECT_EQ(NdisInterlockedRemoveHeadList(&head, &lock), &c);
  EXPECT_EQ(NdisInterlockedRemoveHeadList(&head, &lock), &a);
  EXPECT_EQ(NdisInterlockedRemoveHeadList(&head, &lock), &b);
  EXPECT_EQ(NdisInterlockedRemoveHeadList(&head, &lock), nullptr);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  ULONG counter = 5;
  EXPECT_EQ(NdisInterlockedAddUlong(&counter, 3, &lock), 5u);
  EXPECT_EQ(counter, 8u);
  LONG value = 0;
  EXPECT_EQ(NdisInterlockedIncrement(&value), 1);
  EXPECT_EQ(NdisInterlockedIncrement(&value), 2);
  EXPECT_EQ(NdisInterlockedDecrement(&value), 1);
  LARGE_INTEGER stat;
  stat.QuadPart = 1;
  NdisInterlockedAddLargeStatistic(&stat, 41);
  EXPECT_EQ(stat.QuadPart, 42);
  EXPECT_NO_FINDINGS();
}

TEST_F(SpinLockTest, Svc016InterlockedHelperOnUninitialisedLockIsReported) {
  NDIS_SPIN_LOCK lock{};
  ULONG counter = 1;
  EXPECT_EQ(NdisInterlockedAddUlong(&counter, 1, &lock), 1u);
  EXPECT_EQ(counter, 2u);
  EXPECT_ONLY_FINDINGS("SVC-016", 1);
}

TEST_F(SpinLockTest, ListHelpersBehaveAsTheWdkInlines) {
  LIST_ENTRY head, a, b;
  InitializeListHead(&head);
  EXPECT_TRUE(IsListEmpty(&head));
  InsertTailList(&head, &a);
  InsertHeadList(&head, &b);
  EXPECT_EQ(head.Flink, &b);
  EXPECT_EQ(head.Blink, &a);
  EXPECT_EQ(RemoveTailList(&head), &a);
  EXPECT_FALSE(RemoveEntryList(&b) == FALSE);  // list became empty
  EXPECT_TRUE(IsListEmpty(&head));
  SINGLE_LIST_ENTRY shead{nullptr}, s1;
  PushEntryList(&shead, &s1);
  EXPECT_EQ(PopEntryList(&shead), &s1);
  EXPECT_EQ(PopEntryList(&shead), nullptr);
}

}  // namespace
}  // namespace condis::test
