// The verifier: its three modes, the finding builder, and the text a driver author reads.
#include "verify/verifier.hpp"

#include <gtest/gtest.h>

#include "common/handle_table.hpp"

namespace condis {
namespace {

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(VerifierModes, ReportRecordsEveryFindingWithItsDetails) {
  Verifier verifier(VerifierMode::Report);
  verifier.finding("CM-001", "NdisCmMakeCallComplete").message("completed with PENDING");
  verifier.finding("CM-001", "NdisCmOpenAddressFamilyComplete");
  verifier.finding("CM-005", "ProtocolCoCreateVc");
  auto findings = verifier.findings();
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].rule, "CM-001");
  EXPECT_EQ(findings[0].function, "NdisCmMakeCallComplete");
  EXPECT_EQ(findings[0].message, "completed with PENDING");
  EXPECT_EQ(findings[0].sequence, 1u);
  EXPECT_EQ(findings[2].sequence, 3u);
  EXPECT_EQ(verifier.count("CM-001"), 2u);
  EXPECT_EQ(verifier.count("CM-005"), 1u);
  EXPECT_EQ(verifier.count("CM-002"), 0u);
  EXPECT_EQ(verifier.total(), 3u);
}

TEST(VerifierModes, CountKeepsNoDetailsButCountsPerRule) {
  Verifier verifier(VerifierMode::Count);
  for (int i = 0; i < 5; ++i) verifier.finding("SVC-030", "NdisFreeMemory").remedy("free once");
  verifier.finding("SVC-051", "NdisQueueIoWorkItem");
  EXPECT_TRUE(verifier.findings().empty());
  EXPECT_EQ(verifier.count("SVC-030"), 5u);
  EXPECT_EQ(verifier.count("SVC-051"), 1u);
  EXPECT_EQ(verifier.total(), 6u);
}

TEST(VerifierModes, AbortCallsTheAbortHandlerWithTheFinding) {
  Verifier verifier(VerifierMode::Abort);
  std::vector<Finding> aborted;
  verifier.set_abort_handler([&](const Finding& f) { aborted.push_back(f); });
  verifier.finding("DRV-021", "MiniportInitializeEx").message("returned PENDING");
  ASSERT_EQ(aborted.size(), 1u);
  EXPECT_EQ(aborted[0].rule, "DRV-021");
  EXPECT_EQ(aborted[0].function, "MiniportInitializeEx");
  EXPECT_EQ(aborted[0].message, "returned PENDING");
  EXPECT_EQ(verifier.count("DRV-021"), 1u) << "the finding is recorded before the abort";
}

TEST(VerifierModes, ReportAndCountNeverCallTheAbortHandler) {
  for (VerifierMode mode : {VerifierMode::Report, VerifierMode::Count}) {
    Verifier verifier(mode);
    int aborts = 0;
    verifier.set_abort_handler([&](const Finding&) { ++aborts; });
    verifier.finding("CM-001", "NdisCmMakeCallComplete");
    EXPECT_EQ(aborts, 0);
    EXPECT_EQ(verifier.total(), 1u);
  }
}

TEST(VerifierModes, ModeCanChangeAtRunTime) {
  Verifier verifier;
  EXPECT_EQ(verifier.mode(), VerifierMode::Report);
  verifier.set_mode(VerifierMode::Count);
  verifier.finding("CM-001", "f");
  EXPECT_TRUE(verifier.findings().empty());
  verifier.set_mode(VerifierMode::Report);
  verifier.finding("CM-001", "f");
  EXPECT_EQ(verifier.findings().size(), 1u);
  EXPECT_EQ(verifier.count("CM-001"), 2u);
}

TEST(VerifierModes, ClearForgetsFindingsAndCounts) {
  Verifier verifier;
  verifier.finding("CM-001", "f");
  verifier.clear();
  EXPECT_TRUE(verifier.findings().empty());
  EXPECT_EQ(verifier.count("CM-001"), 0u);
  EXPECT_EQ(verifier.total(), 0u);
  verifier.finding("CM-001", "f");
  EXPECT_EQ(verifier.findings().at(0).sequence, 1u);
}

TEST(VerifierModes, EnabledFlagIsKept) {
  Verifier verifier(VerifierMode::Report, false);
  EXPECT_FALSE(verifier.enabled());
  verifier.set_enabled(true);
  EXPECT_TRUE(verifier.enabled());
}

TEST(FindingBuilder, FillsEveryField) {
  Verifier verifier;
  verifier.set_clock([] { return uint64_t(4200); });
  int vc_object = 0;
  HandleTable table(3);
  void* vc = table.insert(ObjectType::Vc, &vc_object);
  verifier.finding("CM-001", "NdisMCmMakeCallComplete")
      .handle("NdisVcHandle", vc)
      .value("Status", "NDIS_STATUS_PENDING")
      .state("call", "MAKING")
      .message("completion with PENDING")
      .expected("a final status")
      .remedy("complete with SUCCESS or a failure");
  auto findings = verifier.findings();
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  ASSERT_EQ(f.handles.size(), 2u);
  EXPECT_EQ(f.handles[0], (std::pair<std::string, std::string>{"NdisVcHandle", "Vc#1"}));
  EXPECT_EQ(f.handles[1], (std::pair<std::string, std::string>{"Status", "NDIS_STATUS_PENDING"}));
  ASSERT_EQ(f.states.size(), 1u);
  EXPECT_EQ(f.states[0], (std::pair<std::string, std::string>{"call", "MAKING"}));
  EXPECT_EQ(f.message, "completion with PENDING");
  EXPECT_EQ(f.expected, "a final status");
  EXPECT_EQ(f.remedy, "complete with SUCCESS or a failure");
  EXPECT_EQ(f.time_ns, 4200u);
  EXPECT_EQ(f.severity, Severity::Error);
}

