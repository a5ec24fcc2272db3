// The dispatcher, through a real process: the fixture agent built from
// fixtures/test-agent.xml, run with a clean environment as Pacemaker would.
#include "common/ocf/agent.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "common/sys/command.h"
#include "tests/unit/temp_dir.h"

using namespace hanfs;

namespace {

class Dispatcher : public ::testing::Test {
 protected:

  // Runs the fixture agent with only `vars` (plus HA_RSCTMP) in its environment.
  CommandResult run(const std::string& action, std::vector<std::string> vars = {}) {
    std::vector<std::string> argv{"/usr/bin/env", "-i", "HA_RSCTMP=" + rsc_tmp_,
                                  "OCF_RESOURCE_INSTANCE=t1"};
    argv.insert(argv.end(), vars.begin(), vars.end());
    argv.push_back(HANFS_TEST_AGENT);
    if (!action.empty()) argv.push_back(action);
    return run_command(argv, Deadline(std::chrono::seconds(20)));
  }

  // The last ocf-exit-reason line on stderr, without its prefix.
  static std::string reason(const CommandResult& r, const std::string& prefix = "ocf-exit-reason:") {
    std::string last;
    std::size_t pos = 0;
    while ((pos = r.err.find(prefix, pos)) != std::string::npos) {
      auto end = r.err.find('\n', pos);
      last = r.err.substr(pos + prefix.size(), end - pos - prefix.size());
      pos = end;
    }
    return last;
  }

  TempDir dir_{"hanfs-agent-test"};
  std::string rsc_tmp_ = dir_.str();
};

}  // namespace

TEST_F(Dispatcher, ActionPastItsHardLimitExitsOneWithItsReasonBeforeTheTimeout) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = run("start", {"OCF_RESKEY_name=x", "OCF_RESKEY_start_result=101", "OCF_RESKEY_CRM_meta_timeout=2000"});
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(r.ending, CommandResult::Ending::exited) << r.describe();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(reason(r).starts_with("start did not finish within its timeout (2000 ms)")) << r.err;
  EXPECT_LT(took, std::chrono::milliseconds(2000));
}

