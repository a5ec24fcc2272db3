// bounded_fs.h and the guarded file helpers of text_file.h: what an
// operation that blocks, and files a client planted, come to.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "common/sys/bounded_fs.h"
#include "common/sys/text_file.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class BoundedFs : public ::testing::Test {
 protected:
  BoundedFs() {
    char tmpl[] = "/tmp/hanfs-bounded-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  ~BoundedFs() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(BoundedFs, AnOperationThatBlocksReturnsAtTheDeadlineNamingThePath) {
  const std::string fifo = dir_ + "/frozen";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto started = std::chrono::steady_clock::now();
  // An open for read of a FIFO without O_NONBLOCK waits for a writer: the
  // stand-in for a stat on a suspended device.
  auto r = hanfs::run_bounded_fs(
      fifo, [&] { return std::to_string(::open(fifo.c_str(), O_RDONLY)); }, hanfs::Deadline(300ms));
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().reason.find(fifo), std::string::npos) << r.error().reason;
  EXPECT_NE(r.error().reason.find("did not answer"), std::string::npos) << r.error().reason;
  EXPECT_LT(took, 1500ms);
}

TEST_F(BoundedFs, LookupResolvesADirectoryAndReportsAMissingOne) {
  auto l = hanfs::bounded_lookup(dir_ + "/.", hanfs::Deadline(5s));
  ASSERT_TRUE(l) << l.error().reason;
  EXPECT_TRUE(l->is_directory());
  EXPECT_EQ(l->resolved, fs::canonical(dir_).string());
  auto missing = hanfs::bounded_lookup(dir_ + "/nothing", hanfs::Deadline(5s));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->error, ENOENT);
}

TEST_F(BoundedFs, ReadRefusesASymlinkAFifoAndAFileOverTheCap) {
  hanfs::replace_text_file(dir_ + "/target", "secret\n", 0600).has_value();
  ::symlink((dir_ + "/target").c_str(), (dir_ + "/link").c_str());
  ::mkfifo((dir_ + "/fifo").c_str(), 0600);
  { std::FILE* f = std::fopen((dir_ + "/big").c_str(), "w"); std::fclose(f); }
  fs::resize_file(dir_ + "/big", 100u << 20);  // sparse
  using Found = hanfs::GuardedRead::Found;
  for (const char* name : {"link", "fifo", "big"}) {
    auto r = hanfs::bounded_read(dir_ + "/" + name, 1 << 20, hanfs::Deadline(5s));
    ASSERT_TRUE(r) << name << ": " << r.error().reason;
    EXPECT_EQ(r->found, Found::refused) << name;
    EXPECT_TRUE(r->content.empty()) << name;
  }
  auto ok = hanfs::bounded_read(dir_ + "/target", 1 << 20, hanfs::Deadline(5s));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->found, Found::file);
  EXPECT_EQ(ok->content, "secret\n");
}

TEST_F(BoundedFs, ReplaceDoesNotFollowAFilePlantedAtTheOldPredictableTemporaryName) {
  const std::string victim = dir_ + "/victim";
  ASSERT_TRUE(hanfs::replace_text_file(victim, "root's\n", 0600));
  // The name replace_text_file (which bounded_replace runs) used to write through: path.hanfs-tmp.<pid>.
  const std::string file = dir_ + "/.rmtab";
  ASSERT_EQ(::symlink(victim.c_str(), (file + ".hanfs-tmp." + std::to_string(::getpid())).c_str()), 0);
  auto w = hanfs::replace_text_file(file, "198.18.0.5:/srv:0x1\n", 0644);
  ASSERT_TRUE(w) << w.error().reason;
  EXPECT_EQ(*hanfs::read_text_file(victim), "root's\n");
  EXPECT_EQ(fs::status(victim).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(*hanfs::read_text_file(file), "198.18.0.5:/srv:0x1\n");
}

}  // namespace
