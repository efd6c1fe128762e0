// core::VcSlab: the per-runtime VC storage (src/core/vc_slab.hpp).
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "core/vc_slab.hpp"

namespace {

using condis::core::Activation;
using condis::core::CallState;
using condis::core::PendingOp;
using condis::core::Vc;
using condis::core::VcSlab;

TEST(VcSlab, GivesDistinctDefaultConstructedVcsAcrossChunks) {
  VcSlab slab;
  std::vector<Vc*> vcs;
  std::set<Vc*> seen;
  for (int i = 0; i < 300; ++i) {  // several chunks
    Vc* vc = slab.allocate();
    ASSERT_NE(vc, nullptr);
    EXPECT_TRUE(seen.insert(vc).second) << "slot handed out twice";
    EXPECT_EQ(vc->handle, nullptr);
    EXPECT_EQ(vc->call, CallState::Idle);
    EXPECT_EQ(vc->activation, Activation::Inactive);
    EXPECT_EQ(vc->make_op, PendingOp::Idle);
    EXPECT_FALSE(vc->free_deferred);
    vc->call = CallState::Connected;  // dirty it, so reuse must reconstruct
    vcs.push_back(vc);
  }
  for (Vc* vc : vcs) slab.free(vc);
}

TEST(VcSlab, ReusesFreedSlotsAsFreshVcs) {
  VcSlab slab;
  Vc* first = slab.allocate();
  ASSERT_NE(first, nullptr);
  first->call = CallState::Closing;
  first->deleting = true;
  first->sends_outstanding = 7;
  slab.free(first);
  Vc* again = slab.allocate();
  EXPECT_EQ(again, first) << "the last slot freed is the next one given out";
  EXPECT_EQ(again->call, CallState::Idle);
  EXPECT_FALSE(again->deleting);
  EXPECT_EQ(again->sends_outstanding, 0u);
  slab.free(again);
}

}  // namespace
