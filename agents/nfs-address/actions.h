// The agent's actions (see metadata/nfs-address.xml for what each does).
#pragma once

#include "common/ocf/agent.h"

namespace hanfs::nfs_address {

// The agent as the dispatcher runs it: metadata, actions, default timeout.
const AgentDefinition& definition();

hanfs::Outcome start(const hanfs::ActionContext& context);
hanfs::Outcome stop(const hanfs::ActionContext& context);
hanfs::Outcome monitor(const hanfs::ActionContext& context);
hanfs::Outcome validate(const hanfs::ActionContext& context);

}  // namespace hanfs::nfs_address
