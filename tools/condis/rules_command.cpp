// `condis rules`: the catalogue as an aligned table or as JSON.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "verify/rules.hpp"

namespace condis::tool {
namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
  return s;
}

std::string_view family(std::string_view id) { return id.substr(0, id.find('-')); }

bool selected(const RuleInfo& rule, const std::vector<std::string>& prefixes, const std::vector<std::string>& ids) {
  if (!prefixes.empty() && std::find(prefixes.begin(), prefixes.end(), family(rule.id)) == prefixes.end()) return false;
  if (!ids.empty() && std::find(ids.begin(), ids.end(), rule.id) == ids.end()) return false;
  return true;
}

}  // namespace

int run_rules(const RulesOptions& options) {
  std::vector<std::string> prefixes, ids;
  for (const auto& p : options.prefixes) prefixes.push_back(upper(p));
  for (const auto& id : options.ids) {
    ids.push_back(upper(id));
    if (!find_rule(ids.back())) {
      std::fprintf(stderr, "condis rules: no rule %s in the catalogue\n", ids.back().c_str());
      return 1;
    }
  }

  std::vector<const RuleInfo*> rules;
  for (const RuleInfo& rule : all_rules())
    if (selected(rule, prefixes, ids)) rules.push_back(&rule);
  if (rules.empty()) {
    std::fprintf(stderr, "condis rules: no rule matches (families: CM, DP, DRV, RQ, ST, SVC, VC)\n");
    return 1;
  }

  if (options.json) {
    auto out = nlohmann::ordered_json::array();
    for (const RuleInfo* rule : rules)
      out.push_back({{"id", rule->id}, {"severity", severity_name(rule->severity)}, {"summary", rule->summary},
                     {"section", rule->section}});
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%-8s %-8s %-26s %s\n", "RULE", "SEVERITY", "SECTION", "SUMMARY");
  for (const RuleInfo* rule : rules)
    std::printf("%-8s %-8s %-26s %s\n", rule->id, severity_name(rule->severity), rule->section, rule->summary);
  std::printf("%zu rule(s)\n", rules.size());
  return 0;
}

}  // namespace condis::tool
