// The rule catalogue: every rule id of ../shared/spec with its severity, summary and section.
// Check sites name rules by id; the catalogue lets findings, `condis rules` and the tests agree.
#pragma once

#include <span>
#include <string_view>

#include "condis/verify.hpp"

namespace condis {

std::span<const RuleInfo> all_rules();
const RuleInfo* find_rule(std::string_view id);

}  // namespace condis
