#include "common/ocf/metadata.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/valid.h>

#include "tests/unit/metadata_files.h"

using namespace hanfs;

namespace {

constexpr const char* ocf_1_1_rng = "/usr/share/pcs/data/ocf-1.1.rng";
constexpr const char* ra_api_1_dtd = "/usr/share/resource-agents/ra-api-1.dtd";

void quiet(void*, xmlError*) {}

// True when `xml` is valid against the RelaxNG schema at `rng`.
bool valid_against_rng(const std::string& xml, const char* rng) {
  xmlSetStructuredErrorFunc(nullptr, quiet);
  xmlRelaxNGParserCtxtPtr pctx = xmlRelaxNGNewParserCtxt(rng);
  xmlRelaxNGPtr schema = xmlRelaxNGParse(pctx);
  xmlRelaxNGValidCtxtPtr vctx = xmlRelaxNGNewValidCtxt(schema);
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "m.xml", nullptr, XML_PARSE_NONET);
  const bool ok = schema && doc && xmlRelaxNGValidateDoc(vctx, doc) == 0;
  xmlFreeDoc(doc);
  xmlRelaxNGFreeValidCtxt(vctx);
  xmlRelaxNGFree(schema);
  xmlRelaxNGFreeParserCtxt(pctx);
  return ok;
}

// True when `xml` is valid against the DTD at `dtd_path` (what
// `xmllint --valid`, and so ocf-tester, checks).
bool valid_against_dtd(const std::string& xml, const char* dtd_path) {
  xmlSetStructuredErrorFunc(nullptr, quiet);
  xmlDtdPtr dtd = xmlParseDTD(nullptr, reinterpret_cast<const xmlChar*>(dtd_path));
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "m.xml", nullptr, XML_PARSE_NONET);
  xmlValidCtxtPtr ctx = xmlNewValidCtxt();
  const bool ok = dtd && doc && xmlValidateDtd(ctx, doc, dtd) == 1;
  xmlFreeValidCtxt(ctx);
  xmlFreeDoc(doc);
  xmlFreeDtd(dtd);
  return ok;
}

class EveryMetadataFile : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST(MetadataSchemas, AreInstalled) {
  ASSERT_TRUE(std::filesystem::exists(ocf_1_1_rng)) << "install pcs (.ci/install-deps)";
  ASSERT_TRUE(std::filesystem::exists(ra_api_1_dtd)) << "install resource-agents (.ci/install-deps)";
}

TEST_P(EveryMetadataFile, ParsesAndPassesOurOwnChecks) {
  auto md = parse_metadata(read_whole_file(GetParam()));
  ASSERT_TRUE(md) << md.error().reason;
  EXPECT_FALSE(md->parameters.empty());
}

TEST_P(EveryMetadataFile, ValidatesAgainstTheOcf11RelaxNg) {
  EXPECT_TRUE(valid_against_rng(read_whole_file(GetParam()), ocf_1_1_rng));
}

