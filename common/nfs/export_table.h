// The NFS server's export tables as text: pure parsers of /var/lib/nfs/etab
// (what exportfs wrote), /etc/exports and /etc/exports.d/*.exports (what the
// administrator wrote), and the kernel's export cache
// (/proc/net/rpc/nfsd.export/content, /proc/fs/nfsd/exports); plus the
// spellings an fsid and a client take in them. No I/O here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/ocf_status.h"
#include "common/nfs/uuid.h"

namespace hanfs {

// One (directory, client) export.
struct ExportEntry {
  std::string path;                  // escapes decoded
  std::string client;                // as the table spells it: "*", "::1", "fd00::/64", "@ng"
  std::vector<std::string> options;  // in order, e.g. "rw", "fsid=7"
  // Value of the last "key=value" option, nullopt when absent.
  std::optional<std::string> option(std::string_view key) const;
};

// etab: "path<TAB>client(options)" per line, path with \ooo escapes. With
// `only`, the entries of those paths alone (a monitor's few in a table of
// thousands).
std::vector<ExportEntry> parse_etab(std::string_view text, const std::vector<std::string>* only = nullptr);
// exports(5): comments, "quoted paths", \ooo escapes, backslash-newline
// continuations, "-opts" defaults, clients with or without (options); a
// line with no client exports to everyone (client "").
std::vector<ExportEntry> parse_exports_file(std::string_view text);
// The kernel's export cache: "path<TAB>domain(flags)"; lines starting with
// '#' (headers, and entries the kernel has flushed or marked invalid) are left
// out. client is the auth domain ("*,127.0.0.1").
std::vector<ExportEntry> parse_export_cache(std::string_view text);

// An fsid: a 32-bit number ("root" is 0) or a UUID.
struct Fsid {
  enum class Kind { number, uuid };
  Kind kind = Kind::number;
  std::uint32_t number = 0;
  Uuid uuid{};
  // "7" or "6b0f2e6a-1a9c-4d34-9b4e-1234567890ab".
  std::string text() const;
  bool operator==(const Fsid&) const = default;
};
// Strict: decimal digits (no sign, at most 4294967295), "root", or a UUID.
std::optional<Fsid> parse_fsid(std::string_view text);
// The fsid an entry carries: "fsid=" (tables, cache) or "uuid=" (cache).
std::optional<Fsid> entry_fsid(const ExportEntry& entry);

// A client as the user writes it in exports(5) syntax.
struct ClientSpec {
  enum class Kind { world, wildcard, netgroup, gss, ipv4, ipv4_network, ipv6, ipv6_network, host };
  Kind kind = Kind::world;
  std::string text;        // as given: "[fd00::]/64"
  std::string table_name;  // as etab spells it: "fd00::/64" (host names: as given)
};
// err_configured with a reason for anything exportfs would not take, or
// would take as something else (bare IPv6, whitespace, parentheses...).
Result<ClientSpec> parse_client_spec(std::string_view text);
// Whether a table entry's client is this spec (host names compare without case).
bool same_client(const ClientSpec& spec, std::string_view table_client);
// "client:path" as exportfs takes it, from a table's client name (IPv6
// addresses get their brackets back).
std::string export_target(std::string_view table_client, std::string_view path);

}  // namespace hanfs
