// A request on an AF open or a SAP still inside a handler when the client's binding is released
// (call_model_af_teardown.hpp), on the deterministic path: the teardown runs inside the handler,
// where another processor would run it. Built with ASan (make test-asan) an AF open or SAP freed
// under the request is a heap-use-after-free.
#include "unit/call_model_af_teardown.hpp"

namespace cmtest::af_teardown {
namespace {

void inline_teardown(const std::function<void()>& teardown) { teardown(); }

class CallModelAfTeardown : public ::testing::TestWithParam<NDIS_STATUS> {};

TEST_P(CallModelAfTeardown, OpenAfInHandlerWhenTheBindingCloses) { open_af(GetParam(), inline_teardown); }
TEST_P(CallModelAfTeardown, CloseAfInHandlerWhenTheBindingCloses) { close_af(GetParam(), inline_teardown); }
TEST_P(CallModelAfTeardown, RegisterSapInHandlerWhenTheBindingCloses) { register_sap(GetParam(), inline_teardown); }
TEST_P(CallModelAfTeardown, DeregisterSapInHandlerWhenTheBindingCloses) { deregister_sap(GetParam(), inline_teardown); }
TEST_P(CallModelAfTeardown, NotifyCloseAfInHandlerWhenTheBindingCloses) { notify_close_af(GetParam(), inline_teardown); }

std::string answer_name(const ::testing::TestParamInfo<NDIS_STATUS>& info) {
  switch (info.param) {
    case NDIS_STATUS_SUCCESS: return "Success";
    case NDIS_STATUS_PENDING: return "Pending";
    default: return "Failure";
  }
}

INSTANTIATE_TEST_SUITE_P(Answer, CallModelAfTeardown,
                         ::testing::Values(NDIS_STATUS_SUCCESS, NDIS_STATUS_FAILURE, NDIS_STATUS_PENDING), answer_name);

}  // namespace
}  // namespace cmtest::af_teardown
