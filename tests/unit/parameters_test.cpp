#include "common/ocf/parameters.h"

#include <gtest/gtest.h>

#include "tests/unit/metadata_files.h"

using namespace hanfs;

namespace {
Metadata fixture() {
  return *parse_metadata(read_whole_file(std::string(HANFS_SOURCE_DIR) + "/tests/unit/fixtures/test-agent.xml"));
}
}  // namespace

TEST(Parameters, DefaultsFillWhatIsNotSet) {
  const Metadata md = fixture();
  auto p = Parameters::from_env(md, {{"name", "a"}});
  ASSERT_TRUE(p) << p.error().reason;
  EXPECT_EQ(p->string("name"), "a");
  EXPECT_EQ(p->integer("count"), 3);
  EXPECT_FALSE(p->boolean("flag"));
  EXPECT_EQ(p->string("mode"), "fast");
  EXPECT_TRUE(p->is_set("name"));
  EXPECT_FALSE(p->is_set("count"));
  EXPECT_TRUE(p->has("count"));
}

TEST(Parameters, MissingRequiredParameterIsNotConfiguredAndNamesIt) {
  const Metadata md = fixture();
  for (const EnvMap& env : {EnvMap{}, EnvMap{{"name", "  "}}}) {
    auto p = Parameters::from_env(md, env);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().status, OcfStatus::err_configured);
    EXPECT_NE(p.error().reason.find("required parameter name is not set"), std::string::npos) << p.error().reason;
  }
}

TEST(Parameters, BadTypedValuesAreNotConfiguredAndSayWhatIsAllowed) {
  const Metadata md = fixture();
  struct Case { const char* param; const char* value; const char* says; };
  for (const Case& c : {Case{"count", "3x", "expected an integer"},
                        Case{"flag", "perhaps", "expected a boolean"},
                        Case{"mode", "slow", "expected one of fast, safe"}}) {
    auto p = Parameters::from_env(md, {{"name", "a"}, {c.param, c.value}});
    ASSERT_FALSE(p) << c.param;
    EXPECT_EQ(p.error().status, OcfStatus::err_configured);
    EXPECT_NE(p.error().reason.find(std::string("parameter ") + c.param + "='" + c.value + "'"), std::string::npos)
        << p.error().reason;
    EXPECT_NE(p.error().reason.find(c.says), std::string::npos) << p.error().reason;
  }
}

TEST(Parameters, TypedValuesAreReadTrimmedButStringsKeepTheirSpaces) {
  const Metadata md = fixture();
  auto p = Parameters::from_env(md, {{"name", " /srv/my dir "}, {"count", " 12 "}, {"flag", "Yes"}, {"mode", "safe"}});
  ASSERT_TRUE(p) << p.error().reason;
  EXPECT_EQ(p->string("name"), " /srv/my dir ");
  EXPECT_EQ(p->integer("count"), 12);
  EXPECT_TRUE(p->boolean("flag"));
  EXPECT_EQ(p->string("mode"), "safe");
}

TEST(Parameters, LenientParsingKeepsTheGoodValuesAndListsTheProblems) {
  const Metadata md = fixture();
  std::vector<std::string> problems;
  Parameters p = Parameters::lenient(md, {{"count", "many"}, {"mode", "safe"}}, &problems);
  EXPECT_EQ(problems.size(), 2u);  // name missing, count bad
  EXPECT_FALSE(p.has("name"));
  EXPECT_EQ(p.string("mode"), "safe");
}

TEST(Parameters, LenientParsingPutsTheDefaultInPlaceOfABadValue) {
  const Metadata md = fixture();
  std::vector<std::string> problems;
  Parameters p = Parameters::lenient(md, {{"name", "a"}, {"count", "many"}, {"flag", "maybe"}}, &problems);
  EXPECT_EQ(problems.size(), 2u);
  EXPECT_TRUE(p.has("count"));
  EXPECT_FALSE(p.is_set("count"));   // the default, not the user's value
  EXPECT_EQ(p.integer("count"), 3);
  EXPECT_FALSE(p.boolean("flag"));
  EXPECT_FALSE(Parameters::from_env(md, {{"name", "a"}, {"count", "many"}}));   // strict still refuses
}

TEST(Parameters, AskingForAnUndeclaredOrMistypedParameterIsABug) {
  const Metadata md = fixture();
  auto p = Parameters::from_env(md, {{"name", "a"}});
  ASSERT_TRUE(p);
  EXPECT_THROW((void)p->string("nope"), std::logic_error);
  EXPECT_THROW((void)p->integer("name"), std::logic_error);
  EXPECT_NO_THROW((void)p->string("mode"));  // a select reads as a string
}

