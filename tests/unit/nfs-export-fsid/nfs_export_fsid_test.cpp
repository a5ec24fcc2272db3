// The nfs-export-fsid agent's pure logic: configuration, fsids, the
// comparison with the export table, the state record, rmtab.
#include <gtest/gtest.h>

#include "agents/nfs-export-fsid/config.h"
#include "agents/nfs-export-fsid/directory_exports.h"
#include "tests/unit/export_table_captures.h"
#include "tests/unit/hostile_values.h"
#include "tests/unit/metadata_files.h"
#include "agents/nfs-export-fsid/rmtab.h"

using namespace hanfs;
using namespace hanfs::nfs_export_fsid;

namespace {

Fsid number(std::uint32_t n) {
  Fsid f;
  f.number = n;
  return f;
}

Result<std::string> dirs_of(std::string_view text) {
  auto d = parse_directory_list(text).strict();
  if (!d) return fail(d.error());
  std::string joined;
  for (const auto& s : *d) joined += "<" + s + ">";
  return joined;
}

// The configuration as stop gets it: the dispatcher's lenient parameters
// (bad values dropped), then the agent's one parser.
Parsed<Config> config_for_stop(const EnvMap& values) {
  return parse_config(Parameters::lenient(agent_metadata("nfs-export-fsid"), values));
}

}  // namespace

TEST(NfsExportFsidConfig, DirectoriesAreSeparatedByWhiteSpaceAndMayBeQuotedOrEscaped) {
  EXPECT_EQ(*dirs_of("/srv/a /srv/b"), "</srv/a></srv/b>");
  EXPECT_EQ(*dirs_of("  /srv/a\t\n/srv/b/  "), "</srv/a></srv/b>");
  EXPECT_EQ(*dirs_of("\"/srv/my share\" /srv/b"), "</srv/my share></srv/b>");
  EXPECT_EQ(*dirs_of("/srv/my\\040share /srv/my\\ other"), "</srv/my share></srv/my other>");
  EXPECT_EQ(*dirs_of("/srv/back\\\\slash"), "</srv/back\\slash>");
  EXPECT_EQ(*dirs_of("/"), "</>");
}

TEST(NfsExportFsidConfig, BadDirectoriesAreNotConfigured) {
  for (const char* bad : {"", "   ", "relative/dir", "/srv/a relative", "\"/srv/open", "/srv/a /srv/a", "/srv/a /srv/a/"}) {
    auto r = parse_directory_list(bad).strict();
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().status, OcfStatus::err_configured) << bad;
  }
}

TEST(NfsExportFsidConfig, ForStopADirectoryWithALineBreakIsLeftOutAndIsAProblem) {
  const auto parsed = config_for_stop({{"directory", "/srv/a /srv/b\\012c"}, {"clientspec", "*"}});
  EXPECT_EQ(parsed.value.directories, (std::vector<std::string>{"/srv/a"}));
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_EQ(parsed.problems[0].status, OcfStatus::err_configured);
  EXPECT_EQ(parsed.problems[0].reason, "directory '/srv/b c' contains a line break");
  // What start, monitor and validate-all get: the same problem as the error.
  EXPECT_EQ(parsed.strict().error().reason, parsed.problems[0].reason);
}

TEST(NfsExportFsidConfig, ForStopAnRmtabBackupWithALineBreakIsNoFileName) {
  const auto parsed = config_for_stop({{"directory", "/srv/a"}, {"clientspec", "*"}, {"rmtab_backup", ".rmtab\n../x"}});
  EXPECT_EQ(parsed.value.rmtab_backup, "");
  ASSERT_EQ(parsed.problems.size(), 1u);
  EXPECT_NE(parsed.problems[0].reason.find("must be a file name relative to the directory"), std::string::npos);
  EXPECT_EQ(config_for_stop({{"directory", "/srv/a"}, {"clientspec", "*"}, {"rmtab_backup", "a\nb"}}).value.rmtab_backup, "");
}

