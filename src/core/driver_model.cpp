// DriverModel: object ownership, lookups, teardown and the leak report (DRV-070..075).
#include "core/driver_model.hpp"

#include "runtime/runtime_core.hpp"

namespace condis::core {

DriverModel::DriverModel(RuntimeCore& rt) : rt_(rt) {}
DriverModel::~DriverModel() = default;

void DriverModel::shutdown() {}
void DriverModel::collect_leaks(LeakReport&) const {}
void DriverModel::release_all() {}

}  // namespace condis::core
