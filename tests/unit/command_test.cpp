#include "common/sys/command.h"
#include "common/sys/process.h"
#include "tests/unit/child_process_checks.h"
#include "tests/unit/temp_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace hanfs {
namespace {

using namespace std::chrono_literals;
using Ending = CommandResult::Ending;
using Clock = std::chrono::steady_clock;

// Generous: the machine running the tests may be busy with VMs.
constexpr auto kPlenty = 20s;

CommandResult run(const std::vector<std::string>& argv, CommandOptions options = {},
                  std::chrono::milliseconds budget = kPlenty) {
  return run_command(argv, Deadline(budget), options);
}

CommandResult sh(const std::string& script, CommandOptions options = {},
                 std::chrono::milliseconds budget = kPlenty) {
  return run({"/bin/sh", "-c", script}, std::move(options), budget);
}

std::string status_line(const std::string& status, const std::string& key) {
  std::istringstream in(status);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(key + ":")) {
      auto value = line.substr(key.size() + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      return value;
    }
  }
  return {};
}

void write_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
}

TEST(RunCommand, ZeroExitIsOkWithCapturedStdoutAndStderr) {
  const auto r = sh("echo out; echo err >&2");
  EXPECT_EQ(r.ending, Ending::exited);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_FALSE(r.out_truncated);
  EXPECT_FALSE(r.err_truncated);
  EXPECT_EQ(r.describe(), "exit 0");
}

TEST(RunCommand, NonZeroExitIsReportedAsExitCode) {
  const auto r = sh("exit 5");
  EXPECT_EQ(r.ending, Ending::exited);
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.describe(), "exit 5");
}

TEST(RunCommand, DeathBySignalIsReportedAsSignalNotExit) {
  const auto r = sh("kill -KILL $$");
  EXPECT_EQ(r.ending, Ending::signaled);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.describe(), "killed by signal 9");
}

TEST(RunCommand, MissingProgramIsSpawnFailureWithEnoentNotExit127) {
  const auto missing = run({"/nonexistent/hanfs-no-such-program"});
  EXPECT_EQ(missing.ending, Ending::spawn_failed);
  EXPECT_EQ(missing.spawn_errno, ENOENT);
  EXPECT_EQ(missing.describe(), "could not run: No such file or directory");

  const auto exit127 = sh("exit 127");
  EXPECT_EQ(exit127.ending, Ending::exited);
  EXPECT_EQ(exit127.exit_code, 127);
}

TEST(RunCommand, ProgramNotInPathIsSpawnFailureWithEnoent) {
  const auto r = run({"hanfs-no-such-program-in-path"});
  EXPECT_EQ(r.ending, Ending::spawn_failed);
  EXPECT_EQ(r.spawn_errno, ENOENT);
}

TEST(RunCommand, NonExecutableFileIsSpawnFailureWithEacces) {
  TempDir dir;
  const auto file = dir.path() / "not-executable";
  write_file(file, "#!/bin/sh\nexit 0\n", 0644);
  const auto r = run({file.string()});
  EXPECT_EQ(r.ending, Ending::spawn_failed);
  EXPECT_EQ(r.spawn_errno, EACCES);
}

TEST(RunCommand, FileWithoutInterpreterLineIsNotRunThroughAShell) {
  TempDir dir;
  const auto file = dir.path() / "no-shebang";
  write_file(file, "echo ran by a shell\n", 0755);
  const auto r = run({file.string()});
  EXPECT_EQ(r.ending, Ending::spawn_failed);
  EXPECT_EQ(r.spawn_errno, ENOEXEC);
  EXPECT_EQ(r.out, "");
}

TEST(RunCommand, EmptyArgvIsSpawnFailure) {
  const auto r = run({});
  EXPECT_EQ(r.ending, Ending::spawn_failed);
  EXPECT_EQ(r.spawn_errno, EINVAL);
}

TEST(RunCommand, ProgramIsLookedUpInThePathTheChildGets) {
  TempDir dir;
  write_file(dir.path() / "hanfs-test-prog", "#!/bin/sh\necho found \"$1\"\n", 0755);
  CommandOptions options;
  options.extra_env = {"PATH=" + dir.path().string() + ":/usr/bin:/bin"};
  const auto r = run({"hanfs-test-prog", "arg"}, options);
  EXPECT_EQ(r.ending, Ending::exited) << r.describe();
  EXPECT_EQ(r.out, "found arg\n");
}

