// Placeholder: the DriverModel layer state (being written).
#pragma once

#include "condis/verify.hpp"

namespace condis {
class RuntimeCore;
namespace core {

class DriverModel {
 public:
  explicit DriverModel(RuntimeCore& rt) : rt_(rt) {}
  // Orderly teardown at runtime shutdown (may call into drivers).
  void shutdown() {}
  // Adds whatever this layer still holds to the report.
  void collect_leaks(LeakReport& report) const { (void)report; }
  // Frees every remaining object without calling drivers (after the leak report).
  void release_all() {}

 private:
  [[maybe_unused]] RuntimeCore& rt_;
};

}  // namespace core
}  // namespace condis
