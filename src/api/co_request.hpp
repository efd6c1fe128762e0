// The hook of the OID follow-up checks (RQ-016, RQ-017; core/co_request.cpp) into the client's
// call-management entry points: NdisCoCreateVc (the client's VC), NdisClMakeCall, NdisClAddParty,
// NdisClRegisterSap and NdisClModifyCallQoS on the AF instance the OID reached.
#pragma once

#include <atomic>

#include "api/co_common.hpp"
#include "core/co_request.hpp"

namespace condis::api {

// With the verifier off: one predictable branch. With it on: one relaxed load of a flag of the
// AF open, set only while an OID_CO_ADDRESS_CHANGE query or an OID_CO_AF_CLOSE teardown is owed.
// `by_client` false (the call manager's own operation on the AF) checks nothing.
inline void check_oid_follow_ups(RuntimeCore& rt, AfOpen* af, const char* fn, bool by_client = true) {
  if (checking(rt) && by_client && af->oid_follow_up.load(std::memory_order_relaxed)) [[unlikely]]
    core::report_oid_follow_ups_at(rt, *af, fn);
}

}  // namespace condis::api
