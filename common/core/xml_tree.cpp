#include "common/core/xml_tree.h"

#include <libxml/parser.h>

#include "common/core/text.h"

namespace hanfs::xml {

namespace {
// libxml2 prints parse errors to stderr by default; the caller reports them.
void ignore_structured_error(void*, xmlError*) {}
}  // namespace

Result<Doc> read(std::string_view text, std::string_view what) {
  xmlSetStructuredErrorFunc(nullptr, ignore_structured_error);
  xmlResetLastError();
  // No XML_PARSE_NOENT (entities stay unexpanded), no XML_PARSE_HUGE
  // (libxml2's depth and size limits stay), no network.
  Doc doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "input.xml", nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOBLANKS));
  if (!doc) {
    const xmlError* error = xmlGetLastError();
    std::string why = error && error->message ? text::one_line(error->message) : "unknown error";
    return fail(OcfStatus::err_generic, std::string(what) + " is not well-formed XML: " + why);
  }
  return doc;
}

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

std::string as_string(const xmlChar* s) {
  return s ? std::string(reinterpret_cast<const char*>(s)) : std::string();
}

std::optional<std::string> attribute(xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, X(name));
  if (!value) return std::nullopt;
  std::string out = as_string(value);
  xmlFree(value);
  return out;
}

bool is_element(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && xmlStrcmp(node->name, X(name)) == 0;
}

std::vector<xmlNode*> children(xmlNode* parent, const char* name) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next)
    if (is_element(c, name)) out.push_back(c);
  return out;
}

xmlNode* child(xmlNode* parent, const char* name) {
  for (xmlNode* c = parent ? parent->children : nullptr; c; c = c->next)
    if (is_element(c, name)) return c;
  return nullptr;
}

std::string content_of(xmlNode* node) {
  if (!node) return {};
  xmlChar* c = xmlNodeGetContent(node);
  std::string out = as_string(c);
  xmlFree(c);
  return out;
}

}  // namespace hanfs::xml
