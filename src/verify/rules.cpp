// The rule catalogue. The table is generated from the spec (scripts/gen-rules.py) and sorted by
// id, so find_rule - called for every finding - is a binary search over string views.
#include "verify/rules.hpp"

#include <algorithm>

namespace condis {
namespace {

constexpr RuleInfo kRules[] = {
#include "verify/rules_catalogue.inc"
};

constexpr bool sorted_by_id() {
  for (size_t i = 1; i < std::size(kRules); ++i)
    if (!(std::string_view(kRules[i - 1].id) < std::string_view(kRules[i].id))) return false;
  return true;
}
static_assert(sorted_by_id(), "rules_catalogue.inc must be sorted by id with no duplicates");

}  // namespace

std::span<const RuleInfo> all_rules() { return kRules; }

const RuleInfo* find_rule(std::string_view id) {
  auto it = std::lower_bound(std::begin(kRules), std::end(kRules), id,
                             [](const RuleInfo& rule, std::string_view key) { return std::string_view(rule.id) < key; });
  return it != std::end(kRules) && std::string_view(it->id) == id ? &*it : nullptr;
}

}  // namespace condis
