// A service's namespaces (network, UTS, mount), kept alive by bind mounts of
// their nsfs files at <run_dir>/hanfs/<name>/{net,uts,mnt}, "pins", so that
// they outlive the processes in them and any later command can join them
// (CommandOptions::namespace_dir). Whether a service's namespaces exist is
// read from the mount table and its processes from /proc: the kernel's
// view, never a file of ours. /run is a tmpfs, so a reboot leaves no pins.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"
#include "common/sys/host.h"
#include "common/sys/mounts.h"
#include "common/sys/proc_stat.h"

namespace hanfs {

// The three pins, the order they are joined in (net, uts, mnt).
inline constexpr std::string_view kNamespacePins[] = {"net", "uts", "mnt"};

// <run_dir>/hanfs/<name>: the directory of one service's pins.
std::string namespace_dir(const Host& host, std::string_view name);

// Pure: how many of the three pins of DIR the mount table shows (an nsfs
// mount on DIR/net, DIR/uts, DIR/mnt): 3 for a made namespace, 0 for none,
// anything between for a making or an ending cut short.
int pins_mounted(const std::vector<MountEntry>& mounts, const std::string& dir);

// The inode of the network namespace pinned at DIR/net (stat of the pin,
// which is the namespace's nsfs inode); nullopt when it is not pinned.
std::optional<unsigned long long> pinned_net_inode(const std::vector<MountEntry>& mounts, const std::string& dir);

// Makes the three namespaces and pins them: `unshare --net=DIR/net
// --uts=DIR/uts --mount=DIR/mnt --propagation slave true` (util-linux), so
// the service's mount namespace still receives the node's later mounts and
// unmounts (the service's filesystem going away with Filesystem's stop).
// The pins need a mount that is not shared: <run_dir>/hanfs is made a
// private bind mount of itself first, once per boot. err_generic.
Result<void> make_namespaces(const Host& host, const std::string& dir, const Deadline& deadline);

// Unmounts the pins that are mounted and removes DIR: the namespaces end
// when their last process has gone too. err_generic naming a pin that
// stays (it cannot, unless a process has it open: nsenter, a shell).
Result<void> remove_pins(const Host& host, const std::string& dir);

// Ends every process of the network namespace NET (end_process: TERM, then
// KILL), and waits until none is left or the deadline; what is left (one
// stuck in the kernel on frozen storage) comes back, named.
std::vector<NetMember> end_processes_in_net(const Host& host, unsigned long long net, const Deadline& deadline);

}  // namespace hanfs
