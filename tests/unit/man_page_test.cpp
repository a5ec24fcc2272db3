// The man pages: every agent's generated ocf_hanfs_<agent>(7) (the build's
// <build>/man/) describes every parameter and action its metadata declares,
// and the renderer's escaping keeps text from becoming roff requests.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tools/man-page/man_page.h"
#include "common/ocf/metadata.h"
#include "tests/unit/metadata_files.h"

namespace {

using hanfs::Metadata;

std::vector<Metadata> agents_metadata() {
  std::vector<Metadata> out;
  const auto files = all_metadata_files();
  for (auto it = files.begin() + 1; it != files.end(); ++it) {   // [0] is the test fixture
    auto md = hanfs::parse_metadata(read_whole_file(*it));
    EXPECT_TRUE(md) << *it << ": " << md.error().reason;
    if (md) out.push_back(std::move(*md));
  }
  return out;
}

std::string page_of(const Metadata& md) {
  const std::string path = std::string(HANFS_MAN_DIR) + "/ocf_hanfs_" + md.agent + ".7";
  EXPECT_TRUE(std::filesystem::exists(path)) << path << " was not generated";
  return read_whole_file(path);
}

// The roff text of one parameter's entry: from its .TP to the next .TP/.SH.
std::string parameter_entry(const std::string& page, const std::string& name) {
  const std::string head = ".TP\n\\fB" + name + "\\fR\n";
  const auto start = page.find(head);
  if (start == std::string::npos) return {};
  auto end = page.find("\n.TP\n", start + head.size());
  end = std::min(end, page.find("\n.SH ", start + head.size()));
  return page.substr(start, end - start);
}

std::string roff_dashes(std::string s) {
  for (std::size_t i = 0; (i = s.find('-', i)) != std::string::npos; i += 2) s.insert(i, "\\");
  return s;
}

TEST(ManPages, ExistForEveryAgentOfTheProject) {
  ASSERT_FALSE(agents_metadata().empty()) << "no metadata/*.xml";
  for (const auto& md : agents_metadata())
    EXPECT_NE(page_of(md).find(".SH NAME\nocf_hanfs_" + roff_dashes(md.agent) + " \\- "), std::string::npos)
        << md.agent;
}

TEST(ManPages, DescribeEveryParameterWithTypeDefaultRequiredAndUnique) {
  for (const auto& md : agents_metadata()) {
    const std::string page = page_of(md);
    const auto parameters_at = page.find(".SH SUPPORTED PARAMETERS\n");
    ASSERT_NE(parameters_at, std::string::npos) << md.agent;
    for (const auto& p : md.parameters) {
      const std::string entry = parameter_entry(page, p.name);
      ASSERT_FALSE(entry.empty()) << md.agent << ": no entry for parameter " << p.name;
      EXPECT_GT(page.find(entry), parameters_at) << md.agent << ": " << p.name;
      EXPECT_NE(entry.find(p.required ? "(required, " : "(optional, "), std::string::npos) << entry;
      EXPECT_NE(entry.find(", " + roff_dashes(std::string(hanfs::type_name(p.type)))), std::string::npos) << entry;
      EXPECT_NE(entry.find(p.default_value ? ", default \"" + roff_dashes(*p.default_value) + "\"" : ", no default"),
                std::string::npos)
          << entry;
      if (!p.unique_group.empty()) {
        EXPECT_NE(entry.find("unique in group \"" + roff_dashes(p.unique_group) + "\""), std::string::npos) << entry;
      }
      for (const auto& option : p.options) EXPECT_NE(entry.find(roff_dashes(option)), std::string::npos) << entry;
    }
  }
}

TEST(ManPages, ListEveryActionWithItsDefaultTimeoutAndInterval) {
  for (const auto& md : agents_metadata()) {
    const std::string page = page_of(md);
    const auto actions_at = page.find(".SH SUPPORTED ACTIONS\n");
    ASSERT_NE(actions_at, std::string::npos) << md.agent;
    for (const auto& a : md.actions) {
      std::string line = "Suggested minimum timeout: " + a.timeout + ".";
      if (!a.interval.empty()) line += " Suggested interval: " + a.interval + ".";
      EXPECT_NE(page.find(".TP\n\\fB" + roff_dashes(a.name) + "\\fR\n", actions_at), std::string::npos)
          << md.agent << ": " << a.name;
      EXPECT_NE(page.find(line, actions_at), std::string::npos) << md.agent << ": " << a.name << ": " << line;
    }
  }
}

TEST(ManPages, PcsExampleCreatesTheAgentWithEveryRequiredParameter) {
  for (const auto& md : agents_metadata()) {
    const std::string page = page_of(md);
    const auto example_at = page.find(".SH EXAMPLE PCS\n");
    ASSERT_NE(example_at, std::string::npos) << md.agent;
    EXPECT_NE(page.find("pcs resource create ", example_at), std::string::npos);
    EXPECT_NE(page.find(" ocf:hanfs:" + roff_dashes(md.agent) + " \\e\n", example_at), std::string::npos) << md.agent;
    for (const auto& p : md.parameters)
      if (p.required) {
        EXPECT_NE(page.find("  " + p.name + "=", example_at), std::string::npos) << p.name;
      }
  }
}

TEST(ManPageRendering, TextCannotStartRoffRequestsAndDashesStayAscii) {
  const std::string xml = R"(<?xml version="1.0"?>
<resource-agent name="x-agent"><version>1.1</version>
<longdesc lang="en">
.so /etc/passwd
'br and a \fB backslash

--option in a second paragraph
</longdesc><shortdesc lang="en">X</shortdesc>
<parameters/><actions><action name="start" timeout="1s"/><action name="stop" timeout="1s"/>
<action name="monitor" timeout="1s" interval="5s"/><action name="meta-data" timeout="1s"/></actions>
</resource-agent>)";
  auto page = hanfs::render_man_page(xml, "1.0");
  ASSERT_TRUE(page) << page.error().reason;
  EXPECT_NE(page->find(".PP\n\\&.so /etc/passwd 'br and a \\efB backslash\n.PP\n\\-\\-option in a second paragraph\n"),
            std::string::npos)
      << *page;
}

TEST(ManPageRendering, RefusesMetadataTheAgentsWouldRefuse) {
  auto page = hanfs::render_man_page("<resource-agent name=\"x\"><actions/></resource-agent>", "1.0");
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().reason.find("required action"), std::string::npos) << page.error().reason;
}

}  // namespace
