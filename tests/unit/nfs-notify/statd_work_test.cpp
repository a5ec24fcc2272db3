// statd_work.h: the one task an action's statd_dir work runs in, and the
// text its answer travels in.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "agents/nfs-notify/statd_work.h"
#include "tests/unit/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using hanfs::OcfStatus;
using hanfs::nfs_notify::Config;
using hanfs::nfs_notify::StatdAnswer;
using namespace std::chrono_literals;

class StatdWork : public ::testing::Test {
 protected:
  StatdWork() {
    config.statd_dir = dir.str() + "/statd";
    fs::create_directories(config.statd_dir);
  }
  TempDir dir;
  Config config;
};

TEST(StatdAnswerText, RoundTripsEveryField) {
  StatdAnswer a;
  a.problem = hanfs::Outcome{OcfStatus::err_configured, "statd_dir /x belongs to uid 7: chown it"};
  a.notes = {"took 2 monitored host(s)", "1 host(s) notified from every address"};
  a.nsm_state = 17;
  a.clients = 3;
  a.followed = 2;
  a.progress.push_back({{{"client-a", "line\n"}, {"client-b", "line\n"}}, true, "sm-notify: done"});
  a.progress.push_back({{}, false, ""});
  a.awaited = {"client-a", "198.51.100.7"};
  auto back = hanfs::nfs_notify::decode_answer(hanfs::nfs_notify::encode_answer(a));
  ASSERT_TRUE(back) << back.error().reason;
  ASSERT_TRUE(back->problem);
  EXPECT_EQ(back->problem->status, OcfStatus::err_configured);
  EXPECT_EQ(back->problem->reason, a.problem->reason);
  EXPECT_EQ(back->notes, a.notes);
  EXPECT_EQ(back->nsm_state, 17);
  EXPECT_EQ(back->clients, 3u);
  EXPECT_EQ(back->followed, 2u);
  ASSERT_EQ(back->progress.size(), 2u);
  EXPECT_EQ(back->progress[0].remaining.size(), 2u);   // names only: assess needs no more
  EXPECT_TRUE(back->progress[0].remaining.contains("client-b"));
  EXPECT_EQ(back->progress[0].last_log_line, "sm-notify: done");
  EXPECT_TRUE(back->progress[1].remaining.empty());
  EXPECT_EQ(back->awaited, a.awaited);
}

TEST(StatdAnswerText, AGarbledAnswerIsAnErrorNotAGuess) {
  EXPECT_FALSE(hanfs::nfs_notify::decode_answer("state seventeen\n"));
  EXPECT_FALSE(hanfs::nfs_notify::decode_answer("bogus\n"));
}

TEST_F(StatdWork, WorkThatNeverAnswersFailsAtTheDeadlineNamingStatdDir) {
  const std::string fifo = config.statd_dir + "/state";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto started = std::chrono::steady_clock::now();
  auto r = hanfs::nfs_notify::run_statd_work(
      config, [&](StatdAnswer&) { (void)::open(fifo.c_str(), O_RDONLY); }, hanfs::Deadline(300ms));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, OcfStatus::err_generic);
  EXPECT_EQ(r.error().reason.rfind("statd_dir " + config.statd_dir + " on ", 0), 0u) << r.error().reason;
  EXPECT_NE(r.error().reason.find("did not answer"), std::string::npos) << r.error().reason;
}

TEST_F(StatdWork, TheLockIsTakenInTheTaskAndDiesWithIt) {
  for (int i = 0; i < 2; ++i) {   // the second finds the lock free again
    bool locked = false;
    auto r = hanfs::nfs_notify::run_statd_work(
        config,
        [&](StatdAnswer& a) {
          hanfs::nfs_notify::with_statd_lock(config, hanfs::Deadline(2s), a, [&] {
            locked = true;
            a.followed = 1;
          });
        },
        hanfs::Deadline(2s));
    ASSERT_TRUE(r) << r.error().reason;
    EXPECT_FALSE(r->problem) << r->problem->reason;
    EXPECT_EQ(r->followed, 1u);
    EXPECT_FALSE(locked);   // the lambda ran in the child: the agent's copy is untouched
  }
  const int fd = ::open((config.statd_dir + "/.nfs-notify.lock").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);   // nobody holds it after the tasks
  ::close(fd);
}

TEST_F(StatdWork, ALockNeverReleasedFailsBeforeTheDeadlineNamingTheLock) {
  const std::string lock = config.statd_dir + "/.nfs-notify.lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  const hanfs::Deadline deadline(400ms);
  auto r = hanfs::nfs_notify::run_statd_work(
      config, [&](StatdAnswer& a) { hanfs::nfs_notify::with_statd_lock(config, deadline, a, [] {}); }, deadline);
  ::close(fd);
  EXPECT_FALSE(deadline.expired());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("timed out waiting for the lock " + lock), std::string::npos) << r.error().reason;
}

TEST_F(StatdWork, AMissingStatdDirIsAProblemAndNoLockFileIsCreated) {
  fs::remove_all(config.statd_dir);
  auto r = hanfs::nfs_notify::run_statd_work(
      config,
      [&](StatdAnswer& a) { hanfs::nfs_notify::with_statd_lock(config, hanfs::Deadline(2s), a, [] {}); },
      hanfs::Deadline(2s));
  ASSERT_TRUE(r) << r.error().reason;
  ASSERT_TRUE(r->problem);
  EXPECT_EQ(r->problem->reason, "statd_dir " + config.statd_dir + " is not there");
  EXPECT_FALSE(fs::exists(config.statd_dir));
}

}  // namespace