TEST(FindingBuilder, SeverityComesFromTheCatalogueUnlessOverridden) {
  Verifier verifier;
  verifier.finding("CM-003", "NdisClCloseAddressFamily");
  verifier.finding("SVC-032", "NdisAllocateMemoryWithTagPriority");
  verifier.finding("CM-001", "NdisCmMakeCallComplete").severity(Severity::Warning);
  verifier.finding("XX-999", "NotARule");
  auto findings = verifier.findings();
  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(findings[0].severity, Severity::Leak);
  EXPECT_EQ(findings[1].severity, Severity::Warning);
  EXPECT_EQ(findings[2].severity, Severity::Warning);
  EXPECT_EQ(findings[3].severity, Severity::Error) << "an unknown id defaults to error";
}

TEST(FindingBuilder, EmitsOnceWhenMoved) {
  Verifier verifier;
  {
    FindingBuilder first = verifier.finding("CM-001", "f");
    FindingBuilder second(std::move(first));
    second.message("moved");
  }
  auto findings = verifier.findings();
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message, "moved");
}

TEST(FindingText, NamesRuleFunctionHandlesExpectationAndRemedy) {
  Finding f;
  f.rule = "CM-001";
  f.function = "NdisMCmMakeCallComplete";
  f.handles = {{"NdisVcHandle", "Vc#3"}};
  f.states = {{"call", "MAKING"}};
  f.message = "Status is NDIS_STATUS_PENDING";
  f.expected = "a final status";
  f.remedy = "complete with NDIS_STATUS_SUCCESS or a failure status";
  std::string text = f.to_string();
  EXPECT_TRUE(contains(text, "error CM-001 in NdisMCmMakeCallComplete")) << text;
  EXPECT_TRUE(contains(text, "Status is NDIS_STATUS_PENDING")) << text;
  EXPECT_TRUE(contains(text, "NdisVcHandle = Vc#3")) << text;
  EXPECT_TRUE(contains(text, "call is MAKING")) << text;
  EXPECT_TRUE(contains(text, "expected: a final status")) << text;
  EXPECT_TRUE(contains(text, "complete with NDIS_STATUS_SUCCESS or a failure status")) << text;
  EXPECT_TRUE(contains(text, "call-management.md 4.A")) << "the catalogue's section is cited: " << text;
}

TEST(FindingText, SeverityWordLeadsTheReport) {
  Finding f;
  f.rule = "SVC-032";
  f.function = "NdisAllocateMemoryWithTagPriority";
  f.severity = Severity::Warning;
  EXPECT_EQ(f.to_string().rfind("warning SVC-032", 0), 0u) << f.to_string();
  EXPECT_STREQ(severity_name(Severity::Leak), "leak");
  EXPECT_STREQ(severity_name(Severity::Error), "error");
}

TEST(LeakReportText, SaysNothingWasLeftBehindWhenEmpty) {
  LeakReport report;
  EXPECT_TRUE(report.empty());
  EXPECT_TRUE(contains(report.to_string(), "nothing left behind"));
}

TEST(LeakReportText, ListsEachLeakWithRuleKindOwnerAndDetail) {
  LeakReport report;
  report.leaks.push_back({"SVC-062", "timer", "demo_miniport adapter Adapter#1", "TimerObject#2 tag 'omeD'"});
  report.leaks.push_back({"SVC-060", "memory", "demo_miniport", ""});
  std::string text = report.to_string();
  EXPECT_FALSE(report.empty());
  EXPECT_TRUE(contains(text, "2 item(s)")) << text;
  EXPECT_TRUE(contains(text, "SVC-062  timer of demo_miniport adapter Adapter#1: TimerObject#2 tag 'omeD'")) << text;
  EXPECT_TRUE(contains(text, "SVC-060  memory of demo_miniport\n")) << text;
}

TEST(FormatHandle, SpellsLiveNullAndForgedHandles) {
  EXPECT_EQ(format_handle(nullptr), "NULL");
  EXPECT_EQ(format_handle(reinterpret_cast<void*>(uintptr_t(0x1234))), "forged:0x1234");
  HandleTable table(5);
  int a = 0, b = 0;
  void* vc = table.insert(ObjectType::Vc, &a);
  EXPECT_EQ(format_handle(vc), "Vc#1");
  void* sap = table.insert(ObjectType::Sap, &b);
  EXPECT_EQ(format_handle(sap), "Sap#2");
  ASSERT_TRUE(table.remove(vc));
  void* reused = table.insert(ObjectType::Vc, &a);
  EXPECT_EQ(format_handle(reused), "Vc#1.2") << "a reused slot shows its generation";
  // A value with a runtime slot but no valid type is not a condis handle.
  uint64_t bad_type = HandleBits::pack(5, ObjectType::None, 1, 1);
  EXPECT_EQ(format_handle(reinterpret_cast<void*>(uintptr_t(bad_type))).rfind("forged:0x", 0), 0u);
}

}  // namespace
}  // namespace condis
