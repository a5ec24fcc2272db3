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

void record_signal(int) {}

// The agent's ignored and caught signals are back at their defaults in every
// child: a task must not run the agent's handlers on a copy of its state,
// and an ignored TERM would survive exec and the deadline's kill.
TEST(Spawn, ChildrenStartWithEverySignalAtItsDefault) {
  struct sigaction ignore {}, handle {}, old_term {}, old_usr1 {};
  ignore.sa_handler = SIG_IGN;
  handle.sa_handler = record_signal;
  ASSERT_EQ(::sigaction(SIGTERM, &ignore, &old_term), 0);
  ASSERT_EQ(::sigaction(SIGUSR1, &handle, &old_usr1), 0);

  SpawnSpec task;
  task.task = [](int) {
    struct sigaction term {}, usr1 {};
    ::sigaction(SIGTERM, nullptr, &term);
    ::sigaction(SIGUSR1, nullptr, &usr1);
    return term.sa_handler == SIG_DFL && usr1.sa_handler == SIG_DFL ? 0 : 1;
  };
  Spawned in_task = spawn(task, Deadline(20s));
  // An exec'd program: the kernel's view of its own dispositions.
  Spawned exec = spawn_shell("grep -q '^SigIgn:[[:space:]]*0*$' /proc/self/status");
  ::sigaction(SIGTERM, &old_term, nullptr);
  ::sigaction(SIGUSR1, &old_usr1, nullptr);

  ASSERT_TRUE(in_task);
  ASSERT_TRUE(in_task.child.wait_until(Clock::now() + 10s));
  ASSERT_TRUE(in_task.child.status());
  EXPECT_EQ(WEXITSTATUS(*in_task.child.status()), 0);
  ASSERT_TRUE(exec);
  ASSERT_TRUE(exec.child.wait_until(Clock::now() + 10s));
  ASSERT_TRUE(exec.child.status());
  EXPECT_EQ(WEXITSTATUS(*exec.child.status()), 0);
}

}  // namespace
}  // namespace hanfs