TEST_P(EveryMetadataFile, Its10RenderingValidatesAgainstRaApi1Dtd) {
  auto md = parse_metadata(read_whole_file(GetParam()));
  ASSERT_TRUE(md);
  auto rendered = render_metadata(*md, OcfDialect::v1_0);
  ASSERT_TRUE(rendered);
  EXPECT_TRUE(valid_against_dtd(*rendered, ra_api_1_dtd)) << *rendered;
  EXPECT_NE(rendered->find("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Metadata, EveryMetadataFile, ::testing::ValuesIn(all_metadata_files()),
                         [](const auto& param_info) {
                           std::string name = std::filesystem::path(param_info.param).stem().string();
                           for (char& c : name)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

namespace {
std::string fixture() {
  return read_whole_file(std::string(HANFS_SOURCE_DIR) + "/tests/unit/fixtures/test-agent.xml");
}
}  // namespace

TEST(Metadata, DeclaresTypesDefaultsUniqueGroupsAndMonitorDepths) {
  auto md = parse_metadata(fixture());
  ASSERT_TRUE(md);
  EXPECT_EQ(md->agent, "hanfs-test-agent");
  const ParameterDecl* name = md->parameter("name");
  ASSERT_NE(name, nullptr);
  EXPECT_TRUE(name->required);
  EXPECT_EQ(name->unique_group, "name");
  const ParameterDecl* mode = md->parameter("mode");
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(mode->type, ParameterDecl::Type::select);
  EXPECT_EQ(mode->options, (std::vector<std::string>{"fast", "safe"}));
  EXPECT_EQ(mode->default_value, "fast");
  EXPECT_TRUE(md->parameter("note")->reloadable);
  EXPECT_EQ(md->monitor_depths(), (std::vector<int>{0, 10}));
  EXPECT_TRUE(md->declares_action("reload-agent"));
  EXPECT_FALSE(md->declares_action("promote"));
}

TEST(Metadata, Rendering11IsTheDeclarationAsWritten) {
  auto md = parse_metadata(fixture());
  ASSERT_TRUE(md);
  EXPECT_EQ(*render_metadata(*md, OcfDialect::v1_1), fixture());
}

TEST(Metadata, Rendering10DropsWhatTheDtdDoesNotKnowAndSpellsOutSelectOptions) {
  auto md = parse_metadata(fixture());
  ASSERT_TRUE(md);
  const std::string xml = *render_metadata(*md, OcfDialect::v1_0);
  for (const char* gone : {"unique-group=", "reloadable=", "\"reload-agent\"", "type=\"select\"", "<option"})
    EXPECT_EQ(xml.find(gone), std::string::npos) << gone;
  EXPECT_NE(xml.find("<version>1.0</version>"), std::string::npos);
  EXPECT_NE(xml.find("Allowed values: fast, safe."), std::string::npos);
  EXPECT_NE(xml.find("unique=\"1\""), std::string::npos);
}

TEST(Metadata, BrokenDeclarationsAreRefusedNamingTheProblem) {
  const std::string head = "<resource-agent name=\"x\"><version>1.1</version><parameters>";
  const std::string tail =
      "</parameters><actions><action name=\"start\" timeout=\"1s\"/><action name=\"stop\" timeout=\"1s\"/>"
      "<action name=\"monitor\" timeout=\"1s\"/><action name=\"meta-data\" timeout=\"1s\"/></actions>"
      "</resource-agent>";
  struct Case { std::string parameters; std::string expect; };
  const std::vector<Case> cases = {
      {"<parameter name=\"p\"/>", "has no <content>"},
      {"<parameter name=\"p\"><content type=\"float\"/></parameter>", "unknown content type"},
      {"<parameter name=\"p\"><content type=\"select\"/></parameter>", "select without options"},
      {"<parameter name=\"p\"><content type=\"integer\" default=\"x\"/></parameter>", "not an integer"},
      {"<parameter name=\"p\"><content type=\"boolean\" default=\"x\"/></parameter>", "not a boolean"},
      {"<parameter name=\"p\" required=\"1\"><content type=\"string\" default=\"x\"/></parameter>", "required and has a default"},
      {"<parameter name=\"p q\"><content type=\"string\"/></parameter>", "name must be"},
      {"<parameter name=\"p\"><content type=\"string\"/></parameter><parameter name=\"p\"><content type=\"string\"/></parameter>", "declared twice"},
  };
  for (const auto& c : cases) {
    auto md = parse_metadata(head + c.parameters + tail);
    ASSERT_FALSE(md) << c.parameters;
    EXPECT_NE(md.error().reason.find(c.expect), std::string::npos) << md.error().reason;
  }
  EXPECT_FALSE(parse_metadata("<resource-agent"));
  EXPECT_FALSE(parse_metadata("<other name=\"x\"/>"));
  auto no_stop = parse_metadata(
      "<resource-agent name=\"x\"><actions><action name=\"start\"/></actions></resource-agent>");
  ASSERT_FALSE(no_stop);
  EXPECT_NE(no_stop.error().reason.find("'stop' missing"), std::string::npos);
}
