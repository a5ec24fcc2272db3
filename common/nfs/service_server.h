// One service's kernel NFS server inside its namespaces (sys/namespaces.h):
// what is mounted there, which daemons run there, how many nfsd threads
// serve there. The service's /var/lib/nfs is its state directory on its
// shared filesystem, so the NSM list (sm), the NFSv4 client records
// (nfsdcld's database), etab and rmtab move with the service; /run is the
// service's own tmpfs with its own rpc_pipefs (nfs.conf's pipefs-directory
// is /run/rpc_pipefs on Debian), so the daemons' sockets, pid files and
// upcalls are the service's, not the node's. Every command runs inside the
// namespaces (CommandOptions::namespace_dir) within the deadline.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"
#include "common/sys/host.h"
#include "common/sys/proc_stat.h"

namespace hanfs {

// Pure: a server scope nfsd can take as a host name (kServerScopeRule):
// nfsd copies it as it is, and nfs-server names its pins' folder with it.
bool valid_server_scope(std::string_view scope);
inline constexpr std::string_view kServerScopeRule =
    "1-64 of A-Z a-z 0-9 . - _, the first a letter or digit";

struct ServiceServer {
  std::string name;       // host name inside: the NFSv4 server scope
  std::string pins;       // namespace_dir(host, name)
  std::string state_dir;  // on the service's filesystem
};

// The lock file of one service's actions on this node: nfs-server's and
// nfs-address's take it, so no two act on the service's namespaces at once.
std::string service_lock_path(const Host& host, std::string_view name);

// The daemons of a service, in the order they start (rpcbind first: statd
// and mountd register with it; nfsdcld before the threads: nfsd's tracker).
inline constexpr std::string_view kServiceDaemons[] = {"rpcbind", "rpc.statd", "nfsdcld", "rpc.mountd"};

// Pure: the daemons of kServiceDaemons not among MEMBERS (by comm).
std::vector<std::string> missing_daemons(const std::vector<NetMember>& members);

// Pure: the mounts a service needs inside, given its mountinfo: each is
// {mount point, argv of the mount command}; those the table shows as the
// service's own are left out (a /run, rpc_pipefs or nfsd mount of the
// node's, copied in with the namespace, is not the service's). The last is
// lockd's grace sysctl bound read-only over itself (kNlmGracePeriod).
struct InsideMount {
  std::string mount_point;
  std::vector<std::string> argv;
};
std::vector<InsideMount> inside_mounts_missing(std::string_view mountinfo, const ServiceServer& server);

// The state directory's layout, made where missing (in a bounded child:
// the directory is on shared storage): the directory, sm and sm.bak and
// their records owned by the statd user (statd runs as the directory's
// owner: every node's statd the same user, able to rewrite every record),
// nfsdcld and v4recovery (0700), etab, rmtab; records a stop set aside
// and did not put back go back into sm. Records::retire (the service's
// statd starts after this) then moves sm's records into sm.bak, as
// sm-notify does at boot: statd starts knowing no client, so each client's
// first lock request after the takeover, its reclaim, writes its record
// anew in sm, which is how nfs-notify sees who has reclaimed. Also says
// whether sm or sm.bak holds any client (an NFSv3 client held a lock and
// will reclaim). err_generic naming the storage when it does not answer,
// or the directory when it cannot be made.
enum class Records { keep, retire };
Result<bool> prepare_state_dir(const ServiceServer& server, Records records, const Deadline& deadline);

// A stop releases the service's NLM locks before its threads (a lock left
// to a lockd going down keeps its client's host alive in the kernel after
// the network is gone: Debian 12's 6.1 then corrupts lockd's NSM list at a
// later shutdown). lockd's shutdown then unmonitors those clients and statd
// deletes their records, so the stop sets sm aside first, in
// <state_dir>/sm.stop, and puts it back once statd is gone; a stop killed
// in between leaves it for the next start (prepare_state_dir). Each in a
// bounded child; err_generic naming the storage.
inline constexpr std::string_view kRecordsAside = "sm.stop";
Result<void> set_records_aside(const ServiceServer& server, const Deadline& deadline);
Result<void> put_records_back(const ServiceServer& server, const Deadline& deadline);

// NODE as seen from inside service NAME's namespaces, for the agents that
// work on a service's server (nfs-export-fsid service=NAME): commands run
// inside (CommandOptions::namespace_dir), /var/lib/nfs, the nfsd
// filesystem and /proc/net are those of a daemon of the service (rpc.mountd
// first), through /proc/PID/root and /proc/PID/net. not_running when the
// service has no namespaces here (nothing of it can be exported or served
// in a network that does not exist); err_generic when no process is in it.
Result<Host> service_host(const Host& node, const std::string& name);

// Pure: a service= value, trimmed ("" for none); err_configured for a name
// no nfs-server can have (kServerScopeRule).
Result<std::string> parse_service_name(std::string_view value);

// Where the service's daemons see its /var/lib/nfs: the state directory is
// bound there inside the service's mount namespace.
inline constexpr std::string_view kInsideVarLibNfs = "/var/lib/nfs";
// lockd's grace sysctl, read-only inside the service (inside_mounts_missing).
inline constexpr std::string_view kNlmGracePeriod = "/proc/sys/fs/nfs/nlm_grace_period";
// Pure: PATH below a service_host's var_lib_nfs (/proc/PID/root/var/lib/nfs)
// as a program started inside the service names it (/var/lib/nfs/...), so it
// does not hang on PID staying alive; any other path, or the node's host,
// unchanged.
std::string inside_path(const Host& host, const std::string& path);

// The host name, loopback, and the mounts inside_mounts_missing names.
Result<void> set_up_inside(const Host& host, const ServiceServer& server, const Deadline& deadline);

// Starts each daemon of MISSING inside (each forks into the background
// itself and its command returns once it serves).
Result<void> start_daemons(const Host& host, const ServiceServer& server, const std::vector<std::string>& missing,
                           const Deadline& deadline);

// The service's nfsd threads (its /proc/fs/nfsd/threads, read inside);
// err_generic when it cannot be read (nfsd's filesystem not mounted there).
Result<int> read_threads(const Host& host, const ServiceServer& server, const Deadline& deadline);

struct ThreadStart {
  int threads = 8;
  int lease_time = 90;
  int grace_time = 90;
  int nlm_grace_seconds = 10;  // lockd's grace for this start
};
// Starts the threads with the lease and grace times. lockd's grace is the
// kernel's global nlm_grace_period, read when lockd starts in a net (with
// the threads): it is written and the threads started under a node-wide
// lock (<run_dir>/hanfs/lockd-grace.lock), so two services starting at once
// each get their own. err_generic.
Result<void> start_threads(const Host& host, const ServiceServer& server, const ThreadStart& start,
                           const Deadline& deadline);

// Threads to 0: the service's NFSv4 state and NLM locks are dropped, in its
// net only, which releases its filesystem.
Result<void> stop_threads(const Host& host, const ServiceServer& server, const Deadline& deadline);

}  // namespace hanfs
