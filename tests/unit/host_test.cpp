// The seam's own rule: a node's path as a fake host has it.
#include "common/sys/host.h"

#include <gtest/gtest.h>

namespace hanfs {
namespace {

TEST(Host, PathOfANodePathIsBelowTheRootOfTheTreeItNames) {
  const Host host = Host::under("/tmp/node");
  EXPECT_EQ(host.path_of("/var/lib/nfs"), "/tmp/node/var/lib/nfs");
  EXPECT_EQ(host.path_of("/var/lib/nfs/nfsdcltrack"), "/tmp/node/var/lib/nfs/nfsdcltrack");
  EXPECT_EQ(host.path_of("/proc/fs/nfsd/threads"), "/tmp/node/proc/fs/nfsd/threads");
  EXPECT_EQ(host.path_of("/var/lib/nfsx"), "/var/lib/nfsx");   // not the tree, only a prefix of its name
  EXPECT_EQ(host.path_of("/srv/nfs"), "/srv/nfs");             // no tree of the host's
  EXPECT_EQ(Host::real().path_of("/var/lib/nfs/sm"), "/var/lib/nfs/sm");
}

}  // namespace
}  // namespace hanfs
