// The metadata the build compiles into an agent (tools/metadata-compile) is
// what parsing the XML at run time gave: same declarations, same answers.
// unit_tests has the fixture's metadata compiled in (CMakeLists.txt).
#include "common/ocf/compiled_metadata.h"

#include <gtest/gtest.h>

#include "common/ocf/embedded_metadata.h"
#include "tests/unit/metadata_files.h"

using namespace hanfs;

TEST(CompiledMetadata, EmbedsTheFixtureXmlByteForByte) {
  EXPECT_EQ(embedded_metadata(),
            read_whole_file(std::string(HANFS_SOURCE_DIR) + "/tests/unit/fixtures/test-agent.xml"));
}

TEST(CompiledMetadata, DeclaresWhatParseMetadataReadsFromTheSameXml) {
  auto compiled = compiled_metadata_for(embedded_metadata());
  ASSERT_TRUE(compiled) << compiled.error().reason;
  auto parsed = parse_metadata(embedded_metadata());
  ASSERT_TRUE(parsed);
  const Metadata& md = (*compiled)->metadata;
  EXPECT_EQ(md.agent, parsed->agent);
  EXPECT_EQ(md.xml, parsed->xml);
  EXPECT_EQ(md.parameters, parsed->parameters);
  EXPECT_EQ(md.actions, parsed->actions);
  EXPECT_FALSE(md.parameters.empty());
}

TEST(CompiledMetadata, AnswersBothDialectsAsRenderMetadataDoes) {
  auto compiled = compiled_metadata_for(embedded_metadata());
  ASSERT_TRUE(compiled);
  auto parsed = parse_metadata(embedded_metadata());
  ASSERT_TRUE(parsed);
  EXPECT_EQ((*compiled)->render(OcfDialect::v1_1), *render_metadata(*parsed, OcfDialect::v1_1));
  EXPECT_EQ((*compiled)->render(OcfDialect::v1_0), *render_metadata(*parsed, OcfDialect::v1_0));
}

TEST(CompiledMetadata, RefusesADefinitionWhoseXmlIsNotTheCompiledOne) {
  auto other = compiled_metadata_for("<resource-agent name=\"other\"/>");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().status, OcfStatus::err_generic);
  EXPECT_NE(other.error().reason.find("hanfs-test-agent"), std::string::npos) << other.error().reason;
}
