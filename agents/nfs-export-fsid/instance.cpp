#include "agents/nfs-export-fsid/instance.h"

#include "agents/nfs-export-fsid/parameters.h"
#include "common/core/text.h"

namespace hanfs::nfs_export_fsid {

StateFile instance_state(const ActionContext& c) { return StateFile(c.env.rsc_tmp(), agent_name, c.env.instance()); }

std::string lock_path(const ActionContext& c) { return c.env.rsc_tmp() + "/hanfs-" + std::string(agent_name) + ".lock"; }

std::string transient_exports_name(const ActionContext& c) {
  return "hanfs-" + std::string(agent_name) + "-" + text::safe_file_name(c.env.instance(), text::NameUse::inside);
}

}  // namespace hanfs::nfs_export_fsid
