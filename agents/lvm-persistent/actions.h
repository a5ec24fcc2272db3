// The agent's actions (see metadata/lvm-persistent.xml for what each does).
#pragma once

#include "common/ocf/agent.h"

namespace hanfs::lvm_persistent {

// The agent as the dispatcher runs it: metadata, actions, default timeout.
const AgentDefinition& definition();

Outcome start(const ActionContext& context);
Outcome stop(const ActionContext& context);
Outcome monitor(const ActionContext& context);
Outcome validate(const ActionContext& context);

}  // namespace hanfs::lvm_persistent
