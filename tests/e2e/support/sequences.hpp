// The call-management sequences of call-management.md section 3, written once and run by the
// deterministic tests (many seeds, exact order) and by the threaded tests (order-insensitive
// where the threads may legitimately reorder a request's return and its completion).
#pragma once

#include "e2e/support/e2e_fixture.hpp"

namespace condis::e2e {

inline std::string pending(const std::string& name) { return name + "=NDIS_STATUS_PENDING"; }
inline std::string failed(const std::string& name, NDIS_STATUS status) { return name + "=" + status_name(status); }

// A fault test's check: every finding names `rule`, and there is at least one.
inline void expect_only_rule(const std::vector<Finding>& findings, const std::string& rule) {
  EXPECT_GE(count_rule(findings, rule), 1u) << "expected " << rule << "; got:\n" << Scenario::describe(findings);
  EXPECT_EQ(count_rule(findings, rule), findings.size()) << Scenario::describe(findings);
}

// Compares logs: exactly (deterministic) or as multisets (threaded).
inline void expect_calls(const Calls& actual, const Calls& expected, bool ordered) {
  if (ordered) {
    EXPECT_EQ(actual, expected);
  } else {
    Calls a = actual, e = expected;
    std::sort(a.begin(), a.end());
    std::sort(e.begin(), e.end());
    EXPECT_EQ(a, e) << "(compared as multisets)";
  }
}

// Runs body on a fresh scenario for kSeeds deterministic seeds, stopping at the first failing
// seed (its number is in the failure's trace).
template <class Body>
void for_each_seed(Scenario::Kind kind, Body body, uint64_t seeds = kSeeds) {
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Scenario s(kind, Scenario::deterministic(seed));
    if (!s.ok()) return;
    body(s, true);
    if (::testing::Test::HasFailure()) return;
  }
}

// Runs body under the threaded scheduler, several times.
template <class Body>
void for_threaded_runs(Scenario::Kind kind, Body body, int runs = 20) {
  for (int run = 0; run < runs; ++run) {
    SCOPED_TRACE("threaded run " + std::to_string(run));
    Scenario s(kind, Scenario::threaded());
    if (!s.ok()) return;
    body(s, false);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace condis::e2e
