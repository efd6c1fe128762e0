// A request on an AF open or a SAP inside a handler while the client's binding is released on
// another thread (call_model_af_teardown.hpp). The handler returns once the teardown thread has
// started, so the request's work after the handler and the release run at the same time, in
// either order. Run under TSan (ctest label "threaded") and ASan: an AF open or SAP freed under
// the request, or touched without its lock, is reported there.
#include "unit/call_model_af_teardown.hpp"

namespace cmtest::af_teardown {
namespace {

TEST(CallModelAfTeardownThreaded, OpenAfWhileTheBindingCloses) { threaded_teardown_rounds(open_af); }
TEST(CallModelAfTeardownThreaded, CloseAfWhileTheBindingCloses) { threaded_teardown_rounds(close_af); }
TEST(CallModelAfTeardownThreaded, RegisterSapWhileTheBindingCloses) { threaded_teardown_rounds(register_sap); }
TEST(CallModelAfTeardownThreaded, DeregisterSapWhileTheBindingCloses) { threaded_teardown_rounds(deregister_sap); }
TEST(CallModelAfTeardownThreaded, NotifyCloseAfWhileTheBindingCloses) { threaded_teardown_rounds(notify_close_af); }

}  // namespace
}  // namespace cmtest::af_teardown
