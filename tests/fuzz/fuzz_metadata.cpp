// Fuzzes the metadata parser and the parameter checks built on it: any
// bytes as metadata XML; when it parses, both renderings and a parameter
// set drawn from the rest of the input must work without crashing, and the
// 1.0 rendering must parse again.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>

#include "common/ocf/metadata.h"
#include "common/ocf/parameters.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  // Most of the input is the XML itself, so the seed corpus mutates well.
  const std::string xml = input.ConsumeRandomLengthString(size);
  auto metadata = hanfs::parse_metadata(xml);
  if (!metadata) return 0;
  auto v10 = hanfs::render_metadata(*metadata, hanfs::OcfDialect::v1_0);
  if (v10 && !hanfs::parse_metadata(*v10)) __builtin_trap();  // our own output must parse
  (void)hanfs::render_metadata(*metadata, hanfs::OcfDialect::v1_1);
  (void)hanfs::usage_text(*metadata);

  hanfs::EnvMap values;
  for (const auto& decl : metadata->parameters)
    if (input.ConsumeBool()) values[decl.name] = input.ConsumeRandomLengthString(64);
  (void)hanfs::Parameters::from_env(*metadata, values);
  auto lenient = hanfs::Parameters::lenient(*metadata, values);
  for (const auto& decl : metadata->parameters) {
    switch (decl.type) {
      case hanfs::ParameterDecl::Type::integer: (void)lenient.integer(decl.name); break;
      case hanfs::ParameterDecl::Type::boolean: (void)lenient.boolean(decl.name); break;
      default: (void)lenient.string(decl.name); break;
    }
  }
  return 0;
}
