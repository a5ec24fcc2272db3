#include "common/sys/proc_stat.h"

#include <charconv>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <vector>

#include "common/core/text.h"
#include "common/sys/text_file.h"

namespace hanfs {

std::string ProcessId::to_string() const { return std::to_string(pid) + "@" + std::to_string(start_time); }

std::optional<ProcessId> ProcessId::parse(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= text.size()) return std::nullopt;
  const auto digits = [](std::string_view s) {
    return s.size() <= 19 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const std::string_view pid = text.substr(0, at);
  const std::string_view start = text.substr(at + 1);
  if (!digits(pid) || !digits(start) || pid.size() > 9) return std::nullopt;
  ProcessId id;
  id.pid = std::stoi(std::string(pid));
  id.start_time = std::stoull(std::string(start));
  if (id.pid <= 0) return std::nullopt;
  return id;
}

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
  // "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt
  // majflt cmajflt utime stime cutime cstime priority nice num_threads
  // itrealvalue starttime ...": comm may hold spaces and parentheses, so the
  // fields are counted from the last ')'.
  const auto paren = text.rfind(')');
  if (paren == std::string_view::npos) return std::nullopt;
  std::vector<std::string_view> fields;
  std::size_t i = paren + 1;
  while (i < text.size() && fields.size() < 20) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n') ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  // fields[0] = state (field 3), fields[2] = pgrp (5), fields[19] = starttime (22).
  if (fields.size() < 20 || fields[0].size() != 1) return std::nullopt;
  const auto number = [](std::string_view s) -> std::optional<unsigned long long> {
    if (s.empty() || s.size() > 19) return std::nullopt;
    unsigned long long value = 0;
    for (const char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value;
  };
  const auto group = number(fields[2]);
  const auto start = number(fields[19]);
  if (!group || !start || *group > INT_MAX) return std::nullopt;
  return ProcStat{fields[0][0], static_cast<int>(*group), *start};
}

std::optional<ProcStat> read_proc_stat(int pid) {
  auto text = read_text_file_if_present("/proc/" + std::to_string(pid) + "/stat");
  if (!text || !*text) return std::nullopt;
  return parse_proc_stat(**text);
}

std::chrono::milliseconds age_of_this_process() {
  const auto stat = read_proc_stat(::getpid());
  const long ticks = ::sysconf(_SC_CLK_TCK);
  timespec now{};
  if (!stat || ticks <= 0 || ::clock_gettime(CLOCK_BOOTTIME, &now) != 0) return std::chrono::milliseconds(0);
  const long long now_ms = static_cast<long long>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
  const long long started_ms = static_cast<long long>(stat->start_time * 1000 / static_cast<unsigned long long>(ticks));
  return std::chrono::milliseconds(std::max(now_ms - started_ms, 0LL));
}

bool process_alive(const ProcessId& id) {
  if (id.pid <= 0) return false;
  const auto stat = read_proc_stat(id.pid);
  return stat && stat->start_time == id.start_time && stat->state != 'Z' && stat->state != 'X';
}

namespace {

// Calls `found(pid, dir)` for each process whose comm is `comm` until it returns false.
template <typename Found>
void each_named(const std::string& comm, const std::string& proc, Found found) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(proc, ec)) {
    const std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    auto content = read_text_file(entry.path() / "comm");
    if (content && text::trim(*content) == comm && !found(std::stoi(name), entry.path())) return;
  }
}

}  // namespace

std::vector<NamedProcess> processes_named(const std::string& comm, const std::string& proc) {
  std::vector<NamedProcess> found;
  each_named(comm, proc, [&](int pid, const std::filesystem::path& dir) {
    auto stat_text = read_text_file_if_present((dir / "stat").string());
    if (!stat_text || !*stat_text) return true;
    const std::optional<ProcStat> stat = parse_proc_stat(**stat_text);
    if (!stat.has_value()) return true;
    const ProcStat st = *stat;
    auto cmdline = read_text_file_if_present((dir / "cmdline").string());
    if (st.state == 'Z' || st.state == 'X' || !cmdline || !*cmdline) return true;
    NamedProcess p{{pid, st.start_time}, {}};
    const std::string& line = **cmdline;
    for (std::size_t at = 0; at < line.size();) {
      const auto end = std::min(line.find('\0', at), line.size());
      p.argv.push_back(line.substr(at, end - at));
      at = end + 1;
    }
    found.push_back(std::move(p));
    return true;
  });
  return found;
}

std::optional<unsigned long long> parse_namespace_link(std::string_view text, std::string_view type) {
  if (!text.starts_with(type) || text.size() < type.size() + 4) return std::nullopt;
  text.remove_prefix(type.size());
  if (!text.starts_with(":[") || !text.ends_with("]")) return std::nullopt;
  const std::string_view digits = text.substr(2, text.size() - 3);
  unsigned long long inode = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), inode);
  if (digits.empty() || digits.front() == '+' || ec != std::errc() || end != digits.data() + digits.size())
    return std::nullopt;
  return inode;
}

std::vector<NetMember> processes_in_net(unsigned long long net_inode, const std::string& proc) {
  std::vector<NetMember> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(proc, ec)) {
    const std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code link_ec;
    const auto link = std::filesystem::read_symlink(entry.path() / "ns" / "net", link_ec);
    if (link_ec || parse_namespace_link(link.string(), "net") != net_inode) continue;
    auto stat_text = read_text_file_if_present((entry.path() / "stat").string());
    auto comm = read_text_file_if_present((entry.path() / "comm").string());
    if (!stat_text || !*stat_text || !comm || !*comm) continue;
    const std::optional<ProcStat> stat = parse_proc_stat(**stat_text);
    if (!stat || stat->state == 'Z' || stat->state == 'X') continue;
    found.push_back({{std::stoi(name), stat->start_time}, std::string(text::trim(**comm))});
  }
  return found;
}

bool process_named_running(const std::string& comm, const std::string& proc) {
  bool running = false;
  each_named(comm, proc, [&](int, const std::filesystem::path&) { return !(running = true); });
  return running;
}

}  // namespace hanfs
