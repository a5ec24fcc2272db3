#include "tools/man-page/man_page.h"


#include <map>
#include <memory>
#include <set>
#include <vector>

#include "common/ocf/metadata.h"
#include "common/core/text.h"
#include "common/core/xml_tree.h"

namespace hanfs {
namespace {

// ---- the prose parse_metadata does not keep ---------------------------------
// (It keeps one flowed line per description; a page needs the paragraphs.)

struct Prose {
  std::string shortdesc;
  std::vector<std::string> longdesc;                                  // paragraphs
  std::map<std::string, std::vector<std::string>, std::less<>> parameter_longdesc;
};

using xml::child;
using xml::content_of;

// Blank lines separate paragraphs; the line breaks inside one are only the
// XML file's layout.
std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) out.push_back(std::move(current));
    current.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const auto words = text::split_words(std::string_view(text).substr(start, end - start));
    if (words.empty()) flush();
    for (const auto& w : words) current += (current.empty() ? "" : " ") + w;
    start = end + 1;
  }
  flush();
  return out;
}

Result<Prose> read_prose(std::string_view xml) {
  auto doc = xml::read(xml, "metadata");
  if (!doc) return fail(doc.error());
  xmlNode* root = xmlDocGetRootElement(doc->get());
  Prose prose;
  const auto short_lines = paragraphs(content_of(child(root, "shortdesc")));
  prose.shortdesc = short_lines.empty() ? "" : short_lines.front();
  prose.longdesc = paragraphs(content_of(child(root, "longdesc")));
  for (xmlNode* p : xml::children(child(root, "parameters"), "parameter"))
    if (auto name = xml::attribute(p, "name")) prose.parameter_longdesc[*name] = paragraphs(content_of(child(p, "longdesc")));
  return prose;
}

// ---- roff -------------------------------------------------------------------

// Text safe in a roff line: backslashes and hyphen-minus escaped (so that
// "--group" or "-d" copied from the page is still ASCII), and a leading
// control character neutralised.
std::string roff(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string attributes(const ParameterDecl& p) {
  std::string type(type_name(p.type));
  if (p.type == ParameterDecl::Type::select) {
    type += ":";
    for (std::size_t i = 0; i < p.options.size(); ++i) type += (i ? " | " : " ") + p.options[i];
  }
  std::string out = p.required ? "required" : "optional";
  out += ", " + type;
  out += p.default_value ? ", default \"" + *p.default_value + "\"" : ", no default";
  if (!p.unique_group.empty()) out += ", unique in group \"" + p.unique_group + "\"";
  if (p.reloadable) out += ", reloadable";
  if (p.deprecated) out += ", deprecated";
  return "(" + out + ")";
}

std::string action_text(const ActionDecl& a) {
  static const std::map<std::string, std::string, std::less<>> what = {
      {"start", "Starts the resource."},
      {"stop", "Stops the resource."},
      {"monitor", "Checks the resource's state."},
      {"validate-all", "Checks the configuration on this node."},
      {"meta-data", "Prints the agent's metadata (OCF 1.1, or ra-api-1.dtd to older callers)."},
      {"reload-agent", "Applies changed reloadable parameters without a restart."},
  };
  auto it = what.find(a.name);
  std::string out = it != what.end() ? it->second : "";
  if (a.depth && *a.depth > 0) out += " Depth (OCF_CHECK_LEVEL) " + std::to_string(*a.depth) + ".";
  if (!a.timeout.empty()) out += " Suggested minimum timeout: " + a.timeout + ".";
  if (!a.interval.empty()) out += " Suggested interval: " + a.interval + ".";
  return out;
}

// A value for a required parameter in the example: its first option, else
// its type, as resource-agents' pages write it.
std::string example_value(const ParameterDecl& p) {
  if (p.type == ParameterDecl::Type::select) return p.options.front();
  return std::string(type_name(p.type));
}

std::string pcs_example(const Metadata& md) {
  std::string id = "example_" + md.agent;
  for (char& c : id)
    if (c == '-') c = '_';
  std::vector<std::string> lines{"pcs resource create " + id + " ocf:hanfs:" + md.agent};
  for (const auto& p : md.parameters)
    if (p.required) lines.push_back("  " + p.name + "=" + example_value(p));
  bool first_op = true;
  for (const auto& a : md.actions) {
    if (a.name != "monitor" || a.interval.empty()) continue;
    std::string op = (first_op ? "  op " : "     ") + a.name + " interval=" + a.interval + " timeout=" + a.timeout;
    if (a.depth && *a.depth > 0) op += " OCF_CHECK_LEVEL=" + std::to_string(*a.depth);
    lines.push_back(op);
    first_op = false;
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += roff(lines[i]) + (i + 1 < lines.size() ? " \\e\n" : "\n");
  return out;
}

}  // namespace

Result<std::string> render_man_page(std::string_view metadata_xml, std::string_view version) {
  auto md = parse_metadata(metadata_xml);
  if (!md) return fail(md.error());
  auto prose = read_prose(metadata_xml);
  if (!prose) return fail(prose.error());

  const std::string name = "ocf_hanfs_" + md->agent;
  std::string out;
  // No date: the page is the same for the same metadata (reproducible builds).
  out += ".TH " + roff(upper(name)) + " 7 \"\" \"hanfs\\-agents " + roff(version) + "\" \"OCF resource agents\"\n";
  out += ".SH NAME\n" + roff(name) + " \\- " + roff(prose->shortdesc) + "\n";

  out += ".SH SYNOPSIS\n\\fB" + roff(md->agent) + "\\fR [";
  std::set<std::string, std::less<>> listed;
  for (const auto& a : md->actions)
    if (listed.insert(a.name).second) out += (listed.size() > 1 ? " | " : "") + roff(a.name);
  out += "]\n";

  out += ".SH DESCRIPTION\n";
  for (const auto& para : prose->longdesc) out += ".PP\n" + roff(para) + "\n";

  out += ".SH SUPPORTED PARAMETERS\n";
  for (const auto& p : md->parameters) {
    out += ".TP\n\\fB" + roff(p.name) + "\\fR\n" + roff(p.shortdesc) + "\n";
    for (const auto& para : prose->parameter_longdesc[p.name]) out += ".IP\n" + roff(para) + "\n";
    out += ".IP\n" + roff(attributes(p)) + "\n";
  }

  out += ".SH SUPPORTED ACTIONS\n.PP\nThis resource agent supports the following actions (operations):\n";
  for (const auto& a : md->actions) out += ".TP\n\\fB" + roff(a.name) + "\\fR\n" + roff(action_text(a)) + "\n";

  out += ".SH EXAMPLE PCS\n.PP\nThe following is an example configuration for a " + roff(md->agent) +
         " resource using pcs(8):\n.PP\n.nf\n.RS 4\n" + pcs_example(*md) + ".RE\n.fi\n";

  out += ".SH SEE ALSO\n.PP\npcs(8), crm_resource(8), exports(5), lvmsystemid(7);\n"
         "the administrator's guide, /usr/share/doc/hanfs\\-agents/admin\\-guide.md\n";
  return out;
}

}  // namespace hanfs
