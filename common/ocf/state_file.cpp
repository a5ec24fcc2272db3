#include "common/ocf/state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <boost/filesystem.hpp>

#include "common/core/text.h"
#include "common/sys/text_file.h"

namespace hanfs {

namespace {

constexpr std::string_view header = "hanfs-state 1";

bool valid_key(std::string_view key) { return !key.empty() && std::all_of(key.begin(), key.end(), text::is_name_char); }

std::string escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::optional<std::string> unescape(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') { out += v[i]; continue; }
    if (++i == v.size()) return std::nullopt;
    if (v[i] == '\\') out += '\\';
    else if (v[i] == 'n') out += '\n';
    else return std::nullopt;
  }
  return out;
}

std::string errno_text(int e) { return std::strerror(e); }

}  // namespace

std::string encode_state(const StateValues& values) {
  std::string out(header);
  out += '\n';
  for (const auto& [key, value] : values) out += key + "=" + escape(value) + "\n";
  return out;
}

Result<StateValues> decode_state(std::string_view content) {
  auto rows = text::lines(content);
  if (rows.empty() || rows.front() != header)
    return fail(OcfStatus::err_generic, "state file has no '" + std::string(header) + "' header");
  StateValues values;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const std::string& row = rows[i];
    auto eq = row.find('=');
    std::string_view key = std::string_view(row).substr(0, eq);
    if (eq == std::string::npos || !valid_key(key))
      return fail(OcfStatus::err_generic, "state file line " + std::to_string(i + 1) + " is malformed");
    auto value = unescape(std::string_view(row).substr(eq + 1));
    if (!value)
      return fail(OcfStatus::err_generic, "state file line " + std::to_string(i + 1) + " has a bad escape");
    values[std::string(key)] = *value;
  }
  if (content.empty() || content.back() != '\n')
    return fail(OcfStatus::err_generic, "state file is truncated");
  return values;
}

StateFile::StateFile(std::string dir, std::string_view agent, std::string_view instance)
    : path_(std::move(dir) + "/hanfs-" + text::safe_file_name(agent, text::NameUse::inside) + "-" +
            text::safe_file_name(instance, text::NameUse::inside) + ".state") {}

bool StateFile::exists() const {
  struct stat st{};
  return ::stat(path_.c_str(), &st) == 0;
}

Result<void> StateFile::write(const StateValues& values) const {
  for (const auto& [key, value] : values)
    if (!valid_key(key)) return fail(OcfStatus::err_generic, "state key '" + key + "' is not valid");
  boost::system::error_code ec;
  const auto dir = boost::filesystem::path(path_).parent_path();
  boost::filesystem::create_directories(dir, ec);
  if (ec) return fail(OcfStatus::err_generic, "cannot create " + dir.string() + ": " + ec.message());

  if (auto w = replace_text_file(path_, encode_state(values), 0600); !w) return w;
  return {};
}

Result<StateValues> StateFile::read() const {
  auto content = read_text_file_if_present(path_);
  if (!content) return fail(content.error());  // there but unreadable: not "stopped"
  if (!*content) return fail(OcfStatus::not_running, "no state file " + path_);
  auto values = decode_state(**content);
  if (!values) return fail(values.error().status, path_ + ": " + values.error().reason);
  return values;
}

Result<void> StateFile::remove() const {
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT)
    return fail(OcfStatus::err_generic, "cannot remove " + path_ + ": " + errno_text(errno));
  return {};
}

}  // namespace hanfs
