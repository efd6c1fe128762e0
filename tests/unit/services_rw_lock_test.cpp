// NDIS_RW_LOCK_EX (driver-model.md 2.8.2, 4.E SVC-013, 4.F SVC-020).
#include "unit/services_support.hpp"

#include "runtime/upcall.hpp"

namespace condis::test {
namespace {

class RwLockTest : public ServicesTest {};

TEST_F(RwLockTest, ReadersShareAndIrqlIsRaisedAndRestored) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(adapter);
  ASSERT_NE(lock, nullptr);
  LOCK_STATE_EX s1, s2;
  NdisAcquireRWLockRead(lock, &s1, 0);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  EXPECT_EQ(s1.OldIrql, PASSIVE_LEVEL);
  NdisAcquireRWLockRead(lock, &s2, NDIS_RWL_AT_DISPATCH_LEVEL);  // recursive read, at DISPATCH now
  NdisReleaseRWLock(lock, &s2);
  NdisReleaseRWLock(lock, &s1);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  LOCK_STATE_EX w;
  NdisAcquireRWLockWrite(lock, &w, 0);
  NdisReleaseRWLock(lock, &w);
  NdisFreeRWLock(lock);
  EXPECT_NO_FINDINGS();
}

TEST_F(RwLockTest, Svc013DispatchFlagAtPassiveIsReported) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(adapter);
  LOCK_STATE_EX s;
  NdisAcquireRWLockRead(lock, &s, NDIS_RWL_AT_DISPATCH_LEVEL);
  EXPECT_ONLY_FINDINGS("SVC-013", 1);
  NdisReleaseRWLock(lock, &s);
  NdisFreeRWLock(lock);
  EXPECT_ONLY_FINDINGS("SVC-013", 1);
}

TEST_F(RwLockTest, Svc013DispatchFlagAtDispatchIsClean) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(adapter);
  AtIrql dispatch(DISPATCH_LEVEL);
  LOCK_STATE_EX s;
  NdisAcquireRWLockWrite(lock, &s, NDIS_RWL_AT_DISPATCH_LEVEL);
  NdisReleaseRWLock(lock, &s);
  EXPECT_EQ(KeGetCurrentIrql(), DISPATCH_LEVEL);
  NdisFreeRWLock(lock);
  EXPECT_NO_FINDINGS();
}

TEST_F(RwLockTest, Svc020ReusedLockStateIsReported) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(adapter);
  LOCK_STATE_EX s;
  NdisAcquireRWLockRead(lock, &s, 0);
  NdisAcquireRWLockRead(lock, &s, NDIS_RWL_AT_DISPATCH_LEVEL);
  EXPECT_ONLY_FINDINGS("SVC-020", 1);
  NdisReleaseRWLock(lock, &s);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  NdisFreeRWLock(lock);
  EXPECT_ONLY_FINDINGS("SVC-020", 1);
}

TEST_F(RwLockTest, Svc020DoubleReleaseAndBadFlagsAndFreeWhileHeldAreReported) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(binding);
  LOCK_STATE_EX s;
  NdisAcquireRWLockWrite(lock, &s, 0x80);  // invalid flag bit
  NdisFreeRWLock(lock);                    // held: not freed
  NdisReleaseRWLock(lock, &s);
  {
    AtIrql dispatch(DISPATCH_LEVEL);
    NdisReleaseRWLock(lock, &s);  // released twice
  }
  EXPECT_ONLY_FINDINGS("SVC-020", 3);
  NdisFreeRWLock(lock);
  NdisFreeRWLock(lock);  // freed twice
  EXPECT_ONLY_FINDINGS("SVC-020", 4);
}

TEST_F(RwLockTest, Svc020WriteWhileHoldingReadWouldDeadlockAndIsReported) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(adapter);
  LOCK_STATE_EX r, w;
  NdisAcquireRWLockRead(lock, &r, 0);
  NdisAcquireRWLockWrite(lock, &w, NDIS_RWL_AT_DISPATCH_LEVEL);
  EXPECT_ONLY_FINDINGS("SVC-020", 1);
  NdisReleaseRWLock(lock, &r);
  NdisFreeRWLock(lock);
  EXPECT_ONLY_FINDINGS("SVC-020", 1);
}

TEST_F(RwLockTest, Svc018RwLockHeldAtHandlerReturnIsReportedAndReleased) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(adapter);
  LOCK_STATE_EX s;
  upcall(core(), {"MiniportOidRequest", "test"}, [&] { NdisAcquireRWLockWrite(lock, &s, 0); });
  EXPECT_ONLY_FINDINGS("SVC-018", 1);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  NdisFreeRWLock(lock);  // released by condis: free works
  EXPECT_ONLY_FINDINGS("SVC-018", 1);
}

TEST_F(RwLockTest, Svc061RwLockNotFreedAtCloseIsReported) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(binding);
  services().on_owner_gone(binding);
  EXPECT_ONLY_FINDINGS("SVC-061", 1);
  NdisFreeRWLock(lock);
}

TEST_F(RwLockTest, Svc061RwLockFreedBeforeCloseIsClean) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(binding);
  NdisFreeRWLock(lock);
  services().on_owner_gone(binding);
  EXPECT_NO_FINDINGS();
}

}  // namespace
}  // namespace condis::test
