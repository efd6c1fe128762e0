// `condis demo`: sample drivers loaded from their shared objects and run end to end under the
// Deterministic scheduler, each part in a runtime of its own:
//   1. drivers/demo_miniport: an adapter comes up, its work item and timer run in virtual time,
//      the adapter halts, the driver unloads.
//   2. drivers/atm_mcm (a miniport call manager) and drivers/atm_client: the client binds, opens
//      the Q.2931 AF, creates a VC and makes a call that the MCM pends, activates and completes
//      from its signalling timer; then the client closes the call and deletes the VC.
//   3. The same with the MCM's teaching fault switched on (it completes the call before it
//      activates the VC): the verifier reports CM-054 and the teardown still works.
// Each part prints the trace (the CoNDIS calls only, unless --verbose), the findings and the
// leak report.
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
constexpr const char* kMcmFile = "atm_mcm.so";
constexpr const char* kClientFile = "atm_client.so";

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
fs::path find_driver(const DemoOptions& options, const char* argv0, const char* file = kDriverFile) {
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
    if (fs::is_regular_file(dir / file, ec)) return fs::weakly_canonical(dir / file, ec);
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

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// What a driver author reads in parts 2 and 3: the call-management calls and handlers, the bind
// and the timer that drive them, and findings. Library services and life-cycle detail are left
// to --verbose.
bool conDIS_step(const TraceEvent& e) {
  if (e.kind == TraceKind::Finding) return true;
  if (e.kind == TraceKind::Event) return false;
  for (const char* prefix : {"NdisCl", "NdisCo", "NdisCm", "NdisMCm", "NdisMCo", "ProtocolCl", "ProtocolCm",
                             "ProtocolCo", "NDIS_TIMER_FUNCTION", "ProtocolBindAdapterEx", "ProtocolUnbindAdapterEx",
                             "MiniportInitializeEx", "MiniportHaltEx"})
    if (starts_with(e.name, prefix)) return true;
  return false;
}

std::string fields_text(const TraceEvent& e) {
  std::string text;
  for (size_t i = 0; i < e.fields.size(); ++i) text += (i == 0 ? "" : ", ") + e.fields[i].first + "=" + e.fields[i].second;
  return text;
}

// " -> NDIS_STATUS_PENDING", " -> NdisVcHandle=Vc#3": what a return reported, if anything.
std::string result_text(const TraceEvent& ret) {
  std::string text;
  for (const auto& [key, value] : ret.fields) text += (text.empty() ? " -> " : ", ") + (key == "status" ? value : key + "=" + value);
  return text;
}

bool opens(const TraceEvent& e) { return e.kind == TraceKind::Call || e.kind == TraceKind::Callback; }
bool closes(const TraceEvent& e) { return e.kind == TraceKind::Return || e.kind == TraceKind::CallbackReturn; }

// One line per call: "who -> whom  Function(args)", nested calls indented under it, and the
// return folded into the line ("= status") when nothing happened in between.
void print_table(const std::vector<TraceEvent>& events) {
  std::printf("%9s %3s %-8s  %s\n", "time(ms)", "cpu", "irql", "who -> whom: what");
  int depth = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    const TraceEvent& e = events[i];
    const std::string who = (e.from.empty() ? "ndis" : e.from) + " -> " + (e.to.empty() ? "ndis" : e.to);
    if (closes(e)) depth = depth > 0 ? depth - 1 : 0;
    const int line_depth = depth;
    std::string what = e.name;
    if (e.kind == TraceKind::Finding) {
      what = "FINDING " + e.name + " (" + fields_text(e) + ")";
    } else if (opens(e)) {
      what += "(" + fields_text(e) + ")";
      const bool folded = i + 1 < events.size() && closes(events[i + 1]) && events[i + 1].name == e.name;
      if (folded) {
        what += result_text(events[i + 1]);
        ++i;
      } else {
        ++depth;
      }
    } else if (closes(e)) {
      what = "return from " + e.name + result_text(e);
    } else if (!e.fields.empty()) {
      what += " (" + fields_text(e) + ")";
    }
    const std::string who_col = e.kind == TraceKind::Finding ? std::string("verifier") : who;
    std::printf("%9.3f %3d %-8s  %*s%-24s %s\n", double(e.time_ns) / 1e6, e.processor, irql_name(e.irql), line_depth * 2,
                "", who_col.c_str(), what.c_str());
  }
}

