// nfs-notify's pure logic: its configuration (notify_args as sm-notify reads
// them, source_host), the state record, and the progress assessment.
#include <gtest/gtest.h>

#include "agents/nfs-notify/notify_runs.h"
#include "tests/unit/hostile_values.h"
#include "tests/unit/metadata_files.h"
#include "agents/nfs-notify/config.h"
#include "tests/unit/statd_state_captures.h"

using namespace hanfs;
using namespace hanfs::nfs_notify;

namespace {

Result<Config> config_from(EnvMap values) {
  const Metadata& md = agent_metadata("nfs-notify");
  if (!values.contains("source_host")) values["source_host"] = "198.18.0.100";
  auto params = Parameters::from_env(md, values);
  if (!params) return fail(params.error());
  return parse_config(*params, Host::real()).strict();
}

TEST(NotifyConfig, DefaultsAreTheNodesStatdDirAndFifteenMinutes) {
  auto c = config_from({});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->source_hosts, std::vector<std::string>{"198.18.0.100"});
  EXPECT_EQ(c->statd_dir, "/var/lib/nfs");
  EXPECT_EQ(c->node_statd_dir, "/var/lib/nfs");
  EXPECT_TRUE(c->same_dirs());
  EXPECT_EQ(c->retry_minutes, 15);
  EXPECT_FALSE(c->args.port);
  EXPECT_FALSE(c->args.keep_state);
}

TEST(NotifyConfig, SourceHostsByCommaOrSpace) {
  auto c = config_from({{"source_host", " 198.18.0.100, nfs-float2 ,fe80::1  10.0.0.1"}});
  ASSERT_TRUE(c) << c.error().reason;
  EXPECT_EQ(c->source_hosts, (std::vector<std::string>{"198.18.0.100", "nfs-float2", "fe80::1", "10.0.0.1"}));
}

TEST(NotifyConfig, BadSourceHostsAreNotConfigured) {
  for (const char* bad : {"", " , ", "a/b", "-v", "a;b", ".hidden", "198.18.0.100,198.18.0.100"}) {
    auto c = config_from({{"source_host", bad}});
    ASSERT_FALSE(c) << bad;
    EXPECT_EQ(c.error().status, OcfStatus::err_configured) << bad;
    EXPECT_NE(c.error().reason.find("source_host"), std::string::npos) << c.error().reason;
  }
}

TEST(NotifyConfig, DirectoriesMustBeAbsoluteAndLoseTrailingSlashes) {
  auto c = config_from({{"statd_dir", "/srv/ha/statd/"}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->statd_dir, "/srv/ha/statd");
  EXPECT_FALSE(c->same_dirs());
  for (const char* name : {"statd_dir", "node_statd_dir"})
    for (const char* bad : {"relative/dir", "./x", "~/x"}) {
      auto r = config_from({{name, bad}});
      ASSERT_FALSE(r) << name << "=" << bad;
      EXPECT_EQ(r.error().status, OcfStatus::err_configured);
      EXPECT_NE(r.error().reason.find(name), std::string::npos);
    }
}

TEST(NotifyConfig, RetryTimeRange) {
  auto c = config_from({{"retry_time", "0"}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->retry_minutes, 0);
  for (const char* bad : {"-1", "100000", "abc", "1.5"}) EXPECT_FALSE(config_from({{"retry_time", bad}})) << bad;
}

TEST(NotifyArgsParse, WhatUsersPassToTheShellAgent) {
  auto a = parse_notify_args("-p 32766 -m 5 -n -d -f");
  ASSERT_TRUE(a) << a.error().reason;
  EXPECT_EQ(a->port, 32766);
  EXPECT_EQ(a->retry_minutes, 5);
  EXPECT_TRUE(a->keep_state);
  a = parse_notify_args("-p32766 -m0 -fn");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port, 32766);
  EXPECT_EQ(a->retry_minutes, 0);
  EXPECT_TRUE(a->keep_state);
  a = parse_notify_args("-fm 3");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->retry_minutes, 3);
  a = parse_notify_args("");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->retry_minutes);
}

TEST(NotifyArgsParse, RefusesWhatWouldWriteElsewhereOrIsUnknown) {
  for (const char* bad : {"-v 10.0.0.1", "-P /var/lib/nfs", "-fP/x", "--state-directory-path=/x", "-x", "--help",
                          "extra", "-m", "-m -1", "-m x", "-p 0", "-p 70000", "-p", "--", "-"}) {
    auto a = parse_notify_args(bad);
    ASSERT_FALSE(a) << bad;
    EXPECT_EQ(a.error().status, OcfStatus::err_configured) << bad;
    EXPECT_TRUE(a.error().reason.starts_with("notify_args:")) << a.error().reason;
  }
}