TEST(NfsExportFsidConfig, ForStopEveryBadValueIsAProblemAndTheRestIsKept) {
  const auto parsed = config_for_stop({{"directory", "/srv/a relative /srv/b /srv/a"},
                                       {"clientspec", "* bad(client 127.0.0.2 *"},
                                       {"options", "rw,fsid=3"},
                                       {"fsid", "1,rw"},
                                       {"unlock_on_stop", "no"},
                                       {"wait_for_leasetime_on_stop", "yes"}});
  EXPECT_EQ(parsed.value.directories, (std::vector<std::string>{"/srv/a", "/srv/b"}));
  ASSERT_EQ(parsed.value.clients.size(), 2u);
  EXPECT_EQ(parsed.value.clients[0].table_name, "*");
  EXPECT_EQ(parsed.value.clients[1].table_name, "127.0.0.2");
  EXPECT_EQ(parsed.value.options, "");
  EXPECT_FALSE(parsed.value.fsid);
  EXPECT_FALSE(parsed.value.unlock_on_stop);
  EXPECT_TRUE(parsed.value.wait_for_leasetime_on_stop);
  EXPECT_EQ(parsed.value.rmtab_backup, ".rmtab");
  std::vector<std::string> reasons;
  for (const auto& p : parsed.problems) reasons.push_back(p.reason);
  ASSERT_EQ(reasons.size(), 6u);
  EXPECT_EQ(reasons[0], "directory 'relative' is not an absolute path");
  EXPECT_EQ(reasons[1], "directory '/srv/a' is listed twice");
  EXPECT_NE(reasons[2].find("bad(client"), std::string::npos) << reasons[2];
  EXPECT_EQ(reasons[3], "clientspec '*' is listed twice");
  EXPECT_EQ(reasons[4], "options must not carry fsid: set the fsid parameter instead");
  EXPECT_EQ(reasons[5], "fsid '1,rw' contains a comma (it would add export options)");
}

TEST(NfsExportFsidConfig, AGoodConfigurationIsComplete) {
  const auto parsed = config_for_stop(
      {{"directory", "/srv/a/ /srv/b"}, {"clientspec", "* [fd00::1]"}, {"options", "rw,sync"}, {"fsid", "7"}, {"rmtab_backup", "none"}});
  ASSERT_TRUE(parsed.complete()) << parsed.problems[0].reason;
  const auto config = parsed.strict();
  ASSERT_TRUE(config);
  EXPECT_EQ(config->directories, (std::vector<std::string>{"/srv/a", "/srv/b"}));
  EXPECT_EQ(config->clients[1].table_name, "fd00::1");
  EXPECT_EQ(config->options, "rw,sync");
  EXPECT_EQ(config->fsid->first.number, 7u);
  EXPECT_EQ(config->rmtab_backup, "");
}

TEST(NfsExportFsidConfig, OptionsRefuseFsidAndAnythingOutsideOptionSyntax) {
  EXPECT_EQ(*parse_export_options(""), "");
  EXPECT_EQ(*parse_export_options("rw,sync,no_root_squash,sec=krb5:krb5i,anonuid=65534"),
            "rw,sync,no_root_squash,sec=krb5:krb5i,anonuid=65534");
  for (const char* bad : {"rw,fsid=1", "fsid=1", "rw,,sync", "rw sync", "rw;id", "rw,$(id)", "rw)(", "rw\nsync", "'rw'"})
    EXPECT_FALSE(parse_export_options(bad)) << bad;
}

// "-u" would reach exportfs as the value of -o, which no export option starts with.
TEST(NfsExportFsidConfig, OptionsStartingWithADashAreRefusedNamingTheOption) {
  for (const char* bad : {"-u", "rw,-r", "--all"}) {
    const auto r = parse_export_options(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().reason.find("starts with '-'"), std::string::npos) << r.error().reason;
  }
  EXPECT_TRUE(parse_export_options("rw,sec=krb5-p"));   // a dash inside a value is fine
}

