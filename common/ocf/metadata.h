// An agent's OCF metadata: parsed once from the XML embedded at build time
// (metadata/<agent>.xml, OCF 1.1), then used to declare parameters and
// actions and to answer `meta-data` in the dialect the caller speaks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"

namespace hanfs {

struct ParameterDecl {
  enum class Type { string, integer, boolean, select, time };
  std::string name;
  Type type = Type::string;
  bool required = false;
  bool reloadable = false;
  bool deprecated = false;
  std::string unique_group;             // empty: none
  std::optional<std::string> default_value;
  std::vector<std::string> options;     // select only
  std::string shortdesc;

  bool operator==(const ParameterDecl&) const = default;
};

struct ActionDecl {
  std::string name;
  std::string timeout;
  std::string interval;                 // empty: none
  std::optional<int> depth;             // OCF_CHECK_LEVEL of a monitor

  bool operator==(const ActionDecl&) const = default;
};

struct Metadata {
  std::string agent;                    // <resource-agent name=...>
  std::string xml;                      // the source, OCF 1.1
  std::vector<ParameterDecl> parameters;
  std::vector<ActionDecl> actions;

  const ParameterDecl* parameter(std::string_view name) const;
  bool declares_action(std::string_view name) const;
  // The OCF_CHECK_LEVEL values monitor supports (always includes 0).
  std::vector<int> monitor_depths() const;
};

std::string_view type_name(ParameterDecl::Type type);

// parse_metadata and render_metadata need libxml2 (metadata_xml.cpp): the
// build runs them and compiles the result into each agent
// (compiled_metadata.h), so an agent parses no XML when it runs.

// Parses and checks the agent's own metadata: well-formed XML, a known content
// type per parameter, options for a select, defaults that fit their type.
// A failure names the offending parameter (err_generic: it is our bug).
Result<Metadata> parse_metadata(std::string_view xml);

enum class OcfDialect { v1_0, v1_1 };

// The `meta-data` answer. 1.1: the declaration as written. 1.0: the same
// agent in the ra-api-1.dtd dialect (DOCTYPE, elements in DTD order, select
// becomes string with its options spelled out in longdesc, and no
// unique-group, reloadable, deprecated, or actions the DTD does not know),
// so `xmllint --valid` and ocf-tester accept it.
Result<std::string> render_metadata(const Metadata& metadata, OcfDialect dialect);

// A short usage text from the declared actions.
std::string usage_text(const Metadata& metadata);

}  // namespace hanfs
