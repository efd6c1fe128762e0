// Memory with tags (driver-model.md 2.8.3, 4.G SVC-030..034).
#include "unit/services_support.hpp"

#include <cstring>

namespace condis::test {
namespace {

class MemoryTest : public ServicesTest {};

TEST_F(MemoryTest, AllocateIsPoisonedAndAccountedByTag) {
  auto* p = static_cast<unsigned char*>(NdisAllocateMemoryWithTagPriority(adapter, 32, 'AmeM', NormalPoolPriority));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p[0], 0xCD);  // OQ-D21: not zeroed
  EXPECT_EQ(p[31], 0xCD);
  void* q = NdisAllocateMemoryWithTagPriority(binding, 8, 'AmeM', LowPoolPriority);
  void* r = NdisAllocateMemoryWithTagPriority(driver, 100, 'BmeM', HighPoolPriority);
  auto tags = services().memory().by_tag();
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(services::tag_name(tags[0].tag), "MemA");
  EXPECT_EQ(tags[0].live_blocks, 2u);
  EXPECT_EQ(tags[0].live_bytes, 40u);
  EXPECT_EQ(tags[1].live_bytes, 100u);
  NdisFreeMemory(p, 32, 0);
  NdisFreeMemoryWithTagPriority(binding, q, 'AmeM');
  NdisFreeMemory(r, 0, 0);  // Length is ignored for NDIS 6 memory
  tags = services().memory().by_tag();
  EXPECT_EQ(tags[0].live_blocks, 0u);
  EXPECT_EQ(tags[0].allocations, 2u);
  EXPECT_EQ(tags[0].peak_bytes, 40u);
  EXPECT_NO_FINDINGS();
  EXPECT_TRUE(core().leak_report().empty());
}

TEST_F(MemoryTest, ZeroMoveEqualAreTheWdkMacros) {
  char a[8] = "abcdefg", b[8];
  NdisMoveMemory(b, a, sizeof a);
  EXPECT_TRUE(NdisEqualMemory(a, b, sizeof a));
  NdisZeroMemory(b, sizeof b);
  EXPECT_FALSE(NdisEqualMemory(a, b, sizeof a));
  NdisFillMemory(b, 3, 'x');
  EXPECT_EQ(std::memcmp(b, "xxx", 3), 0);
}

TEST_F(MemoryTest, Svc030DoubleFreeIsReported) {
  void* p = NdisAllocateMemoryWithTagPriority(adapter, 16, 'tseT', NormalPoolPriority);
  NdisFreeMemory(p, 16, 0);
  NdisFreeMemory(p, 16, 0);
  EXPECT_ONLY_FINDINGS("SVC-030", 1);
}

TEST_F(MemoryTest, Svc030InteriorPointerIsReportedAndNothingIsFreed) {
  auto* p = static_cast<char*>(NdisAllocateMemoryWithTagPriority(adapter, 16, 'tseT', NormalPoolPriority));
  NdisFreeMemory(p + 4, 12, 0);
  EXPECT_ONLY_FINDINGS("SVC-030", 1);
  NdisFreeMemory(p, 16, 0);
  EXPECT_ONLY_FINDINGS("SVC-030", 1);
}

TEST_F(MemoryTest, Svc030NonZeroFlagsAreReported) {
  void* p = NdisAllocateMemoryWithTagPriority(adapter, 16, 'tseT', NormalPoolPriority);
  NdisFreeMemory(p, 16, NDIS_MEMORY_NONCACHED);
  EXPECT_ONLY_FINDINGS("SVC-030", 1);
  NdisFreeMemory(p, 16, 0);
  EXPECT_ONLY_FINDINGS("SVC-030", 1);
}

TEST_F(MemoryTest, Svc030WrongTagOrHandleIsReported) {
  void* p = NdisAllocateMemoryWithTagPriority(adapter, 16, 'tseT', NormalPoolPriority);
  NdisFreeMemoryWithTagPriority(adapter, p, 'gorW');
  NdisFreeMemoryWithTagPriority(driver, p, 'tseT');
  EXPECT_ONLY_FINDINGS("SVC-030", 2);
  NdisFreeMemoryWithTagPriority(adapter, p, 'tseT');
  EXPECT_ONLY_FINDINGS("SVC-030", 2);
}

// SVC-031: the tests named Svc031... below check this rule.
TEST_F(MemoryTest, Svc031FaultInjectionReturnsNullAndACheckingDriverFailsCleanly) {
  services().memory().fail_next(1);
  void* p = NdisAllocateMemoryWithTagPriority(adapter, 16, 'tseT', NormalPoolPriority);
  EXPECT_EQ(p, nullptr);  // the driver must check; condis cannot see a dereference of NULL
  void* q = NdisAllocateMemoryWithTagPriority(adapter, 16, 'tseT', NormalPoolPriority);
  ASSERT_NE(q, nullptr);
  NdisFreeMemory(q, 16, 0);
  EXPECT_NO_FINDINGS();
}

TEST_F(MemoryTest, Svc032ZeroOrNonAsciiTagIsAWarning) {
  void* p = NdisAllocateMemoryWithTagPriority(adapter, 16, 0, NormalPoolPriority);
  void* q = NdisAllocateMemoryWithTagPriority(adapter, 16, 0x80414141, NormalPoolPriority);
  EXPECT_ONLY_FINDINGS("SVC-032", 2);
  EXPECT_EQ(core().verifier().findings()[0].severity, Severity::Warning);
  NdisFreeMemory(p, 16, 0);
  NdisFreeMemory(q, 16, 0);
}

TEST_F(MemoryTest, Svc033LiveOwnerHandlesOfEachKindAreAccepted) {
  for (NDIS_HANDLE h : {adapter, driver, protocol, binding}) {
    void* p = NdisAllocateMemoryWithTagPriority(h, 4, 'tseT', NormalPoolPriority);
    ASSERT_NE(p, nullptr);
    NdisFreeMemoryWithTagPriority(h, p, 'tseT');
  }
  EXPECT_NO_FINDINGS();
}

TEST_F(MemoryTest, Svc033NullStaleForgedAndWrongTypeHandlesFail) {
  int other = 0;
  void* vc = core().handles().insert(ObjectType::Vc, &other);
  void* stale = core().handles().insert(ObjectType::Adapter, &other);
  core().handles().remove(stale);
  EXPECT_EQ(NdisAllocateMemoryWithTagPriority(nullptr, 4, 'tseT', NormalPoolPriority), nullptr);
  EXPECT_EQ(NdisAllocateMemoryWithTagPriority(vc, 4, 'tseT', NormalPoolPriority), nullptr);
  EXPECT_EQ(NdisAllocateMemoryWithTagPriority(stale, 4, 'tseT', NormalPoolPriority), nullptr);
  EXPECT_EQ(NdisAllocateMemoryWithTagPriority(reinterpret_cast<void*>(0x1234), 4, 'tseT', NormalPoolPriority),
            nullptr);
  NDIS_HANDLE timer = reinterpret_cast<NDIS_HANDLE>(1);
  NDIS_TIMER_CHARACTERISTICS tc{};
  EXPECT_EQ(NdisAllocateTimerObject(stale, &tc, &timer), NDIS_STATUS_FAILURE);
  EXPECT_EQ(NdisAllocateIoWorkItem(vc), nullptr);
  EXPECT_EQ(NdisAllocateRWLock(nullptr), nullptr);
  EXPECT_ONLY_FINDINGS("SVC-033", 7);
  core().handles().remove(vc);
}

TEST_F(MemoryTest, Svc034OverlappingCheckedMoveIsReported) {
  char buf[16] = "0123456789";
  CondisCheckedMoveMemory(buf + 2, buf, 8);
  EXPECT_ONLY_FINDINGS("SVC-034", 1);
  EXPECT_EQ(std::memcmp(buf, "0101234567", 10), 0);  // done as a memmove
}

TEST_F(MemoryTest, Svc034DisjointCheckedMoveIsClean) {
  char a[8] = "abcdefg", b[8] = {};
  CondisCheckedMoveMemory(b, a, 8);
  EXPECT_STREQ(b, "abcdefg");
  EXPECT_NO_FINDINGS();
}

TEST_F(MemoryTest, ALeftoverBlockIsInTheShutdownLeakReport) {
  void* p = NdisAllocateMemoryWithTagPriority(adapter, 24, 'kaeL', NormalPoolPriority);
  ASSERT_NE(p, nullptr);
  LeakReport report = core().leak_report();
  ASSERT_EQ(report.leaks.size(), 1u);
  EXPECT_EQ(report.leaks[0].rule, "SVC-060");
  EXPECT_EQ(report.leaks[0].kind, "memory");
  EXPECT_NE(report.leaks[0].detail.find("Leak"), std::string::npos);
  EXPECT_NE(report.leaks[0].detail.find("24 bytes"), std::string::npos);
}

}  // namespace
}  // namespace condis::test