TEST(NfsExportFsidConfig, FsidIsAnIntegerRunAUuidOrRoot) {
  EXPECT_FALSE(*parse_fsid_setting("", false, 1));
  EXPECT_EQ((*parse_fsid_setting("7", true, 3))->first.number, 7u);
  EXPECT_TRUE((*parse_fsid_setting("root", true, 1))->root);
  EXPECT_EQ((*parse_fsid_setting("6b0f2e6a-1a9c-4d34-9b4e-1234567890ab", true, 1))->first.kind, Fsid::Kind::uuid);
  EXPECT_EQ(configured_fsid(**parse_fsid_setting("7", true, 3), 2).number, 9u);
  EXPECT_TRUE(parse_fsid_setting("4294967293", true, 3));
}

TEST(NfsExportFsidConfig, FsidWithOptionSyntaxOrOutOfRangeIsRefusedWithOneLine) {
  for (const char* bad : {"1,rw", "1,no_root_squash", "1 2", "1\n2", "1\t", "$(reboot)", "`id`", "1;id", "-1", "0x1",
                          "4294967296", "123456789012345678901234567890", "root,rw", "abc"}) {
    auto r = parse_fsid_setting(bad, true, 1);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().status, OcfStatus::err_configured);
    EXPECT_EQ(r.error().reason.find('\n'), std::string::npos) << bad;
  }
  EXPECT_NE(parse_fsid_setting("1,rw", true, 1).error().reason.find("comma"), std::string::npos);
}

TEST(NfsExportFsidConfig, SeveralDirectoriesNeedAnIntegerRunThatFits) {
  EXPECT_FALSE(parse_fsid_setting("root", true, 2));
  EXPECT_FALSE(parse_fsid_setting("6b0f2e6a-1a9c-4d34-9b4e-1234567890ab", true, 2));
  EXPECT_FALSE(parse_fsid_setting("4294967295", true, 2));
}

TEST(NfsExportFsidPlan, DerivedFsidIsUuid5OfFilesystemUuidAndPathInside) {
  const auto fs = *parse_uuid("ca29dccc-290e-4613-8367-7ff28ab98e97");
  // python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('ca29dccc-290e-4613-8367-7ff28ab98e97'), '/'))"
  EXPECT_EQ(derived_fsid(fs, "/").text(), "ad91d52b-a798-5d84-9af9-0aee49c00830");
  EXPECT_NE(derived_fsid(fs, "/a").text(), derived_fsid(fs, "/b").text());
  EXPECT_EQ(derived_fsid(fs, "/a"), derived_fsid(fs, "/a"));
}

TEST(NfsExportFsidPlan, ExportOptionsAppendTheFsid) {
  Config config;
  EXPECT_EQ(export_options(config, number(7), false), "fsid=7");
  config.options = "rw,sync";
  EXPECT_EQ(export_options(config, number(0), true), "rw,sync,fsid=root");
}

TEST(NfsExportFsidPlan, TwoDirectoriesWithOneFsidAreRefused) {
  std::vector<DirectoryExport> e{{"/srv/a", number(5), {}}, {"/srv/b", number(5), {}}};
  auto r = check_distinct_fsids(e);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, OcfStatus::err_configured);
}

TEST(NfsExportFsidPlan, AnFsidUsedByAnotherDirectoryIsRefusedNamingIt) {
  const auto etab = parse_etab(captured_etab);
  std::vector<DirectoryExport> mine{{"/srv/mine", number(200), {}}};
  auto r = check_fsids_unused(mine, etab, "etab");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, OcfStatus::err_configured);
  EXPECT_NE(r.error().reason.find("/srv/lab-nfs/fs2"), std::string::npos) << r.error().reason;
  // The same directory already exported with its fsid (a restart) is no conflict.
  std::vector<DirectoryExport> same{{"/srv/lab-nfs/fs2", number(200), {}}};
  EXPECT_TRUE(check_fsids_unused(same, etab, "etab"));
  // root is fsid 0, which the pseudo-root holds.
  std::vector<DirectoryExport> root{{"/srv/x", number(0), {}}};
  EXPECT_FALSE(check_fsids_unused(root, etab, "etab"));
  // A UUID fsid compares by value, not spelling.
  Fsid u;
  u.kind = Fsid::Kind::uuid;
  u.uuid = *parse_uuid("6B0F2E6A1A9C4D349B4E1234567890AB");
  std::vector<DirectoryExport> by_uuid{{"/srv/x", u, {}}};
  EXPECT_FALSE(check_fsids_unused(by_uuid, etab, "etab"));
}

