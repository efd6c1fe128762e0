// A request on a multipoint call inside the call manager's handler while the client's binding is
// released on another thread (call_model_party_teardown.hpp). The handler returns once the
// teardown thread has started, so the request's work after the handler and the release run at
// the same time, in either order. Run under TSan (ctest label "threaded") and ASan: a party or VC
// freed under the request, or touched without its lock, is reported there.
#include "unit/call_model_party_teardown.hpp"

namespace cmtest::party_teardown {
namespace {

TEST(CallModelPartyTeardownThreaded, AddPartyWhileTheBindingCloses) { threaded_teardown_rounds(add_party); }
TEST(CallModelPartyTeardownThreaded, DropPartyWhileTheBindingCloses) { threaded_teardown_rounds(drop_party); }
TEST(CallModelPartyTeardownThreaded, CloseCallWhileTheBindingCloses) { threaded_teardown_rounds(close_call); }
TEST(CallModelPartyTeardownThreaded, MakeCallWhileTheBindingCloses) { threaded_teardown_rounds(make_call); }
TEST(CallModelPartyTeardownThreaded, DeleteVcWhileTheBindingCloses) { threaded_teardown_rounds(delete_vc); }

}  // namespace
}  // namespace cmtest::party_teardown
