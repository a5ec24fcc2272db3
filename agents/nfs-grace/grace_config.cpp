#include "agents/nfs-grace/grace_config.h"

#include <algorithm>
#include <filesystem>

#include "common/sys/mounts.h"
#include "common/nfs/nfsd_restart.h"
#include "common/sys/proc_stat.h"

namespace hanfs::nfs_grace {

using hanfs::fail;
using hanfs::OcfStatus;

namespace {

constexpr int kMaxThreads = 8192;
constexpr int kThreadsWhenStopped = 8;   // rpc.nfsd's default

bool absolute_dir(const std::string& path) {
  return path.size() > 1 && path.front() == '/' && path.find('\n') == std::string::npos;
}

}  // namespace

bool Config::records_bound() const { return hanfs::same_directory(tracker_records(), tracker_dir); }

bool valid_scope(std::string_view scope) {
  // HOST_NAME_MAX is 64; nfsd copies the name into the scope as it is.
  return !scope.empty() && scope.size() <= 64 && scope.front() != '-' &&
         std::all_of(scope.begin(), scope.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '-' || c == '_';
         });
}

int threads_after_restart(const Config& config, int running) {
  if (config.threads > 0) return config.threads;
  return running > 0 ? running : kThreadsWhenStopped;
}

hanfs::Result<Config> read_config(const hanfs::Parameters& params) {
  Config config;
  config.recovery_dir = std::filesystem::path(params.string("recovery_dir")).lexically_normal();
  while (config.recovery_dir.size() > 1 && config.recovery_dir.back() == '/') config.recovery_dir.pop_back();
  config.scope = params.string("server_scope");
  config.tracker_dir = params.string("tracker_dir");
  const auto threads = params.integer("threads");
  if (!absolute_dir(config.recovery_dir))
    return fail(OcfStatus::err_configured, "recovery_dir '" + params.string("recovery_dir") +
                                               "' must be an absolute path below / (on the shared filesystem)");
  if (!absolute_dir(config.tracker_dir))
    return fail(OcfStatus::err_configured, "tracker_dir '" + config.tracker_dir + "' must be an absolute path");
  if (!valid_scope(config.scope))
    return fail(OcfStatus::err_configured,
                "server_scope '" + config.scope + "' is not a host name nfsd can take: 1-64 of A-Z a-z 0-9 . - _");
  if (threads < 0 || threads > kMaxThreads)
    return fail(OcfStatus::err_configured,
                "threads=" + std::to_string(threads) + " is out of range: 0 (as now) to " + std::to_string(kMaxThreads));
  config.threads = static_cast<int>(threads);
  return config;
}

hanfs::Result<void> check_node(const hanfs::Host& host) {
  const hanfs::NfsPaths paths(host);
  if (!std::filesystem::exists(paths.threads))
    return fail(OcfStatus::err_installed, "the kernel NFS server is not loaded here (no " + paths.threads +
                                              "): start the NFS server on this node");
  if (hanfs::process_named_running("nfsdcld", host.proc))
    return fail(OcfStatus::err_installed,
                "nfsdcld runs on this node and keeps the NFSv4 client records in its own database, which cannot "
                "follow the service: stop and disable nfsdcld (systemctl mask --now nfsdcld)");
  return {};
}

}  // namespace hanfs::nfs_grace
