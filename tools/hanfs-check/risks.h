// What an NFS client of the cluster would suffer, found in the cluster's
// configuration and, when given, in what this node shows. PURE: the same
// inputs give the same risks in the same order. Each risk has a stable code
// from one catalogue (risk_catalogue: the report, --help and the man page
// print from it), the resources concerned, the finding in one line and the
// command(s) that fix it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tools/hanfs-check/cluster_config.h"
#include "tools/hanfs-check/node_state.h"

namespace hanfs::check {

struct RiskKind {
  std::string_view code;         // stable kebab-case id, e.g. "export-fsid-not-stable"
  std::string_view title;        // what is wrong, a few words
  std::string_view clients_see;  // one sentence a client's administrator recognises
};
std::span<const RiskKind> risk_catalogue();
// The catalogue's entry; nullptr for an unknown code.
const RiskKind* risk_kind(std::string_view code);

struct Risk {
  std::string code;                    // a catalogue code
  std::vector<std::string> resources;  // CIB ids (may be empty: a non-cluster export)
  std::string detail;                  // what was found, one line
  std::vector<std::string> fix;        // exact commands, in order
  std::string_view clients_see() const;
};

std::vector<Risk> find_risks(const ClusterConfig& config, const std::optional<NodeState>& node);

// The agents hanfs-check knows by name.
namespace agent {
inline constexpr std::string_view exportfs = "ocf:heartbeat:exportfs";
inline constexpr std::string_view nfs_export_fsid = "ocf:hanfs:nfs-export-fsid";
inline constexpr std::string_view lvm_activate = "ocf:heartbeat:LVM-activate";
inline constexpr std::string_view lvm_old = "ocf:heartbeat:LVM";
inline constexpr std::string_view lvm_persistent = "ocf:hanfs:lvm-persistent";
inline constexpr std::string_view filesystem = "ocf:heartbeat:Filesystem";
inline constexpr std::string_view nfsserver = "ocf:heartbeat:nfsserver";
inline constexpr std::string_view nfsnotify = "ocf:heartbeat:nfsnotify";
inline constexpr std::string_view nfs_notify = "ocf:hanfs:nfs-notify";
inline constexpr std::string_view nfs_grace = "ocf:hanfs:nfs-grace";
inline constexpr std::string_view nfs_server = "ocf:hanfs:nfs-server";
inline constexpr std::string_view nfs_address = "ocf:hanfs:nfs-address";
}  // namespace agent
bool is_address(const Primitive& p);  // IPaddr2, IPaddr, IPsrcaddr, nfs-address
bool is_export(const Primitive& p);   // exportfs, nfs-export-fsid

// One exported directory of a resource, with the fsid it gets (nullopt:
// none configured), multi-directory runs expanded as the agent does.
struct ResourceExport {
  const Primitive* resource = nullptr;
  std::string directory;
  std::optional<Fsid> fsid;
  bool fsid_configured = false;  // set, even when it does not parse
};
std::vector<ResourceExport> resource_exports(const ClusterConfig& config);

// The directories of the Filesystem resources that share P's group (every
// Filesystem resource of the CIB when P is in none).
std::vector<std::string> service_filesystems(const ClusterConfig& config, const Primitive& p);
// PATH is DIR or below it (lexically).
bool path_under(std::string_view path, std::string_view dir);

}  // namespace hanfs::check
