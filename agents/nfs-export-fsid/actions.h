// The agent's actions (one file each) and what they share.
#pragma once

#include <string>
#include <vector>

#include "common/ocf/agent.h"
#include "agents/nfs-export-fsid/config.h"
#include "agents/nfs-export-fsid/export_plan.h"
#include "common/ocf/state_file.h"

namespace hanfs::nfs_export_fsid {

// The agent as the dispatcher runs it: metadata, actions, default timeout.
const AgentDefinition& definition();

inline constexpr const char* agent_name = "nfs-export-fsid";

// What start would export: the configuration checked, directories resolved,
// fsids assigned (derived where unset) and distinct. Clients not yet
// resolved to the table's names. err_configured / err_installed as due.
struct Plan {
  Config config;
  std::vector<DirectoryExport> exports;
};
Result<Plan> make_plan(const ActionContext& context);
// Refuses an fsid another directory uses in etab, /etc/exports or exports.d.
Result<void> check_tables(const Host& host, const std::vector<DirectoryExport>& exports);

StateFile instance_state(const ActionContext& context);
// The name of the transient exports.d file start uses for several directories.
std::string transient_exports_name(const ActionContext& context);
// Serialises start and stop of every instance on this node.
std::string lock_path(const ActionContext& context);

Outcome validate(const ActionContext& context);
Outcome start(const ActionContext& context);
Outcome stop(const ActionContext& context);
Outcome monitor(const ActionContext& context);

}  // namespace hanfs::nfs_export_fsid
