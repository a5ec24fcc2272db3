#include "common/nfs/service_server.h"

#include <cctype>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/core/text.h"
#include "common/nfs/statd_state.h"
#include "common/sys/bounded_fs.h"
#include "common/sys/command.h"
#include "common/sys/file_lock.h"
#include "common/sys/mounts.h"
#include "common/sys/namespaces.h"

namespace hanfs {

namespace {

CommandResult run_inside(const Host& host, const ServiceServer& server, const std::vector<std::string>& argv,
                         const Deadline& deadline) {
  CommandOptions options;
  options.namespace_dir = server.pins;
  return host.run(argv, deadline, options);
}

Result<void> inside(const Host& host, const ServiceServer& server, const std::vector<std::string>& argv,
                    const Deadline& deadline) {
  const CommandResult result = run_inside(host, server, argv, deadline);
  if (result.ok()) return {};
  return fail(result.failure_status(),
              "in service " + server.name + ": " + quote_argv(argv) + ": " + result.describe_with_stderr());
}

// The daemons' command lines: each detaches itself once it serves.
std::vector<std::string> daemon_argv(std::string_view daemon) {
  if (daemon == "rpcbind") return {"rpcbind", "-w"};
  // The service's clients are notified by nfs-notify, from its address.
  if (daemon == "rpc.statd") return {"rpc.statd", "--no-notify"};
  return {std::string(daemon)};
}

}  // namespace

bool valid_server_scope(std::string_view scope) {
  // A letter or digit first: no option-like "-x", no "." or ".." (the
  // scope names the service's folder of pins).
  return !scope.empty() && scope.size() <= 64 && std::isalnum(static_cast<unsigned char>(scope.front())) &&
         std::all_of(scope.begin(), scope.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '-' || c == '_';
         });
}

std::vector<std::string> missing_daemons(const std::vector<NetMember>& members) {
  std::vector<std::string> missing;
  for (std::string_view daemon : kServiceDaemons)
    if (std::none_of(members.begin(), members.end(), [&](const NetMember& m) { return m.comm == daemon; }))
      missing.emplace_back(daemon);
  return missing;
}

std::vector<InsideMount> inside_mounts_missing(std::string_view mountinfo, const ServiceServer& server) {
  const auto mounts = parse_mountinfo(mountinfo);
  // The node's own mounts at these points are copied into the service's
  // mount namespace when it is made (the node's /run, its rpc_pipefs, its
  // nfsd filesystem, which is the node's net's): ours carry the source
  // name hanfs-NAME, and the state directory's bind is known by its device
  // and root.
  const std::string source = "hanfs-" + server.name;
  const auto ours = [&](const std::string& point) {
    return std::any_of(mounts.begin(), mounts.end(),
                       [&](const MountEntry& m) { return m.mount_point == point && m.source == source; });
  };
  // A bind that mount made but did not yet remount read-only is not it.
  const auto read_only = [&](const std::string& point) {
    return std::any_of(mounts.begin(), mounts.end(),
                       [&](const MountEntry& m) { return m.mount_point == point && m.read_only; });
  };
  // /run before what goes in it; the order they are mounted in.
  const std::string var_lib_nfs(kInsideVarLibNfs);
  const std::vector<InsideMount> wanted{
      {var_lib_nfs, {"mount", "--bind", server.state_dir, var_lib_nfs}},
      {"/run", {"mount", "-t", "tmpfs", "-o", "mode=0755,size=16m", source, "/run"}},
      {"/run/rpc_pipefs", {"mount", "-t", "rpc_pipefs", source, "/run/rpc_pipefs"}},
      {"/proc/fs/nfsd", {"mount", "-t", "nfsd", source, "/proc/fs/nfsd"}},
      // rpc.nfsd --grace-time also writes the node's nlm_grace_period
      // (nfs-utils' nfssvc_set_time: "same value for lockd"), over the
      // lockd grace start_threads has just set: read-only in here, it
      // cannot (rpc.nfsd ignores the failed open).
      {std::string(kNlmGracePeriod), {"mount", "--bind", "-o", "ro", std::string(kNlmGracePeriod),
                                      std::string(kNlmGracePeriod)}},
  };
  std::vector<InsideMount> missing;
  for (const InsideMount& m : wanted) {
    const bool there = m.mount_point == var_lib_nfs       ? bind_mounted(mounts, server.state_dir, m.mount_point)
                       : m.mount_point == kNlmGracePeriod ? read_only(m.mount_point)
                                                          : ours(m.mount_point);
    if (!there) missing.push_back(m);
  }
  return missing;
}

