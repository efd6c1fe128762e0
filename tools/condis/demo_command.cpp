// `condis demo`: placeholder until the driver model and library services land.
#include <cstdio>

#include "commands.hpp"

namespace condis::tool {

int run_demo(const DemoOptions&, const char*) {
  std::fprintf(stderr, "condis demo: not available yet (needs the driver model and library services)\n");
  return 1;
}

}  // namespace condis::tool
