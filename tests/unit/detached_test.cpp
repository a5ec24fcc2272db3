// Processes that outlive the agent: spawn_detached, process_alive,
// end_process.
#include "common/sys/detached.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/unit/child_process_checks.h"
#include "tests/unit/temp_dir.h"

namespace hanfs {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Generous: the machine running the tests may be busy with VMs.
constexpr auto kPlenty = 20s;

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
                        {.output_file = log.string(), .extra_env = std::move(extra_env), .namespace_dir = {}});
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

  EXPECT_TRUE(end_process(*id, Deadline(kPlenty)));
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
                           {.output_file = "/nonexistent/dir/out.log", .extra_env = {}, .namespace_dir = {}});
  ASSERT_FALSE(id);
  EXPECT_NE(id.error().reason.find("/nonexistent/dir/out.log"), std::string::npos);
}

// Looked at from outside, in a process that opens nothing itself: a shell
// listing its own descriptors sees those of its pipelines too.
TEST(SpawnDetached, InheritsNoFileDescriptorsAndGetsExtraEnv) {
  // Neither O_CLOEXEC, and one far above the others: only the spawn's own
  // closing keeps them out.
  const int low = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(low, 0);
  const int high = ::dup2(low, 200);
  ASSERT_EQ(high, 200);
  auto id = spawn_detached({"/bin/sleep", "30"}, Deadline(kPlenty), {.output_file = {}, .extra_env = {"HANFS_X=42"}, .namespace_dir = {}});
  ::close(low);
  ::close(high);
  ASSERT_TRUE(id) << id.error().reason;
  const std::string proc = "/proc/" + std::to_string(id->pid);
  // spawn_detached returns once exec has succeeded; wait for comm all the same.
  ASSERT_TRUE(file_says(proc + "/comm", "sleep\n"));

  // Right after exec the dynamic loader briefly holds fd 3 (ld.so.cache,
  // libc): an inherited descriptor stays, a loader's goes. So the listing
  // must settle on 0-2; what stays open is named on failure.
  const auto list_fds = [&] {
    std::vector<int> fds;
    for (const auto& entry : std::filesystem::directory_iterator(proc + "/fd"))
      fds.push_back(std::stoi(entry.path().filename().string()));
    std::sort(fds.begin(), fds.end());
    return fds;
  };
  const auto limit = Clock::now() + 5s;
  std::vector<int> fds = list_fds();
  while (fds != std::vector<int>{0, 1, 2} && Clock::now() < limit) {
    ::usleep(10000);
    fds = list_fds();
  }
  std::string held;
  for (const int fd : fds) {
    std::error_code ec;
    held += " " + std::to_string(fd) + "->" + std::filesystem::read_symlink(proc + "/fd/" + std::to_string(fd), ec).string();
  }
  EXPECT_EQ(fds, (std::vector<int>{0, 1, 2})) << held;

  std::string environ = slurp(proc + "/environ");
  std::replace(environ.begin(), environ.end(), '\0', '\n');
  EXPECT_NE(("\n" + environ).find("\nHANFS_X=42\n"), std::string::npos) << environ;
  EXPECT_TRUE(end_process(*id, Deadline(kPlenty)));
}

// With SIGCHLD ignored the intermediate child is reaped by the kernel; the
// start and its failures are reported all the same.
TEST(SpawnDetached, StartsAndReportsFailuresWhenSigchldIsIgnored) {
  struct sigaction ignore {};
  struct sigaction old {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGCHLD, &ignore, &old);
  auto id = spawn_detached({"/bin/sleep", "30"}, Deadline(kPlenty));
  auto missing = spawn_detached({"/nonexistent/hanfs-no-such-program"}, Deadline(kPlenty));
  ::sigaction(SIGCHLD, &old, nullptr);
  ASSERT_TRUE(id) << id.error().reason;
  EXPECT_TRUE(process_alive(*id));
  EXPECT_TRUE(end_process(*id, Deadline(kPlenty)));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().status, OcfStatus::err_installed);
}

TEST(ProcessAlive, ADifferentStartTimeIsAnotherProcessAndIsNeverSignalled) {
  auto id = spawn_detached({"/bin/sleep", "30"}, Deadline(kPlenty));
  ASSERT_TRUE(id) << id.error().reason;
  ProcessId impostor = *id;
  impostor.start_time += 1;   // what a reused pid looks like
  EXPECT_FALSE(process_alive(impostor));
  EXPECT_TRUE(end_process(impostor, Deadline(kPlenty)));
  EXPECT_TRUE(process_alive(*id));   // untouched
  EXPECT_TRUE(end_process(*id, Deadline(kPlenty)));
  EXPECT_FALSE(process_alive(*id));
  EXPECT_FALSE(process_alive(ProcessId{}));
  EXPECT_TRUE(end_process(ProcessId{}, Deadline(kPlenty)));
}

TEST(EndProcess, KillsAProcessThatIgnoresTermAndItsGroupAfterTheGrace) {
  TempDir dir;
  const auto log = dir.path() / "out.log";
  auto id = spawn_script("trap '' TERM; sleep 30 & echo $!; wait; wait", log);
  ASSERT_TRUE(id) << id.error().reason;
  ASSERT_TRUE(file_says(log, "\n"));
  const pid_t helper = std::stoi(slurp(log));
  const auto started = Clock::now();
  EXPECT_TRUE(end_process(*id, Deadline(kPlenty), 300ms));
  EXPECT_GE(Clock::now() - started, 300ms);
  EXPECT_FALSE(process_alive(*id));
  EXPECT_TRUE(gone_by(helper, Clock::now() + 5s));   // the group went with it
}

}  // namespace
}  // namespace hanfs
