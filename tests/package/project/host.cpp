// A host program built against the installed package: loads the driver this project builds and
// brings one adapter up and down. Exit status 0 only if condis saw no rule broken and nothing leaked.
#include <condis/host.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DRIVER.so\n", argv[0]);
    return 2;
  }
  auto created = condis::Runtime::create();
  if (!created) return 2;
  auto& rt = created.value();
  auto driver = rt->load_driver(argv[1]);
  if (!driver) {
    std::fprintf(stderr, "load_driver: %s\n", driver.error().message.c_str());
    for (const auto& finding : rt->findings()) std::fprintf(stderr, "%s", finding.to_string().c_str());
    return 1;
  }
  auto adapter = rt->create_adapter(driver.value());
  if (!adapter) {
    std::fprintf(stderr, "create_adapter: %s\n", adapter.error().message.c_str());
    for (const auto& finding : rt->findings()) std::fprintf(stderr, "%s", finding.to_string().c_str());
    return 1;
  }
  rt->run_until_idle();
  if (auto halted = rt->halt_adapter(adapter.value()); !halted) {
    std::fprintf(stderr, "halt_adapter: %s\n", halted.error().message.c_str());
    return 1;
  }
  for (const auto& finding : rt->findings()) std::fprintf(stderr, "%s", finding.to_string().c_str());
  condis::LeakReport leaks = rt->shutdown();
  std::printf("%s", leaks.to_string().c_str());
  return rt->findings().empty() && leaks.empty() ? 0 : 1;
}
