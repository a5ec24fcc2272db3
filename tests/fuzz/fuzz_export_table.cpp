// Fuzzes the export table parsers and the client spec, fsid and UUID
// parsers: any bytes parse or are refused, never crash; what parses keeps
// its invariants (an accepted client spec matches its own table name, an
// fsid prints as text that parses back to it).
#include <cstdint>
#include <string>
#include <string_view>

#include "common/nfs/export_table.h"
#include "common/core/text.h"
#include "common/nfs/uuid.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const auto& e : hanfs::parse_etab(input)) (void)hanfs::entry_fsid(e);
  for (const auto& e : hanfs::parse_exports_file(input)) (void)e.option("fsid");
  for (const auto& e : hanfs::parse_export_cache(input)) (void)hanfs::entry_fsid(e);
  for (const auto& word : hanfs::text::split_words(input.substr(0, 512))) {
    if (auto spec = hanfs::parse_client_spec(word)) {
      if (!hanfs::same_client(*spec, spec->table_name)) __builtin_trap();
      (void)hanfs::export_target(spec->table_name, "/srv/x");
    }
    if (auto fsid = hanfs::parse_fsid(word)) {
      auto again = hanfs::parse_fsid(fsid->text());
      if (!again || !(*again == *fsid)) __builtin_trap();
    }
    if (auto uuid = hanfs::parse_uuid(word))
      if (hanfs::parse_uuid(hanfs::format_uuid(*uuid)) != uuid) __builtin_trap();
  }
  return 0;
}
