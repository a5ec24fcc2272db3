#include "common/ocf/state_file.h"
#include "tests/unit/temp_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace hanfs;


TEST(StateFile, WrittenValuesReadBackExactlyIncludingNewlinesAndBackslashes) {
  TempDir dir;
  StateFile file((dir.path() / "sub").string(), "agent", "rsc:1/x");
  StateValues values{{"dir", "/srv/a b\nc\\d"}, {"pid", "42"}, {"empty", ""}};
  ASSERT_TRUE(file.write(values));
  auto back = file.read();
  ASSERT_TRUE(back) << back.error().reason;
  EXPECT_EQ(*back, values);
  EXPECT_EQ(std::filesystem::path(file.path()).filename(), "hanfs-agent-rsc_1_x.state");
}

TEST(StateFile, MissingFileReadsAsNotRunningAndRemovesFine) {
  TempDir dir;
  StateFile file(dir.str(), "agent", "r");
  EXPECT_FALSE(file.exists());
  auto r = file.read();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, OcfStatus::not_running);
  EXPECT_TRUE(file.remove());
}

// A probe must not call an active resource stopped because its state could
// not be read (a denial, an I/O error): only a missing file means that.
TEST(StateFile, StateThatIsThereButUnreadableIsAnErrorNotNotRunning) {
  TempDir dir;
  StateFile file(dir.str(), "agent", "r");
  std::filesystem::create_directory(file.path());  // read(2) fails with EISDIR
  auto r = file.read();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, OcfStatus::err_generic);
  EXPECT_NE(r.error().reason.find("cannot read"), std::string::npos) << r.error().reason;
}

TEST(StateFile, RewriteReplacesAndLeavesNoTemporaryFiles) {
  TempDir dir;
  StateFile file(dir.str(), "agent", "r");
  ASSERT_TRUE(file.write({{"a", "1"}}));
  ASSERT_TRUE(file.write({{"b", "2"}}));
  EXPECT_EQ(*file.read(), (StateValues{{"b", "2"}}));
  int entries = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(StateFile, ForeignOrTruncatedContentIsRefused) {
  EXPECT_FALSE(decode_state(""));
  EXPECT_FALSE(decode_state("something else\n"));
  EXPECT_FALSE(decode_state("hanfs-state 1\nkey=value"));       // no final newline
  EXPECT_FALSE(decode_state("hanfs-state 1\nno equals sign\n"));
  EXPECT_FALSE(decode_state("hanfs-state 1\nbad key=1\n"));
  EXPECT_FALSE(decode_state("hanfs-state 1\nk=trailing\\\n"));
  EXPECT_TRUE(decode_state("hanfs-state 1\n"));
}

TEST(StateFile, InvalidKeyIsRefusedBeforeWriting) {
  TempDir dir;
  StateFile file(dir.str(), "agent", "r");
  EXPECT_FALSE(file.write({{"bad key", "1"}}));
  EXPECT_FALSE(file.exists());
}
