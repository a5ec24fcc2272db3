// The one fork (process.h) seen directly: what the shapes over it rely on.
#include "common/sys/process.h"

#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <chrono>

namespace hanfs {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

Spawned spawn_shell(const std::string& script) {
  SpawnSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  return spawn(spec, Deadline(20s));
}

// SIGCHLD ignored (as some process managers leave it) with two children at
// once: reaping the first must not put SIG_IGN back while the second runs,
// or the kernel reaps the second itself and its exit status is lost.
TEST(Spawn, OverlappingChildrenKeepTheirStatusWhenSigchldIsIgnored) {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction old {};
  ASSERT_EQ(::sigaction(SIGCHLD, &ignore, &old), 0);
  {
    Spawned first = spawn_shell("exit 3");
    Spawned second = spawn_shell("sleep 0.3; exit 5");
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    ASSERT_TRUE(first.child.wait_until(Clock::now() + 10s));
    ASSERT_TRUE(first.child.status());
    EXPECT_EQ(WEXITSTATUS(*first.child.status()), 3);
    first = Spawned();  // the first is done with
    ASSERT_TRUE(second.child.wait_until(Clock::now() + 10s));
    ASSERT_TRUE(second.child.status()) << "the kernel reaped the second child: its status is lost";
    EXPECT_EQ(WEXITSTATUS(*second.child.status()), 5);
  }
  // And the agent's disposition is back once neither is ours.
  struct sigaction after {};
  ASSERT_EQ(::sigaction(SIGCHLD, &old, &after), 0);
  EXPECT_EQ(after.sa_handler, SIG_IGN);
}

}  // namespace
}  // namespace hanfs
