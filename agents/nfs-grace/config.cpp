#include "agents/nfs-grace/config.h"

#include <algorithm>
#include <filesystem>

#include "agents/nfs-grace/parameters.h"
#include "common/sys/mounts.h"
#include "common/sys/proc_stat.h"
#include "common/nfs/nfs_server.h"
#include "common/nfs/nfsd_restart.h"
#include "common/nfs/service_server.h"
#include "common/core/text.h"

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

bool Config::records_bound(const std::vector<hanfs::MountEntry>& mounts) const {
  return !recovery_dir.empty() && !tracker_dir.empty() && hanfs::bind_mounted(mounts, tracker_records(), tracker_dir);
}

int threads_after_restart(const Config& config, int running) {
  if (config.threads > 0) return config.threads;
  return running > 0 ? running : kThreadsWhenStopped;
}

hanfs::Parsed<Config> parse_config(const hanfs::Parameters& params, const hanfs::Host& host) {
  hanfs::Parsed<Config> parsed;
  Config& config = parsed.value;

  std::string recovery_dir = std::filesystem::path(params[param::recovery_dir]).lexically_normal();
  while (recovery_dir.size() > 1 && recovery_dir.back() == '/') recovery_dir.pop_back();
  if (absolute_dir(recovery_dir))
    config.recovery_dir = std::move(recovery_dir);
  else
    parsed.problem(OcfStatus::err_configured, "recovery_dir '" + hanfs::text::shown(params[param::recovery_dir]) +
                                                  "' must be an absolute path below / (on the shared filesystem)");

  // The default names the node's own directory: as the host has it.
  std::string tracker_dir = params.is_set(param::tracker_dir) ? params[param::tracker_dir]
                                                              : host.path_of(params[param::tracker_dir]);
  if (absolute_dir(tracker_dir))
    config.tracker_dir = std::move(tracker_dir);
  else
    parsed.problem(OcfStatus::err_configured, "tracker_dir '" + hanfs::text::shown(tracker_dir) + "' must be an absolute path");

  if (hanfs::valid_server_scope(params[param::server_scope]))
    config.scope = params[param::server_scope];
  else
    parsed.problem(OcfStatus::err_configured, "server_scope '" + hanfs::text::shown(params[param::server_scope]) +
                                                  "' is not a host name nfsd can take: " + std::string(hanfs::kServerScopeRule));

  config.allow_root_filesystem = params[param::allow_root_filesystem];

  const auto threads = params[param::threads];
  if (threads >= 0 && threads <= kMaxThreads)
    config.threads = static_cast<int>(threads);
  else
    parsed.problem(OcfStatus::err_configured, "threads=" + std::to_string(threads) +
                                                  " is out of range: 0 (as now) to " + std::to_string(kMaxThreads));
  return parsed;
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

hanfs::Result<void> check_records_filesystem(const Config& config, const hanfs::Host& host) {
  if (config.allow_root_filesystem) return {};
  return hanfs::check_off_root_filesystem(host, "recovery_dir", config.recovery_dir, "allow_root_filesystem");
}

std::string node_legacy_records(const hanfs::Host& host) { return host.var_lib_nfs + "/v4recovery"; }

}  // namespace hanfs::nfs_grace
