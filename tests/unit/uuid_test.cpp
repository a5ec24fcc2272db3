#include "common/nfs/uuid.h"

#include <gtest/gtest.h>

using namespace hanfs;

namespace {

std::string hex(const std::array<std::uint8_t, 20>& d) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (auto b : d) { s += digits[b >> 4]; s += digits[b & 15]; }
  return s;
}

}  // namespace

TEST(Uuid, Sha1MatchesTheFips180TestVectors) {
  EXPECT_EQ(hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex(sha1(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(Uuid, NameBasedUuidMatchesPythonUuid5) {
  // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com'))"
  EXPECT_EQ(format_uuid(name_based_uuid(*parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com")),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  const auto fs = *parse_uuid("ca29dccc-290e-4613-8367-7ff28ab98e97");
  EXPECT_EQ(format_uuid(name_based_uuid(fs, "/")), "ad91d52b-a798-5d84-9af9-0aee49c00830");
  EXPECT_EQ(format_uuid(name_based_uuid(fs, "/with space/\xc3\xa9")), "64ad187c-d009-5241-b1f1-c3eff7c47948");
}

TEST(Uuid, ParsesTheSpellingsOfBlkidExportfsAndTheKernel) {
  const auto canonical = parse_uuid("6b0f2e6a-1a9c-4d34-9b4e-1234567890ab");
  ASSERT_TRUE(canonical);
  EXPECT_EQ(parse_uuid("6B0F2E6A1A9C4D349B4E1234567890AB"), canonical);
  EXPECT_EQ(parse_uuid("6b0f2e6a:1a9c4d34:9b4e1234:567890ab"), canonical);
  EXPECT_EQ(format_uuid(*canonical), "6b0f2e6a-1a9c-4d34-9b4e-1234567890ab");
}

TEST(Uuid, RefusesAnythingElse) {
  for (const char* bad : {"", "abc", "6b0f2e6a-1a9c-4d34-9b4e-1234567890a", "6b0f2e6a-1a9c-4d34-9b4e-1234567890abc",
                          "6b0f2e6a1a9c-4d34-9b4e-1234567890ab", "6b0f2e6a--1a9c-4d34-9b4e-1234567890a",
                          "6b0f2e6a-1a9c-4d34-9b4e-1234567890ag", "6b0f2e6a-1a9c:4d34-9b4e-1234567890ab",
                          "6b0f2e6a-1a9c-4d34-9b4e-1234567890ab,rw", " 6b0f2e6a-1a9c-4d34-9b4e-1234567890ab"})
    EXPECT_FALSE(parse_uuid(bad)) << bad;
}
