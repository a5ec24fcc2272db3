#include "common/nfs/export_table.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/nfs/nfs_server.h"
#include "common/core/text.h"

#include "tests/unit/export_table_captures.h"

using namespace hanfs;

namespace {

const ExportEntry* find(const std::vector<ExportEntry>& entries, std::string_view path, std::string_view client) {
  for (const auto& e : entries)
    if (e.path == path && e.client == client) return &e;
  return nullptr;
}

ClientSpec spec(std::string_view text) {
  auto s = parse_client_spec(text);
  EXPECT_TRUE(s) << text << ": " << (s ? "" : s.error().reason);
  return s ? *s : ClientSpec{};
}

}  // namespace

TEST(ExportTable, EtabGivesEveryDirectoryClientPairWithItsOptions) {
  const auto etab = parse_etab(captured_etab);
  EXPECT_EQ(etab.size(), 17u);
  const auto* a = find(etab, "/srv/lab-nfs/fs2", "127.0.0.3");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->options.front(), "rw");
  EXPECT_EQ(a->option("fsid"), "200");
  EXPECT_EQ(a->option("anonuid"), "65534");
  EXPECT_FALSE(a->option("uuid"));
}

TEST(ExportTable, EtabPathEscapesAreDecoded) {
  const auto etab = parse_etab(captured_etab);
  EXPECT_TRUE(find(etab, "/srv/lab-nfs/fs1/with space", "*"));
  EXPECT_TRUE(find(etab, "/srv/lab-nfs/fs1/tab\tx", "127.0.0.1"));
  EXPECT_TRUE(find(etab, "/srv/lab-nfs/fs1/back\\slash", "127.0.0.1"));
}

TEST(ExportTable, EtabLimitedToSomePathsGivesTheirEntriesAloneEscapesDecoded) {
  const std::vector<std::string> only{"/srv/lab-nfs/fs2", "/srv/lab-nfs/fs1/tab\tx", "/not/exported"};
  const auto all = parse_etab(captured_etab);
  const auto some = parse_etab(captured_etab, &only);
  std::size_t expected = 0;
  for (const auto& e : all) expected += e.path == only[0] || e.path == only[1];
  ASSERT_GT(expected, 1u);
  EXPECT_EQ(some.size(), expected);
  for (const auto& e : some) EXPECT_TRUE(e.path == only[0] || e.path == only[1]) << e.path;
  const auto* a = find(some, "/srv/lab-nfs/fs2", "127.0.0.3");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->option("fsid"), "200");
  EXPECT_TRUE(find(some, "/srv/lab-nfs/fs1/tab\tx", "127.0.0.1"));
}

TEST(ExportTable, EtabSpellsClientsWithoutIpv6Brackets) {
  const auto etab = parse_etab(captured_etab);
  for (const char* client : {"::1", "fd00::/64", "10.0.0.0/255.0.0.0", "198.18.0.0/24", "host?.example.com",
                             "*.example.com", "@netgrp", "*", "gss/krb5"})
    EXPECT_TRUE(find(etab, "/srv/lab-nfs/fs1/a", client)) << client;
}

TEST(ExportTable, EveryClientSpecMatchesTheNameExportfsWroteForIt) {
  const auto etab = parse_etab(captured_etab);
  for (const char* given : {"*", "[::1]", "[fd00::]/64", "10.0.0.0/255.0.0.0", "198.18.0.0/24", "host?.example.com",
                            "*.example.com", "@netgrp", "gss/krb5"}) {
    const ClientSpec s = spec(given);
    bool matched = false;
    for (const auto& e : etab) matched = matched || (e.path == "/srv/lab-nfs/fs1/a" && same_client(s, e.client));
    EXPECT_TRUE(matched) << given;
  }
}

TEST(ExportTable, UuidFsidInEtabIsRead) {
  const auto etab = parse_etab(captured_etab);
  const auto* b = find(etab, "/srv/lab-nfs/fs1/b", "127.0.0.1");
  ASSERT_TRUE(b);
  const auto fsid = entry_fsid(*b);
  ASSERT_TRUE(fsid);
  EXPECT_EQ(fsid->kind, Fsid::Kind::uuid);
  EXPECT_EQ(fsid->text(), "6b0f2e6a-1a9c-4d34-9b4e-1234567890ab");
}

