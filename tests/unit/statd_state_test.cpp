// common/statd_state: the monitor-record parser on captured files, list
// merging, the NSM state number, and the directory operations on a temp dir.
#include "common/nfs/statd_state.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/unit/statd_state_captures.h"

namespace hanfs {
namespace {

namespace fs = std::filesystem;
using statd_captures::kClientRecord;
using statd_captures::kServerRecord;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "statd_state_test.XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

StatdOwner me() { return {::getuid(), ::getgid()}; }

TEST(MonitorRecord, ParsesWhatStatdWroteOnTheServer) {
  const auto r = parse_monitor_record(kServerRecord);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->address_hex, "0100007f");
  EXPECT_EQ(r->program, "000186b5");
  EXPECT_EQ(r->version, "00000003");
  EXPECT_EQ(r->procedure, "00000010");
  EXPECT_EQ(r->cookie, "c686d4210700000000e8fb6ac98dffff");
  EXPECT_EQ(r->mon_name, "198.18.0.12");
  EXPECT_EQ(r->my_name, "server");
}

TEST(MonitorRecord, ParsesTheClientSideRecordOfTheFloatingName) {
  const auto r = parse_monitor_record(kClientRecord);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->mon_name, "198.18.0.100");
  EXPECT_EQ(r->my_name, "client");
}

TEST(MonitorRecord, RefusesWrongFieldCountsAndNonHex) {
  EXPECT_FALSE(parse_monitor_record(""));
  EXPECT_FALSE(parse_monitor_record("0100007f 000186b5 00000003 00000010 c686d4210700000000e8fb6ac98dffff 198.18.0.12"));
  EXPECT_FALSE(parse_monitor_record(std::string(kServerRecord.substr(0, kServerRecord.size() - 1)) + " extra"));
  EXPECT_FALSE(parse_monitor_record("0100007g 000186b5 00000003 00000010 c686d4210700000000e8fb6ac98dffff a b"));
  EXPECT_FALSE(parse_monitor_record("0100007f 000186b5 00000003 00000010 c686d42107 a b"));
}

TEST(MonitorRecord, FileWithSeveralRecordsAndAMalformedLine) {
  std::size_t bad = 99;
  const std::string file = std::string(kServerRecord) + "garbage line\n\n" + std::string(kClientRecord);
  const auto records = parse_monitor_file(file, &bad);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].mon_name, "198.18.0.12");
  EXPECT_EQ(records[1].mon_name, "198.18.0.100");
  EXPECT_EQ(bad, 1u);
}

TEST(MergeMonitorLines, AppendsOnlyNewRecordsAndKeepsOrder) {
  const std::string a(kServerRecord), b(kClientRecord);
  EXPECT_EQ(merge_monitor_lines(a, b), a + b);
  EXPECT_EQ(merge_monitor_lines(a + b, a), a + b);
  EXPECT_EQ(merge_monitor_lines("", a), a);
  EXPECT_EQ(merge_monitor_lines(a.substr(0, a.size() - 1), ""), a);  // a missing final newline is added
  EXPECT_EQ(merge_monitor_lines("\n\n", "\n"), "");
}

TEST(HostFileName, AcceptsWhatStatdWritesAndRefusesPathTricks) {
  EXPECT_TRUE(valid_host_file_name("client"));
  EXPECT_TRUE(valid_host_file_name("198.18.0.12"));
  EXPECT_TRUE(valid_host_file_name("fe80::1"));
  EXPECT_FALSE(valid_host_file_name(""));
  EXPECT_FALSE(valid_host_file_name("."));
  EXPECT_FALSE(valid_host_file_name(".."));
  EXPECT_FALSE(valid_host_file_name(".hidden"));
  EXPECT_FALSE(valid_host_file_name("a/b"));
  EXPECT_FALSE(valid_host_file_name("a b"));
  EXPECT_FALSE(valid_host_file_name("a\nb"));
}

