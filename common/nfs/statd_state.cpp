#include "common/nfs/statd_state.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include "common/nfs/nfs_server.h"
#include "common/core/text.h"
#include "common/sys/text_file.h"

namespace hanfs {

namespace {

namespace fs = std::filesystem;

bool all_hex(std::string_view s, std::size_t size) {
  return s.size() == size &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

std::string errno_text(int error) { return std::strerror(error); }

std::pair<unsigned, unsigned> ids(const StatdOwner& owner) { return {owner.uid, owner.gid}; }

// A directory that exists (made when missing and allowed) and has `owner`.
Result<void> owned_directory(const std::string& path, const StatdOwner& owner, bool create, mode_t mode = 0755) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT || !create)
      return fail(OcfStatus::err_generic, "cannot use " + path + ": " + errno_text(errno));
    if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST)
      return fail(OcfStatus::err_generic, "cannot create " + path + ": " + errno_text(errno));
    if (::lstat(path.c_str(), &st) != 0)
      return fail(OcfStatus::err_generic, "cannot use " + path + ": " + errno_text(errno));
  }
  if (!S_ISDIR(st.st_mode)) return fail(OcfStatus::err_generic, path + " is not a directory");
  if ((st.st_uid != owner.uid || st.st_gid != owner.gid) && ::lchown(path.c_str(), owner.uid, owner.gid) != 0)
    return fail(OcfStatus::err_generic, "cannot give " + path + " to " + describe_owner(owner) + ": " +
                                            errno_text(errno));
  return {};
}

}  // namespace

std::optional<MonitorRecord> parse_monitor_record(std::string_view line) {
  const auto words = text::split_words(line);
  if (words.size() != 7) return std::nullopt;
  if (!all_hex(words[0], 8) || !all_hex(words[1], 8) || !all_hex(words[2], 8) || !all_hex(words[3], 8) ||
      !all_hex(words[4], 32))
    return std::nullopt;
  return MonitorRecord{words[0], words[1], words[2], words[3], words[4], words[5], words[6]};
}

std::vector<MonitorRecord> parse_monitor_file(std::string_view content, std::size_t* bad) {
  std::vector<MonitorRecord> records;
  std::size_t malformed = 0;
  for (const auto& line : text::lines(content)) {
    if (text::trim(line).empty()) continue;
    if (auto record = parse_monitor_record(line)) records.push_back(std::move(*record));
    else ++malformed;
  }
  if (bad) *bad = malformed;
  return records;
}

std::string merge_monitor_lines(std::string_view existing, std::string_view incoming) {
  std::string merged;
  std::set<std::string, std::less<>> seen;
  for (const std::string_view part : {existing, incoming})
    for (const auto& line : text::lines(part)) {
      if (text::trim(line).empty() || !seen.insert(line).second) continue;
      merged += line;
      merged += '\n';
    }
  return merged;
}

bool valid_host_file_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.size() > 1024) return false;
  return std::none_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return c == '/' || u <= ' ' || u == 0x7f;
  });
}

std::optional<int> decode_nsm_state(std::string_view bytes) {
  int state = 0;
  if (bytes.size() != sizeof state) return std::nullopt;
  std::memcpy(&state, bytes.data(), sizeof state);
  return state;
}

std::string encode_nsm_state(int state) {
  return std::string(reinterpret_cast<const char*>(&state), sizeof state);
}

int next_nsm_state(int current) {
  // As sm-notify counts: an even (or garbage) number is first made odd, then
  // each reboot adds 2. Wraps past INT_MAX to a small odd number.
  long long next = current < 1 ? 1 : current;
  if (next % 2 == 0) ++next;
  next += 2;
  return next > 0x7fffffff ? 3 : static_cast<int>(next);
}

HostList merge_host_lists(const HostList& a, const HostList& b) {
  HostList merged = a;
  for (const auto& [name, content] : b) {
    auto& slot = merged[name];
    slot = merge_monitor_lines(slot, content);
  }
  return merged;
}

HostList subtract_host_lists(const HostList& lines, const HostList& done) {
  HostList rest;
  for (const auto& [name, content] : lines) {
    const auto other = done.find(name);
    std::set<std::string, std::less<>> gone;
    if (other != done.end())
      for (const auto& line : text::lines(other->second)) gone.insert(line);
    std::string kept;
    for (const auto& line : text::lines(content))
      if (!text::trim(line).empty() && !gone.contains(line)) kept += line + "\n";
    if (!kept.empty()) rest.emplace(name, std::move(kept));
  }
  return rest;
}

std::size_t count_records(const HostList& list) {
  std::size_t count = 0;
  for (const auto& [name, content] : list)
    for (const auto& line : text::lines(content)) count += text::trim(line).empty() ? 0 : 1;
  return count;
}

