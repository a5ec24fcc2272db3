// The agent's actions (see metadata/lvm-persistent.xml for what each does).
#pragma once

#include "common/ocf/agent.h"

namespace hanfs::lvm_persistent {

// The agent as the dispatcher runs it: metadata, actions, default timeout.
const AgentDefinition& definition();

hanfs::Outcome start(const hanfs::ActionContext& context);
hanfs::Outcome stop(const hanfs::ActionContext& context);
hanfs::Outcome monitor(const hanfs::ActionContext& context);
hanfs::Outcome validate(const hanfs::ActionContext& context);

}  // namespace hanfs::lvm_persistent
