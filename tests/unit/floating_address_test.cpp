// The floating address's pure parsers over `ip` output as iproute2 6.1
// prints it, and interface_for through a scripted `ip` (fake_node.h).
#include "common/net/floating_address.h"
#include "common/core/text.h"

#include <gtest/gtest.h>

#include "tests/unit/fake_node.h"

namespace hanfs {
namespace {

using testing::exited;
using testing::FakeNode;
using text::valid_ipv4;   // the address rule nfs-server takes ip= by

// `ip -o route get 192.0.2.50` on a node whose eth0 is on 192.0.2.0/24.
constexpr std::string_view kRouteOnLink = "192.0.2.50 dev eth0 src 192.0.2.11 uid 0 \\    cache \n";
// `ip -o route get 198.51.100.7`: beyond the subnet, through the gateway.
constexpr std::string_view kRouteViaGateway =
    "198.51.100.7 via 192.0.2.1 dev bond0 src 192.0.2.11 uid 0 \\    cache \n";
// `ip -o route get 192.0.2.11`: one of the node's own addresses.
constexpr std::string_view kRouteLocal =
    "local 192.0.2.11 dev lo table local src 192.0.2.11 uid 0 \\    cache <local> \n";
// `ip -o -4 addr show dev hanfs0 up` in a service's namespace.
constexpr std::string_view kAddrUp =
    "2: hanfs0    inet 192.0.2.50/24 brd 192.0.2.255 scope global hanfs0\\       valid_lft forever preferred_lft "
    "forever\n";

FloatingAddress address(std::string ip, int prefix) { return {std::move(ip), prefix, "eth0"}; }

TEST(ValidIpv4, TakesDottedQuadsFromZeroTo255) {
  for (const char* good : {"192.0.2.50", "0.0.0.0", "255.255.255.255", "10.0.0.1", "1.2.3.4", "100.64.10.200"})
    EXPECT_TRUE(valid_ipv4(good)) << good;
}

TEST(ValidIpv4, RefusesOutOfRangeShortLeadingZeroAndEmptyParts) {
  for (const char* bad : {"", "1.2.3.256", "256.1.1.1", "1.2.3", "1.2", "1", "01.2.3.4", "1.2.3.04", "1.2.3.00",
                          "1..3.4", ".1.2.3", "1.2.3.4444", "1.2.3.1000", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4\n",
                          "1.2.3.+4", "0x1.2.3.4", "a.b.c.d", "1.2.3.4/24", "::1", "fe80::1"})
    EXPECT_FALSE(valid_ipv4(bad)) << "<" << bad << ">";
}

TEST(ValidIpv4, RefusesHostileStrings) {
  for (const std::string& bad :
       {std::string("$(reboot)"), std::string("1.2.3.4;reboot"), std::string("-1"), std::string("--help"),
        std::string(5000, '1'), std::string("1.2.3.4\0", 8), std::string("\xff.1.1.1"), std::string("1,2,3,4")})
    EXPECT_FALSE(valid_ipv4(bad)) << "<" << bad << ">";
}

TEST(ValidIpv4, RefusesMoreThanFourParts) {
  for (const char* bad : {"1.2.3.4.5", "1.2.3.4.", "1.2.3.4.5.6"}) EXPECT_FALSE(valid_ipv4(bad)) << bad;
}

TEST(ValidIpv4, RefusesNegativeParts) {
  for (const char* bad : {"1.2.3.-1", "-0.1.2.3", "-1.2.3.4"}) EXPECT_FALSE(valid_ipv4(bad)) << bad;
}

TEST(RouteDevice, IsTheDevOfRouteGetOutput) {
  EXPECT_EQ(route_device(kRouteOnLink), "eth0");
  EXPECT_EQ(route_device(kRouteViaGateway), "bond0");
  EXPECT_EQ(route_device(kRouteLocal), "lo");
}

TEST(RouteDevice, IsEmptyWithoutADev) {
  EXPECT_EQ(route_device(""), "");
  EXPECT_EQ(route_device("unreachable 203.0.113.9 table main uid 0 \\    cache <error> \n"), "");
  EXPECT_EQ(route_device("192.0.2.50 dev"), "");   // cut short
}

TEST(DefaultGateway, IsTheViaOfTheDefaultRoute) {
  // `ip -o -4 route show default dev eth0` (the dev is not repeated).
  EXPECT_EQ(default_gateway("default via 192.0.2.1 proto dhcp src 192.0.2.11 metric 100 \n"), "192.0.2.1");
  // `ip route show default`, a static one.
  EXPECT_EQ(default_gateway("default via 10.0.0.254 dev ens3 proto static metric 20 onlink \n"), "10.0.0.254");
}

TEST(DefaultGateway, TakesTheFirstDefaultLineOfSeveral) {
  EXPECT_EQ(default_gateway("default via 192.0.2.1 proto static metric 100 \n"
                            "default via 192.0.2.2 proto static metric 200 \n"),
            "192.0.2.1");
}

TEST(DefaultGateway, IsEmptyWithoutADefaultRouteThroughTheNic) {
  EXPECT_EQ(default_gateway(""), "");
  EXPECT_EQ(default_gateway("192.0.2.0/24 proto kernel scope link src 192.0.2.11 \n"), "");
  // A default route straight onto the link (point-to-point) has no gateway.
  EXPECT_EQ(default_gateway("default proto static scope link metric 50 \n"), "");
}

TEST(AddressListed, FindsTheAddressWithItsPrefix) {
  EXPECT_TRUE(address_listed(kAddrUp, address("192.0.2.50", 24)));
}

TEST(AddressListed, ARightAddressWithAnotherPrefixOrANeighbourIsNotListed) {
  EXPECT_FALSE(address_listed(kAddrUp, address("192.0.2.50", 25)));
  EXPECT_FALSE(address_listed(kAddrUp, address("192.0.2.5", 24)));
  EXPECT_FALSE(address_listed(kAddrUp, address("192.0.2.500", 24)));
}

TEST(AddressListed, NothingShownIsNotListed) {
  // A link that is down: `ip ... up` prints nothing for it.
  EXPECT_FALSE(address_listed("", address("192.0.2.50", 24)));
}

TEST(AddressListed, FindsTheAddressOnAnyLineOfTheOutput) {
  const std::string two =
      "2: hanfs0    inet 192.0.2.60/24 brd 192.0.2.255 scope global hanfs0\\       valid_lft forever preferred_lft "
      "forever\n" +
      std::string(kAddrUp);
  EXPECT_TRUE(address_listed(two, address("192.0.2.50", 24)));
}

TEST(InterfaceFor, IsTheDeviceOfTheRouteToTheAddress) {
  FakeNode node;
  node.commands.on({"ip", "-o", "route", "get", "192.0.2.50"}, exited(0, std::string(kRouteOnLink)));
  const auto nic = interface_for(node.host(), "192.0.2.50", Deadline(std::chrono::seconds(5)));
  ASSERT_TRUE(nic) << nic.error().reason;
  EXPECT_EQ(*nic, "eth0");
}

TEST(InterfaceFor, AnAddressOfThisNodeItselfIsAConfigurationErrorAskingForNic) {
  FakeNode node;
  node.commands.on({"ip", "-o", "route", "get", "192.0.2.11"}, exited(0, std::string(kRouteLocal)));
  const auto nic = interface_for(node.host(), "192.0.2.11", Deadline(std::chrono::seconds(5)));
  ASSERT_FALSE(nic);
  EXPECT_EQ(nic.error().status, OcfStatus::err_configured);
  EXPECT_NE(nic.error().reason.find("set nic"), std::string::npos) << nic.error().reason;
}

TEST(InterfaceFor, NoRouteFailsNamingTheAddressAndIpsComplaint) {
  FakeNode node;
  node.commands.on({"ip", "-o", "route", "get", "203.0.113.9"},
                   exited(2, "", "RTNETLINK answers: Network is unreachable\n"));
  const auto nic = interface_for(node.host(), "203.0.113.9", Deadline(std::chrono::seconds(5)));
  ASSERT_FALSE(nic);
  EXPECT_NE(nic.error().status, OcfStatus::success);
  EXPECT_NE(nic.error().reason.find("203.0.113.9"), std::string::npos) << nic.error().reason;
  EXPECT_NE(nic.error().reason.find("Network is unreachable"), std::string::npos) << nic.error().reason;
}

}  // namespace
}  // namespace hanfs