TEST(RunCommand, ArgumentsArePassedVerbatimWithoutShellInterpretation) {
  const auto r = run({"/bin/echo", "$HOME", "a b", "*", "'q'", ";", "|"});
  EXPECT_EQ(r.out, "$HOME a b * 'q' ; |\n");
}

TEST(RunCommand, ChildSleepingPastDeadlineAndItsGrandchildAreGoneWithinDeadlinePlusOneSecond) {
  const auto budget = 1000ms;
  const auto start = Clock::now();
  const auto r = sh("sleep 100 & echo $!; sleep 100", {}, budget);
  const auto took = Clock::now() - start;

  EXPECT_EQ(r.ending, Ending::timed_out);
  EXPECT_FALSE(r.ok());
  EXPECT_LE(took, budget + 100ms);
  EXPECT_TRUE(r.describe().starts_with("timed out after ")) << r.describe();
  const pid_t grandchild = std::atoi(r.out.c_str());  // output before the timeout is kept
  ASSERT_GT(grandchild, 1) << r.out;
  EXPECT_TRUE(gone_by(grandchild, start + budget + 1s));
}

TEST(RunCommand, ChildAndGrandchildIgnoringTermAreKilledAfterTheGracePeriod) {
  CommandOptions options;
  options.kill_grace = 300ms;
  // Long enough for a shell on a loaded machine to set its trap first.
  const auto budget = 2s;
  const auto start = Clock::now();
  // The grandchild inherits the ignored TERM.
  const auto r = sh("trap '' TERM; sleep 100 & echo $!; sleep 100", options, budget);
  const auto took = Clock::now() - start;

  EXPECT_EQ(r.ending, Ending::timed_out);
  EXPECT_GE(took, budget - kKillBeforeDeadline);
  EXPECT_LE(took, budget + 100ms);
  const pid_t grandchild = std::atoi(r.out.c_str());
  ASSERT_GT(grandchild, 1) << r.out;
  EXPECT_TRUE(gone_by(grandchild, start + budget + options.kill_grace + 2s));
}

TEST(RunCommand, TimedOutChildGetsTermFirstAndCanCleanUp) {
  CommandOptions options;
  options.kill_grace = 5s;
  const auto budget = 2s;  // the shell must have set its trap before TERM
  const auto start = Clock::now();
  const auto r = sh("trap 'echo cleaned up; exit 0' TERM; sleep 100 & echo $!; wait", options,
                    budget);
  const auto took = Clock::now() - start;

  EXPECT_EQ(r.ending, Ending::timed_out);  // even though it then exited 0
  EXPECT_NE(r.out.find("cleaned up\n"), std::string::npos) << r.out;
  EXPECT_LT(took, budget + 3s);  // did not sit out the grace period
  const pid_t grandchild = std::atoi(r.out.c_str());
  ASSERT_GT(grandchild, 1) << r.out;
  EXPECT_TRUE(gone_by(grandchild, start + budget + 2s));
}

TEST(RunCommand, ChildDiesWithAnAgentThatIsKilled) {
  TempDir dir;
  const auto pid_file = (dir.path() / "pid").string();
  const pid_t child = child_of_killed_agent(pid_file, [&] {
    run({"/bin/sh", "-c", "echo $$ > " + pid_file + ".tmp && mv " + pid_file + ".tmp " + pid_file + " && exec sleep 100"});
  });
  ASSERT_GT(child, 1);
  const bool gone = gone_by(child, Clock::now() + 2s);
  if (!gone) ::kill(child, SIGKILL);
  EXPECT_TRUE(gone) << "the command outlived the agent";
}

TEST(RunCommand, ChildIgnoringTermReturnsNoLaterThanTheDeadline) {
  for (const auto budget : {300ms, 1000ms, 2000ms}) {
    const auto start = Clock::now();
    const auto r = sh("trap '' TERM; sleep 100", {}, budget);
    const auto over = Clock::now() - start - budget;
    EXPECT_EQ(r.ending, Ending::timed_out);
    EXPECT_LT(over, 100ms) << budget.count() << " ms budget, over by "
                           << std::chrono::duration_cast<std::chrono::milliseconds>(over).count() << " ms";
  }
}

