// The running kernel NFS server, as an agent sees it: its export tables
// read straight from their files (no fork), exportfs called through
// run_command (argv only, within the deadline), and the nfsd control files.
// Paths are those of nfs-utils and Linux below the Host's roots; commands
// run through the Host's runner.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/core/deadline.h"
#include "common/nfs/export_table.h"
#include "common/core/ocf_status.h"
#include "common/sys/host.h"

namespace hanfs {

// Where nfs-utils and the kernel keep the server's tables and controls.
struct NfsPaths {
  explicit NfsPaths(const Host& host);
  std::string etab;                // <var_lib_nfs>/etab
  std::string rmtab;               // <var_lib_nfs>/rmtab
  std::string exports;             // <etc>/exports
  std::string exports_d;           // <etc>/exports.d
  std::string export_cache;        // <proc_net>/rpc/nfsd.export/content
  std::string unlock_filesystem;   // <nfsd_fs>/unlock_filesystem
  std::string unlock_ip;           // <nfsd_fs>/unlock_ip
  std::string lease_time;          // <nfsd_fs>/nfsv4leasetime
  std::string threads;             // <nfsd_fs>/threads
  std::string recovery_dir;        // <nfsd_fs>/nfsv4recoverydir
};

// etab (missing: empty), no fork; with `only`, the entries of those paths.
Result<std::vector<ExportEntry>> read_export_table(const Host& host, const std::vector<std::string>* only = nullptr);
// /etc/exports and /etc/exports.d/*.exports; `where` says which file each came from.
Result<std::vector<ExportEntry>> read_configured_exports(const Host& host, std::vector<std::string>* where);
// The kernel's valid export cache entries (missing: empty, nfsd not loaded).
Result<std::vector<ExportEntry>> read_export_cache(const Host& host);

// `exportfs -o OPTIONS -- TARGET...` (targets "client:path"). The caller checks
// the table afterwards: exportfs exits 0 on some failures and 1 on others
// that still changed etab. err_installed when exportfs is not there.
Result<void> exportfs_export(const Host& host, const std::string& options, const std::vector<std::string>& targets,
                             const Deadline& deadline);
// One (directory, client) export with its own options.
struct ExportRequest {
  std::string path;
  std::string client;   // as exports(5) and etab spell it (IPv6 without brackets)
  std::string options;  // comma-separated
};
// Pure: exports(5) text, one line per directory, paths with \ooo escapes.
std::string exports_file_text(const std::vector<ExportRequest>& requests);
// Exports requests whose options differ (one fsid per directory) in ONE
// exportfs call: exportfs takes one option set per call, so they go to a
// transient `exports_d/<name>.exports` for `exportfs -a` and the file is
// removed again whatever happens. -a also (re)exports what /etc/exports and
// exports.d hold, as the NFS server's own start does.
Result<void> exportfs_export_batch(const Host& host, const std::vector<ExportRequest>& requests,
                                   const std::string& name, const Deadline& deadline);
// `exportfs -u -- TARGET...`.
Result<void> exportfs_unexport(const Host& host, const std::vector<std::string>& targets, const Deadline& deadline);
// `exportfs -f`: flush the kernel's export caches.
Result<void> exportfs_flush(const Host& host, const Deadline& deadline);

// Writes `path` to /proc/fs/nfsd/unlock_filesystem: the kernel drops every
// NLM lock on the filesystem holding it.
Result<void> unlock_filesystem(const Host& host, const std::string& path);
// Writes `ip` to /proc/fs/nfsd/unlock_ip: the kernel drops every NLM lock
// taken by clients through that server address, on any filesystem.
Result<void> unlock_ip(const Host& host, const std::string& ip);
// The NFSv4 lease time in seconds, nullopt when nfsd does not say.
std::optional<int> nfsv4_lease_seconds(const Host& host);
// nfsd threads running (0 when nfsd is stopped or not loaded).
int nfsd_threads(const Host& host);

}  // namespace hanfs
