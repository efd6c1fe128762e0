// The call model's objects use the common four-byte spin lock.
#pragma once

#include "common/spin_lock.hpp"

namespace condis::core {
using condis::SpinLock;
}  // namespace condis::core
