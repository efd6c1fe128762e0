// A request on a multipoint call still inside the call manager's handler when the client's
// binding is released (call_model_party_teardown.hpp), on the deterministic path: the teardown
// runs inside the handler, where another processor would run it. Built with ASan (make
// test-asan) a party or VC freed under the request is a heap-use-after-free.
#include "unit/call_model_party_teardown.hpp"

namespace cmtest::party_teardown {
namespace {

void inline_teardown(const std::function<void()>& teardown) { teardown(); }

class CallModelPartyTeardown : public ::testing::TestWithParam<NDIS_STATUS> {};

TEST_P(CallModelPartyTeardown, AddPartyInHandlerWhenTheBindingCloses) { add_party(GetParam(), inline_teardown); }
TEST_P(CallModelPartyTeardown, DropPartyInHandlerWhenTheBindingCloses) { drop_party(GetParam(), inline_teardown); }
TEST_P(CallModelPartyTeardown, CloseCallInHandlerWhenTheBindingCloses) { close_call(GetParam(), inline_teardown); }
TEST_P(CallModelPartyTeardown, MakeCallInHandlerWhenTheBindingCloses) { make_call(GetParam(), inline_teardown); }
TEST_P(CallModelPartyTeardown, DeleteVcInHandlerWhenTheBindingCloses) { delete_vc(GetParam(), inline_teardown); }

std::string answer_name(const ::testing::TestParamInfo<NDIS_STATUS>& info) {
  switch (info.param) {
    case NDIS_STATUS_SUCCESS: return "Success";
    case NDIS_STATUS_PENDING: return "Pending";
    default: return "Failure";
  }
}

INSTANTIATE_TEST_SUITE_P(Answer, CallModelPartyTeardown,
                         ::testing::Values(NDIS_STATUS_SUCCESS, NDIS_STATUS_FAILURE, NDIS_STATUS_PENDING), answer_name);

}  // namespace
}  // namespace cmtest::party_teardown
