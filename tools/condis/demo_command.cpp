// `condis demo`: the sample miniport (drivers/demo_miniport) loaded from its shared object and run
// end to end under the Deterministic scheduler: DriverEntry registers it, an adapter comes up,
// its work item and timer run in virtual time, the adapter halts, the driver unloads; then the
// trace, the findings and the leak report are printed.
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <iostream>
#include <string>
#include <system_error>

#include "commands.hpp"
#include "condis/host.hpp"
#include "condis/trace_sinks.hpp"

namespace condis::tool {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDriverFile = "demo_miniport.so";

// The layout of DEMO_MINIPORT_CONFIG (drivers/demo_miniport/demo_miniport.h): ULONG, BOOLEAN.
struct DemoMiniportConfig {
  uint32_t ticks;
  uint8_t leak_timer;
};
static_assert(sizeof(DemoMiniportConfig) == 8);

fs::path executable_dir(const char* argv0) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) self = fs::absolute(argv0, ec);
  return self.parent_path();
}

// --driver-dir, else the build tree (build/tools/condis/condis -> build/drivers), else the install.
fs::path find_driver(const DemoOptions& options, const char* argv0) {
  std::vector<fs::path> candidates;
  if (!options.driver_dir.empty()) {
    candidates.push_back(options.driver_dir);
  } else {
    fs::path here = executable_dir(argv0);
    candidates.push_back(here / ".." / ".." / "drivers");
    candidates.push_back(here / ".." / "lib" / "condis" / "drivers");
    candidates.push_back(CONDIS_INSTALLED_DRIVER_DIR);
  }
  for (const fs::path& dir : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(dir / kDriverFile, ec)) return fs::weakly_canonical(dir / kDriverFile, ec);
  }
  return {};
}

const char* irql_name(int irql) {
  switch (irql) {
    case 0: return "PASSIVE";
    case 1: return "APC";
    case 2: return "DISPATCH";
    default: return "HIGH";
  }
}

// Driver callbacks whose name contains part (NDIS_IO_WORKITEM_FUNCTION, NDIS_TIMER_FUNCTION).
size_t callbacks_named(const std::vector<TraceEvent>& events, std::string_view part) {
  size_t n = 0;
  for (const TraceEvent& e : events) n += e.kind == TraceKind::Callback && e.name.find(part) != std::string::npos;
  return n;
}

void print_table(const std::vector<TraceEvent>& events) {
  std::printf("%5s %10s %3s %-8s %-14s  %s\n", "#", "time(ms)", "cpu", "irql", "kind", "who: what");
  for (const TraceEvent& e : events) {
    std::string who = e.from.empty() ? "ndis" : e.from;
    if (!e.to.empty() && e.to != who) who += " -> " + e.to;
    std::string what = e.name;
    for (size_t i = 0; i < e.fields.size(); ++i)
      what += (i == 0 ? " (" : ", ") + e.fields[i].first + "=" + e.fields[i].second + (i + 1 == e.fields.size() ? ")" : "");
    std::printf("%5" PRIu64 " %10.3f %3d %-8s %-14s  %s: %s\n", e.sequence, double(e.time_ns) / 1e6, e.processor,
                irql_name(e.irql), trace_kind_name(e.kind), who.c_str(), what.c_str());
  }
}

void print_trace(const DemoOptions& options, const std::vector<TraceEvent>& events) {
  if (options.trace == "none") return;
  std::printf("\n== trace (%zu events)\n", events.size());
  if (options.trace == "mermaid") {
    std::cout << "```mermaid\n";
    {
      auto mermaid = make_mermaid_sink(std::cout);
      for (const TraceEvent& e : events) mermaid->write(e);
      mermaid->flush();
    }
    std::cout << "```\n" << std::flush;
    return;
  }
  print_table(events);
}

int fail(const char* step, const Error& error) {
  std::fprintf(stderr, "condis demo: %s failed: %s (status 0x%08" PRIx32 ")\n", step, error.message.c_str(),
               uint32_t(error.status));
  return 1;
}

}  // namespace

int run_demo(const DemoOptions& options, const char* argv0) {
  const fs::path driver_path = find_driver(options, argv0);
  if (driver_path.empty()) {
    std::fprintf(stderr,
                 "condis demo: %s not found; build it (cmake --build <build> --target condis_sample_drivers) "
                 "or pass --driver-dir\n",
                 kDriverFile);
    return 1;
  }

  Config config;
  config.name = "demo";
  config.scheduler = SchedulerKind::Deterministic;
  config.processors = options.processors;
  config.seed = options.seed;
  config.verifier_mode = VerifierMode::Report;
  auto trace = make_memory_sink();
  config.trace_sinks.push_back(trace);
  auto created = Runtime::create(config);
  if (!created) return fail("Runtime::create", created.error());
  Runtime& rt = *created.value();

  std::printf("condis demo: deterministic scheduler, %u processor(s), seed %" PRIu64 "\n", options.processors,
              options.seed);

  auto driver = rt.load_driver(driver_path, "demo_miniport");
  if (!driver) return fail("load_driver", driver.error());
  std::printf("1. loaded %s: DriverEntry registered the miniport\n", driver_path.c_str());

  if (auto* demo = static_cast<DemoMiniportConfig*>(rt.driver_symbol(driver.value(), "DemoMiniportConfig"))) {
    demo->ticks = options.ticks;
    demo->leak_timer = options.leak_timer ? 1 : 0;
  }

  AdapterOptions adapter_options;
  adapter_options.name = "demo0";
  auto adapter = rt.create_adapter(driver.value(), adapter_options);
  if (!adapter) return fail("create_adapter", adapter.error());
  std::printf("2. adapter demo0 is up: MiniportInitializeEx set its attributes, MiniportRestartEx queued a work item\n");

  rt.run_until_idle();
  std::printf("3. ran until idle: %zu work item(s) ran at PASSIVE_LEVEL, the timer fired %zu time(s) at DISPATCH_LEVEL;"
              " virtual time is now %.3f ms\n",
              callbacks_named(trace->events(), "WORKITEM"), callbacks_named(trace->events(), "TIMER"),
              double(rt.now_ns()) / 1e6);

  if (auto halted = rt.halt_adapter(adapter.value()); !halted) return fail("halt_adapter", halted.error());
  std::printf("4. adapter halted (MiniportPauseEx, MiniportHaltEx)\n");

  LeakReport leaks = rt.shutdown();
  std::printf("5. runtime shut down: the driver unloaded (MiniportDriverUnload)\n");

  print_trace(options, trace->events());

  auto findings = rt.findings();
  std::printf("\n== verifier: %zu finding(s)\n", findings.size());
  for (const Finding& f : findings) std::printf("%s", f.to_string().c_str());

  std::printf("\n== %s", leaks.to_string().c_str());
  if (!options.leak_timer) std::printf("(run `condis demo --leak` to see the verifier catch a timer the driver forgets to free)\n");
  // Exit 0 when the run went as intended: clean by default, the planted leak caught with --leak.
  if (options.leak_timer) return leaks.empty() ? 3 : 0;
  return findings.empty() && leaks.empty() ? 0 : 3;
}

}  // namespace condis::tool
