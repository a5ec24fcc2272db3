// A service's pinned namespaces: the nsfs pins in the mount table, the
// namespace links of /proc, and the commands that make them (fake_node.h).
#include "common/sys/namespaces.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "tests/unit/fake_node.h"

namespace hanfs {
namespace {

namespace fs = std::filesystem;
using testing::exited;
using testing::FakeNode;

// The node's mount table with service nfs-a's pins, as the kernel shows them
// after make_namespaces (/run/hanfs a private bind of itself).
std::string node_mountinfo(const std::vector<std::string>& pins, const std::string& service = "nfs-a") {
  std::string text =
      "24 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro\n"
      "26 24 0:25 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=401604k,mode=755\n"
      "612 26 0:25 /hanfs /run/hanfs rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,size=401604k,mode=755\n";
  int id = 613;
  const std::map<std::string, std::string> inode{
      {"net", "net:[4026532281]"}, {"uts", "uts:[4026532280]"}, {"mnt", "mnt:[4026532279]"}};
  for (const std::string& pin : pins)
    text += std::to_string(id++) + " 612 0:4 " + inode.at(pin) + " /run/hanfs/" + service + "/" + pin +
            " rw - nsfs nsfs rw\n";
  return text;
}

TEST(ParseNamespaceLink, IsTheInodeOfALinkOfThatType) {
  EXPECT_EQ(parse_namespace_link("net:[4026531840]", "net"), 4026531840ULL);
  EXPECT_EQ(parse_namespace_link("mnt:[4026531841]", "mnt"), 4026531841ULL);
}

TEST(ParseNamespaceLink, IsNothingForAnotherTypeOrAMalformedLink) {
  for (const char* bad : {"mnt:[4026531840]", "net:4026531840", "net:[]", "net:[4026531840", "net:[40265x1840]",
                          "net:[-1]", "net: [4026531840]", "netns:[4026531840]", "", "net", "/proc/1/ns/net",
                          "net:[4026531840] "})
    EXPECT_FALSE(parse_namespace_link(bad, "net")) << bad;
}

TEST(ParseNamespaceLink, AnInodeTooBigForItsTypeIsNothing) {
  EXPECT_FALSE(parse_namespace_link("net:[99999999999999999999999]", "net"));
}

TEST(NamespaceDir, IsTheServicesDirectoryUnderRunHanfs) {
  FakeNode node;
  EXPECT_EQ(namespace_dir(node.host(), "nfs-a"), node.host().run_dir + "/hanfs/nfs-a");
  EXPECT_EQ(namespace_dir(Host::real(), "nfs-a"), "/run/hanfs/nfs-a");
}

TEST(PinsMounted, CountsTheNsfsPinsOfTheService) {
  EXPECT_EQ(pins_mounted(parse_mountinfo(node_mountinfo({})), "/run/hanfs/nfs-a"), 0);
  EXPECT_EQ(pins_mounted(parse_mountinfo(node_mountinfo({"net"})), "/run/hanfs/nfs-a"), 1);
  EXPECT_EQ(pins_mounted(parse_mountinfo(node_mountinfo({"net", "uts"})), "/run/hanfs/nfs-a"), 2);
  EXPECT_EQ(pins_mounted(parse_mountinfo(node_mountinfo({"net", "uts", "mnt"})), "/run/hanfs/nfs-a"), 3);
}

TEST(PinsMounted, AnotherServicesPinsAreNotThisOnes) {
  const auto mounts = parse_mountinfo(node_mountinfo({"net", "uts", "mnt"}, "nfs-ab"));
  EXPECT_EQ(pins_mounted(mounts, "/run/hanfs/nfs-a"), 0);
  EXPECT_EQ(pins_mounted(mounts, "/run/hanfs/nfs-ab"), 3);
}

TEST(PinsMounted, AFileThatIsNotAnNsfsMountIsNoPin) {
  // A tmpfs or a bind of a plain file at the pin's path is not a namespace.
  const auto mounts = parse_mountinfo(
      "24 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
      "700 24 0:25 / /run/hanfs/nfs-a/net rw - tmpfs tmpfs rw\n"
      "701 24 254:1 /etc/hostname /run/hanfs/nfs-a/uts rw - ext4 /dev/vda1 rw\n");
  EXPECT_EQ(pins_mounted(mounts, "/run/hanfs/nfs-a"), 0);
}

TEST(PinnedNetInode, IsTheInodeOfTheNetPinWhenItIsMounted) {
  FakeNode node;
  const std::string dir = namespace_dir(node.host(), "nfs-a");
  FakeNode::write(dir + "/net", "");
  struct stat st {};
  ASSERT_EQ(::stat((dir + "/net").c_str(), &st), 0);
  const auto mounted = parse_mountinfo("613 612 0:4 net:[4026532281] " + dir + "/net rw - nsfs nsfs rw\n");
  EXPECT_EQ(pinned_net_inode(mounted, dir), static_cast<unsigned long long>(st.st_ino));
  // The file without the nsfs mount on it: no namespace.
  EXPECT_EQ(pinned_net_inode(parse_mountinfo(""), dir), std::nullopt);
}

// Fake pids are past PID_MAX_LIMIT (2^22): never a process of this machine.
class ProcessesInNet : public ::testing::Test {
 protected:
  void process(int pid, const std::string& comm, const std::string& net_link, char state = 'S') {
    node.process(pid, comm, net_link, state);
  }
  FakeNode node;
};

TEST_F(ProcessesInNet, AreTheLiveProcessesWhoseNetLinkNamesTheInode) {
  process(5000001, "rpcbind", "net:[4026532281]");
  process(5000002, "rpc.mountd", "net:[4026532281]");
  process(5000003, "sshd", "net:[4026531840]");           // the node's
  process(5000004, "rpc.statd", "net:[4026532281]", 'Z');  // a zombie
  auto members = processes_in_net(4026532281ULL, node.host().proc);
  std::sort(members.begin(), members.end(), [](const NetMember& a, const NetMember& b) { return a.id.pid < b.id.pid; });
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].id.pid, 5000001);
  EXPECT_EQ(members[0].id.start_time, 777u);
  EXPECT_EQ(members[0].comm, "rpcbind");
  EXPECT_EQ(members[1].comm, "rpc.mountd");
}

