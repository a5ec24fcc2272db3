#include "common/net/floating_address.h"

#include <vector>

#include "common/core/text.h"
#include "common/sys/command.h"

namespace hanfs {

namespace {

const std::string kInterface(kServiceInterface);

// The word after KEY in ip's one-line output; "" when KEY is not there.
std::string word_after(std::string_view output, std::string_view key) {
  const auto words = text::split_words(output);
  for (std::size_t i = 0; i + 1 < words.size(); ++i)
    if (words[i] == key) return std::string(words[i + 1]);
  return {};
}

CommandResult run_in(const Host& host, const std::string& pins, std::vector<std::string> argv,
                     const Deadline& deadline) {
  CommandOptions options;
  options.namespace_dir = pins;
  return host.run(argv, deadline, options);
}

Result<void> step(const CommandResult& result, const std::string& what) {
  if (result.ok()) return {};
  return fail(result.failure_status(), what + ": " + result.describe_with_stderr());
}

}  // namespace

std::string route_device(std::string_view ip_route_get) { return word_after(ip_route_get, "dev"); }

std::string default_gateway(std::string_view ip_route_show) {
  for (const std::string& line : text::lines(ip_route_show))
    if (line.starts_with("default")) return word_after(line, "via");
  return {};
}

bool address_listed(std::string_view ip_addr_show, const FloatingAddress& address) {
  const std::string wanted = address.ip + "/" + std::to_string(address.prefix);
  const std::vector<std::string> words = text::split_words(ip_addr_show);
  for (std::size_t i = 0; i + 1 < words.size(); ++i)
    if (words[i] == "inet" && words[i + 1] == wanted) return true;
  return false;
}

Result<std::string> interface_for(const Host& host, const std::string& ip, const Deadline& deadline) {
  const CommandResult route = host.run({"ip", "-o", "route", "get", ip}, deadline, {});
  const std::string dev = route.ok() ? route_device(route.out) : "";
  if (dev.empty() || dev == "lo")
    return fail(route.ok() ? OcfStatus::err_configured : route.failure_status(),
                "no interface of this node has a route to " + ip + " (" +
                    (route.ok() ? "ip route get names none" : route.describe_with_stderr()) + "): set nic");
  return dev;
}

Result<bool> address_up(const Host& host, const std::string& pins, const FloatingAddress& address,
                        const Deadline& deadline) {
  const CommandResult shown = run_in(host, pins, {"ip", "-o", "-4", "addr", "show", "dev", kInterface, "up"}, deadline);
  if (shown.ok()) return address_listed(shown.out, address);
  if (shown.ending == CommandResult::Ending::exited && shown.err.find("does not exist") != std::string::npos)
    return false;
  return fail(OcfStatus::err_generic, "cannot read the service's address: " + shown.describe_with_stderr());
}

Result<void> bring_address_up(const Host& host, const std::string& pins, const FloatingAddress& address,
                              const Deadline& deadline) {
  const CommandResult link = run_in(host, pins, {"ip", "-o", "link", "show", "dev", kInterface}, deadline);
  if (!link.ok()) {
    // Made in the node's namespace as a macvlan of nic, straight into the
    // service's: no name of the node's is ever taken, even for a moment.
    if (auto made = step(host.run({"ip", "link", "add", "link", address.nic, "name", kInterface, "netns",
                                   pins + "/net", "type", "macvlan", "mode", "bridge"},
                                  deadline, {}),
                         "cannot make a macvlan of " + address.nic + " in the service's namespace");
        !made)
      return made;
  }
  // Before the link is up: the kernel sends the gratuitous ARP on NETDEV_UP.
  if (auto notify = step(run_in(host, pins, {"sysctl", "-q", "-w", "net.ipv4.conf." + kInterface + ".arp_notify=1"},
                                deadline),
                         "cannot set arp_notify");
      !notify)
    return notify;
  const std::string cidr = address.ip + "/" + std::to_string(address.prefix);
  if (auto added = step(run_in(host, pins, {"ip", "addr", "replace", cidr, "dev", kInterface}, deadline),
                        "cannot add " + cidr);
      !added)
    return added;
  if (auto up = step(run_in(host, pins, {"ip", "link", "set", "dev", kInterface, "up"}, deadline),
                     "cannot bring " + kInterface + " up");
      !up)
    return up;
  // Clients beyond the subnet are answered through the node's own gateway.
  const CommandResult routes = host.run({"ip", "-o", "-4", "route", "show", "default", "dev", address.nic}, deadline, {});
  if (const std::string gateway = routes.ok() ? default_gateway(routes.out) : ""; !gateway.empty())
    if (auto routed = step(run_in(host, pins, {"ip", "route", "replace", "default", "via", gateway, "dev", kInterface},
                                  deadline),
                           "cannot add the default route via " + gateway);
        !routed)
      return routed;
  return {};
}

Result<void> take_address_down(const Host& host, const std::string& pins, const Deadline& deadline) {
  const CommandResult deleted = run_in(host, pins, {"ip", "link", "del", "dev", kInterface}, deadline);
  if (deleted.ok() || (deleted.ending == CommandResult::Ending::exited &&
                       deleted.err.find("Cannot find device") != std::string::npos))
    return {};
  return fail(OcfStatus::err_generic, "cannot take the service's address down: " + deleted.describe_with_stderr());
}

}  // namespace hanfs