TEST(NotifyConfig, RetryTimeAndMinusMMustAgree) {
  auto c = config_from({{"notify_args", "-m 2"}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->retry_minutes, 2);
  c = config_from({{"notify_args", "-m 2"}, {"retry_time", "2"}});
  ASSERT_TRUE(c);
  c = config_from({{"notify_args", "-m 2"}, {"retry_time", "3"}});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().reason.find("disagree"), std::string::npos);
}

TEST(NotifyConfig, CopiesLiveUnderStatdDirWithSafeNames) {
  auto c = config_from({{"statd_dir", "/srv/ha/statd"}});
  ASSERT_TRUE(c);
  EXPECT_EQ(copy_dir(*c, "notify", "198.18.0.100"), "/srv/ha/statd/nfs-notify/notify/198.18.0.100");
  EXPECT_EQ(copy_dir(*c, "grp:notify/../x", "fe80::1"), "/srv/ha/statd/nfs-notify/grp_notify_.._x/fe80__1");
  EXPECT_EQ(copies_dir(*c, ".."), "/srv/ha/statd/nfs-notify/_..");
}

// What stop gets: the dispatcher's lenient parameters, then the same parser.
Parsed<Config> lenient_config_from(const EnvMap& values, const Host& host = Host::real()) {
  return parse_config(Parameters::lenient(agent_metadata("nfs-notify"), values), host);
}

TEST(NotifyConfigForStop, ABrokenSourceHostAndNotifyArgsLeaveTheDirectories) {
  const auto c = lenient_config_from({{"statd_dir", "/srv/ha/statd/"}, {"notify_args", "-v 10.0.0.1"}});
  ASSERT_EQ(c.problems.size(), 2u);
  EXPECT_NE(c.problems[0].reason.find("source_host"), std::string::npos) << c.problems[0].reason;
  EXPECT_NE(c.problems[1].reason.find("notify_args"), std::string::npos) << c.problems[1].reason;
  EXPECT_EQ(c.problems[0].status, OcfStatus::err_configured);
  EXPECT_TRUE(c.value.source_hosts.empty());
  EXPECT_EQ(c.value.statd_dir, "/srv/ha/statd");
  EXPECT_EQ(c.value.node_statd_dir, "/var/lib/nfs");
  EXPECT_FALSE(c.strict());
}

TEST(NotifyConfigForStop, ABadDirectoryIsLeftEmptyAndTheOtherKept) {
  const auto c = lenient_config_from({{"source_host", "nfs-float"}, {"statd_dir", "srv/ha"}});
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_NE(c.problems[0].reason.find("statd_dir: 'srv/ha' is not an absolute path"), std::string::npos)
      << c.problems[0].reason;
  EXPECT_EQ(c.value.statd_dir, "");
  EXPECT_EQ(c.value.node_statd_dir, "/var/lib/nfs");
  EXPECT_EQ(c.value.source_hosts, std::vector<std::string>{"nfs-float"});
}

TEST(NotifyConfigForStop, ABadRetryTimeKeepsTheDefaultWindow) {
  // "soon" is no integer: dropped by the dispatcher, the default applies.
  auto c = lenient_config_from({{"source_host", "nfs-float"}, {"retry_time", "soon"}});
  EXPECT_TRUE(c.complete());
  EXPECT_EQ(c.value.retry_minutes, 15);
  c = lenient_config_from({{"source_host", "nfs-float"}, {"retry_time", "-3"}});
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.value.retry_minutes, 15);
}

TEST(NotifyConfig, DefaultDirectoriesAreTheHostsStatdDirectory) {
  const auto c = lenient_config_from({{"source_host", "nfs-float"}}, Host::under("/tmp/node"));
  ASSERT_TRUE(c.complete());
  EXPECT_EQ(c.value.statd_dir, "/tmp/node/var/lib/nfs");
  EXPECT_EQ(c.value.node_statd_dir, "/tmp/node/var/lib/nfs");
  // A directory the user names is taken as it is.
  const auto given = lenient_config_from({{"source_host", "nfs-float"}, {"node_statd_dir", "/var/lib/nfs"}},
                                         Host::under("/tmp/node"));
  EXPECT_EQ(given.value.node_statd_dir, "/var/lib/nfs");
}

