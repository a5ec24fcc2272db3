#include "agents/nfs-address/config.h"

#include "agents/nfs-address/parameters.h"
#include "common/core/text.h"
#include "common/nfs/service_server.h"
#include "common/sys/namespaces.h"
#include "common/sys/program_path.h"

namespace hanfs::nfs_address {

using hanfs::fail;
using hanfs::OcfStatus;

namespace {

bool interface_name(std::string_view name) {
  // IFNAMSIZ - 1, no '/', no white space, not "." or "..".
  return !name.empty() && name.size() <= 15 && name != "." && name != ".." &&
         name.find_first_of("/ \t\n:") == std::string_view::npos;
}

}  // namespace

hanfs::Parsed<Config> parse_config(const hanfs::Parameters& params, const hanfs::Host& host) {
  hanfs::Parsed<Config> parsed;
  Config& config = parsed.value;

  if (auto service = hanfs::parse_service_name(params[param::service]); !service)
    parsed.problem(service.error().status, service.error().reason);
  else if (service->empty())
    parsed.problem(OcfStatus::err_configured, "service: give the name of the service's nfs-server");
  else {
    config.service = *service;
    config.pins = hanfs::namespace_dir(host, config.service);
  }

  if (hanfs::text::valid_ipv4(params[param::ip]))
    config.address.ip = params[param::ip];
  else
    parsed.problem(OcfStatus::err_configured, "ip '" + hanfs::text::shown(params[param::ip]) + "' is not an IPv4 address");
  if (const std::int64_t prefix = params[param::cidr_netmask]; prefix >= 1 && prefix <= 32)
    config.address.prefix = static_cast<int>(prefix);
  else
    parsed.problem(OcfStatus::err_configured,
                   "cidr_netmask=" + std::to_string(prefix) + " is out of range: 1 to 32 (24 for 255.255.255.0)");
  if (const std::string& nic = params[param::nic]; nic.empty() || interface_name(nic))
    config.address.nic = nic;
  else
    parsed.problem(OcfStatus::err_configured, "nic '" + hanfs::text::shown(nic) + "' is not an interface name");
  return parsed;
}

hanfs::Result<void> check_node() {
  for (const auto& [program, package] : {std::pair{"ip", "iproute2"}, std::pair{"sysctl", "procps"}})
    if (!hanfs::find_program(program))
      return fail(OcfStatus::err_installed,
                  std::string(program) + " is not installed on this node (Debian package " + package + ")");
  return {};
}

}  // namespace hanfs::nfs_address