TEST(RunCommand, ExpiredDeadlineTimesOutWithoutRunningAnything) {
  TempDir dir;
  const auto marker = dir.path() / "ran";
  const auto r = run({"/usr/bin/touch", marker.string()}, {}, 0ms);
  EXPECT_EQ(r.ending, Ending::timed_out);
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(RunCommand, ExitedChildWhoseGrandchildKeepsThePipesOpenReturnsPromptly) {
  const auto start = Clock::now();
  const auto r = sh("sleep 30 & echo $!; echo done >&2");
  const auto took = Clock::now() - start;
  const pid_t grandchild = std::atoi(r.out.c_str());
  if (grandchild > 1) ::kill(grandchild, SIGKILL);

  EXPECT_EQ(r.ending, Ending::exited);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "done\n");
  EXPECT_LT(took, 5s);
}

TEST(RunCommand, OutputLargerThanThePipeBufferArrivesWhole) {
  const auto r = run({"/usr/bin/head", "-c", "1048576", "/dev/zero"});
  EXPECT_EQ(r.ending, Ending::exited);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.size(), 1048576u);
  EXPECT_FALSE(r.out_truncated);
}

TEST(RunCommand, LargeStdoutAndStderrTogetherDoNotDeadlock) {
  const auto r = sh("head -c 1048576 /dev/zero >&2; head -c 1048576 /dev/zero; "
                    "head -c 1048576 /dev/zero >&2");
  EXPECT_EQ(r.ending, Ending::exited);
  EXPECT_EQ(r.out.size(), 1048576u);
  EXPECT_EQ(r.err.size(), 2u * 1048576u);
}

TEST(RunCommand, OutputPastTheCapIsDroppedAndFlaggedWhileTheChildStillExitsNormally) {
  CommandOptions options;
  options.output_cap = 1000;
  const auto r = sh("head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2; exit 3", options);
  EXPECT_EQ(r.ending, Ending::exited);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out.size(), 1000u);
  EXPECT_EQ(r.err.size(), 1000u);
  EXPECT_TRUE(r.out_truncated);
  EXPECT_TRUE(r.err_truncated);
}

TEST(RunCommand, OutputExactlyAtTheCapIsNotFlaggedTruncated) {
  CommandOptions options;
  options.output_cap = 4;
  const auto r = run({"/usr/bin/printf", "abcd"}, options);
  EXPECT_EQ(r.out, "abcd");
  EXPECT_FALSE(r.out_truncated);
}

TEST(RunCommand, ChildInheritsNoFileDescriptorsBeyondStdio) {
  // Neither O_CLOEXEC, and one far above the others.
  const int low = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(low, 0);
  const int high = ::dup2(low, 200);
  ASSERT_EQ(high, 200);

  // readlink opens nothing itself: each fd it names exists in it only if it
  // was inherited (a shell listing /proc/$$/fd would see its own pipes).
  const auto r = run({"/usr/bin/readlink", "/proc/self/fd/" + std::to_string(low), "/proc/self/fd/200"});
  ::close(low);
  ::close(high);
  EXPECT_EQ(r.ending, Ending::exited) << r.describe_with_stderr();
  EXPECT_EQ(r.exit_code, 1);   // readlink: every name failed
  EXPECT_EQ(r.out, "");
  const auto stdio = run({"/usr/bin/readlink", "/proc/self/fd/0"});
  EXPECT_EQ(stdio.out, "/dev/null\n");   // and readlink itself does see what it holds
}

TEST(RunCommand, StdinIsDevNull) {
  const auto link = run({"/usr/bin/readlink", "/proc/self/fd/0"});
  EXPECT_EQ(link.out, "/dev/null\n");

  // And a program reading stdin sees EOF at once instead of hanging.
  const auto cat = run({"/usr/bin/cat"}, {}, 10s);
  EXPECT_EQ(cat.ending, Ending::exited);
  EXPECT_EQ(cat.exit_code, 0);
  EXPECT_EQ(cat.out, "");
}

