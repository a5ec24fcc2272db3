#include "agents/nfs-notify/statd_work.h"

#include <sys/stat.h>

#include "agents/nfs-notify/parameters.h"
#include "common/core/text.h"
#include "common/ocf/log.h"
#include "common/sys/bounded_fs.h"
#include "common/sys/file_lock.h"

namespace hanfs::nfs_notify {

namespace text = hanfs::text;
using hanfs::fail;
using hanfs::OcfStatus;

namespace {

// Room for the answer of a monitor with many clients: names only.
constexpr std::size_t kAnswerCap = 1 << 20;

void line(std::string& out, std::string_view key, std::string_view value) {
  out.append(key).append(" ").append(text::one_line(value)).append("\n");
}

}  // namespace

void with_statd_lock(const Config& config, const hanfs::Deadline& deadline, StatdAnswer& answer,
                     const std::function<void()>& locked) {
  struct stat st {};
  if (::stat(config.statd_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    answer.problem = hanfs::Outcome{OcfStatus::err_generic, "statd_dir " + config.statd_dir + " is not there"};
    return;
  }
  // A quarter of what is left stays for the answer: the task is KILLed
  // shortly before the deadline (child_task.h).
  const hanfs::Deadline wait(deadline.remaining() * 3 / 4);
  auto lock = hanfs::FileLock::acquire(config.statd_dir + "/." + std::string(agent_name) + ".lock", wait);
  if (!lock) {
    if (wait.expired()) answer.late = lock.error().reason;
    else answer.problem = lock.error();
    return;
  }
  locked();
}

std::string encode_answer(const hanfs::Result<StatdAnswer>& result) {
  std::string out;
  if (!result) {
    line(out, "late", result.error().reason);
    return out;
  }
  const StatdAnswer& a = *result;
  if (a.late) line(out, "late", *a.late);
  if (a.problem) line(out, "problem", std::to_string(static_cast<int>(a.problem->status)) + " " + a.problem->reason);
  for (const auto& note : a.notes) line(out, "note", note);
  line(out, "state", std::to_string(a.nsm_state));
  line(out, "clients", std::to_string(a.clients));
  line(out, "followed", std::to_string(a.followed));
  line(out, "device", std::to_string(a.device));
  for (const auto& p : a.progress) {
    line(out, "run", p.last_log_line);
    for (const auto& [name, records] : p.remaining) line(out, "remaining", name);
  }
  for (const auto& name : a.awaited) line(out, "awaited", name);
  return out;
}

hanfs::Result<StatdAnswer> decode_answer(std::string_view wire) {
  StatdAnswer a;
  const auto bad = [](const std::string& l) {
    return fail(OcfStatus::err_generic, "cannot read the answer of the statd_dir task: '" + l.substr(0, 80) + "'");
  };
  for (const auto& l : text::lines(wire)) {
    const auto space = l.find(' ');
    if (space == std::string::npos) return bad(l);
    const std::string_view key = std::string_view(l).substr(0, space);
    const std::string value = l.substr(space + 1);
    const auto number = text::parse_int(value);
    if (key == "late") return fail(OcfStatus::err_generic, value);
    if (key == "problem") {
      const auto status = text::parse_int(value.substr(0, value.find(' ')));
      if (!status || value.find(' ') == std::string::npos) return bad(l);
      a.problem = hanfs::Outcome{static_cast<OcfStatus>(*status), value.substr(value.find(' ') + 1)};
    } else if (key == "note") {
      a.notes.push_back(value);
    } else if (key == "run") {
      a.progress.push_back(RunProgress{{}, false, value});
    } else if (key == "awaited") {
      a.awaited.push_back(value);
    } else if (key == "remaining" && !a.progress.empty()) {
      a.progress.back().remaining.emplace(value, std::string());
    } else if (number && *number >= 0 && (key == "state" || key == "clients" || key == "followed" || key == "device")) {
      if (key == "device") a.device = static_cast<std::uint64_t>(*number);
      else if (key == "state") a.nsm_state = static_cast<int>(*number);
      else (key == "clients" ? a.clients : a.followed) = static_cast<std::size_t>(*number);
    } else {
      return bad(l);
    }
  }
  return a;
}

hanfs::Result<StatdAnswer> run_statd_work(const Config& config, const StatdWork& work,
                                          const hanfs::Deadline& deadline) {
  auto wire = hanfs::run_bounded_fs(
      config.statd_dir,
      [&work] {
        StatdAnswer answer;
        work(answer);
        return encode_answer(answer);
      },
      deadline, kAnswerCap);
  if (!wire) return fail(OcfStatus::err_generic, "statd_dir " + wire.error().reason);
  auto answer = decode_answer(*wire);
  if (answer)
    for (const auto& note : answer->notes) hanfs::log_info("%s", note.c_str());
  return answer;
}

}  // namespace hanfs::nfs_notify
