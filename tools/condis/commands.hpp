// The subcommands of the `condis` tool; main.cpp parses the command line and calls one of these.
// Each returns the process exit status.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace condis::tool {

struct RulesOptions {
  bool json = false;
  std::vector<std::string> prefixes;  // rule families ("CM", "SVC"); empty: all
  std::vector<std::string> ids;       // particular rules; empty: all
};
int run_rules(const RulesOptions& options);

struct DemoOptions {
  std::filesystem::path driver_dir;  // empty: next to the build output, then the installed copy
  std::string trace = "table";       // "table", "mermaid", "jsonl" or "none"
  std::string part = "all";          // "1" (miniport), "2" (a call), "3" (the faulty MCM) or "all"
  bool verbose = false;              // every trace event, not only the CoNDIS calls
  unsigned processors = 1;
  uint64_t seed = 1;
  unsigned ticks = 3;       // timer expirations the driver waits for
  bool leak_timer = false;  // the driver forgets NdisFreeTimerObject: the leak report shows it
};
int run_demo(const DemoOptions& options, const char* argv0);

}  // namespace condis::tool