Result<Host> service_host(const Host& node, const std::string& name) {
  const std::string pins = namespace_dir(node, name);
  const auto net = pinned_net_inode(read_mounts(node), pins);
  if (!net)
    return fail(OcfStatus::not_running,
                "service " + name + " is not running on this node (no namespaces pinned in " + pins + ")");
  const std::vector<NetMember> members = processes_in_net(*net, node.proc);
  if (members.empty())
    return fail(OcfStatus::err_generic, "service " + name + " has no process in its namespaces: its nfs-server is not serving");
  const auto mountd = std::find_if(members.begin(), members.end(),
                                   [](const NetMember& m) { return m.comm == "rpc.mountd"; });
  const std::string inside = node.proc + "/" + std::to_string((mountd != members.end() ? *mountd : members.front()).id.pid);
  Host host = node;
  host.var_lib_nfs = inside + "/root/var/lib/nfs";
  host.nfsd_fs = inside + "/root/proc/fs/nfsd";
  host.proc_net = inside + "/net";
  host.namespace_dir = pins;
  host.run = [run = node.run, pins](const std::vector<std::string>& argv, const Deadline& deadline,
                                    const CommandOptions& options) {
    CommandOptions in = options;
    in.namespace_dir = pins;
    return run(argv, deadline, in);
  };
  return host;
}

std::string service_lock_path(const Host& host, std::string_view name) {
  return host.run_dir + "/hanfs/" + std::string(name) + ".lock";
}

Result<std::string> parse_service_name(std::string_view value) {
  const std::string name(text::trim(value));
  if (name.empty() || valid_server_scope(name)) return name;
  return fail(OcfStatus::err_configured,
              "service '" + text::one_line(name) + "' is not an nfs-server name: " + std::string(kServerScopeRule));
}

std::string inside_path(const Host& host, const std::string& path) {
  const std::string& outside = host.var_lib_nfs;
  if (host.namespace_dir.empty() || !path.starts_with(outside)) return path;
  if (path.size() != outside.size() && path[outside.size()] != '/') return path;
  return std::string(kInsideVarLibNfs) + path.substr(outside.size());
}

namespace {

// In a child (state_dir is on shared storage): the records set aside by a
// stop back in sm, and the set aside gone. "" or "!why".
std::string put_back(const std::string& dir, const StatdOwner& owner) {
  auto kept = read_host_list(dir, kRecordsAside);
  if (!kept) return "!" + kept.error().reason;
  if (kept->empty()) return "";
  if (auto merged = merge_into_host_list(dir, "sm", *kept, owner); !merged) return "!" + merged.error().reason;
  std::error_code ec;
  std::filesystem::remove_all(dir + "/" + std::string(kRecordsAside), ec);
  return ec ? "!cannot remove " + dir + "/" + std::string(kRecordsAside) + ": " + ec.message() : "";
}

// A bounded child's answer: its error, or "!why" as err_generic.
Result<void> answered(const Result<std::string>& answer) {
  if (!answer) return fail(answer.error());
  if (answer->starts_with("!")) return fail(OcfStatus::err_generic, answer->substr(1));
  return {};
}

}  // namespace

Result<void> set_records_aside(const ServiceServer& server, const Deadline& deadline) {
  const std::string dir = server.state_dir;
  const StatdOwner owner = statd_owner("");
  return answered(run_bounded_fs(
      dir,
      [&]() -> std::string {
        auto monitored = read_host_list(dir, "sm");
        if (!monitored) return "!" + monitored.error().reason;
        if (monitored->empty()) return "";  // no client to keep (or no sm at all)
        auto kept = merge_into_host_list(dir, kRecordsAside, *monitored, owner);
        return kept ? "" : "!" + kept.error().reason;
      },
      deadline));
}

Result<void> put_records_back(const ServiceServer& server, const Deadline& deadline) {
  const std::string dir = server.state_dir;
  const StatdOwner owner = statd_owner("");
  return answered(run_bounded_fs(dir, [&]() { return put_back(dir, owner); }, deadline));
}

