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
#include "common/sys/mounts.h"
#include "common/nfs/nfs_server.h"
#include "common/nfs/nfsd_restart.h"

namespace hanfs::nfs_grace {

using hanfs::fail;
using hanfs::OcfStatus;
using hanfs::Outcome;

namespace {

hanfs::Result<void> make_dir(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) == 0 || errno == EEXIST) return {};
  return fail(OcfStatus::err_generic, "cannot create " + path + ": " + std::strerror(errno));
}

// recovery_dir and its two record directories; its parent must be there
// (it is on the service's filesystem, mounted before this resource starts).
hanfs::Result<void> prepare_records(const Config& config) {
  const auto parent = std::filesystem::path(config.recovery_dir).parent_path();
  std::error_code ec;
  if (!std::filesystem::is_directory(parent, ec))
    return fail(OcfStatus::err_generic, "recovery_dir's parent " + parent.string() +
                                            " is not there: is the service's filesystem mounted?");
  for (const auto& dir : {config.recovery_dir, config.tracker_records(), config.legacy_records()})
    if (auto made = make_dir(dir, 0700); !made) return made;
  return make_dir(config.tracker_dir, 0700);
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
    if (auto prepared = prepare_records(*config); !prepared) return prepared.error();
    if (auto bound = hanfs::bind_mount(config->tracker_records(), config->tracker_dir); !bound) return bound.error();
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