TEST(NsmState, DecodesTheCapturedFileAndCountsLikeSmNotify) {
  EXPECT_EQ(decode_nsm_state(statd_captures::kStateBytes), 3);
  EXPECT_EQ(encode_nsm_state(3), statd_captures::kStateBytes);
  EXPECT_FALSE(decode_nsm_state(""));
  EXPECT_FALSE(decode_nsm_state("12345"));
  // sm-notify turned 3 into 5 in the lab; even numbers are made odd first.
  EXPECT_EQ(next_nsm_state(3), 5);
  EXPECT_EQ(next_nsm_state(4), 7);
  EXPECT_EQ(next_nsm_state(0), 3);
  EXPECT_EQ(next_nsm_state(-8), 3);
  EXPECT_EQ(next_nsm_state(0x7fffffff), 3);
  EXPECT_EQ(next_nsm_state(0x7ffffffd), 0x7fffffff);
}

TEST(HostLists, MergeSubtractAndCount) {
  const std::string a(kServerRecord), b(kClientRecord);
  const HostList left{{"client", a}, {"ghost", b}};
  const HostList right{{"client", b}, {"other", a}};
  const HostList merged = merge_host_lists(left, right);
  EXPECT_EQ(merged.at("client"), a + b);
  EXPECT_EQ(merged.at("ghost"), b);
  EXPECT_EQ(merged.at("other"), a);
  EXPECT_EQ(count_records(merged), 4u);

  const HostList rest = subtract_host_lists(merged, HostList{{"client", a}, {"ghost", b}});
  EXPECT_EQ(rest, (HostList{{"client", b}, {"other", a}}));
  EXPECT_TRUE(subtract_host_lists(merged, merged).empty());
  EXPECT_EQ(subtract_host_lists(merged, {}), merged);
}

TEST(StatdDir, PrepareMergeWriteAndReadBack) {
  TempDir tmp;
  const std::string dir = tmp.str() + "/svc";
  EXPECT_FALSE(prepare_statd_dir(dir, me(), false));   // not there, not created
  ASSERT_TRUE(prepare_statd_dir(dir, me(), true));
  EXPECT_TRUE(fs::is_directory(dir + "/sm"));
  EXPECT_TRUE(fs::is_directory(dir + "/sm.bak"));

  auto empty = read_host_list(dir, "sm");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  auto missing = read_host_list(tmp.str() + "/nowhere", "sm");
  ASSERT_TRUE(missing);
  EXPECT_TRUE(missing->empty());

  const std::string a(kServerRecord), b(kClientRecord);
  auto changed = merge_into_host_list(dir, "sm", {{"client", a}}, me());
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, 1u);
  changed = merge_into_host_list(dir, "sm", {{"client", a}}, me());
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, 0u);   // nothing new: not rewritten
  changed = merge_into_host_list(dir, "sm", {{"client", b}, {"bad/name", a}}, me());
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, 1u);
  EXPECT_EQ(slurp(dir + "/sm/client"), a + b);
  struct stat st {};
  ASSERT_EQ(::stat((dir + "/sm/client").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);

  // Stray files that are not host records are not listed.
  std::ofstream(dir + "/sm/.hanfs-tmp") << "x";
  fs::create_directory(dir + "/sm/subdir");
  auto listed = read_host_list(dir, "sm");
  ASSERT_TRUE(listed);
  EXPECT_EQ(*listed, (HostList{{"client", a + b}}));

  ASSERT_TRUE(write_host_list(dir, "sm", {{"ghost", b}}, me()));
  listed = read_host_list(dir, "sm");
  ASSERT_TRUE(listed);
  EXPECT_EQ(*listed, (HostList{{"ghost", b}}));
}

TEST(StatdDir, StateNumberRoundTripsAsFourBytes) {
  TempDir tmp;
  EXPECT_FALSE(read_nsm_state(tmp.str()));
  ASSERT_TRUE(write_nsm_state(tmp.str(), 5, me()));
  EXPECT_EQ(read_nsm_state(tmp.str()), 5);
  EXPECT_EQ(fs::file_size(tmp.str() + "/state"), 4u);
}

TEST(StatdOwnerOf, IsTheOwnerOfSmWhenItExists) {
  TempDir tmp;
  fs::create_directory(tmp.str() + "/sm");
  const auto owner = statd_owner(tmp.str());
  EXPECT_EQ(owner.uid, ::getuid());
  EXPECT_EQ(owner.gid, ::getgid());
  EXPECT_FALSE(describe_owner(owner).empty());
}

}  // namespace
}  // namespace hanfs