void print_trace(const DemoOptions& options, const std::vector<TraceEvent>& all, bool filter) {
  if (options.trace == "none") return;
  if (options.trace == "jsonl") {
    std::printf("\n== trace (%zu events, JSON Lines)\n", all.size());
    for (const TraceEvent& e : all) std::printf("%s\n", to_json_line(e).c_str());
    return;
  }
  std::vector<TraceEvent> events;
  for (const TraceEvent& e : all)
    if (options.verbose || !filter || conDIS_step(e)) events.push_back(e);
  if (events.size() == all.size())
    std::printf("\n== trace (%zu events)\n", events.size());
  else
    std::printf("\n== trace (%zu of %zu events; --verbose shows all)\n", events.size(), all.size());
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

int missing(const char* file) {
  std::fprintf(stderr,
               "condis demo: %s not found; build it (cmake --build <build> --target condis_sample_drivers) "
               "or pass --driver-dir\n",
               file);
  return 1;
}

struct DemoRuntime {
  std::unique_ptr<Runtime> rt;
  std::shared_ptr<MemoryTraceSink> trace;
};

Expected<DemoRuntime> make_runtime(const DemoOptions& options, const char* name) {
  Config config;
  config.name = name;
  config.scheduler = SchedulerKind::Deterministic;
  config.processors = options.processors;
  config.seed = options.seed;
  config.verifier_mode = VerifierMode::Report;
  DemoRuntime demo;
  demo.trace = make_memory_sink();
  config.trace_sinks.push_back(demo.trace);
  auto created = Runtime::create(config);
  if (!created) return created.error();
  demo.rt = std::move(created.value());
  return demo;
}

// Part 1: demo_miniport, its work item and its timer.
int run_miniport_part(const DemoOptions& options, const char* argv0) {
  const fs::path driver_path = find_driver(options, argv0);
  if (driver_path.empty()) return missing(kDriverFile);
  auto made = make_runtime(options, "demo");
  if (!made) return fail("Runtime::create", made.error());
  Runtime& rt = *made.value().rt;
  auto& trace = made.value().trace;

  std::printf("\n=== part 1: a miniport with a work item and a timer (drivers/demo_miniport)\n");
  auto driver = rt.load_driver(driver_path, "demo_miniport");
  if (!driver) return fail("load_driver", driver.error());
  if (auto* demo = static_cast<DemoMiniportConfig*>(rt.driver_symbol(driver.value(), "DemoMiniportConfig"))) {
    demo->ticks = options.ticks;
    demo->leak_timer = options.leak_timer ? 1 : 0;
  }
  AdapterOptions adapter_options;
  adapter_options.name = "demo0";
  auto adapter = rt.create_adapter(driver.value(), adapter_options);
  if (!adapter) return fail("create_adapter", adapter.error());
  std::printf("1.1 loaded %s; adapter demo0 is up (MiniportInitializeEx, MiniportRestartEx queued a work item)\n",
              driver_path.filename().c_str());
  rt.run_until_idle();
  std::printf("1.2 ran until idle: %zu work item(s) ran at PASSIVE_LEVEL, the timer fired %zu time(s) at DISPATCH_LEVEL;"
              " virtual time is now %.3f ms\n",
              callbacks_named(trace->events(), "WORKITEM"), callbacks_named(trace->events(), "TIMER"),
              double(rt.now_ns()) / 1e6);
  if (auto halted = rt.halt_adapter(adapter.value()); !halted) return fail("halt_adapter", halted.error());
  LeakReport leaks = rt.shutdown();
  std::printf("1.3 adapter halted (MiniportPauseEx, MiniportHaltEx), driver unloaded (MiniportDriverUnload)\n");

  // Part 1's table shows the driver's handlers; --verbose adds the library services.
  std::vector<TraceEvent> shown;
  for (const TraceEvent& e : trace->events())
    if (options.verbose || options.trace == "jsonl" || e.kind == TraceKind::Callback ||
        e.kind == TraceKind::CallbackReturn || e.kind == TraceKind::Finding)
      shown.push_back(e);
  DemoOptions shown_options = options;
  shown_options.verbose = true;
  if (options.trace != "jsonl" && !options.verbose && options.trace != "none")
    std::printf("\n(the handlers condis called; --verbose adds the library services)");
  print_trace(shown_options, shown, false);

  auto findings = rt.findings();
  std::printf("\n== verifier: %zu finding(s)\n", findings.size());
  for (const Finding& f : findings) std::printf("%s", f.to_string().c_str());
  std::printf("== %s", leaks.to_string().c_str());
  if (!options.leak_timer) std::printf("(`condis demo --part 1 --leak`: the driver forgets its timer, the leak report names it)\n");
  if (options.leak_timer) return leaks.empty() ? 3 : 0;
  return findings.empty() && leaks.empty() ? 0 : 3;
}

using CompleteBeforeActivateFn = void (*)(uint8_t);

// Parts 2 and 3: atm_client makes one call through atm_mcm; `faulty` turns on the MCM's fault.
int run_call_part(const DemoOptions& options, const char* argv0, bool faulty) {
  const fs::path mcm_path = find_driver(options, argv0, kMcmFile);
  if (mcm_path.empty()) return missing(kMcmFile);
  const fs::path client_path = find_driver(options, argv0, kClientFile);
  if (client_path.empty()) return missing(kClientFile);
  auto made = make_runtime(options, faulty ? "demo-faulty-mcm" : "demo-call");
  if (!made) return fail("Runtime::create", made.error());
  Runtime& rt = *made.value().rt;
  auto& trace = made.value().trace;
  const char* step = faulty ? "3" : "2";

  if (faulty)
    std::printf("\n=== part 3: the same call, by an MCM that completes it before activating the VC\n");
  else
    std::printf("\n=== part 2: one CoNDIS call, client atm_client over the miniport call manager atm_mcm\n");

  auto mcm = rt.load_driver(mcm_path, "atm_mcm");
  if (!mcm) return fail("load_driver atm_mcm", mcm.error());
  auto client = rt.load_driver(client_path, "atm_client");
  if (!client) return fail("load_driver atm_client", client.error());
  std::printf("%s.1 loaded %s and %s (DriverEntry registered the MCM and the client)\n", step,
              mcm_path.filename().c_str(), client_path.filename().c_str());
  if (faulty) {
    auto* set_fault = reinterpret_cast<CompleteBeforeActivateFn>(rt.driver_symbol(mcm.value(), "AtmMcmCompleteBeforeActivate"));
    if (!set_fault) {
      std::fprintf(stderr, "condis demo: atm_mcm.so exports no AtmMcmCompleteBeforeActivate\n");
      return 1;
    }
    set_fault(1);
    std::printf("%s.2 AtmMcmCompleteBeforeActivate(TRUE): NdisMCmMakeCallComplete(SUCCESS) now comes before"
                " NdisMCmActivateVc\n", step);
  }

  AdapterOptions adapter_options;
  adapter_options.name = "atm0";
  auto adapter = rt.create_adapter(mcm.value(), adapter_options);
  if (!adapter) return fail("create_adapter", adapter.error());
  auto binding = rt.bind(client.value(), adapter.value());
  if (!binding) return fail("bind", binding.error());
  std::printf("%s.%d adapter atm0 up with the Q.2931 AF; atm_client bound, opened the AF, created a VC and made a"
              " call (pending)\n", step, faulty ? 3 : 2);
  rt.run_until_idle();
  std::printf("%s.%d ran until idle (virtual time %.3f ms): the signalling timer answered, the call came up, the"
              " client closed it and deleted the VC\n", step, faulty ? 4 : 3, double(rt.now_ns()) / 1e6);
  LeakReport leaks = rt.shutdown();
  std::printf("%s.%d shut down: unbind (the client closed the AF), halt, unload\n", step, faulty ? 5 : 4);

  print_trace(options, trace->events(), true);

  auto findings = rt.findings();
  std::printf("\nfindings: %zu\n", findings.size());
  for (const Finding& f : findings) std::printf("%s", f.to_string().c_str());
  std::printf("%s", leaks.to_string().c_str());
  if (!faulty) return findings.empty() && leaks.empty() ? 0 : 3;
  const size_t cm054 = rt.finding_count("CM-054");
  if (cm054 > 0)
    std::printf("\nthe state stayed consistent: the verifier reported the completion and changed nothing; the client"
                " closed the call and deleted the VC inside ProtocolClMakeCallComplete, the MCM's late"
                " NdisMCmActivateVc on the deleted VC was refused (CM-007), and %s\n",
                leaks.empty() ? "nothing was left behind" : "the leak report lists what was left");
  return cm054 > 0 && leaks.empty() ? 0 : 3;
}

}  // namespace

int run_demo(const DemoOptions& options, const char* argv0) {
  std::printf("condis demo: deterministic scheduler, %u processor(s), seed %" PRIu64 "\n", options.processors,
              options.seed);
  const bool all = options.part == "all";
  int status = 0;
  auto keep = [&status](int part_status) {
    if (part_status == 1) return false;  // a driver or a step failed: stop
    if (status == 0) status = part_status;
    return true;
  };
  if ((all || options.part == "1") && !keep(run_miniport_part(options, argv0))) return 1;
  if ((all || options.part == "2") && !keep(run_call_part(options, argv0, false))) return 1;
  if ((all || options.part == "3") && !keep(run_call_part(options, argv0, true))) return 1;
  return status;
}

}  // namespace condis::tool