TEST(ExportTable, ExportsFileHandlesQuotesContinuationsDefaultsAndAnonymous) {
  const auto entries = parse_exports_file(
      "# comment\n"
      "/srv/x  host1(rw,fsid=11) *.ex.com(ro)   # trailing comment\n"
      "\"/srv/with space\" 10.0.0.0/8(rw,fsid=12) \\\n"
      "    @ng(ro,fsid=12)\n"
      "/srv/y -rw,fsid=13 host2 host3(ro)\n"
      "/srv/oct\\040al *(fsid=14)\n"
      "/srv/z\n");
  ASSERT_EQ(entries.size(), 8u);
  EXPECT_EQ(entry_fsid(*find(entries, "/srv/x", "host1"))->text(), "11");
  EXPECT_FALSE(entry_fsid(*find(entries, "/srv/x", "*.ex.com")));
  EXPECT_EQ(entry_fsid(*find(entries, "/srv/with space", "@ng"))->text(), "12");
  EXPECT_EQ(entry_fsid(*find(entries, "/srv/y", "host2"))->text(), "13");
  EXPECT_EQ(find(entries, "/srv/y", "host3")->option("fsid"), "13");
  EXPECT_TRUE(find(entries, "/srv/oct al", "*"));
  EXPECT_TRUE(find(entries, "/srv/z", ""));
}

TEST(ExportTable, ExportsFileParseAgreesWithWhatExportfsPutInEtab) {
  // The same file as above (without /srv/oct al), as exportfs -ra wrote it:
  // every pair whose host name resolved is in both.
  const auto etab = parse_etab(captured_etab_from_exports);
  for (const auto& e : etab) EXPECT_TRUE(e.path.starts_with("/srv/")) << e.path;
  EXPECT_EQ(entry_fsid(*find(etab, "/srv/with space", "@ng"))->text(), "12");
  EXPECT_TRUE(find(etab, "/srv/z", ""));
}

TEST(ExportTable, KernelCacheListsValidEntriesWithTheirFsid) {
  for (const char* text : {captured_export_cache, captured_nfsd_exports}) {
    const auto cache = parse_export_cache(text);
    ASSERT_EQ(cache.size(), 2u);
    EXPECT_EQ(cache[0].path, "/srv/lab-nfs/fs1/a");
    EXPECT_EQ(cache[0].client, "*,127.0.0.1");
    EXPECT_EQ(entry_fsid(cache[0])->text(), "101");
    EXPECT_EQ(entry_fsid(cache[1])->text(), "0");
  }
}

TEST(ExportTable, KernelCacheEntriesFlushedByExportfsAreNotHeld) {
  EXPECT_TRUE(parse_export_cache(captured_flushed_cache).empty());
}

TEST(ExportTable, KernelCacheUuidSpellingIsAnFsid) {
  const auto cache = parse_export_cache("/srv/b\t*,127.0.0.1(rw,uuid=6b0f2e6a:1a9c4d34:9b4e1234:567890ab,sec=1)\n");
  ASSERT_EQ(cache.size(), 1u);
  EXPECT_EQ(entry_fsid(cache[0])->text(), "6b0f2e6a-1a9c-4d34-9b4e-1234567890ab");
}

TEST(ExportTable, FsidIsANumberUpTo32BitsAUuidOrRoot) {
  EXPECT_EQ(parse_fsid("0")->number, 0u);
  EXPECT_EQ(parse_fsid("root")->number, 0u);
  EXPECT_EQ(parse_fsid("4294967295")->number, 4294967295u);
  EXPECT_EQ(parse_fsid("6B0F2E6A-1A9C-4D34-9B4E-1234567890AB")->kind, Fsid::Kind::uuid);
  for (const char* bad : {"", "4294967296", "99999999999999999999", "-1", "+1", "1,rw", "1 2", "1\n2", "0x10", "Root",
                          "$(reboot)", "`id`", "1;id", "abc"})
    EXPECT_FALSE(parse_fsid(bad)) << bad;
}

