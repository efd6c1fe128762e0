// condis: the command-line front end of the CoNDIS runtime.
//   condis rules [--json] [--prefix CM] [ID...]   the verifier's rule catalogue
//   condis demo [--part 1|2|3|all] [--trace ...]   sample drivers loaded from .so files, end to end
//   condis version
// `run SCENARIO` and `explore` (scenario files, schedule exploration) are planned.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "commands.hpp"
#include "verify/rules.hpp"

int main(int argc, char** argv) {
  CLI::App app{"condis: connection-oriented NDIS (CoNDIS) drivers in user mode, with a verifier"};
  app.require_subcommand(1);

  condis::tool::RulesOptions rules;
  CLI::App* rules_cmd = app.add_subcommand("rules", "List the verifier's rule catalogue (from the spec's checkable rules)");
  rules_cmd->add_flag("--json", rules.json, "Write the catalogue as a JSON array");
  rules_cmd->add_option("--prefix", rules.prefixes, "Only rules of these families (CM, DRV, SVC, VC, DP, RQ, ST)")
      ->delimiter(',');
  rules_cmd->add_option("ids", rules.ids, "Only these rule ids (e.g. CM-001)");

  condis::tool::DemoOptions demo;
  CLI::App* demo_cmd = app.add_subcommand(
      "demo", "Sample drivers from their shared objects, end to end: a miniport, a CoNDIS call, a faulty call manager");
  demo_cmd->add_option("--driver-dir", demo.driver_dir, "Folder holding demo_miniport.so, atm_mcm.so, atm_client.so")
      ->check(CLI::ExistingDirectory);
  demo_cmd->add_option("--trace", demo.trace, "How to print the trace")
      ->check(CLI::IsMember({"table", "mermaid", "jsonl", "none"}))
      ->capture_default_str();
  demo_cmd->add_option("--part", demo.part, "1: miniport, work item, timer; 2: a CoNDIS call; 3: the faulty MCM")
      ->check(CLI::IsMember({"1", "2", "3", "all"}))
      ->capture_default_str();
  demo_cmd->add_flag("--verbose,-v", demo.verbose, "Print every trace event, not only the CoNDIS calls");
  demo_cmd->add_option("--processors", demo.processors, "Simulated processors")->check(CLI::Range(1u, 64u))->capture_default_str();
  demo_cmd->add_option("--seed", demo.seed, "Scheduler seed")->capture_default_str();
  demo_cmd->add_option("--ticks", demo.ticks, "Timer expirations the driver waits for")->check(CLI::Range(0u, 1000u))->capture_default_str();
  demo_cmd->add_flag("--leak", demo.leak_timer, "Make the driver forget to free its timer, to show the leak report");

  CLI::App* version_cmd = app.add_subcommand("version", "Print the version");

  CLI11_PARSE(app, argc, argv);

  if (*rules_cmd) return condis::tool::run_rules(rules);
  if (*demo_cmd) return condis::tool::run_demo(demo, argv[0]);
  if (*version_cmd) {
    std::printf("condis %s (%zu verifier rules)\n", CONDIS_VERSION, condis::all_rules().size());
    return 0;
  }
  return 2;
}
