#include "common/sys/bounded_fs.h"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "common/sys/child_task.h"
#include "common/sys/mounts.h"

namespace hanfs {

namespace {

// The child's answer is prefixed so a child that died (no prefix) is told
// from one that answered with an empty string.
constexpr char kAnswered = '=';

std::string storage_of(const std::string& path) {
  const auto mounts = read_mounts();
  const MountEntry* m = mount_holding(mounts, path);
  if (!m) return path;
  return path + " on " + (m->source.empty() ? m->fs_type : m->source) + " (" + std::to_string(m->major) + ":" +
         std::to_string(m->minor) + ", mounted at " + m->mount_point + ")";
}

// Fixed-width fields: the child writes them, the agent reads them back.
template <class T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
bool take(std::string_view& in, T& v) {
  if (in.size() < sizeof v) return false;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return true;
}

}  // namespace

Result<std::string> run_bounded_fs(const std::string& path, const std::function<std::string()>& op,
                                   const Deadline& deadline, std::size_t answer_cap) {
  const auto started = Deadline::Clock::now();
  const auto result = run_child_task(
      [&op](int report) {
        const std::string answer = kAnswered + op();
        report_to(report, answer);
        return 0;
      },
      deadline, answer_cap + 1);
  using Ending = ChildTaskResult::Ending;
  if (result.ending == Ending::timed_out) {
    const auto waited =
        std::chrono::duration_cast<std::chrono::milliseconds>(Deadline::Clock::now() - started).count();
    return fail(OcfStatus::err_generic, storage_of(path) + " did not answer within " + std::to_string(waited) +
                                            " ms: the storage is frozen or gone");
  }
  if (result.ending == Ending::fork_failed)
    return fail(OcfStatus::err_generic, "cannot check " + path + ": " + result.report);
  if (!result.ok() || result.report.empty() || result.report.front() != kAnswered)
    return fail(OcfStatus::err_generic, "cannot check " + path + ": the task that reads it died");
  return result.report.substr(1);
}

bool PathLookup::is_directory() const { return found() && S_ISDIR(mode); }

Result<PathLookup> bounded_lookup(const std::string& path, const Deadline& deadline) {
  auto answer = run_bounded_fs(
      path,
      [&path] {
        std::string out;
        char resolved[PATH_MAX];
        struct stat st {};
        int error = 0;
        if (!::realpath(path.c_str(), resolved)) error = errno;
        else if (::stat(resolved, &st) != 0) error = errno;
        put(out, error);
        put(out, st.st_mode);
        put(out, st.st_dev);
        put(out, st.st_ino);
        put(out, st.st_uid);
        put(out, st.st_gid);
        if (error == 0) out += resolved;
        return out;
      },
      deadline, PATH_MAX + 64);
  if (!answer) return fail(answer.error());
  PathLookup l;
  std::string_view in = *answer;
  if (!take(in, l.error) || !take(in, l.mode) || !take(in, l.dev) || !take(in, l.ino) || !take(in, l.uid) ||
      !take(in, l.gid))
    return fail(OcfStatus::err_generic, "cannot check " + path + ": a short answer from its task");
  l.resolved = std::string(in);
  return l;
}

Result<GuardedRead> bounded_read(const std::string& path, std::size_t cap, const Deadline& deadline) {
  auto answer = run_bounded_fs(
      path,
      [&path, cap] {
        const GuardedRead r = read_regular_file(path, cap);
        std::string out(1, static_cast<char>(r.found));
        out += r.found == GuardedRead::Found::file ? r.content : r.why;
        return out;
      },
      deadline, cap + 1);
  if (!answer) return fail(answer.error());
  if (answer->empty()) return fail(OcfStatus::err_generic, "cannot read " + path + ": an empty answer from its task");
  GuardedRead r;
  r.found = static_cast<GuardedRead::Found>((*answer)[0]);
  (r.found == GuardedRead::Found::file ? r.content : r.why) = answer->substr(1);
  return r;
}

Result<FileWrite> bounded_replace(const std::string& path, const std::string& content, unsigned mode,
                                  std::optional<std::pair<unsigned, unsigned>> owner, const Deadline& deadline) {
  auto answer = run_bounded_fs(
      path,
      [&] {
        auto w = replace_text_file(path, content, mode, owner);
        return w ? std::string() : w.error().reason;
      },
      deadline);
  if (!answer) return fail(answer.error());
  return FileWrite{std::move(*answer)};
}

}  // namespace hanfs