Result<bool> prepare_state_dir(const ServiceServer& server, Records records, const Deadline& deadline) {
  const std::string dir = server.state_dir;
  const StatdOwner owner = statd_owner("");
  auto answer = run_bounded_fs(
      dir,
      [&dir, &owner, records]() -> std::string {
        const auto parent = std::filesystem::path(dir).parent_path();
        std::error_code ec;
        if (!std::filesystem::is_directory(parent, ec))
          return "!state_dir's parent " + parent.string() + " is not there: is the service's filesystem mounted?";
        // The statd user's, as Debian's /var/lib/nfs is: statd runs as the
        // owner of its directory, on every node the same user.
        if (auto statd = prepare_statd_dir(dir, owner, true); !statd) return "!" + statd.error().reason;
        for (const auto& [sub, mode] : {std::pair{"/nfsdcld", 0700}, std::pair{"/v4recovery", 0700}}) {
          const std::string path = dir + sub;
          if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST)
            return "!cannot create " + path + ": " + std::strerror(errno);
        }
        for (const char* file : {"/etab", "/rmtab"}) {
          const int fd = ::open((dir + file).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
          if (fd < 0) return "!cannot create " + dir + file + ": " + std::strerror(errno);
          ::close(fd);
        }
        // What a stop cut short left aside is the service's clients too.
        if (auto back = put_back(dir, owner); !back.empty()) return back;
        auto monitored = read_host_list(dir, "sm");
        if (!monitored) return "!" + monitored.error().reason;
        if (records == Records::retire && !monitored->empty()) {
          // Into sm.bak first: a start killed between the two leaves both,
          // and the next one merges again.
          if (auto kept = merge_into_host_list(dir, "sm.bak", *monitored, owner); !kept) return "!" + kept.error().reason;
          if (auto cleared = write_host_list(dir, "sm", {}, owner); !cleared) return "!" + cleared.error().reason;
        }
        // Any record: an NFSv3 client held a lock and will reclaim.
        auto retired = read_host_list(dir, "sm.bak");
        if (!retired) return "!" + retired.error().reason;
        return monitored->empty() && retired->empty() ? "empty" : "clients";
      },
      deadline);
  if (auto done = answered(answer); !done) return fail(done.error());
  return *answer == "clients";
}

Result<void> set_up_inside(const Host& host, const ServiceServer& server, const Deadline& deadline) {
  if (auto named = inside(host, server, {"hostname", server.name}, deadline); !named) return named;
  if (auto lo = inside(host, server, {"ip", "link", "set", "dev", "lo", "up"}, deadline); !lo) return lo;
  const CommandResult table = run_inside(host, server, {"cat", "/proc/self/mountinfo"}, deadline);
  if (!table.ok())
    return fail(OcfStatus::err_generic, "cannot read service " + server.name + "'s mounts: " + table.describe());
  for (const InsideMount& m : inside_mounts_missing(table.out, server)) {
    if (m.mount_point.starts_with("/run/"))
      if (auto made = inside(host, server, {"mkdir", "-p", m.mount_point}, deadline); !made) return made;
    if (auto mounted = inside(host, server, m.argv, deadline); !mounted) return mounted;
  }
  return {};
}

Result<void> start_daemons(const Host& host, const ServiceServer& server, const std::vector<std::string>& missing,
                           const Deadline& deadline) {
  for (std::string_view daemon : kServiceDaemons) {
    if (std::find(missing.begin(), missing.end(), daemon) == missing.end()) continue;
    if (daemon == "rpcbind")  // its state directory, in the service's /run
      if (auto made = inside(host, server, {"mkdir", "-p", "/run/rpcbind"}, deadline); !made) return made;
    if (auto started = inside(host, server, daemon_argv(daemon), deadline); !started) return started;
  }
  return {};
}

Result<int> read_threads(const Host& host, const ServiceServer& server, const Deadline& deadline) {
  const CommandResult read = run_inside(host, server, {"cat", "/proc/fs/nfsd/threads"}, deadline);
  const auto threads = read.ok() ? text::parse_int(text::trim(read.out)) : std::nullopt;
  if (!threads || *threads < 0)
    return fail(OcfStatus::err_generic, "cannot read service " + server.name + "'s nfsd threads: " +
                                            (read.ok() ? "'" + text::one_line(read.out) + "'" : read.describe_with_stderr()));
  return static_cast<int>(*threads);
}

Result<void> start_threads(const Host& host, const ServiceServer& server, const ThreadStart& start,
                           const Deadline& deadline) {
  auto lock = FileLock::acquire(host.run_dir + "/hanfs/lockd-grace.lock", deadline);
  if (!lock) return fail(lock.error());
  const std::string sysctl = host.proc + "/sys/fs/nfs/nlm_grace_period";
  const std::string value = std::to_string(start.nlm_grace_seconds) + "\n";
  const int fd = ::open(sysctl.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0 || ::write(fd, value.data(), value.size()) != static_cast<ssize_t>(value.size())) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return fail(OcfStatus::err_generic, "cannot set lockd's grace period in " + sysctl + ": " + why);
  }
  ::close(fd);
  return inside(host, server,
                {"rpc.nfsd", "--lease-time", std::to_string(start.lease_time), "--grace-time",
                 std::to_string(start.grace_time), std::to_string(start.threads)},
                deadline);
}

Result<void> stop_threads(const Host& host, const ServiceServer& server, const Deadline& deadline) {
  return inside(host, server, {"rpc.nfsd", "0"}, deadline);
}

}  // namespace hanfs
