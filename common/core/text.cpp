#include "common/core/text.h"

#include <arpa/inet.h>

#include <charconv>

namespace hanfs::text {

namespace {
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) words.emplace_back(s.substr(start, i - start));
  }
  return words;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      fields.emplace_back(s.substr(start));
      return fields;
    }
    fields.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::vector<std::string> lines(std::string_view s) {
  std::vector<std::string> out = split(s, '\n');
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string_view digits = s;
  if (digits.front() == '+') digits.remove_prefix(1);  // from_chars refuses '+'
  const std::size_t first_digit = !digits.empty() && digits.front() == '-' ? 1 : 0;
  if (digits.size() <= first_digit || digits[first_digit] < '0' || digits[first_digit] > '9')
    return std::nullopt;
  if (first_digit && s.front() == '+') return std::nullopt;  // "+-1"
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

namespace {
bool parses_as(int family, std::string_view s) {
  const std::string z(s);   // inet_pton stops at a NUL: "1.2.3.4\0x" is no address
  unsigned char address[16];
  return z.find('\0') == std::string::npos && ::inet_pton(family, z.c_str(), address) == 1;
}
}  // namespace

bool valid_ipv4(std::string_view s) { return parses_as(AF_INET, s); }
bool valid_ipv6(std::string_view s) { return parses_as(AF_INET6, s); }

std::optional<bool> parse_bool(std::string_view s) {
  const std::string v = lowercase(trim(s));
  if (v == "1" || v == "yes" || v == "true" || v == "on" || v == "y") return true;
  if (v == "0" || v == "no" || v == "false" || v == "off" || v == "n") return false;
  return std::nullopt;
}

std::string unescape_octal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      const char a = s[i + 1], b = s[i + 2], c = s[i + 3];
      if (a >= '0' && a <= '3' && b >= '0' && b <= '7' && c >= '0' && c <= '7') {
        out += static_cast<char>((a - '0') * 64 + (b - '0') * 8 + (c - '0'));
        i += 3;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string one_line(std::string_view s) {
  std::string out(trim(s));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return out;
}

std::string shown(std::string_view value) {
  return one_line(value.substr(0, 80)) + (value.size() > 80 ? "..." : "");
}

QuotedWords split_quoted_words(std::string_view s, bool comments) {
  QuotedWords out;
  std::string word;
  bool in_word = false, quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      const char n = s[i + 1];
      if (n == '\\' || n == ' ' || n == '"' || n == '\t') {
        word += n;
        ++i;
        in_word = true;
        continue;
      }
      if (i + 3 < s.size() && n >= '0' && n <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' &&
          s[i + 3] <= '7') {
        word += static_cast<char>((n - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
        i += 3;
        in_word = true;
        continue;
      }
    }
    if (c == '"') {
      quoted = !quoted;
      in_word = true;
      continue;
    }
    if (!quoted && comments && c == '#' && !in_word) break;
    if (!quoted && is_space(c)) {
      if (in_word) out.words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    word += c;
    in_word = true;
  }
  if (in_word) out.words.push_back(std::move(word));
  out.unclosed_quote = quoted;
  return out;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

std::string safe_file_name(std::string_view name, NameUse use) {
  std::string safe(name);
  for (char& c : safe)
    if (!is_name_char(c)) c = '_';
  if (use == NameUse::whole && (safe.empty() || safe.front() == '.')) safe.insert(safe.begin(), '_');
  return safe;
}

}  // namespace hanfs::text
