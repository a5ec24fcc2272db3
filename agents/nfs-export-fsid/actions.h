// The agent's actions, one file each.
#pragma once

#include "common/ocf/agent.h"

namespace hanfs::nfs_export_fsid {

// The agent as the dispatcher runs it: metadata, actions, default timeout.
const AgentDefinition& definition();

Outcome validate(const ActionContext& context);
Outcome start(const ActionContext& context);
Outcome stop(const ActionContext& context);
Outcome monitor(const ActionContext& context);

}  // namespace hanfs::nfs_export_fsid
