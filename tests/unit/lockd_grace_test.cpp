// Ending lockd's grace: the write of nlm_end_grace, made by a child (in
// the service's net on a node; here the test's own, on a temporary tree).
#include "common/nfs/lockd_grace.h"

#include <gtest/gtest.h>

#include <sys/sysmacros.h>

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

namespace hanfs {
namespace {

TEST(LockdGrace, NInNlmEndGraceMeansTheNetIsInGraceAndYThatItIsNot) {
  FakeNode node;
  const std::string file = node.root() + "/proc/fs/lockd/nlm_end_grace";
  const Host host = Host::under(node.root());
  FakeNode::write(file, "N\n");
  auto in_grace = net_in_grace(host, Deadline(std::chrono::seconds(5)));
  ASSERT_TRUE(in_grace) << in_grace.error().reason;
  EXPECT_TRUE(*in_grace);
  FakeNode::write(file, "Y\n");
  in_grace = net_in_grace(host, Deadline(std::chrono::seconds(5)));
  ASSERT_TRUE(in_grace) << in_grace.error().reason;
  EXPECT_FALSE(*in_grace);
  FakeNode::write(file, "maybe\n");
  EXPECT_FALSE(net_in_grace(host, Deadline(std::chrono::seconds(5))));
}

// /proc/locks as Debian 12's 6.1 shows it: a local lock on the root
// filesystem, two NLM locks and a waiter on the service's (253:10000).
TEST(LockdGrace, LocksOnDeviceCountsTheEntriesOfThatFilesystemOnly) {
  const std::string table =
      "1: POSIX  ADVISORY  WRITE 512 fe:01:131081 0 EOF\n"
      "2: POSIX  ADVISORY  WRITE 0 fd:2710:12 0 EOF\n"
      "3: POSIX  ADVISORY  WRITE 0 fd:2710:13 0 EOF\n"
      "3: -> POSIX  ADVISORY  WRITE 0 fd:2710:13 0 EOF\n"
      "4: POSIX  ADVISORY  WRITE 0 fd:27:13 0 EOF\n";
  EXPECT_EQ(locks_on_device(table, makedev(253, 10000)), 3u);
  EXPECT_EQ(locks_on_device(table, makedev(254, 1)), 1u);
  EXPECT_EQ(locks_on_device(table, makedev(8, 1)), 0u);
  EXPECT_EQ(locks_on_device("", makedev(253, 10000)), 0u);
}

}  // namespace
}  // namespace hanfs