StatdOwner statd_owner(const std::string& node_dir) {
  struct stat st {};
  if (!node_dir.empty() && ::stat((node_dir + "/sm").c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return {st.st_uid, st.st_gid};
  for (const char* user : {"statd", "rpcuser"})
    if (const passwd* pw = ::getpwnam(user)) return {pw->pw_uid, pw->pw_gid};
  return {};
}

std::string describe_owner(const StatdOwner& owner) {
  std::string name = std::to_string(owner.uid);
  if (const passwd* pw = ::getpwuid(owner.uid)) name = pw->pw_name;
  return name + ":" + std::to_string(owner.gid);
}

Result<HostList> read_host_list(const std::string& dir, std::string_view sub) {
  const fs::path path = fs::path(dir) / sub;
  HostList list;
  std::error_code ec;
  fs::directory_iterator it(path, ec);
  if (ec == std::errc::no_such_file_or_directory) return list;
  if (ec) return fail(OcfStatus::err_generic, "cannot list " + path.string() + ": " + ec.message());
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    if (!valid_host_file_name(name) || !entry.is_regular_file(ec) || entry.is_symlink(ec)) continue;
    auto content = read_text_file(entry.path().string(), true);
    if (!content) return fail(content.error());
    list.emplace(name, std::move(*content));
  }
  return list;
}

Result<std::size_t> merge_into_host_list(const std::string& dir, std::string_view sub, const HostList& hosts,
                                         const StatdOwner& owner) {
  const std::string path = (fs::path(dir) / sub).string();
  if (auto made = owned_directory(path, owner, true); !made) return fail(made.error());
  auto existing = read_host_list(dir, sub);
  if (!existing) return fail(existing.error());
  std::size_t changed = 0;
  for (const auto& [name, content] : hosts) {
    if (!valid_host_file_name(name)) continue;
    const auto found = existing->find(name);
    const std::string before = found == existing->end() ? std::string() : found->second;
    const std::string merged = merge_monitor_lines(before, content);
    if (merged == merge_monitor_lines(before, "")) continue;  // nothing new
    if (auto w = replace_text_file(path + "/" + name, merged, 0600, ids(owner)); !w) return fail(w.error());
    ++changed;
  }
  return changed;
}

Result<void> write_host_list(const std::string& dir, std::string_view sub, const HostList& hosts,
                             const StatdOwner& owner) {
  const std::string path = (fs::path(dir) / sub).string();
  if (auto made = owned_directory(path, owner, true); !made) return made;
  auto existing = read_host_list(dir, sub);
  if (!existing) return fail(existing.error());
  for (const auto& [name, content] : *existing)
    if (!hosts.contains(name) && ::unlink((path + "/" + name).c_str()) != 0 && errno != ENOENT)
      return fail(OcfStatus::err_generic, "cannot remove " + path + "/" + name + ": " + errno_text(errno));
  for (const auto& [name, content] : hosts) {
    if (!valid_host_file_name(name)) continue;
    const auto found = existing->find(name);
    if (found != existing->end() && found->second == content) continue;
    if (auto w = replace_text_file(path + "/" + name, content, 0600, ids(owner)); !w) return w;
  }
  return {};
}

std::optional<int> read_nsm_state(const std::string& dir) {
  auto bytes = read_text_file(dir + "/state");
  if (!bytes) return std::nullopt;
  return decode_nsm_state(*bytes);
}

Result<void> write_nsm_state(const std::string& dir, int state, const StatdOwner& owner) {
  return replace_text_file(dir + "/state", encode_nsm_state(state), 0644, ids(owner));
}

Result<void> prepare_statd_dir(const std::string& dir, const StatdOwner& owner, bool create_dir) {
  if (create_dir) {
    std::error_code ec;
    fs::create_directories(fs::path(dir).parent_path(), ec);
    if (auto made = owned_directory(dir, owner, true); !made) return made;
  } else {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      return fail(OcfStatus::err_generic, dir + " is not a directory");
  }
  for (const char* sub : {"sm", "sm.bak"}) {
    const std::string path = dir + "/" + sub;
    if (auto made = owned_directory(path, owner, true, 0700); !made) return made;  // as statd makes them
    // A record written by a statd running as another user (another node's,
    // or one started as root) is one this statd can neither rewrite nor
    // delete: its SM_MON fails and lockd refuses the client's locks.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      struct stat st {};
      const std::string file = entry.path().string();
      if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      if ((st.st_uid != owner.uid || st.st_gid != owner.gid) && ::lchown(file.c_str(), owner.uid, owner.gid) != 0)
        return fail(OcfStatus::err_generic,
                    "cannot give " + file + " to " + describe_owner(owner) + ": " + errno_text(errno));
    }
    if (ec) return fail(OcfStatus::err_generic, "cannot list " + path + ": " + ec.message());
  }
  return {};
}

}  // namespace hanfs
