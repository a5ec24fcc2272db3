#include "state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <boost/filesystem.hpp>

#include "text.h"

namespace hanfs {

namespace {

constexpr std::string_view header = "hanfs-state 1";

bool valid_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '.' || c == '-'))
      return false;
  return true;
}

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

std::string safe_name(std::string_view s) {
  std::string out;
  for (char c : s) out += valid_key(std::string_view(&c, 1)) ? c : '_';
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
    : path_(std::move(dir) + "/hanfs-" + safe_name(agent) + "-" + safe_name(instance) + ".state") {}

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

  const std::string tmp = path_ + ".tmp." + std::to_string(::getpid());
  const std::string data = encode_state(values);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(OcfStatus::err_generic, "cannot write " + tmp + ": " + errno_text(errno));
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return fail(OcfStatus::err_generic, "cannot write " + tmp + ": " + errno_text(e));
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const int sync_errno = errno;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path_.c_str()) != 0) {
    const int e = synced ? errno : sync_errno;
    ::unlink(tmp.c_str());
    return fail(OcfStatus::err_generic, "cannot replace " + path_ + ": " + errno_text(e));
  }
  return {};
}

Result<StateValues> StateFile::read() const {
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return fail(OcfStatus::not_running, "no state file " + path_);
    return fail(OcfStatus::err_generic, "cannot read " + path_ + ": " + errno_text(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  auto values = decode_state(content.str());
  if (!values) return fail(values.error().status, path_ + ": " + values.error().reason);
  return values;
}

Result<void> StateFile::remove() const {
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT)
    return fail(OcfStatus::err_generic, "cannot remove " + path_ + ": " + errno_text(errno));
  return {};
}

}  // namespace hanfs
