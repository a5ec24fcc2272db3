// hanfs-metadata-compile METADATA.xml OUTPUT.cpp: compiles an agent's
// metadata into C++ (see common/ocf/compiled_metadata.h). The XML is parsed and
// checked here with the same parse_metadata() the tests exercise, and the
// OCF 1.0 answer rendered with the same render_metadata(), so the agent's
// answers are byte for byte what parsing at run time gave. A metadata file
// that does not parse fails the build. Run by hanfs_add_agent().
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "common/ocf/metadata.h"

namespace {

// A C++ string literal for any bytes: octal escapes are at most three digits,
// so an escape never swallows the character after it.
std::string literal(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n\"\n    \"";   // one source line per text line, for a readable diff
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string literal_or_nullopt(const std::optional<std::string>& s) {
  return s ? "std::string(" + literal(*s) + ")" : "std::nullopt";
}

std::string parameter(const hanfs::ParameterDecl& p) {
  std::string options;
  for (const auto& o : p.options) options += (options.empty() ? "" : ", ") + literal(o);
  return "      hanfs::ParameterDecl{\n"
         "          .name = " + literal(p.name) + ",\n"
         "          .type = hanfs::ParameterDecl::Type::" + std::string(hanfs::type_name(p.type)) + ",\n"
         "          .required = " + (p.required ? "true" : "false") + ",\n"
         "          .reloadable = " + (p.reloadable ? "true" : "false") + ",\n"
         "          .deprecated = " + (p.deprecated ? "true" : "false") + ",\n"
         "          .unique_group = " + literal(p.unique_group) + ",\n"
         "          .default_value = " + literal_or_nullopt(p.default_value) + ",\n"
         "          .options = {" + options + "},\n"
         "          .shortdesc = " + literal(p.shortdesc) + "},\n";
}

std::string action(const hanfs::ActionDecl& a) {
  return "      hanfs::ActionDecl{.name = " + literal(a.name) + ", .timeout = " + literal(a.timeout) +
         ", .interval = " + literal(a.interval) +
         ", .depth = " + (a.depth ? "std::optional<int>(" + std::to_string(*a.depth) + ")" : "std::nullopt") + "},\n";
}

std::string compile(const std::string& input, const hanfs::Metadata& md, const std::string& ocf_1_0) {
  std::string out = "// Generated from " + input + " by hanfs-metadata-compile; do not edit.\n"
                    "#include \"common/ocf/compiled_metadata.h\"\n"
                    "#include \"common/ocf/embedded_metadata.h\"\n\n"
                    "namespace {\n\n"
                    "constexpr std::string_view xml =\n    " + literal(md.xml) + ";\n\n"
                    "constexpr std::string_view ocf_1_0 =\n    " + literal(ocf_1_0) + ";\n\n"
                    "const hanfs::CompiledMetadata compiled{\n"
                    "  .metadata = hanfs::Metadata{\n"
                    "    .agent = " + literal(md.agent) + ",\n"
                    "    .xml = std::string(xml),\n"
                    "    .parameters = {\n";
  for (const auto& p : md.parameters) out += parameter(p);
  out += "    },\n    .actions = {\n";
  for (const auto& a : md.actions) out += action(a);
  out += "    },\n  },\n  .ocf_1_0 = ocf_1_0,\n};\n\n"
         "[[maybe_unused]] const bool registered = hanfs::register_compiled_metadata(compiled);\n\n"
         "}  // namespace\n\n"
         "std::string_view hanfs::embedded_metadata() { return xml; }\n";
  return out;
}

// The agent's name and its parameters' names, typed as declared
// (parameters.h): what the agent's code reads them by.
std::string names_header(const std::string& input, const hanfs::Metadata& md, const std::string& space) {
  std::string out = "// Generated from " + input + " by hanfs-metadata-compile; do not edit.\n"
                    "// The agent's name and parameter names, typed as its metadata declares\n"
                    "// them: a misspelt name or a read of the wrong type does not compile.\n"
                    "#pragma once\n\n"
                    "#include <string_view>\n\n"
                    "#include \"common/ocf/parameters.h\"\n\n"
                    "namespace " + space + " {\n\n"
                    "inline constexpr std::string_view agent_name = " + literal(md.agent) + ";\n\n"
                    "namespace param {\n";
  for (const auto& p : md.parameters) {
    const char* type = p.type == hanfs::ParameterDecl::Type::integer   ? "IntegerParameter"
                       : p.type == hanfs::ParameterDecl::Type::boolean ? "BooleanParameter"
                                                                       : "TextParameter";
    out += "inline constexpr hanfs::" + std::string(type) + " " + p.name + "{" + literal(p.name) + "};\n";
  }
  return out + "}  // namespace param\n\n}  // namespace " + space + "\n";
}

// Written to a temporary and renamed only when different: an unchanged
// output does not recompile the agent, and a failed run leaves nothing half.
bool write_if_changed(const std::string& output, const std::string& text) {
  std::ifstream old(output, std::ios::binary);
  std::ostringstream old_text;
  old_text << old.rdbuf();
  if (old && old_text.str() == text) return true;
  const std::string temp = output + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << "hanfs-metadata-compile: cannot write " << temp << "\n";
      return false;
    }
  }
  if (std::rename(temp.c_str(), output.c_str()) != 0) {
    std::perror(("hanfs-metadata-compile: " + output).c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: hanfs-metadata-compile METADATA.xml OUTPUT.cpp\n"
                 "       hanfs-metadata-compile METADATA.xml OUTPUT.h NAMESPACE\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "hanfs-metadata-compile: cannot read " << argv[1] << "\n";
    return 1;
  }
  std::ostringstream xml;
  xml << in.rdbuf();
  auto md = hanfs::parse_metadata(xml.str());
  if (!md) {
    std::cerr << argv[1] << ": " << md.error().reason << "\n";
    return 1;
  }
  auto ocf_1_0 = hanfs::render_metadata(*md, hanfs::OcfDialect::v1_0);
  if (!ocf_1_0) {
    std::cerr << argv[1] << ": " << ocf_1_0.error().reason << "\n";
    return 1;
  }
  if (argc == 4) return write_if_changed(argv[2], names_header(argv[1], *md, argv[3])) ? 0 : 1;
  return write_if_changed(argv[2], compile(argv[1], *md, *ocf_1_0)) ? 0 : 1;
}
