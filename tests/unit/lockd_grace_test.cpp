// Ending lockd's grace: the write of nlm_end_grace, made by a child (in
// the service's net on a node; here the test's own, on a temporary tree).
#include "common/nfs/lockd_grace.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/unit/fake_node.h"
#include "tests/unit/metadata_files.h"

namespace hanfs {
namespace {

using testing::FakeNode;

TEST(LockdGrace, EndingWritesYToNlmEndGrace) {
  FakeNode node;
  const std::string file = node.root() + "/proc/fs/lockd/nlm_end_grace";
  FakeNode::write(file, "");
  Host host = Host::under(node.root());
  ASSERT_TRUE(end_lockd_grace(host, Deadline(std::chrono::seconds(5))));
  EXPECT_EQ(read_whole_file(file), "Y");
}

TEST(LockdGrace, WithoutLockdInTheKernelItFailsNamingTheFile) {
  FakeNode node;
  const auto ended = end_lockd_grace(Host::under(node.root()), Deadline(std::chrono::seconds(5)));
  ASSERT_FALSE(ended);
  EXPECT_EQ(ended.error().status, OcfStatus::err_generic);
  EXPECT_NE(ended.error().reason.find("/fs/lockd/nlm_end_grace"), std::string::npos) << ended.error().reason;
}

TEST(LockdGrace, AServiceWhosePinsAreGoneFailsNamingThemAndWritesNothing) {
  FakeNode node;
  const std::string file = node.root() + "/proc/fs/lockd/nlm_end_grace";
  FakeNode::write(file, "");
  Host host = Host::under(node.root());
  host.namespace_dir = node.root() + "/run/hanfs/gone";
  const auto ended = end_lockd_grace(host, Deadline(std::chrono::seconds(5)));
  ASSERT_FALSE(ended);
  EXPECT_NE(ended.error().reason.find("/run/hanfs/gone"), std::string::npos) << ended.error().reason;
  EXPECT_EQ(read_whole_file(file), "");
}

}  // namespace
}  // namespace hanfs
