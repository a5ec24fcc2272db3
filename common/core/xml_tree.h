// Reading XML text with libxml2: the one loader, and the few tree walks its
// parsers need (the agents' metadata at build time, the man pages, the CIB
// in hanfs-check). Library hanfs_xml: the agents never link it or libxml2.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"

namespace hanfs::xml {

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

// Parses `text` with no network access, no entity expansion and libxml2's
// own depth and size limits, printing nothing; err_generic "<what> is not
// well-formed XML: <libxml2's message>".
Result<Doc> read(std::string_view text, std::string_view what);

const xmlChar* X(const char* s);
std::string as_string(const xmlChar* s);
// nullopt when the attribute is not there.
std::optional<std::string> attribute(xmlNode* node, const char* name);
bool is_element(const xmlNode* node, const char* name);
// The element children named `name` (none for a null parent), and the first.
std::vector<xmlNode*> children(xmlNode* parent, const char* name);
xmlNode* child(xmlNode* parent, const char* name);
// The text inside `node` ("" for a null node).
std::string content_of(xmlNode* node);

}  // namespace hanfs::xml
