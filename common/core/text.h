// Small pure text helpers shared by the parsers. No allocation surprises,
// no locale: OCF values and kernel files are ASCII.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hanfs::text {

std::string_view trim(std::string_view s);
// Splits on runs of ASCII whitespace; no empty words.
std::vector<std::string> split_words(std::string_view s);
// Splits on `sep`; keeps empty fields.
std::vector<std::string> split(std::string_view s, char sep);
std::vector<std::string> lines(std::string_view s);  // without the '\n'
std::string lowercase(std::string_view s);

// Whole-string decimal integer with optional sign; nothing else allowed
// (no spaces, no "0x", no trailing junk, no overflow).
std::optional<std::int64_t> parse_int(std::string_view s);
// A whole IPv4 (dotted quad, 0-255, no leading zeros) or IPv6 address, as
// inet_pton(3) reads it: the syntax ip(8) and exports(5) take.
bool valid_ipv4(std::string_view s);
bool valid_ipv6(std::string_view s);
// Pacemaker's booleans: 1/0, yes/no, true/false, on/off, y/n (any case).
std::optional<bool> parse_bool(std::string_view s);

// Decodes the \ooo escapes the kernel and nfs-utils write for space, tab,
// newline and backslash (mountinfo, etab, the export cache); other
// backslashes stay as they are.
std::string unescape_octal(std::string_view s);

// Words of a line the way exports(5) and the agents' list parameters write
// them: whitespace separates, "double quotes" group, a backslash escapes
// \\, \", a space or a tab, and \ooo is an octal byte. With `comments`, an
// unquoted '#' at the start of a word ends the line.
struct QuotedWords {
  std::vector<std::string> words;
  bool unclosed_quote = false;
};
QuotedWords split_quoted_words(std::string_view s, bool comments = false);

// [A-Za-z0-9_.-]: what a state key, or a byte of a safe file name, may be.
bool is_name_char(char c);

// How an instance or host name becomes (part of) a name on disk: state
// files under HA_RSCTMP, nfs-notify's directories on shared storage. Every
// byte outside [A-Za-z0-9_.-] becomes '_' (so no '/', no blank), one for
// one. These names outlive an upgrade, so the rule must never change. A
// name used as a `whole` path component that would be empty or start with
// '.' (".", "..", a hidden file) also gets a '_' in front; `inside` a longer
// name ("hanfs-AGENT-" + it + ".state") it cannot be either.
enum class NameUse { inside, whole };
std::string safe_file_name(std::string_view name, NameUse use);

// Replaces newlines and other control characters by spaces, so a message
// stays one line (exit reasons, logs).
std::string one_line(std::string_view s);

// A given value as an exit reason quotes it: one line, at most 80
// characters, "..." where it was cut.
std::string shown(std::string_view value);

}  // namespace hanfs::text
