// UUIDs as NFS uses them for fsids: parsed from the spellings exportfs and
// the kernel write, printed in the canonical 8-4-4-4-12 form, and derived
// by name (version 5, SHA-1, RFC 9562) so that every node computes the same
// one from the same inputs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hanfs {

using Uuid = std::array<std::uint8_t, 16>;

// 32 hex digits, any case, optionally grouped by '-' (8-4-4-4-12, as blkid
// and exportfs write it) or ':' (four groups of 8, as the kernel's export
// cache writes it). Anything else: nullopt.
std::optional<Uuid> parse_uuid(std::string_view text);
// Lowercase 8-4-4-4-12.
std::string format_uuid(const Uuid& uuid);
// RFC 9562 version 5: SHA-1 over namespace bytes + name, version and variant set.
Uuid name_based_uuid(const Uuid& name_space, std::string_view name);

// SHA-1 digest (exposed for tests).
std::array<std::uint8_t, 20> sha1(std::string_view data);

}  // namespace hanfs