TEST(NfsExportFsidPlan, AnFsidInExportsFilesIsRefusedNamingTheFile) {
  const auto entries = parse_exports_file("/srv/other host(rw,fsid=9)\n");
  std::vector<std::string> where{"/etc/exports.d/x.exports"};
  std::vector<DirectoryExport> mine{{"/srv/mine", number(9), {}}};
  auto r = check_fsids_unused(mine, entries, "/etc/exports", &where);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find("/etc/exports.d/x.exports"), std::string::npos);
}

TEST(NfsExportFsidPlan, CompleteExportIsComplete) {
  const auto etab = parse_etab(captured_etab);
  std::vector<DirectoryExport> e{{"/srv/lab-nfs/fs2", number(200), {"127.0.0.2", "127.0.0.3"}}};
  const auto check = check_export_table(e, etab);
  EXPECT_TRUE(check.complete());
  EXPECT_EQ(check.total, 2u);
}

TEST(NfsExportFsidPlan, PartialExportNamesWhatIsMissing) {
  const auto etab = parse_etab(captured_etab);
  std::vector<DirectoryExport> e{{"/srv/lab-nfs/fs2", number(200), {"127.0.0.2", "127.0.0.4", "fd00::1"}}};
  const auto check = check_export_table(e, etab);
  EXPECT_FALSE(check.complete());
  EXPECT_FALSE(check.nothing());
  EXPECT_EQ(check.describe(), "2 of 3 exports missing: 127.0.0.4:/srv/lab-nfs/fs2, [fd00::1]:/srv/lab-nfs/fs2");
}

TEST(NfsExportFsidPlan, NothingExportedIsNothing) {
  std::vector<DirectoryExport> e{{"/srv/gone", number(1), {"*"}}};
  EXPECT_TRUE(check_export_table(e, {}).nothing());
}

TEST(NfsExportFsidPlan, AnotherFsidInTheTableIsAFailureNotSuccess) {
  const auto etab = parse_etab(captured_etab);
  std::vector<DirectoryExport> e{{"/srv/lab-nfs/fs2", number(201), {"127.0.0.2"}}};
  const auto check = check_export_table(e, etab);
  EXPECT_FALSE(check.complete());
  EXPECT_NE(check.describe().find("has fsid 200, not 201"), std::string::npos);
}

TEST(NfsExportFsidPlan, TableClientsMatchSpecsThenHostAliases) {
  const auto etab = parse_etab(captured_etab);
  std::vector<ExportEntry> a;
  for (const auto& e : etab)
    if (e.path == "/srv/lab-nfs/fs1/a") a.push_back(e);
  std::vector<ClientSpec> specs{*parse_client_spec("[::1]"), *parse_client_spec("*"),
                                *parse_client_spec("localhost"), *parse_client_spec("nowhere")};
  std::vector<std::string> unmatched;
  auto names = table_clients(specs, {}, a, &unmatched);
  EXPECT_EQ(names, (std::vector<std::string>{"::1", "*"}));
  EXPECT_EQ(unmatched, (std::vector<std::string>{"localhost", "nowhere"}));
  unmatched.clear();
  names = table_clients(specs, {{}, {}, {"127.0.0.1", "::1"}, {}}, a, &unmatched);
  EXPECT_EQ(names, (std::vector<std::string>{"::1", "*"}));
  EXPECT_EQ(unmatched, (std::vector<std::string>{"nowhere"}));
}

