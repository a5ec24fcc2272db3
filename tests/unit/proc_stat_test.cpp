#include "common/sys/proc_stat.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace hanfs {
namespace {

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

TEST(ReadProcStat, ReadsThisProcessAndNothingForAMissingOne) {
  const auto self = read_proc_stat(::getpid());
  ASSERT_TRUE(self);
  EXPECT_EQ(self->process_group, ::getpgrp());
  EXPECT_TRUE(process_alive(ProcessId{::getpid(), self->start_time}));
  EXPECT_FALSE(read_proc_stat(0x3fffffff));
}

// A child that waits 300 ms after its fork sees itself that old (to a
// clock tick), whatever the test process's own age.
TEST(AgeOfThisProcess, CountsFromTheForkNotFromMain) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::usleep(300000);
    const long long age = age_of_this_process().count();
    (void)!::write(fds[1], &age, sizeof age);
    ::_exit(0);
  }
  ::close(fds[1]);
  long long age = -1;
  ASSERT_EQ(::read(fds[0], &age, sizeof age), static_cast<ssize_t>(sizeof age));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_GE(age, 280);
  EXPECT_LT(age, 5000);
}

}  // namespace
}  // namespace hanfs
