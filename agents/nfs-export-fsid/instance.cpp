#include "agents/nfs-export-fsid/instance.h"

#include "agents/nfs-export-fsid/parameters.h"

namespace hanfs::nfs_export_fsid {

StateFile instance_state(const ActionContext& c) { return StateFile(c.env.rsc_tmp(), agent_name, c.env.instance()); }

std::string lock_path(const ActionContext& c) { return c.env.rsc_tmp() + "/hanfs-" + std::string(agent_name) + ".lock"; }

}  // namespace hanfs::nfs_export_fsid
