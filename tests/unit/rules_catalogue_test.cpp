// The rule catalogue against its sources: every rule id of the spec's section 4, every id a check
// site in src/ names, and the generator's output (the committed .inc must be current).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "verify/rules.hpp"

namespace condis {
namespace {

namespace fs = std::filesystem;

const char* const kChapters[] = {"call-management.md", "driver-model.md", "vc-data-requests.md"};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The text of section 4 of a chapter: from "## 4." to the next level-2 heading.
std::string section4(const std::string& chapter) {
  std::istringstream in(chapter);
  std::string line, out;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      inside = line.rfind("## 4.", 0) == 0;
      continue;
    }
    if (inside) out += line + "\n";
  }
  return out;
}

std::set<std::string> ids_in(const std::string& text, const std::regex& pattern) {
  std::set<std::string> ids;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it)
    ids.insert((*it)[1].str());
  return ids;
}

fs::path spec_dir() { return fs::path(CONDIS_SPEC_DIR); }
fs::path source_dir() { return fs::path(CONDIS_SOURCE_DIR); }

TEST(RulesCatalogue, EveryIdInTheSpecsCheckableRulesIsCatalogued) {
  if (!fs::exists(spec_dir() / "call-management.md")) GTEST_SKIP() << "spec not found at " << spec_dir();
  const std::regex id(R"(\b([A-Z]{2,6}-[0-9]{3})\b)");
  std::set<std::string> spec_ids;
  for (const char* chapter : kChapters) {
    std::string text = section4(read_file(spec_dir() / chapter));
    ASSERT_FALSE(text.empty()) << chapter << " has no section 4";
    spec_ids.merge(ids_in(text, id));
  }
  EXPECT_GE(spec_ids.size(), 280u);
  for (const std::string& rule : spec_ids) EXPECT_NE(find_rule(rule), nullptr) << rule << " is not in the catalogue";
  EXPECT_EQ(all_rules().size(), spec_ids.size()) << "the catalogue holds ids the spec no longer defines";
}

TEST(RulesCatalogue, EveryRuleIdNamedAtACheckSiteIsCatalogued) {
  const fs::path src = source_dir() / "src";
  if (!fs::exists(src)) GTEST_SKIP() << "sources not found at " << src;
  const std::regex literal(R"re("([A-Z]{2,6}-[0-9]{3})")re");
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || !(ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".c")) continue;
    ++files;
    for (const std::string& rule : ids_in(read_file(entry.path()), literal))
      EXPECT_NE(find_rule(rule), nullptr) << entry.path().lexically_relative(source_dir()).string() << " names "
                                          << rule << ", which the spec does not define";
  }
  EXPECT_GT(files, 0u);
}

TEST(RulesCatalogue, CommittedCatalogueIsWhatTheGeneratorProduces) {
  if (!fs::exists(spec_dir() / "call-management.md")) GTEST_SKIP() << "spec not found at " << spec_dir();
  if (std::system("python3 --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "python3 not available";
  const std::string command = "python3 '" + (source_dir() / "scripts/gen-rules.py").string() + "' --spec-dir '" +
                              spec_dir().string() + "' --check '" +
                              (source_dir() / "src/verify/rules_catalogue.inc").string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0)
      << "src/verify/rules_catalogue.inc is stale: run python3 scripts/gen-rules.py --output src/verify/rules_catalogue.inc";
}

TEST(RulesCatalogue, IsSortedUniqueAndWellFormed) {
  auto rules = all_rules();
  ASSERT_FALSE(rules.empty());
  const std::regex id(R"([A-Z]{2,6}-[0-9]{3})");
  for (size_t i = 0; i < rules.size(); ++i) {
    const RuleInfo& rule = rules[i];
    EXPECT_TRUE(std::regex_match(rule.id, id)) << rule.id;
    if (i > 0) {
      EXPECT_LT(std::string_view(rules[i - 1].id), std::string_view(rule.id));
    }
    std::string_view summary(rule.summary), section(rule.section);
    EXPECT_FALSE(summary.empty()) << rule.id;
    EXPECT_LE(summary.size(), 110u) << rule.id;
    EXPECT_EQ(summary.find('\n'), std::string_view::npos) << rule.id;
    EXPECT_EQ(summary.find('`'), std::string_view::npos) << rule.id << ": markdown left in the summary";
    EXPECT_EQ(summary.find("**"), std::string_view::npos) << rule.id << ": markdown left in the summary";
    EXPECT_TRUE(section.find(".md 4.") != std::string_view::npos) << rule.id << ": " << section;
  }
}

TEST(RulesCatalogue, FindRuleFindsExactIdsOnly) {
  const RuleInfo* rule = find_rule("CM-001");
  ASSERT_NE(rule, nullptr);
  EXPECT_STREQ(rule->id, "CM-001");
  EXPECT_STREQ(rule->section, "call-management.md 4.A");
  EXPECT_NE(std::string_view(rule->summary).find("NDIS_STATUS_PENDING"), std::string_view::npos);
  for (const RuleInfo& each : all_rules()) EXPECT_EQ(find_rule(each.id), &each);
  EXPECT_EQ(find_rule(""), nullptr);
  EXPECT_EQ(find_rule("CM-00"), nullptr);
  EXPECT_EQ(find_rule("CM-0010"), nullptr);
  EXPECT_EQ(find_rule("cm-001"), nullptr);
  EXPECT_EQ(find_rule("ZZ-999"), nullptr);
  EXPECT_EQ(find_rule("SVC-0xx"), nullptr);
}

TEST(RulesCatalogue, SeverityFollowsTheSpecsWording) {
  auto severity_of = [](const char* id) {
    const RuleInfo* rule = find_rule(id);
    EXPECT_NE(rule, nullptr) << id;
    return rule ? rule->severity : Severity::Error;
  };
  EXPECT_EQ(severity_of("CM-001"), Severity::Error);    // "must never"
  EXPECT_EQ(severity_of("CM-003"), Severity::Leak);     // checked at teardown
  EXPECT_EQ(severity_of("DRV-070"), Severity::Leak);    // "Resources outstanding at halt..."
  EXPECT_EQ(severity_of("SVC-060"), Severity::Leak);    // "Leaks per owner"
  EXPECT_EQ(severity_of("RQ-003"), Severity::Leak);     // "Leaks at teardown:"
  EXPECT_EQ(severity_of("SVC-005"), Severity::Warning); // "should", "(warning)"
  EXPECT_EQ(severity_of("SVC-032"), Severity::Warning);
  EXPECT_EQ(severity_of("DP-018"), Severity::Warning);  // "should" only
  EXPECT_EQ(severity_of("DP-037"), Severity::Error);    // must + should: the graver part
}

TEST(RulesCatalogue, CoversEveryChapterPrefix) {
  std::set<std::string> prefixes;
  for (const RuleInfo& rule : all_rules()) {
    std::string_view id(rule.id);
    prefixes.emplace(id.substr(0, id.find('-')));
  }
  EXPECT_EQ(prefixes, (std::set<std::string>{"CM", "DP", "DRV", "RQ", "ST", "SVC", "VC"}));
}

}  // namespace
}  // namespace condis
