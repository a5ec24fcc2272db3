#include "agents/nfs-export-fsid/instance.h"

#include "agents/nfs-export-fsid/parameters.h"
#include <unistd.h>

#include <filesystem>

#include "common/core/text.h"
#include "common/nfs/nfs_server.h"
#include "common/ocf/log.h"

namespace hanfs::nfs_export_fsid {

StateFile instance_state(const ActionContext& c) { return StateFile(c.env.rsc_tmp(), agent_name, c.env.instance()); }

std::string lock_path(const ActionContext& c) { return c.env.rsc_tmp() + "/hanfs-" + std::string(agent_name) + ".lock"; }

std::string transient_exports_name(const ActionContext& c) {
  return "hanfs-" + std::string(agent_name) + "-" + text::safe_file_name(c.env.instance(), text::NameUse::inside);
}

namespace {

void remove_leftover(const std::string& path) {
  if (::unlink(path.c_str()) == 0) log_warn("removed %s, left by an interrupted start", path.c_str());
}

}  // namespace

void remove_transient_exports(const ActionContext& c) {
  remove_leftover(NfsPaths(c.host).exports_d + "/" + transient_exports_name(c) + ".exports");
}

void remove_every_transient_exports(const ActionContext& c) {
  const std::string prefix = "hanfs-" + std::string(agent_name) + "-";
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(NfsPaths(c.host).exports_d, ec)) {
    const std::string name = f.path().filename().string();
    if (name.starts_with(prefix) && name.ends_with(".exports")) remove_leftover(f.path().string());
  }
}

}  // namespace hanfs::nfs_export_fsid
