// What the environment asks of logging (pure; the loading of libqb is
// checked through a real process in agent_test.cpp).
#include "common/ocf/log.h"

#include <gtest/gtest.h>
#include <syslog.h>

#include "common/ocf/ocf_env.h"

using namespace hanfs;

TEST(LogConfig, FacilityNamesAreSyslogsInAnyCase) {
  EXPECT_EQ(syslog_facility_named("daemon"), LOG_DAEMON);
  EXPECT_EQ(syslog_facility_named("LOCAL5"), LOG_LOCAL5);
  EXPECT_EQ(syslog_facility_named("authpriv"), LOG_AUTHPRIV);
  EXPECT_FALSE(syslog_facility_named("local8"));
  EXPECT_FALSE(syslog_facility_named(""));
}

TEST(LogConfig, PacemakersFacilityGoesToSyslogAndAnUnknownOneIsDaemon) {
  auto c = log_config_from(OcfEnv("monitor", {{"HA_LOGFACILITY", "local3"}}), false);
  EXPECT_EQ(c.syslog_facility, LOG_LOCAL3);
  EXPECT_FALSE(c.to_stderr);
  EXPECT_EQ(log_config_from(OcfEnv("monitor", {{"PCMK_logfacility", "bogus"}}), false).syslog_facility, LOG_DAEMON);
}

TEST(LogConfig, NoneMeansNoSyslogAndThenStderr) {
  auto c = log_config_from(OcfEnv("monitor", {{"HA_LOGFACILITY", "none"}}), false);
  EXPECT_FALSE(c.syslog_facility);
  EXPECT_TRUE(c.to_stderr);
}

TEST(LogConfig, LogFileAndDebugFromEitherSpelling) {
  auto c = log_config_from(OcfEnv("monitor", {{"PCMK_logfile", "/var/log/x.log"}, {"HA_debug", "1"}}), false);
  EXPECT_EQ(c.file, "/var/log/x.log");
  EXPECT_TRUE(c.debug);
  EXPECT_FALSE(c.to_stderr);
  auto d = log_config_from(OcfEnv("monitor", {{"HA_LOGFILE", "/var/log/y.log"}, {"PCMK_debug", "yes"}}), false);
  EXPECT_EQ(d.file, "/var/log/y.log");
  EXPECT_TRUE(d.debug);
  EXPECT_TRUE(log_config_from(OcfEnv("monitor", {{"PCMK_logfile", "/var/log/x.log"}}), true).to_stderr)
      << "a person at a terminal sees the messages too";
}