TEST(NfsExportFsidPlan, StateRecordRoundTrips) {
  Fsid u;
  u.kind = Fsid::Kind::uuid;
  u.uuid = *parse_uuid("ad91d52b-a798-5d84-9af9-0aee49c00830");
  std::vector<DirectoryExport> e{{"/srv/with space", number(7), {"*", "fd00::/64"}}, {"/srv/b", u, {"@ng"}}};
  auto back = decode_exports(decode_state(encode_state(encode_exports(e))).operator*());
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].directory, "/srv/with space");
  EXPECT_EQ((*back)[0].table_clients, (std::vector<std::string>{"*", "fd00::/64"}));
  EXPECT_EQ((*back)[1].fsid, u);
}

TEST(NfsExportFsidPlan, BrokenStateRecordIsAnError) {
  EXPECT_FALSE(decode_exports({}));
  EXPECT_FALSE(decode_exports({{"count", "2"}, {"dir.0", "/a"}, {"fsid.0", "1"}, {"clients.0", "*"}}));
  EXPECT_FALSE(decode_exports({{"count", "1"}, {"dir.0", "/a"}, {"fsid.0", "1,rw"}, {"clients.0", "*"}}));
}

TEST(NfsExportFsidRmtab, BackupTakesTheLinesOfTheDirectoryOnly) {
  const char* rmtab =
      "127.0.0.1:/srv/lab-nfs/fs1/a:0x00000001\n"
      "198.18.0.5:/srv/lab-nfs/fs1/a:0x00000002\n"
      "127.0.0.1:/srv/lab-nfs/fs1/ab:0x00000001\n"
      "fd00::5:/srv/lab-nfs/fs1/a:0x00000001\n"
      "127.0.0.1:/srv/lab-nfs/fs1:0x00000001\n";
  EXPECT_EQ(rmtab_lines_for(rmtab, "/srv/lab-nfs/fs1/a"),
            "127.0.0.1:/srv/lab-nfs/fs1/a:0x00000001\n198.18.0.5:/srv/lab-nfs/fs1/a:0x00000002\n"
            "fd00::5:/srv/lab-nfs/fs1/a:0x00000001\n");
}

TEST(NfsExportFsidRmtab, RestoreMergesWithoutDuplicates) {
  EXPECT_EQ(merge_rmtab("b:/x:0x1\na:/y:0x1\n", "a:/y:0x1\nc:/x:0x1\n"), "a:/y:0x1\nb:/x:0x1\nc:/x:0x1\n");
  EXPECT_EQ(merge_rmtab("", ""), "");
}

TEST(NfsExportFsidConfig, HostileParameterValuesParseOrAreRefusedNamingTheParameter) {
  hanfs::testing::feed_hostile_values(agent_metadata("nfs-export-fsid"), {{"directory", "/srv/a"}, {"clientspec", "*"}},
                                      [](const Parameters& p) { return parse_config(p).problems; });
}

TEST(NfsExportFsidConfig, AWildcardClientStartingWithADashIsNotConfigured) {
  for (const char* bad : {"-*.example.com", "-?", "-[ab]*"}) {
    auto spec = parse_client_spec(bad);
    ASSERT_FALSE(spec) << bad;
    EXPECT_EQ(spec.error().status, OcfStatus::err_configured);
    EXPECT_NE(spec.error().reason.find("must not start with '-'"), std::string::npos) << spec.error().reason;
  }
  EXPECT_TRUE(parse_client_spec("*.example.com"));
  EXPECT_TRUE(parse_client_spec("a-*.example.com"));
}

TEST(NfsExportFsidConfig, FsidZeroWithSeveralDirectoriesIsNotConfigured) {
  auto s = parse_fsid_setting("0", true, 2);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().status, OcfStatus::err_configured);
  EXPECT_NE(s.error().reason.find("NFSv4 root"), std::string::npos) << s.error().reason;
  EXPECT_TRUE(parse_fsid_setting("0", true, 1));
  EXPECT_TRUE(parse_fsid_setting("1", true, 2));
}
