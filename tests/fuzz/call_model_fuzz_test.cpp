// The call-model fuzz body as an ordinary test (no clang needed): replays the committed corpus
// and a few hundred pseudo-random inputs from fixed seeds, asserting every invariant the fuzzer
// checks. Inputs that once broke the runtime are named regression tests below.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz/call_model_fuzz.hpp"

namespace condis::fuzz {
namespace {

std::string describe(const RunResult& r) {
  std::string s;
  for (const auto& p : r.problems) s += p + "\n";
  return s;
}

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::filesystem::path kCorpora = std::filesystem::path(CONDIS_SOURCE_DIR) / "tests/fuzz/corpus";

using Body = RunResult (*)(const uint8_t*, size_t);

void replay_corpus(const char* target, Body body) {
  const auto corpus = kCorpora / target;
  ASSERT_TRUE(std::filesystem::is_directory(corpus)) << corpus;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(corpus))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 5u);
  size_t operations = 0, findings = 0;
  for (const auto& f : files) {
    const auto bytes = read_file(f);
    const RunResult r = body(bytes.data(), bytes.size());
    EXPECT_TRUE(r.problems.empty()) << f.filename() << ":\n" << describe(r);
    std::cout << f.filename().string() << ": " << r.operations << " operations, " << r.findings << " findings, "
              << r.leaks << " leaks\n";
    operations += r.operations;
    findings += r.findings;
  }
  EXPECT_GT(operations, files.size());  // the seeds decode into real sequences
  EXPECT_GT(findings, 0u);              // and some of them break rules on purpose
}

void replay_pseudo_random(Body body, uint64_t first_seed, uint64_t count) {
  size_t findings = 0;
  for (uint64_t seed = first_seed; seed < first_seed + count; ++seed) {
    std::mt19937_64 rng(seed);
    std::vector<uint8_t> bytes(16 + rng() % 400);
    for (auto& b : bytes) b = uint8_t(rng());
    const RunResult r = body(bytes.data(), bytes.size());
    EXPECT_TRUE(r.problems.empty()) << "seed " << seed << ":\n" << describe(r);
    findings += r.findings;
  }
  EXPECT_GT(findings, 0u);
}

TEST(CallModelFuzz, CorpusReplaysWithoutBrokenInvariants) { replay_corpus("call_model", run_call_model_input); }
TEST(CallModelFuzz, PseudoRandomInputsKeepInvariants) { replay_pseudo_random(run_call_model_input, 1, 300); }
TEST(RegistrationFuzz, CorpusReplaysWithoutBrokenInvariants) { replay_corpus("registration", run_registration_input); }
TEST(RegistrationFuzz, PseudoRandomInputsKeepInvariants) { replay_pseudo_random(run_registration_input, 1001, 200); }

TEST(CallModelFuzz, EmptyInputShutsDownCleanly) {
  const RunResult r = run_call_model_input(nullptr, 0);
  EXPECT_TRUE(r.problems.empty()) << describe(r);
  EXPECT_EQ(r.leaks, 0u);
}

}  // namespace
}  // namespace condis::fuzz