TEST_F(ProcessesInNet, NoneForANamespaceWithoutProcesses) {
  process(5000003, "sshd", "net:[4026531840]");
  FakeNode::write(node.host().proc + "/self/mountinfo", "");   // not a pid: skipped
  EXPECT_TRUE(processes_in_net(4026532281ULL, node.host().proc).empty());
}

TEST(MakeNamespaces, MakesRunHanfsAPrivateMountThenPinsThreeNamespacesAsSlaves) {
  FakeNode node;
  node.mount_table({});
  node.commands.on({"mount"}, exited(0));
  node.commands.on({"unshare"}, exited(0));
  const std::string top = node.host().run_dir + "/hanfs";
  const std::string dir = top + "/nfs-a";
  const auto made = make_namespaces(node.host(), dir, Deadline(std::chrono::seconds(5)));
  ASSERT_TRUE(made) << made.error().reason;
  const std::vector<std::vector<std::string>> expected{
      {"mount", "--bind", top, top},
      {"mount", "--make-private", top},
      {"unshare", "--net=" + dir + "/net", "--uts=" + dir + "/uts", "--mount=" + dir + "/mnt", "--propagation",
       "slave", "true"}};
  EXPECT_EQ(node.commands.calls(), expected);
  for (const char* pin : {"/net", "/uts", "/mnt"}) EXPECT_TRUE(fs::is_regular_file(dir + pin)) << pin;
}

TEST(MakeNamespaces, RunHanfsAlreadyAMountIsNotBoundAgain) {
  FakeNode node;
  const std::string top = node.host().run_dir + "/hanfs";
  node.mount_table({{top, "0:25"}});
  node.commands.on({"mount"}, exited(0));
  node.commands.on({"unshare"}, exited(0));
  const auto made = make_namespaces(node.host(), top + "/nfs-a", Deadline(std::chrono::seconds(5)));
  ASSERT_TRUE(made) << made.error().reason;
  EXPECT_FALSE(node.commands.called({"mount", "--bind"}));
  EXPECT_TRUE(node.commands.called({"mount", "--make-private", top}));
}

TEST(MakeNamespaces, AFailingUnshareFailsNamingTheDirectoryAndItsComplaint) {
  FakeNode node;
  node.mount_table({});
  node.commands.on({"mount"}, exited(0));
  node.commands.on({"unshare"}, exited(1, "", "unshare: mount /run/hanfs/nfs-a/net failed: Invalid argument\n"));
  const std::string dir = node.host().run_dir + "/hanfs/nfs-a";
  const auto made = make_namespaces(node.host(), dir, Deadline(std::chrono::seconds(5)));
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().status, OcfStatus::err_generic);
  EXPECT_NE(made.error().reason.find(dir), std::string::npos) << made.error().reason;
  EXPECT_NE(made.error().reason.find("Invalid argument"), std::string::npos) << made.error().reason;
}

TEST(MakeNamespaces, APrivateMountRefusedStopsBeforeUnshare) {
  FakeNode node;
  node.mount_table({});
  node.commands.on({"mount"}, exited(32, "", "mount: permission denied\n"));
  const auto made = make_namespaces(node.host(), node.host().run_dir + "/hanfs/nfs-a", Deadline(std::chrono::seconds(5)));
  ASSERT_FALSE(made);
  EXPECT_NE(made.error().reason.find("private mount"), std::string::npos) << made.error().reason;
  EXPECT_FALSE(node.commands.called({"unshare"}));
}

}  // namespace
}  // namespace hanfs