TEST(ExportTable, ClientSpecKindsAndTableNames) {
  using K = ClientSpec::Kind;
  EXPECT_EQ(spec("*").kind, K::world);
  EXPECT_EQ(spec("*.example.com").kind, K::wildcard);
  EXPECT_EQ(spec("node[0-9].example.com").kind, K::wildcard);
  EXPECT_EQ(spec("@netgrp").kind, K::netgroup);
  EXPECT_EQ(spec("gss/krb5p").kind, K::gss);
  EXPECT_EQ(spec("198.18.0.1").kind, K::ipv4);
  EXPECT_EQ(spec("198.18.0.0/24").kind, K::ipv4_network);
  EXPECT_EQ(spec("198.18.0.0/255.255.255.0").kind, K::ipv4_network);
  EXPECT_EQ(spec("[fd00::1]").kind, K::ipv6);
  EXPECT_EQ(spec("[fd00::1]").table_name, "fd00::1");
  EXPECT_EQ(spec("[fd00::]/64").kind, K::ipv6_network);
  EXPECT_EQ(spec("[fd00::]/64").table_name, "fd00::/64");
  EXPECT_EQ(spec("client-1.example.com").kind, K::host);
}

TEST(ExportTable, MalformedClientSpecsAreRefusedAsNotConfigured) {
  for (const char* bad : {"", "::1", "fd00::/64", "[::1", "[::1]x", "[::1]/129", "[1.2.3.4]", "300.1.1.1",
                          "10.0.0.0/33", "10.0.0.0/255.0.0.256", "host/24", "a b", "host(rw)", "a,b", "@", "@bad!",
                          "gss/foo", "host;reboot", "$(id)", "-host", "a..b", "tab\there", "new\nline"}) {
    auto r = parse_client_spec(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().status, OcfStatus::err_configured);
    EXPECT_EQ(r.error().reason.find('\n'), std::string::npos);
  }
}

TEST(ExportTable, HostNamesAndWildcardsMatchWithoutCase) {
  EXPECT_TRUE(same_client(spec("Client.Example.COM"), "client.example.com"));
  EXPECT_TRUE(same_client(spec("*.Example.com"), "*.example.com"));
  EXPECT_FALSE(same_client(spec("198.18.0.1"), "198.18.0.10"));
  EXPECT_FALSE(same_client(spec("*"), "<world>"));
}

TEST(ExportTable, ExportTargetPutsIpv6AddressesBackInBrackets) {
  EXPECT_EQ(export_target("*", "/srv/a"), "*:/srv/a");
  EXPECT_EQ(export_target("::1", "/srv/a"), "[::1]:/srv/a");
  EXPECT_EQ(export_target("fd00::/64", "/srv/with space"), "[fd00::]/64:/srv/with space");
  EXPECT_EQ(export_target("10.0.0.0/8", "/srv/a"), "10.0.0.0/8:/srv/a");
}

TEST(ExportTable, ExportsFileTextReadsBackAsTheSameExports) {
  const std::vector<ExportRequest> requests{
      {"/srv/a", "127.0.0.1", "rw,fsid=7"},
      {"/srv/a", "fd00::/64", "rw,fsid=7"},
      {"/srv/with space/tab\tx/back\\slash/\"q\"#h", "*", "ro,fsid=8"},
      {"/srv/b", "@ng", "fsid=6b0f2e6a-1a9c-4d34-9b4e-1234567890ab"},
  };
  const std::string text = exports_file_text(requests);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
  const auto entries = parse_exports_file(text);
  ASSERT_EQ(entries.size(), requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(entries[i].path, requests[i].path);
    EXPECT_EQ(entries[i].client, requests[i].client);
    EXPECT_EQ(entries[i].options, text::split(requests[i].options, ','));
  }
}

TEST(ExportsFile, AnEmptyQuotedClientIsSkippedNotReadPastItsEnd) {
  // Found by fuzz_export_table: front() of an empty word.
  const auto entries = parse_exports_file("/srv/x \"\" host(rw)\n/srv/y \"\"\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].client, "host");
  EXPECT_EQ(entries[1].path, "/srv/y");
  EXPECT_EQ(entries[1].client, "");
}
