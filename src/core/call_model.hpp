// Placeholder: the CallModel layer state (being written).
#pragma once

#include "condis/verify.hpp"

namespace condis {
class RuntimeCore;
namespace core {

class Adapter;
class Binding;

class CallModel {
 public:
  explicit CallModel(RuntimeCore& rt) : rt_(rt) {}
  // Hooks the driver model calls at life-cycle points (see driver-model.md 1.6, 3.2, 3.3):
  // a binding finished opening (AF notifications are due), a binding or adapter is going away.
  void on_binding_opened(Binding& binding) { (void)binding; }
  void on_binding_closing(Binding& binding) { (void)binding; }
  void on_adapter_halting(Adapter& adapter) { (void)adapter; }

  // Adds whatever this layer still holds to the report.
  void collect_leaks(LeakReport& report) const { (void)report; }
  // Frees every remaining object without calling drivers (after the leak report).
  void release_all() {}

 private:
  [[maybe_unused]] RuntimeCore& rt_;
};

}  // namespace core
}  // namespace condis
