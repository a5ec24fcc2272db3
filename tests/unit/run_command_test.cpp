#include "common/sys/run_command.h"
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

// Gone, or a zombie nobody has reaped yet (the container's init may not
// reap orphans): either way it no longer runs.
bool process_is_gone(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  if (text.empty()) return true;
  const auto paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() &&
         (text[paren + 2] == 'Z' || text[paren + 2] == 'X');
}

// KILL is delivered asynchronously: a process signalled just before
// run_command returned may take a moment to finish dying.
bool gone_by(pid_t pid, Clock::time_point limit) {
  while (!process_is_gone(pid)) {
    if (Clock::now() >= limit) return false;
    ::usleep(10000);
  }
  return true;
}

// Fields of /proc/<pid>/stat after the command name: state is [0].
std::vector<std::string> stat_fields(const std::string& text) {
  std::istringstream in(text.substr(text.rfind(')') + 2));
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  return fields;
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

bool no_children_left() {
  int status = 0;
  return ::waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD;
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
  EXPECT_LT(took, budget + 1s);
  EXPECT_GE(r.elapsed, budget);
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
  EXPECT_GE(took, budget + options.kill_grace);
  EXPECT_LT(took, budget + options.kill_grace + 2s);
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

  // The shell's own fds, listed by its child ls.
  const auto r = sh("ls /proc/$$/fd");
  ::close(low);
  ::close(high);
  EXPECT_EQ(r.ending, Ending::exited) << r.describe_with_stderr();
  EXPECT_EQ(r.out, "0\n1\n2\n");
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

// ---- spawn_detached, process_alive, terminate --------------------------------

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Waits until `path` holds `text` (a detached child writes when it runs).
bool file_says(const std::filesystem::path& path, const std::string& text, std::chrono::milliseconds within = 10s) {
  const auto limit = Clock::now() + within;
  while (slurp(path).find(text) == std::string::npos) {
    if (Clock::now() >= limit) return false;
    ::usleep(10000);
  }
  return true;
}

// A shell script started detached, its output in `log`.
Result<ProcessId> spawn_script(const std::string& script, const std::filesystem::path& log,
                               std::vector<std::string> extra_env = {}) {
  return spawn_detached({"/bin/sh", "-c", script}, Deadline(kPlenty),
                        {.output_file = log.string(), .extra_env = std::move(extra_env)});
}

TEST(SpawnDetached, RunsInItsOwnSessionAdoptedAwayFromTheAgent) {
  TempDir dir;
  const auto log = dir.path() / "out.log";
  auto id = spawn_script("echo started; echo oops >&2; exec sleep 30", log);
  ASSERT_TRUE(id) << id.error().reason;
  EXPECT_TRUE(file_says(log, "started\noops\n"));
  EXPECT_TRUE(process_alive(*id));

  const auto stat = slurp("/proc/" + std::to_string(id->pid) + "/stat");
  const auto fields = stat_fields(stat);
  ASSERT_GE(fields.size(), 20u);
  EXPECT_NE(std::stoi(fields[1]), ::getpid());      // not our child: the double fork handed it on
  EXPECT_EQ(std::stoi(fields[2]), id->pid);         // leads its own group...
  EXPECT_EQ(std::stoi(fields[3]), id->pid);         // ...and session
  EXPECT_EQ(std::stoull(fields[19]), id->start_time);
  EXPECT_TRUE(no_children_left());                  // the intermediate was reaped

  EXPECT_TRUE(terminate(*id, Deadline(kPlenty)));
  EXPECT_FALSE(process_alive(*id));
}

TEST(SpawnDetached, MissingProgramIsNotInstalledAndLeavesNothingBehind) {
  auto id = spawn_detached({"/nonexistent/hanfs-no-such-program"}, Deadline(kPlenty));
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().status, OcfStatus::err_installed);
  EXPECT_NE(id.error().reason.find("No such file or directory"), std::string::npos) << id.error().reason;
  EXPECT_TRUE(no_children_left());
  EXPECT_FALSE(spawn_detached({}, Deadline(kPlenty)));
}

TEST(SpawnDetached, UnwritableOutputFileIsAnError) {
  auto id = spawn_detached({"/bin/true"}, Deadline(kPlenty),
                           {.output_file = "/nonexistent/dir/out.log", .extra_env = {}});
  ASSERT_FALSE(id);
  EXPECT_NE(id.error().reason.find("/nonexistent/dir/out.log"), std::string::npos);
}

TEST(SpawnDetached, InheritsNoFileDescriptorsAndGetsExtraEnv) {
  TempDir dir;
  const auto log = dir.path() / "out.log";
  auto id = spawn_script("ls /proc/$$/fd | sort -n | tr '\\n' ' '; echo \"X=$HANFS_X\"", log, {"HANFS_X=42"});
  ASSERT_TRUE(id) << id.error().reason;
  ASSERT_TRUE(file_says(log, "X=42"));
  // The shell's own fds: 0-2 and nothing else.
  EXPECT_TRUE(slurp(log).starts_with("0 1 2 X=42")) << slurp(log);
}

TEST(ProcessAlive, ADifferentStartTimeIsAnotherProcessAndIsNeverSignalled) {
  auto id = spawn_detached({"/bin/sleep", "30"}, Deadline(kPlenty));
  ASSERT_TRUE(id) << id.error().reason;
  ProcessId impostor = *id;
  impostor.start_time += 1;   // what a reused pid looks like
  EXPECT_FALSE(process_alive(impostor));
  EXPECT_TRUE(terminate(impostor, Deadline(kPlenty)));
  EXPECT_TRUE(process_alive(*id));   // untouched
  EXPECT_TRUE(terminate(*id, Deadline(kPlenty)));
  EXPECT_FALSE(process_alive(*id));
  EXPECT_FALSE(process_alive(ProcessId{}));
  EXPECT_TRUE(terminate(ProcessId{}, Deadline(kPlenty)));
}

TEST(Terminate, KillsAProcessThatIgnoresTermAndItsGroupAfterTheGrace) {
  TempDir dir;
  const auto log = dir.path() / "out.log";
  auto id = spawn_script("trap '' TERM; sleep 30 & echo $!; wait; wait", log);
  ASSERT_TRUE(id) << id.error().reason;
  ASSERT_TRUE(file_says(log, "\n"));
  const pid_t helper = std::stoi(slurp(log));
  const auto started = Clock::now();
  EXPECT_TRUE(terminate(*id, Deadline(kPlenty), 300ms));
  EXPECT_GE(Clock::now() - started, 300ms);
  EXPECT_FALSE(process_alive(*id));
  EXPECT_TRUE(gone_by(helper, Clock::now() + 5s));   // the group went with it
}

TEST(ParseProcStat, ReadsStateGroupAndStartTimeOfACapturedLine) {
  const auto stat = parse_proc_stat(
      "251 (sm-notify) S 126 125 0 0 -1 4194560 211 0 0 0 14 26 0 0 20 0 1 0 6527 4448256 469 "
      "18446744073709551615 94146482028544\n");
  ASSERT_TRUE(stat);
  EXPECT_EQ(stat->state, 'S');
  EXPECT_EQ(stat->process_group, 125);
  EXPECT_EQ(stat->start_time, 6527u);
}

TEST(ParseProcStat, CommandNamesWithSpacesAndParenthesesAndBrokenLines) {
  const auto stat = parse_proc_stat("7 (a) (b c) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99 0 0\n");
  ASSERT_TRUE(stat);
  EXPECT_EQ(stat->state, 'Z');
  EXPECT_EQ(stat->start_time, 99u);
  EXPECT_FALSE(parse_proc_stat(""));
  EXPECT_FALSE(parse_proc_stat("7 (x) S 1 7"));
  EXPECT_FALSE(parse_proc_stat("7 (x) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 -5"));
  EXPECT_FALSE(parse_proc_stat("no parenthesis at all"));
}

TEST(ProcessIdText, RoundTripsAndRefusesJunk) {
  const ProcessId id{251, 6527};
  EXPECT_EQ(id.to_string(), "251@6527");
  EXPECT_EQ(ProcessId::parse("251@6527"), id);
  for (const char* bad : {"", "251", "@6527", "251@", "0@1", "-1@5", "a@b", "251@6527x", "1234567890@1"})
    EXPECT_FALSE(ProcessId::parse(bad)) << bad;
}

}  // namespace
}  // namespace hanfs