TEST(RunCommand, ExtraEnvIsSeenByTheChildAndOverridesTheAgentsOwn) {
  ::setenv("HANFS_TEST_INHERITED", "kept", 1);
  ::setenv("HANFS_TEST_OVERRIDDEN", "old", 1);
  CommandOptions options;
  options.extra_env = {"HANFS_TEST_EXTRA=hello world", "HANFS_TEST_OVERRIDDEN=new"};
  const auto r = run({"/usr/bin/env"}, options);
  ::unsetenv("HANFS_TEST_INHERITED");
  ::unsetenv("HANFS_TEST_OVERRIDDEN");

  std::vector<std::string> ours;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("HANFS_TEST_")) ours.push_back(line);
  }
  std::sort(ours.begin(), ours.end());
  EXPECT_EQ(ours, (std::vector<std::string>{"HANFS_TEST_EXTRA=hello world",
                                            "HANFS_TEST_INHERITED=kept",
                                            "HANFS_TEST_OVERRIDDEN=new"}));
}

TEST(RunCommand, ExtraEnvEntryWithoutEqualsSignIsSpawnFailure) {
  CommandOptions options;
  options.extra_env = {"NOT_AN_ASSIGNMENT"};
  const auto r = run({"/bin/true"}, options);
  EXPECT_EQ(r.ending, Ending::spawn_failed);
  EXPECT_EQ(r.spawn_errno, EINVAL);
}

TEST(RunCommand, ChildLeadsItsOwnProcessGroup) {
  const auto r = run({"/usr/bin/cat", "/proc/self/stat"});
  ASSERT_EQ(r.ending, Ending::exited);
  const auto fields = stat_fields(r.out);
  ASSERT_GE(fields.size(), 4u);
  const pid_t child = std::stoi(r.out);
  EXPECT_EQ(std::stoi(fields[1]), ::getpid());  // ppid
  EXPECT_EQ(std::stoi(fields[2]), child);       // pgrp
  EXPECT_NE(std::stoi(fields[2]), ::getpgrp());
}

TEST(RunCommand, ChildStartsWithDefaultSignalDispositionsAndNothingBlocked) {
  struct sigaction ignore {};
  struct sigaction saved_pipe {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &saved_pipe);
  sigset_t block;
  sigset_t saved_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  ::pthread_sigmask(SIG_BLOCK, &block, &saved_mask);

  const auto r = run({"/usr/bin/cat", "/proc/self/status"});

  ::pthread_sigmask(SIG_SETMASK, &saved_mask, nullptr);
  ::sigaction(SIGPIPE, &saved_pipe, nullptr);
  ASSERT_EQ(r.ending, Ending::exited);
  EXPECT_EQ(status_line(r.out, "SigIgn"), "0000000000000000");
  EXPECT_EQ(status_line(r.out, "SigBlk"), "0000000000000000");
}

TEST(RunCommand, EveryEndingLeavesNoChildToReap) {
  sh("exit 0");
  sh("kill -KILL $$");
  run({"/nonexistent/hanfs-no-such-program"});
  sh("sleep 100", {}, 200ms);
  EXPECT_TRUE(no_children_left());
}

// An agent started by something that ignores SIGCHLD inherits that, and
// the kernel would then reap the child before run_command could see its
// status.
TEST(RunCommand, ReportsExitStatusWhenSigchldIsIgnored) {
  struct sigaction ignore {};
  struct sigaction old {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGCHLD, &ignore, &old);
  const auto t = run({"/bin/true"});
  const auto f = run({"/bin/false"});
  struct sigaction after {};
  ::sigaction(SIGCHLD, &old, &after);
  EXPECT_EQ(t.ending, Ending::exited);
  EXPECT_EQ(t.exit_code, 0);
  EXPECT_TRUE(t.ok()) << t.describe();
  EXPECT_EQ(f.ending, Ending::exited);
  EXPECT_EQ(f.exit_code, 1) << f.describe();
  EXPECT_EQ(after.sa_handler, SIG_IGN) << "the agent's disposition is restored";
}

TEST(RunCommand, ElapsedIsMeasured) {
  const auto r = run({"/usr/bin/sleep", "0.2"});
  EXPECT_EQ(r.ending, Ending::exited);
  EXPECT_GE(r.elapsed, 200ms);
  EXPECT_LT(r.elapsed, 10s);
}

TEST(CommandResultDescribe, NamesEachEnding) {
  CommandResult r;
  r.ending = Ending::exited;
  r.exit_code = 5;
  EXPECT_EQ(r.describe(), "exit 5");
  r.ending = Ending::signaled;
  r.signal = 9;
  EXPECT_EQ(r.describe(), "killed by signal 9");
  r.ending = Ending::timed_out;
  r.elapsed = 3000ms;
  EXPECT_EQ(r.describe(), "timed out after 3000 ms");
  r.ending = Ending::spawn_failed;
  r.spawn_errno = ENOENT;
  EXPECT_EQ(r.describe(), "could not run: No such file or directory");
}