TEST_F(Dispatcher, ActionThatUsesItsWholeDeadlineIsNotEndedByTheWatchdog) {
  const auto r = run("start", {"OCF_RESKEY_name=x", "OCF_RESKEY_start_result=102", "OCF_RESKEY_CRM_meta_timeout=2000"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(reason(r), "") << r.err;
}

TEST_F(Dispatcher, MetaDataWorksWithNoParametersSetIn10DialectByDefault) {
  auto r = run("meta-data");
  ASSERT_TRUE(r.ok()) << r.describe_with_stderr();
  EXPECT_NE(r.out.find("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">"), std::string::npos);
  EXPECT_NE(r.out.find("<version>1.0</version>"), std::string::npos);
}

TEST_F(Dispatcher, MetaDataIsOcf11WhenTheCallerSpeaks11) {
  auto r = run("meta-data", {"OCF_RA_VERSION_MAJOR=1", "OCF_RA_VERSION_MINOR=1"});
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r.out.find("<version>1.1</version>"), std::string::npos);
  EXPECT_NE(r.out.find("unique-group=\"name\""), std::string::npos);
}

TEST_F(Dispatcher, UnknownActionGivesUnimplementedWithUsageOnStderr) {
  for (const char* action : {"frobnicate", "promote", "reload"}) {
    auto r = run(action, {"OCF_RESKEY_name=a"});
    EXPECT_EQ(r.exit_code, 3) << action;
    EXPECT_NE(r.err.find("usage: hanfs-test-agent {"), std::string::npos) << action;
  }
}

TEST_F(Dispatcher, MissingActionGivesArgsWithUsage) {
  auto r = run("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("usage:"), std::string::npos);
}

TEST_F(Dispatcher, UsageAndHelpPrintUsageOnStdout) {
  for (const char* action : {"usage", "help"}) {
    auto r = run(action);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("usage: hanfs-test-agent {start|stop|monitor|reload-agent|meta-data|validate-all|usage}"),
              std::string::npos) << r.out;
  }
}

TEST_F(Dispatcher, MissingRequiredParameterGivesNotConfiguredNamingIt) {
  for (const char* action : {"start", "monitor", "validate-all"}) {
    auto r = run(action);
    EXPECT_EQ(r.exit_code, 6) << action;
    EXPECT_NE(reason(r).find("required parameter name is not set"), std::string::npos) << r.err;
  }
}

TEST_F(Dispatcher, BadValueGivesNotConfiguredWithWhatIsAllowed) {
  auto r = run("start", {"OCF_RESKEY_name=a", "OCF_RESKEY_mode=slow"});
  EXPECT_EQ(r.exit_code, 6);
  EXPECT_EQ(reason(r), "parameter mode='slow' is not valid: expected one of fast, safe");
}

TEST_F(Dispatcher, StopSucceedsWithABrokenConfiguration) {
  auto r = run("stop", {"OCF_RESKEY_count=many"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("params_valid=0"), std::string::npos);
}

TEST_F(Dispatcher, StartMonitorStopCycleWithTypedParameters) {
  const std::vector<std::string> p{"OCF_RESKEY_name=a", "OCF_RESKEY_count=7", "OCF_RESKEY_flag=yes"};
  EXPECT_EQ(run("monitor", p).exit_code, 7);
  auto started = run("start", p);
  EXPECT_EQ(started.exit_code, 0) << started.err;
  EXPECT_NE(started.out.find("name=a count=7 flag=1 mode=fast"), std::string::npos);
  EXPECT_EQ(run("monitor", p).exit_code, 0);
  EXPECT_EQ(run("stop", p).exit_code, 0);
  EXPECT_EQ(run("monitor", p).exit_code, 7);
}

TEST_F(Dispatcher, ProbeIsAMonitorWithoutInterval) {
  const std::string name = "OCF_RESKEY_name=a";
  EXPECT_NE(run("monitor", {name}).out.find("probe=1"), std::string::npos);
  EXPECT_NE(run("monitor", {name, "OCF_RESKEY_CRM_meta_interval=0"}).out.find("probe=1"), std::string::npos);
  EXPECT_NE(run("monitor", {name, "OCF_RESKEY_CRM_meta_interval=10000"}).out.find("probe=0"), std::string::npos);
}

TEST_F(Dispatcher, CheckLevelIsLoweredToADeclaredMonitorDepth) {
  auto r = run("monitor", {"OCF_RESKEY_name=a", "OCF_CHECK_LEVEL=20"});
  EXPECT_NE(r.out.find("check_level=10"), std::string::npos) << r.out;
}

TEST_F(Dispatcher, ActionStatusAndReasonAreMappedInOnePlaceAsOneLine) {
  auto r = run("start", {"OCF_RESKEY_name=a", "OCF_RESKEY_start_result=2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(reason(r), "start told to fail over two lines");
  auto prefixed = run("start", {"OCF_RESKEY_name=a", "OCF_RESKEY_start_result=190",
                                "OCF_EXIT_REASON_PREFIX=why:"});
  EXPECT_EQ(prefixed.exit_code, 190);
  EXPECT_EQ(reason(prefixed, "why:"), "start told to fail over two lines");
}

TEST_F(Dispatcher, AnExceptionInAnActionBecomesGenericErrorNotACrash) {
  auto r = run("start", {"OCF_RESKEY_name=a", "OCF_RESKEY_start_result=100"});
  EXPECT_EQ(r.ending, CommandResult::Ending::exited);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(reason(r), "internal error: fixture asked to throw");
}

TEST_F(Dispatcher, ReloadAgentIsDispatchedWhenDeclared) {
  auto r = run("reload-agent", {"OCF_RESKEY_name=a", "OCF_RESKEY_note=hello"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("note=hello"), std::string::npos);
}

TEST_F(Dispatcher, EveryLogLineNamesAgentAndInstance) {
  auto r = run("start", {"OCF_RESKEY_name=a", "OCF_RESKEY_bogus=1"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("hanfs-test-agent(t1)["), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ignoring unknown parameter bogus"), std::string::npos) << r.err;
}

TEST_F(Dispatcher, LogFileReceivesTheLinesWhenConfigured) {
  const std::string log = rsc_tmp_ + "/agent.log";
  auto r = run("start", {"OCF_RESKEY_name=a", "OCF_RESKEY_bogus=1", "HA_LOGFILE=" + log, "HA_debug=1"});
  EXPECT_EQ(r.exit_code, 0);
  std::ifstream in(log);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(content.find("hanfs-test-agent(t1)"), std::string::npos) << content;
  EXPECT_NE(content.find("start begins"), std::string::npos) << content;  // debug on
  EXPECT_EQ(r.err.find("ignoring unknown"), std::string::npos) << "stderr stays quiet when a log file is set";
}

// A monitor runs every few seconds for ever: one with nothing to say must not
// pay for loading libqb (and libsystemd behind it). LD_DEBUG=files makes the
// dynamic loader name every library it loads on stderr.
TEST_F(Dispatcher, QuietMonitorLoadsNoLoggingLibrary) {
  auto r = run("monitor", {"LD_DEBUG=files", "HA_LOGFACILITY=daemon", "OCF_RESKEY_name=a"});
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_NE(r.err.find("file=libc.so"), std::string::npos) << "LD_DEBUG had no effect: " << r.err;
  EXPECT_EQ(r.err.find("libqb"), std::string::npos) << r.err;
}

TEST_F(Dispatcher, FirstLoggedMessageLoadsLibqbAndReachesTheLog) {
  const std::string log = rsc_tmp_ + "/agent.log";
  auto r = run("start", {"LD_DEBUG=files", "OCF_RESKEY_name=a", "OCF_RESKEY_bogus=1", "HA_LOGFILE=" + log});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("file=libqb.so"), std::string::npos) << r.err;
  std::ifstream in(log);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(content.find("ignoring unknown parameter bogus"), std::string::npos) << content;
}
