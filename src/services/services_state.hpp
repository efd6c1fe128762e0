// Placeholder: the ServicesState layer state (being written).
#pragma once

#include "condis/verify.hpp"

namespace condis {
class RuntimeCore;
namespace services {

class ServicesState {
 public:
  explicit ServicesState(RuntimeCore& rt) : rt_(rt) {}
  // Adds whatever this layer still holds to the report.
  void collect_leaks(LeakReport& report) const { (void)report; }
  // Frees every remaining object without calling drivers (after the leak report).
  void release_all() {}

 private:
  [[maybe_unused]] RuntimeCore& rt_;
};

}  // namespace services
}  // namespace condis
