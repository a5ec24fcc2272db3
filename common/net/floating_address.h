// A service's floating IPv4 address inside its network namespace (what
// IPaddr2 does on the node's own interface): a macvlan of the node's NIC,
// made straight into the namespace as kInterface, the address on it, the
// node's default route through that NIC copied in, and the link brought up
// with arp_notify set, so the kernel announces the address by a gratuitous
// ARP the moment it is up. Every read and change is an `ip` command, within
// the deadline; reads are the kernel's state, nothing of ours.
#pragma once

#include <string>
#include <string_view>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"
#include "common/sys/host.h"

namespace hanfs {

// The interface's name inside every service's namespace.
inline constexpr std::string_view kServiceInterface = "hanfs0";

struct FloatingAddress {
  std::string ip;      // dotted IPv4 (text::valid_ipv4)
  int prefix = 0;      // 1-32
  std::string nic;     // the node's interface; "" until found (interface_for)
};

// Pure: the "dev NAME" of `ip -o route get` output; "" when there is none.
std::string route_device(std::string_view ip_route_get);
// Pure: the "via GATEWAY" of `ip -o -4 route show default dev NIC` output;
// "" when the node has no default route through that NIC.
std::string default_gateway(std::string_view ip_route_show);
// Pure: IP/PREFIX is in `ip -o -4 addr show dev IF up` output (which lists
// an interface only while its link is up).
bool address_listed(std::string_view ip_addr_show, const FloatingAddress& address);

// The node's interface of its route to IP: err_configured naming it when
// the node has no route there (nic must be given then).
Result<std::string> interface_for(const Host& host, const std::string& ip, const Deadline& deadline);

// Up: the interface in the namespace is up and holds the address.
// err_generic when `ip` cannot be run in the namespace.
Result<bool> address_up(const Host& host, const std::string& pins, const FloatingAddress& address,
                        const Deadline& deadline);

// Makes the address up from whatever part of it is there (a start cut
// short): the macvlan, arp_notify, the address, the route, the link.
Result<void> bring_address_up(const Host& host, const std::string& pins, const FloatingAddress& address,
                              const Deadline& deadline);

// Deletes the interface in the namespace (the address goes with it); there
// is nothing to do when it is not there.
Result<void> take_address_down(const Host& host, const std::string& pins, const Deadline& deadline);

}  // namespace hanfs