Activation two_runs() {
  Activation a;
  a.started = 1000;
  a.retry_minutes = 1;
  a.runs.push_back({"198.18.0.100", "/s/nfs-notify/n/198.18.0.100", ProcessId{251, 6527}});
  a.runs.push_back({"198.18.0.101", "/s/nfs-notify/n/198.18.0.101", std::nullopt});
  return a;
}

TEST(ActivationState, RoundTripsThroughTheStateFileFormat) {
  const Activation a = two_runs();
  auto decoded = decode(*decode_state(encode_state(encode(a))));
  ASSERT_TRUE(decoded) << decoded.error().reason;
  EXPECT_EQ(decoded->started, 1000);
  EXPECT_EQ(decoded->retry_minutes, 1);
  ASSERT_EQ(decoded->runs.size(), 2u);
  EXPECT_EQ(decoded->runs[0].host, "198.18.0.100");
  EXPECT_EQ(decoded->runs[0].dir, "/s/nfs-notify/n/198.18.0.100");
  EXPECT_EQ(decoded->runs[0].process, (ProcessId{251, 6527}));
  EXPECT_FALSE(decoded->runs[1].process);
}

TEST(ActivationState, DamageIsReportedNotGuessed) {
  auto values = encode(two_runs());
  for (const char* key : {"started", "runs", "run.1.dir"}) {
    auto broken = values;
    broken.erase(key);
    auto d = decode(broken);
    ASSERT_FALSE(d) << key;
    EXPECT_EQ(d.error().status, OcfStatus::err_generic);
    EXPECT_NE(d.error().reason.find("damaged"), std::string::npos);
  }
  values["run.0.process"] = "251";
  EXPECT_FALSE(decode(values));
}

RunProgress progress(HostList remaining, bool alive, std::string log = {}) {
  return RunProgress{std::move(remaining), alive, std::move(log)};
}

const HostList kClient{{"client", std::string(statd_captures::kServerRecord)}};
const HostList kTwo{{"client", std::string(statd_captures::kServerRecord)},
                    {"ghost", std::string(statd_captures::kClientRecord)}};

TEST(Assess, InProgressAndDoneAreSuccess) {
  const Activation a = two_runs();
  EXPECT_TRUE(assess(a, {progress(kClient, true), progress({}, false)}, 1010).ok());
  EXPECT_TRUE(assess(a, {progress({}, false), progress({}, false)}, 5000).ok());
}

TEST(Assess, WindowOverWithClientsLeftIsDegradedNamingThem) {
  const Activation a = two_runs();
  const auto o = assess(a, {progress(kTwo, true), progress({}, false)}, 1060);
  EXPECT_EQ(o.status, OcfStatus::degraded);
  EXPECT_NE(o.reason.find("2 clients not notified within the 1-minute retry window"), std::string::npos) << o.reason;
  EXPECT_NE(o.reason.find("client (from 198.18.0.100)"), std::string::npos) << o.reason;
  EXPECT_NE(o.reason.find("ghost (from 198.18.0.100)"), std::string::npos) << o.reason;
}

TEST(Assess, AClientMissedFromEveryAddressIsNamedOnce) {
  const Activation a = two_runs();
  const auto o = assess(a, {progress(kClient, false), progress(kClient, false)}, 2000);
  EXPECT_EQ(o.status, OcfStatus::degraded);
  EXPECT_NE(o.reason.find("1 client not notified within the 1-minute retry window: client;"), std::string::npos)
      << o.reason;
}

TEST(Assess, ARunThatEndedEarlyIsDegradedWithItsLastWords) {
  const Activation a = two_runs();
  const auto o = assess(a, {progress(kClient, false, "sm-notify: my_name '198.18.0.100' is unusable"),
                            progress({}, false)},
                        1001);
  EXPECT_EQ(o.status, OcfStatus::degraded);
  EXPECT_NE(o.reason.find("1 client not notified: client"), std::string::npos) << o.reason;
  EXPECT_NE(o.reason.find("sm-notify -v 198.18.0.100 ended early (sm-notify: my_name"), std::string::npos)
      << o.reason;
}

TEST(Assess, NoWindowMeansRetryingForever) {
  Activation a = two_runs();
  a.retry_minutes = 0;
  EXPECT_TRUE(assess(a, {progress(kClient, true), progress({}, false)}, 1000000).ok());
}

}  // namespace

TEST(NfsNotifyConfig, HostileParameterValuesParseOrAreRefusedNamingTheParameter) {
  hanfs::testing::feed_hostile_values(agent_metadata("nfs-notify"), {{"source_host", "nfs.example.com"}},
                                      [](const Parameters& p) { return parse_config(p, Host::real()).problems; });
}
