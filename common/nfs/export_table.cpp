#include "common/nfs/export_table.h"

#include <arpa/inet.h>

#include <cstring>
#include <unordered_set>

#include "common/core/text.h"

namespace hanfs {

namespace {

// "client(opt,opt)" or "client": splits off the option list.
void split_client_options(std::string_view word, ExportEntry& entry) {
  const auto open = word.find('(');
  if (open == std::string_view::npos || word.back() != ')') {
    entry.client = std::string(word);
    return;
  }
  entry.client = std::string(word.substr(0, open));
  for (auto& opt : text::split(word.substr(open + 1, word.size() - open - 2), ','))
    if (!opt.empty()) entry.options.push_back(std::move(opt));
}

// "path<TAB>client(options)" lines, shared by etab and the kernel's cache.
// With `only`, a line whose path is not among them is skipped before its
// options are split (most of the cost in a table of thousands).
std::vector<ExportEntry> parse_tab_separated(std::string_view content, bool skip_comments,
                                             const std::vector<std::string>* only = nullptr) {
  std::vector<ExportEntry> entries;
  std::unordered_set<std::string_view> wanted;
  if (only) wanted.insert(only->begin(), only->end());
  while (!content.empty()) {
    const auto end = content.find('\n');
    const std::string_view line = content.substr(0, end);
    content = end == std::string_view::npos ? std::string_view() : content.substr(end + 1);
    if (line.empty() || (skip_comments && line.front() == '#')) continue;
    const auto tab = line.rfind('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 == line.size()) continue;
    std::string path = text::unescape_octal(line.substr(0, tab));
    if (only && !wanted.contains(path)) continue;
    ExportEntry entry;
    entry.path = std::move(path);
    split_client_options(line.substr(tab + 1), entry);
    entries.push_back(std::move(entry));
  }
  return entries;
}


bool all_of(std::string_view s, bool (*pred)(char)) {
  for (char c : s)
    if (!pred(c)) return false;
  return !s.empty();
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '.' || c == '_';
}
bool is_wildcard_char(char c) { return is_host_char(c) || c == '*' || c == '?' || c == '[' || c == ']'; }
bool is_ipv4_char(char c) { return is_digit(c) || c == '.'; }

using text::valid_ipv4;
using text::valid_ipv6;
bool valid_prefix(std::string_view s, int max) {
  if (s.empty() || s.size() > 3 || !all_of(s, is_digit)) return false;
  auto n = text::parse_int(s);
  return n && *n >= 0 && *n <= max;
}

Failure bad_client(std::string_view text, std::string_view why) {
  return fail(OcfStatus::err_configured,
              "client '" + text::one_line(text) + "' is not a valid client spec: " + std::string(why));
}

}  // namespace

std::optional<std::string> ExportEntry::option(std::string_view key) const {
  std::optional<std::string> value;
  for (const auto& opt : options)
    if (opt.size() > key.size() && opt.compare(0, key.size(), key) == 0 && opt[key.size()] == '=')
      value = opt.substr(key.size() + 1);
  return value;
}

std::vector<ExportEntry> parse_etab(std::string_view text, const std::vector<std::string>* only) {
  return parse_tab_separated(text, false, only);
}

std::vector<ExportEntry> parse_export_cache(std::string_view text) { return parse_tab_separated(text, true); }

std::vector<ExportEntry> parse_exports_file(std::string_view content) {
  std::vector<ExportEntry> entries;
  std::string logical;
  auto flush = [&entries](const std::string& line) {
    auto words = text::split_quoted_words(line, true).words;
    if (words.empty()) return;
    const std::string path = text::unescape_octal(words[0]);
    std::vector<std::string> defaults;
    bool any_client = false;
    for (std::size_t i = 1; i < words.size(); ++i) {
      const std::string& w = words[i];
      if (w.empty()) continue;   // a quoted "" names no client
      if (w.front() == '-') {
        defaults = text::split(std::string_view(w).substr(1), ',');
        continue;
      }
      ExportEntry entry;
      entry.path = path;
      split_client_options(w, entry);
      entry.options.insert(entry.options.begin(), defaults.begin(), defaults.end());
      entries.push_back(std::move(entry));
      any_client = true;
    }
    if (!any_client) {
      ExportEntry entry;
      entry.path = path;
      entry.options = defaults;
      entries.push_back(std::move(entry));
    }
  };
  for (const auto& raw : text::lines(content)) {
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\\') {
      logical.append(line.substr(0, line.size() - 1));
      logical += ' ';
      continue;
    }
    logical.append(line);
    flush(logical);
    logical.clear();
  }
  flush(logical);
  return entries;
}

std::string Fsid::text() const {
  return kind == Kind::number ? std::to_string(number) : format_uuid(uuid);
}

std::optional<Fsid> parse_fsid(std::string_view s) {
  Fsid fsid;
  if (s == "root") return fsid;
  if (all_of(s, is_digit)) {
    if (s.size() > 10) return std::nullopt;
    auto n = text::parse_int(s);
    if (!n || *n > 0xffffffffLL) return std::nullopt;
    fsid.number = static_cast<std::uint32_t>(*n);
    return fsid;
  }
  auto uuid = parse_uuid(s);
  if (!uuid) return std::nullopt;
  fsid.kind = Fsid::Kind::uuid;
  fsid.uuid = *uuid;
  return fsid;
}

std::optional<Fsid> entry_fsid(const ExportEntry& entry) {
  if (auto v = entry.option("fsid")) return parse_fsid(*v);
  if (auto v = entry.option("uuid")) {
    auto uuid = parse_uuid(*v);
    if (!uuid) return std::nullopt;
    Fsid fsid;
    fsid.kind = Fsid::Kind::uuid;
    fsid.uuid = *uuid;
    return fsid;
  }
  return std::nullopt;
}

Result<ClientSpec> parse_client_spec(std::string_view s) {
  using Kind = ClientSpec::Kind;
  ClientSpec spec;
  spec.text = std::string(s);
  spec.table_name = spec.text;
  if (s.empty()) return bad_client(s, "empty");
  if (s.size() > 255) return bad_client(s.substr(0, 40), "longer than 255 characters");
  for (char c : s)
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f || c == '(' || c == ')' || c == ',' || c == '"' ||
        c == '\'' || c == '\\' || c == ';' || c == '$' || c == '`')
      return bad_client(s, "contains a space, control character, quote, parenthesis, comma or shell syntax");
  if (s == "*") { spec.kind = Kind::world; return spec; }
  if (s.front() == '@') {
    if (!all_of(s.substr(1), is_host_char)) return bad_client(s, "a netgroup is @ and a name");
    spec.kind = Kind::netgroup;
    return spec;
  }
  if (s.starts_with("gss/")) {
    const auto flavor = s.substr(4);
    if (flavor != "krb5" && flavor != "krb5i" && flavor != "krb5p") return bad_client(s, "gss/ takes krb5, krb5i or krb5p");
    spec.kind = Kind::gss;
    return spec;
  }
  if (s.front() == '[') {
    const auto close = s.find(']');
    if (close == std::string_view::npos) return bad_client(s, "'[' without ']'");
    const std::string address(s.substr(1, close - 1));
    if (!valid_ipv6(address)) return bad_client(s, "not an IPv6 address in brackets");
    const auto rest = s.substr(close + 1);
    if (rest.empty()) {
      spec.kind = Kind::ipv6;
      spec.table_name = address;
      return spec;
    }
    if (rest.front() != '/' || !valid_prefix(rest.substr(1), 128))
      return bad_client(s, "an IPv6 network is [address]/prefix, prefix 0-128");
    spec.kind = Kind::ipv6_network;
    spec.table_name = address + std::string(rest);
    return spec;
  }
  if (s.find(':') != std::string_view::npos)
    return bad_client(s, "write IPv6 addresses in brackets, e.g. [fd00::1] or [fd00::]/64");
  const auto slash = s.find('/');
  const std::string head(s.substr(0, slash));
  if (all_of(head, is_ipv4_char)) {
    if (!valid_ipv4(head)) return bad_client(s, "not an IPv4 address");
    if (slash == std::string_view::npos) { spec.kind = Kind::ipv4; return spec; }
    const std::string mask(s.substr(slash + 1));
    if (!valid_prefix(mask, 32) && !(all_of(mask, is_ipv4_char) && valid_ipv4(mask)))
      return bad_client(s, "an IPv4 network is address/prefix (0-32) or address/netmask");
    spec.kind = Kind::ipv4_network;
    return spec;
  }
  if (slash != std::string_view::npos) return bad_client(s, "only an address takes a /prefix");
  if (s.find_first_of("*?[") != std::string_view::npos) {
    if (!all_of(s, is_wildcard_char)) return bad_client(s, "a wildcard uses letters, digits, '-', '.', '*', '?' and [...]");
    // exportfs would take "-..." for an option (and a host name never starts so).
    if (s.front() == '-') return bad_client(s, "a wildcard must not start with '-'");
    spec.kind = Kind::wildcard;
    return spec;
  }
  if (!all_of(s, is_host_char) || s.front() == '-' || s.front() == '.' || s.find("..") != std::string_view::npos)
    return bad_client(s, "not a host name");
  spec.kind = Kind::host;
  return spec;
}

bool same_client(const ClientSpec& spec, std::string_view table_client) {
  if (spec.kind == ClientSpec::Kind::host || spec.kind == ClientSpec::Kind::wildcard ||
      spec.kind == ClientSpec::Kind::netgroup)
    return text::lowercase(spec.table_name) == text::lowercase(table_client);
  return spec.table_name == table_client;
}

std::string export_target(std::string_view table_client, std::string_view path) {
  std::string out;
  if (table_client.find(':') != std::string_view::npos) {
    const auto slash = table_client.find('/');
    out = "[" + std::string(table_client.substr(0, slash)) + "]";
    if (slash != std::string_view::npos) out += table_client.substr(slash);
  } else {
    out = std::string(table_client);
  }
  out += ':';
  out += path;
  return out;
}

}  // namespace hanfs
