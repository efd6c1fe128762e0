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

const std::filesystem::path kCorpus = std::filesystem::path(CONDIS_SOURCE_DIR) / "tests/fuzz/corpus/call_model";

TEST(CallModelFuzz, CorpusReplaysWithoutBrokenInvariants) {
  ASSERT_TRUE(std::filesystem::is_directory(kCorpus)) << kCorpus;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(kCorpus))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 5u);
  size_t operations = 0, findings = 0;
  for (const auto& f : files) {
    const auto bytes = read_file(f);
    const RunResult r = run_call_model_input(bytes.data(), bytes.size());
    EXPECT_TRUE(r.problems.empty()) << f.filename() << ":\n" << describe(r);
    std::cout << f.filename().string() << ": " << r.operations << " operations, " << r.findings << " findings, "
              << r.leaks << " leaks\n";
    operations += r.operations;
    findings += r.findings;
  }
  EXPECT_GT(operations, files.size());  // the seeds decode into real sequences
  EXPECT_GT(findings, 0u);              // and some of them break rules on purpose
}

TEST(CallModelFuzz, PseudoRandomInputsKeepInvariants) {
  size_t findings = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed);
    std::vector<uint8_t> bytes(16 + rng() % 400);
    for (auto& b : bytes) b = uint8_t(rng());
    const RunResult r = run_call_model_input(bytes.data(), bytes.size());
    EXPECT_TRUE(r.problems.empty()) << "seed " << seed << ":\n" << describe(r);
    findings += r.findings;
  }
  EXPECT_GT(findings, 0u);
}

TEST(CallModelFuzz, EmptyInputShutsDownCleanly) {
  const RunResult r = run_call_model_input(nullptr, 0);
  EXPECT_TRUE(r.problems.empty()) << describe(r);
  EXPECT_EQ(r.leaks, 0u);
}

}  // namespace
}  // namespace condis::fuzz
