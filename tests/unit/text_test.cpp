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
