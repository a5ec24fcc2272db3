#include "agents/nfs-server/config.h"

#include <filesystem>

#include "agents/nfs-server/parameters.h"
#include "common/core/text.h"
#include "common/sys/namespaces.h"
#include "common/sys/program_path.h"

namespace hanfs::nfs_server {

using hanfs::fail;
using hanfs::OcfStatus;

namespace {

// Integer parameters in seconds or counts: LOW..HIGH, else a problem.
int in_range(hanfs::Parsed<Config>& parsed, std::string_view name, std::int64_t value, int low, int high) {
  if (value >= low && value <= high) return static_cast<int>(value);
  parsed.problem(OcfStatus::err_configured, std::string(name) + "=" + std::to_string(value) + " is out of range: " +
                                                std::to_string(low) + " to " + std::to_string(high));
  return low;
}

}  // namespace

hanfs::Parsed<Config> parse_config(const hanfs::Parameters& params, const hanfs::Host& host) {
  hanfs::Parsed<Config> parsed;
  Config& config = parsed.value;

  if (hanfs::valid_server_scope(params[param::name])) {
    config.server.name = params[param::name];
    config.server.pins = hanfs::namespace_dir(host, config.server.name);
  } else {
    parsed.problem(OcfStatus::err_configured, "name '" + hanfs::text::shown(params[param::name]) +
                                                  "' is not a host name nfsd can take: " + std::string(hanfs::kServerScopeRule));
  }

  std::string state_dir = std::filesystem::path(params[param::state_dir]).lexically_normal();
  while (state_dir.size() > 1 && state_dir.back() == '/') state_dir.pop_back();
  if (state_dir.size() > 1 && state_dir.front() == '/' && state_dir.find('\n') == std::string::npos)
    config.server.state_dir = std::move(state_dir);
  else
    parsed.problem(OcfStatus::err_configured, "state_dir '" + hanfs::text::shown(params[param::state_dir]) +
                                                  "' must be an absolute path below / (on the service's filesystem)");

  if (hanfs::text::valid_ipv4(params[param::ip]))
    config.ip = params[param::ip];
  else
    parsed.problem(OcfStatus::err_configured, "ip '" + hanfs::text::shown(params[param::ip]) + "' is not an IPv4 address");

  config.threads = in_range(parsed, "threads", params[param::threads], 1, 8192);
  config.grace_time = in_range(parsed, "grace_time", params[param::grace_time], 10, 3600);
  config.lease_time = in_range(parsed, "lease_time", params[param::lease_time], 10, 3600);
  config.nlm_grace_time = in_range(parsed, "nlm_grace_time", params[param::nlm_grace_time], 10, 3600);
  return parsed;
}

hanfs::Result<void> check_node(const hanfs::Host& host) {
  if (!std::filesystem::exists(host.proc + "/fs/nfsd"))
    return fail(OcfStatus::err_installed,
                "the kernel NFS server is not loaded here (no " + host.proc + "/fs/nfsd): modprobe nfsd");
  // Each program, and the Debian package that has it.
  for (const auto& [program, package] :
       {std::pair{"unshare", "util-linux"}, std::pair{"mount", "mount"}, std::pair{"hostname", "hostname"},
        std::pair{"ip", "iproute2"}, std::pair{"sysctl", "procps"}, std::pair{"rpcbind", "rpcbind"},
        std::pair{"rpc.statd", "nfs-common"}, std::pair{"nfsdcld", "nfs-kernel-server"},
        std::pair{"rpc.mountd", "nfs-kernel-server"}, std::pair{"rpc.nfsd", "nfs-kernel-server"}})
    if (!hanfs::find_program(program))
      return fail(OcfStatus::err_installed,
                  std::string(program) + " is not installed on this node (Debian package " + package + ")");
  return {};
}

int nlm_grace_for(const Config& config, bool nfsv3_clients) { return nfsv3_clients ? config.nlm_grace_time : 10; }

}  // namespace hanfs::nfs_server
