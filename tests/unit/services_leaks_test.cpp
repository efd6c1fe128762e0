// Per-owner leak checks (driver-model.md 4.I SVC-060..064) through ServicesState::on_owner_gone,
// which the driver model calls at halt, close completion and deregistration, and the shutdown
// leak report.
#include "unit/services_support.hpp"

#include "services/owner_scope.hpp"

namespace condis::test {
namespace {

class LeaksTest : public ServicesTest {};

TEST_F(LeaksTest, Svc060MemoryOfAnAdapterLeftAtHaltIsReported) {
  void* p = NdisAllocateMemoryWithTagPriority(adapter, 64, 'pdAM', NormalPoolPriority);
  services().on_owner_gone(adapter);
  EXPECT_ONLY_FINDINGS("SVC-060", 1);
  EXPECT_EQ(core().verifier().findings()[0].severity, Severity::Leak);
  NdisFreeMemory(p, 64, 0);
}

TEST_F(LeaksTest, Svc060AdapterThatFreedEverythingIsClean) {
  void* p = NdisAllocateMemoryWithTagPriority(adapter, 64, 'pdAM', NormalPoolPriority);
  void* other = NdisAllocateMemoryWithTagPriority(driver, 8, 'rvDM', NormalPoolPriority);  // not the adapter's
  NdisFreeMemory(p, 64, 0);
  services().on_owner_gone(adapter);
  EXPECT_NO_FINDINGS();
  NdisFreeMemory(other, 8, 0);
}

TEST_F(LeaksTest, Drv072MemoryOfABindingLeftAtCloseIsReported) {
  void* p = NdisAllocateMemoryWithTagPriority(binding, 8, 'dniB', NormalPoolPriority);
  services().on_owner_gone(binding);
  EXPECT_ONLY_FINDINGS("DRV-072", 1);
  NdisFreeMemory(p, 8, 0);
}

TEST_F(LeaksTest, Svc062TimerAndWorkItemOfABindingLeftAtCloseAreReported) {
  NDIS_TIMER_CHARACTERISTICS tc{};
  tc.Header = {NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, NDIS_TIMER_CHARACTERISTICS_REVISION_1,
               NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1};
  tc.AllocationTag = 'rmiT';
  tc.TimerFunction = [](PVOID, PVOID, PVOID, PVOID) {};
  NDIS_HANDLE timer = nullptr;
  ASSERT_EQ(NdisAllocateTimerObject(binding, &tc, &timer), NDIS_STATUS_SUCCESS);
  NDIS_HANDLE item = NdisAllocateIoWorkItem(binding);  // with the OQ-D22 portability warning
  services().on_owner_gone(binding);
  EXPECT_EQ(count("SVC-062"), 2u) << findings();
  EXPECT_EQ(count("SVC-033"), 1u) << findings();
  EXPECT_EQ(total(), 3u) << findings();
  NdisFreeTimerObject(timer);
  NdisFreeIoWorkItem(item);
}

TEST_F(LeaksTest, Svc062BindingThatFreedItsTimerAndWorkItemIsClean) {
  NDIS_TIMER_CHARACTERISTICS tc{};
  tc.Header = {NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS, NDIS_TIMER_CHARACTERISTICS_REVISION_1,
               NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1};
  tc.AllocationTag = 'rmiT';
  tc.TimerFunction = [](PVOID, PVOID, PVOID, PVOID) {};
  NDIS_HANDLE timer = nullptr;
  ASSERT_EQ(NdisAllocateTimerObject(adapter, &tc, &timer), NDIS_STATUS_SUCCESS);
  NdisFreeTimerObject(timer);
  services().on_owner_gone(adapter);
  EXPECT_NO_FINDINGS();
}

TEST_F(LeaksTest, Svc063SpinLockStillHeldAtTeardownIsReported) {
  NDIS_SPIN_LOCK lock;
  {
    services::OwnerScope in_adapter(driver, adapter);
    NdisAllocateSpinLock(&lock);
  }
  NdisAcquireSpinLock(&lock);
  services().on_owner_gone(adapter);
  EXPECT_ONLY_FINDINGS("SVC-063", 1);
  NdisReleaseSpinLock(&lock);
  NdisFreeSpinLock(&lock);
}

TEST_F(LeaksTest, Svc063RwLockStillHeldAtTeardownIsReported) {
  PNDIS_RW_LOCK_EX lock = NdisAllocateRWLock(adapter);
  LOCK_STATE_EX s;
  NdisAcquireRWLockRead(lock, &s, 0);
  services().on_owner_gone(adapter);
  EXPECT_EQ(count("SVC-063"), 1u) << findings();
  EXPECT_EQ(count("SVC-061"), 1u) << findings();  // and not freed
  NdisReleaseRWLock(lock, &s);
  NdisFreeRWLock(lock);
}

TEST_F(LeaksTest, Svc063ReleasedLocksAtTeardownAreClean) {
  NDIS_SPIN_LOCK lock;
  {
    services::OwnerScope in_adapter(driver, adapter);
    NdisAllocateSpinLock(&lock);
    NdisAcquireSpinLock(&lock);
    NdisReleaseSpinLock(&lock);
  }
  services().on_owner_gone(adapter);
  EXPECT_NO_FINDINGS();
}

TEST_F(LeaksTest, Svc064EverythingChargedToTheDriverIsReportedAtDeregistration) {
  void* p = NdisAllocateMemoryWithTagPriority(driver, 8, 'rvDM', NormalPoolPriority);
  NDIS_HANDLE item = NdisAllocateIoWorkItem(driver);
  PNDIS_RW_LOCK_EX rw = NdisAllocateRWLock(driver);
  NPAGED_LOOKASIDE_LIST list;
  NDIS_SPIN_LOCK lock;
  {
    services::OwnerScope in_driver_entry(driver, nullptr);
    NdisInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, 'kooL', 0);
    NdisAllocateSpinLock(&lock);
  }
  services().on_owner_gone(driver);
  EXPECT_EQ(count("SVC-064"), 3u) << findings();  // memory, RW lock, lookaside list
  EXPECT_EQ(count("SVC-050"), 1u) << findings();  // the work item
  EXPECT_EQ(count("DRV-073"), 1u) << findings();  // spin lock never freed: warning (OQ-D08)
  EXPECT_EQ(total(), 5u) << findings();
  LeakReport report = core().leak_report();
  EXPECT_EQ(report.leaks.size(), 4u) << report.to_string();  // spin locks are not in the report
  NdisFreeMemory(p, 0, 0);
  NdisFreeIoWorkItem(item);
  NdisFreeRWLock(rw);
  NdisDeleteNPagedLookasideList(&list);
  NdisFreeSpinLock(&lock);
  EXPECT_TRUE(core().leak_report().empty());
}

TEST_F(LeaksTest, Svc064DriverThatReleasedEverythingIsClean) {
  void* p = NdisAllocateMemoryWithTagPriority(driver, 8, 'rvDM', NormalPoolPriority);
  NPAGED_LOOKASIDE_LIST list;
  NDIS_SPIN_LOCK lock;
  {
    services::OwnerScope in_driver_entry(driver, nullptr);
    NdisInitializeNPagedLookasideList(&list, nullptr, nullptr, 0, 32, 'kooL', 0);
    NdisAllocateSpinLock(&lock);
  }
  NdisFreeMemory(p, 0, 0);
  NdisDeleteNPagedLookasideList(&list);
  NdisFreeSpinLock(&lock);
  services().on_owner_gone(driver);
  EXPECT_NO_FINDINGS();
}

TEST_F(LeaksTest, ShutdownReportsAndReleasesEverythingLeft) {
  NdisAllocateMemoryWithTagPriority(adapter, 8, 'kaeL', NormalPoolPriority);
  NDIS_HANDLE item = NdisAllocateIoWorkItem(adapter);
  ASSERT_NE(item, nullptr);
  LeakReport report = core().shutdown();
  EXPECT_EQ(report.leaks.size(), 2u) << report.to_string();
  EXPECT_NE(report.to_string().find("work item"), std::string::npos);
  EXPECT_TRUE(core().leak_report().empty());  // released after the report
}

}  // namespace
}  // namespace condis::test
