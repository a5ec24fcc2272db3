#include "common/sys/program_path.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "tests/unit/temp_dir.h"

namespace hanfs {
namespace {

using Paths = std::vector<std::string>;

TEST(ProgramCandidates, NameWithASlashIsItselfAndOthersAreSearchedInAbsoluteDirectoriesOnly) {
  EXPECT_EQ(program_candidates("/usr/sbin/exportfs", "/bin"), Paths{"/usr/sbin/exportfs"});
  EXPECT_EQ(program_candidates("./x", "/bin"), Paths{"./x"});
  EXPECT_EQ(program_candidates("lvm", "/a:/b/:relative::/c"),
            (Paths{"/a/lvm", "/b/lvm", "/c/lvm", "/usr/sbin/lvm", "/usr/bin/lvm", "/sbin/lvm", "/bin/lvm"}));
  EXPECT_EQ(program_candidates("", "/bin"), Paths{});
}

TEST(ProgramCandidates, APathWithoutSbinStillFindsTheSystemDirectoriesAfterIt) {
  EXPECT_EQ(program_candidates("lvm", "/usr/local/bin:/usr/bin:/bin"),
            (Paths{"/usr/local/bin/lvm", "/usr/bin/lvm", "/bin/lvm", "/usr/sbin/lvm", "/sbin/lvm"}));
  EXPECT_EQ(program_candidates("lvm", ""), (Paths{"/usr/sbin/lvm", "/usr/bin/lvm", "/sbin/lvm", "/bin/lvm"}));
}

TEST(ProgramCandidates, UnsetPathSearchesTheDefaultWithSbinFirst) {
  EXPECT_EQ(program_candidates("blkid", std::nullopt),
            (Paths{"/usr/sbin/blkid", "/usr/bin/blkid", "/sbin/blkid", "/bin/blkid"}));
}

class FindProgram : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* path = ::getenv("PATH")) saved_ = path;
  }
  void TearDown() override {
    if (saved_) ::setenv("PATH", saved_->c_str(), 1);
    else ::unsetenv("PATH");
  }
  std::optional<std::string> saved_;
};

TEST_F(FindProgram, TakesTheFirstExecutableRegularFileInPath) {
  TempDir dir;
  const std::string a = dir.str() + "/a", b = dir.str() + "/b";
  ::mkdir(a.c_str(), 0755);
  ::mkdir(b.c_str(), 0755);
  std::ofstream(a + "/hanfs-prog") << "#!/bin/sh\n";  // not executable
  ::chmod((a + "/hanfs-prog").c_str(), 0644);
  ::mkdir((a + "/hanfs-dir").c_str(), 0755);           // executable, but a directory
  std::ofstream(b + "/hanfs-prog") << "#!/bin/sh\n";
  ::chmod((b + "/hanfs-prog").c_str(), 0755);
  ::setenv("PATH", (a + ":" + b).c_str(), 1);
  EXPECT_EQ(find_program("hanfs-prog"), b + "/hanfs-prog");
  EXPECT_EQ(find_program("hanfs-dir"), std::nullopt);
  EXPECT_EQ(find_program("hanfs-missing"), std::nullopt);
}

TEST_F(FindProgram, UnsetPathFindsSystemPrograms) {
  ::unsetenv("PATH");
  EXPECT_TRUE(find_program("sh"));
}

}  // namespace
}  // namespace hanfs
