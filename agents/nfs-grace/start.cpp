// start: the service's NFSv4 client records (on its shared filesystem) take
// the place of this node's, then nfsd restarts under the service's scope,
// which opens the grace period its clients reclaim in. Each step is recorded
// first (phase.h); a start or stop killed half-way is completed here. Already
// started (bound, nfsd serving with the service's records): 0.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "agents/nfs-grace/actions.h"
#include "agents/nfs-grace/config.h"
#include "agents/nfs-grace/phase.h"
#include "common/ocf/log.h"
#include "common/sys/bounded_fs.h"
#include "common/sys/mounts.h"
#include "common/nfs/nfs_server.h"
#include "common/nfs/nfsd_restart.h"

namespace hanfs::nfs_grace {

using hanfs::fail;
using hanfs::OcfStatus;
using hanfs::Outcome;

namespace {

// "" when made or there, else why not (errno's text).
std::string make_dir(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) == 0 || errno == EEXIST) return {};
  return "cannot create " + path + ": " + std::strerror(errno);
}

// recovery_dir and its two record directories, then the bind of the
// tracker's records over this node's; recovery_dir's parent must be there (it
// is on the service's filesystem, mounted before this resource starts). All
// of it touches that filesystem, so it runs where the deadline can abandon
// it (bounded_fs.h): 1 naming the storage when it is frozen.
hanfs::Result<void> prepare_and_bind(const Config& config, const hanfs::Deadline& deadline) {
  auto problem = hanfs::run_bounded_fs(
      config.recovery_dir,
      [&config]() -> std::string {
        const auto parent = std::filesystem::path(config.recovery_dir).parent_path();
        std::error_code ec;
        if (!std::filesystem::is_directory(parent, ec))
          return "recovery_dir's parent " + parent.string() + " is not there: is the service's filesystem mounted?";
        for (const auto& dir : {config.recovery_dir, config.tracker_records(), config.legacy_records()})
          if (auto made = make_dir(dir, 0700); !made.empty()) return made;
        if (auto made = make_dir(config.tracker_dir, 0700); !made.empty()) return made;
        auto bound = hanfs::bind_mount(config.tracker_records(), config.tracker_dir);
        return bound ? std::string() : bound.error().reason;
      },
      deadline);
  if (!problem) return fail(problem.error());
  if (!problem->empty()) return fail(OcfStatus::err_generic, *problem);
  return {};
}

}  // namespace

Outcome start(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  if (auto node = check_node(context.host); !node) return node.error();
  auto record = read_phase(context);
  if (!record) return record.error();
  auto facts = read_facts(*config, context);
  if (!facts) return facts.error();
  const int threads = record->threads > 0 ? record->threads : threads_after_restart(*config, facts->nfsd.threads);
  if (facts->started()) {
    if (record->phase != Phase::started)
      if (auto written = write_phase(context, {Phase::started, threads}); !written) return written.error();
    return Outcome::success();
  }
  if (record->phase != Phase::none)
    hanfs::log_info("completing a start or stop interrupted in phase '%s'", std::string(phase_name(record->phase)).c_str());

  if (!facts->bound) {
    if (auto fs = check_records_filesystem(*config, context.host); !fs) return fs.error();
    if (auto written = write_phase(context, {Phase::binding, threads}); !written) return written.error();
    if (auto bound = prepare_and_bind(*config, context.deadline); !bound) return bound.error();
  }
  if (auto written = write_phase(context, {Phase::restarting, threads}); !written) return written.error();
  const hanfs::NfsdRestart restart{.threads = threads,
                                   .scope = config->scope,
                                   .legacy_recovery_dir = config->legacy_records()};
  if (auto restarted = hanfs::restart_nfsd(context.host, restart, context.deadline); !restarted) {
    // Half a start is no start: this node's own records come back, and the
    // record tells stop that nfsd may still hold the service's state.
    if (auto written = write_phase(context, {Phase::unbinding, threads}); !written)
      hanfs::log_warn("%s", written.error().reason.c_str());
    if (auto unbound = hanfs::unmount(config->tracker_dir); !unbound)
      hanfs::log_warn("%s", unbound.error().reason.c_str());
    return restarted.error();
  }
  if (auto written = write_phase(context, {Phase::started, threads}); !written) return written.error();
  hanfs::log_info("nfsd restarted with %d threads under scope %s: grace period open, NFSv4 client records in %s",
                  restart.threads, config->scope.c_str(), config->recovery_dir.c_str());
  return Outcome::success();
}

}  // namespace hanfs::nfs_grace