TEST(CommandResultDescribe, WithStderrAddsTheLastNonEmptyLine) {
  CommandResult r;
  r.ending = Ending::exited;
  r.exit_code = 3;
  r.err = "first\n  Volume group \"vg0\" not found  \r\n\n   \n";
  EXPECT_EQ(r.describe_with_stderr(), "exit 3: Volume group \"vg0\" not found");
  r.err = "no newline at end";
  EXPECT_EQ(r.describe_with_stderr(), "exit 3: no newline at end");
}

TEST(CommandResultDescribe, WithStderrIsPlainDescribeWhenStderrIsBlank) {
  CommandResult r;
  r.ending = Ending::exited;
  r.exit_code = 1;
  EXPECT_EQ(r.describe_with_stderr(), "exit 1");
  r.err = "\n \n\t\n";
  EXPECT_EQ(r.describe_with_stderr(), "exit 1");
}

TEST(CommandResultDescribe, WithStderrCutsAVeryLongLine) {
  CommandResult r;
  r.ending = Ending::exited;
  r.exit_code = 1;
  r.err = std::string(100000, 'x');
  const auto text = r.describe_with_stderr();
  EXPECT_LT(text.size(), 1000u);
  EXPECT_TRUE(text.starts_with("exit 1: xxx"));
  EXPECT_TRUE(text.ends_with("..."));
}

TEST(RunCommand, DescribeWithStderrOfARealFailure) {
  const auto r = sh("echo 'lvcreate: something went wrong' >&2; exit 5");
  EXPECT_EQ(r.describe_with_stderr(), "exit 5: lvcreate: something went wrong");
}

TEST(QuoteArgv, LeavesSafeWordsBareAndSingleQuotesTheRest) {
  EXPECT_EQ(quote_argv({"lvcreate", "-L", "10G", "vg0/lv_a", "--tag=a,b:c@d%e+f"}),
            "lvcreate -L 10G vg0/lv_a --tag=a,b:c@d%e+f");
  EXPECT_EQ(quote_argv({"echo", "a b", "$HOME", "*", "x;y"}),
            "echo 'a b' '$HOME' '*' 'x;y'");
}

TEST(QuoteArgv, QuotesEmptyWordsAndEscapesSingleQuotes) {
  EXPECT_EQ(quote_argv({"printf", ""}), "printf ''");
  EXPECT_EQ(quote_argv({"echo", "it's"}), "echo 'it'\"'\"'s'");
  EXPECT_EQ(quote_argv({}), "");
  EXPECT_EQ(quote_argv({"tab\there"}), "'tab\there'");
}

// Missing or unrunnable programs are 5 (keep the resource off this node);
// resource shortages are passing, so 1.
TEST(StatusOfSpawnFailure, MissingOrUnrunnableIsNotInstalledAndShortagesAreGeneric) {
  for (int error : {ENOENT, ENOTDIR, EACCES, ENOEXEC, ELOOP, ENAMETOOLONG, EPERM, ELIBBAD})
    EXPECT_EQ(status_of_spawn_failure(error), OcfStatus::err_installed) << error;
  for (int error : {EAGAIN, ENOMEM, EMFILE, ENFILE, EINVAL, 0})
    EXPECT_EQ(status_of_spawn_failure(error), OcfStatus::err_generic) << error;
}

TEST(CommandResultFailureStatus, SpawnFailuresByErrnoAndEveryOtherFailureGeneric) {
  CommandResult r;
  r.ending = Ending::spawn_failed;
  r.spawn_errno = ENOENT;
  EXPECT_EQ(r.failure_status(), OcfStatus::err_installed);
  r.spawn_errno = EAGAIN;
  EXPECT_EQ(r.failure_status(), OcfStatus::err_generic);
  r.ending = Ending::exited;
  r.exit_code = 5;
  EXPECT_EQ(r.failure_status(), OcfStatus::err_generic);
  r.ending = Ending::timed_out;
  EXPECT_EQ(r.failure_status(), OcfStatus::err_generic);
}

}  // namespace
}  // namespace hanfs
