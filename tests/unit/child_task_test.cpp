// Work in a forked child within the deadline (child_task), and the depth-10
// device check built on it (block_read), with stand-ins for devices: a
// character device that answers, a missing one, a FIFO whose open never
// returns (as a read from a dead device never does).
#include "common/sys/child_task.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "common/storage/block_read.h"
#include "tests/unit/child_process_checks.h"
#include "tests/unit/temp_dir.h"

using namespace hanfs;
using namespace std::chrono_literals;

TEST(ChildTask, ReturnValueZeroIsSuccess) {
  auto r = run_child_task([](int) { return 0; }, Deadline(5s));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.report, "");
}

TEST(ChildTask, FailureCarriesWhatTheTaskReported) {
  auto r = run_child_task([](int report) { report_to(report, "step two: no such file"); return 3; }, Deadline(5s));
  EXPECT_EQ(r.ending, ChildTaskResult::Ending::failed);
  EXPECT_EQ(r.report, "step two: no such file");
}

TEST(ChildTask, TaskThatHangsIsKilledAtTheDeadlineWithItsProgressAndLeavesNoChild) {
  const auto t0 = std::chrono::steady_clock::now();
  auto r = run_child_task([](int report) { report_to(report, "started\n"); ::pause(); return 0; }, Deadline(300ms));
  EXPECT_EQ(r.ending, ChildTaskResult::Ending::timed_out);
  EXPECT_EQ(r.report, "started\n");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
  errno = 0;
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD) << "the killed child was not reaped";
}

TEST(ChildTask, TaskDiesWithAnAgentThatIsKilled) {
  TempDir dir;
  const auto pid_file = (dir.path() / "pid").string();
  const pid_t child = child_of_killed_agent(pid_file, [&] {
    run_child_task([&](int) {
      const std::string tmp = pid_file + ".tmp";
      std::ofstream(tmp) << ::getpid() << "\n";
      std::rename(tmp.c_str(), pid_file.c_str());
      for (;;) ::pause();
      return 0;
    }, Deadline(20s));
  });
  ASSERT_GT(child, 1);
  const bool gone = gone_by(child, std::chrono::steady_clock::now() + 2s);
  if (!gone) ::kill(child, SIGKILL);
  EXPECT_TRUE(gone) << "the task outlived the agent";
}

TEST(ChildTask, TaskBlockingEverySignalReturnsNoLaterThanTheDeadline) {
  for (const auto budget : {300ms, 1000ms}) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = run_child_task([](int) {
      sigset_t all;
      sigfillset(&all);
      ::sigprocmask(SIG_SETMASK, &all, nullptr);
      for (;;) ::pause();
      return 0;
    }, Deadline(budget));
    EXPECT_EQ(r.ending, ChildTaskResult::Ending::timed_out);
    EXPECT_LT(std::chrono::steady_clock::now() - t0 - budget, 100ms);
  }
}

TEST(ChildTask, ExitStatusIsKeptWhenTheAgentInheritedSigchldIgnored) {
  struct sigaction ignore{}, old{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGCHLD, &ignore, &old);
  auto ok = run_child_task([](int) { return 0; }, Deadline(5s));
  auto failed = run_child_task([](int) { return 1; }, Deadline(5s));
  struct sigaction after{};
  ::sigaction(SIGCHLD, &old, &after);
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(failed.ending, ChildTaskResult::Ending::failed);
  EXPECT_EQ(after.sa_handler, SIG_IGN) << "the caller's disposition is restored";
}

// A child abandoned in the kernel must not hold the agent's locks or pipes.
TEST(ChildTask, TaskInheritsNoDescriptorButItsReport) {
  const int open_fd = ::open("/dev/null", O_RDONLY);  // no O_CLOEXEC
  ASSERT_GE(open_fd, 0);
  auto r = run_child_task(
      [open_fd](int report) {
        if (::fcntl(open_fd, F_GETFD) != -1) return 1;
        report_to(report, "only the report");
        return 0;
      },
      Deadline(5s));
  ::close(open_fd);
  EXPECT_TRUE(r.ok()) << r.report;
  EXPECT_EQ(r.report, "only the report");
}

TEST(ChildTask, ExceptionInTheTaskIsAFailureAndNeverReachesTheCaller) {
  TempDir dir;
  const std::string escaped = dir.str() + "/escaped";
  ChildTaskResult r;
  try {
    r = run_child_task([](int) -> int { throw std::runtime_error("boom"); }, Deadline(5s));
  } catch (...) {
    // Only a child whose exception unwound into this frame gets here.
    std::ofstream(escaped) << "the child ran the caller's code\n";
    ::_exit(0);
  }
  EXPECT_EQ(r.ending, ChildTaskResult::Ending::failed);
  EXPECT_EQ(r.report, "the task failed with an exception");
  EXPECT_FALSE(std::filesystem::exists(escaped));
}

TEST(ChildTask, LongReportKeepsItsEndAndNeverBlocksTheChild) {
  auto r = run_child_task(
      [](int report) {
        for (int i = 0; i < 100000; ++i) report_to(report, std::to_string(i) + "\n");  // ~590 KB
        return 0;
      },
      Deadline(20s));
  EXPECT_TRUE(r.ok());
  EXPECT_LE(r.report.size(), 4096u);
  EXPECT_TRUE(r.report.ends_with("99999\n")) << r.report.substr(r.report.size() - 20);
}

TEST(BlockRead, DevicesThatAnswerPass) {
  EXPECT_TRUE(read_first_blocks({{"LV vg/a", "/dev/zero"}, {"LV vg/b", "/dev/zero"}}, Deadline(5s)));
  EXPECT_TRUE(read_first_blocks({}, Deadline(5s)));
}

TEST(BlockRead, FailureNamesTheDeviceThatFailed) {
  auto r = read_first_blocks({{"LV vg/a", "/dev/zero"}, {"LV vg/b", "/nonexistent-device"}}, Deadline(5s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, OcfStatus::err_generic);
  EXPECT_EQ(r.error().reason, "reading LV vg/b failed: /nonexistent-device: cannot open: No such file or directory");
}

TEST(BlockRead, DeviceThatNeverAnswersEndsAtTheDeadlineNamingIt) {
  TempDir dir;
  const std::string fifo = dir.str() + "/dead";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);  // open for reading blocks: no writer
  const auto t0 = std::chrono::steady_clock::now();
  auto r = read_first_blocks({{"LV vg/a", "/dev/zero"}, {"LV vg/dead", fifo}, {"LV vg/c", "/dev/zero"}}, Deadline(300ms));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, "LV vg/dead (" + fifo + ") does not answer a read before the deadline: its I/O hangs");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
}
