#include "common/core/text.h"

#include <gtest/gtest.h>

using namespace hanfs::text;

TEST(Text, TrimRemovesSurroundingWhitespaceOnly) {
  EXPECT_EQ(trim("  a b \n"), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t\n"), "");
}

TEST(Text, SplitWordsDropsEmptyWords) {
  EXPECT_EQ(split_words("  /a   /b\t/c\n"), (std::vector<std::string>{"/a", "/b", "/c"}));
  EXPECT_TRUE(split_words("   ").empty());
}

TEST(Text, SplitKeepsEmptyFields) {
  EXPECT_EQ(split("a,,b,", ','), (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_EQ(split("", ','), (std::vector<std::string>{""}));
}

TEST(Text, LinesDropsOnlyTheFinalNewline) {
  EXPECT_EQ(lines("a\n\nb\n"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_TRUE(lines("").empty());
}

TEST(Text, ParseIntAcceptsOnlyWholeDecimalNumbers) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("-7"), -7);
  EXPECT_EQ(parse_int("+7"), 7);
  for (const char* bad : {"", "+", "-", "4 2", " 42", "42 ", "0x10", "1e3", "12abc", "++1", "+-1",
                          "99999999999999999999"})
    EXPECT_FALSE(parse_int(bad).has_value()) << bad;
}

TEST(Text, ParseBoolAcceptsPacemakerSpellingsInAnyCase) {
  for (const char* t : {"1", "yes", "TRUE", "On", "y"}) EXPECT_EQ(parse_bool(t), true) << t;
  for (const char* f : {"0", "no", "False", "OFF", "n"}) EXPECT_EQ(parse_bool(f), false) << f;
  for (const char* bad : {"", "2", "maybe", "yess"}) EXPECT_FALSE(parse_bool(bad).has_value()) << bad;
}

TEST(Text, OneLineTurnsControlCharactersIntoSpaces) {
  EXPECT_EQ(one_line(" first\nsecond\r\tthird \n"), "first second  third");
}

TEST(Text, ShownValueIsOneLineCutAtEightyCharactersWithDots) {
  EXPECT_EQ(shown("a\nb"), "a b");
  EXPECT_EQ(shown(std::string(80, 'x')), std::string(80, 'x'));
  EXPECT_EQ(shown(std::string(81, 'x')), std::string(80, 'x') + "...");
}

TEST(Text, UnescapeOctalDecodesTheKernelsEscapesOnly) {
  EXPECT_EQ(unescape_octal("/srv/with\\040space/tab\\011x/back\\134slash"), "/srv/with space/tab\tx/back\\slash");
  EXPECT_EQ(unescape_octal("/srv/not\\999/short\\04"), "/srv/not\\999/short\\04");
  EXPECT_EQ(unescape_octal("\\"), "\\");
}

TEST(Text, QuotedWordsGroupByQuotesAndEscapesAndStopAtComments) {
  auto plain = split_quoted_words(R"(/a "/b c" /d\040e /f\ g)");
  EXPECT_EQ(plain.words, (std::vector<std::string>{"/a", "/b c", "/d e", "/f g"}));
  EXPECT_FALSE(plain.unclosed_quote);
  EXPECT_EQ(split_quoted_words("/x *(rw) # note", true).words, (std::vector<std::string>{"/x", "*(rw)"}));
  EXPECT_EQ(split_quoted_words("/x#y", true).words, (std::vector<std::string>{"/x#y"}));
  EXPECT_TRUE(split_quoted_words("\"/open").unclosed_quote);
}

// On-disk names: the state files and nfs-notify's directories written by
// earlier releases must keep their names, so these are pinned.
TEST(SafeFileName, KeepsNameBytesAndReplacesEveryOtherByteOneForOne) {
  using hanfs::text::NameUse;
  using hanfs::text::safe_file_name;
  for (const auto use : {NameUse::inside, NameUse::whole}) {
    EXPECT_EQ(safe_file_name("vg-nfs", use), "vg-nfs");
    EXPECT_EQ(safe_file_name("exp:1", use), "exp_1");
    EXPECT_EQ(safe_file_name("a/b", use), "a_b");
    EXPECT_EQ(safe_file_name("clone:0", use), "clone_0");
    EXPECT_EQ(safe_file_name("nfs_notify.v2-A", use), "nfs_notify.v2-A");
    EXPECT_EQ(safe_file_name("198.18.0.100", use), "198.18.0.100");
    EXPECT_EQ(safe_file_name("fe80::1%eth0", use), "fe80__1_eth0");
    EXPECT_EQ(safe_file_name("a b\t\n", use), "a_b__");
    EXPECT_EQ(safe_file_name("\xc3\xa9t\xc3\xa9", use), "__t__");  // bytes, not characters
  }
  // Only a whole path component is kept from being empty, "." or hidden.
  EXPECT_EQ(safe_file_name("", NameUse::inside), "");
  EXPECT_EQ(safe_file_name("", NameUse::whole), "_");
  EXPECT_EQ(safe_file_name("..", NameUse::inside), "..");
  EXPECT_EQ(safe_file_name("..", NameUse::whole), "_..");
  EXPECT_EQ(safe_file_name(".hidden", NameUse::whole), "_.hidden");
  EXPECT_EQ(safe_file_name("/x", NameUse::whole), "_x");
}
