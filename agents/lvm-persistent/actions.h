// The agent's actions (see metadata/lvm-persistent.xml for what each does).
#pragma once

#include "common/ocf/agent.h"

namespace lvm_persistent {

hanfs::Outcome start(const hanfs::ActionContext& context);
hanfs::Outcome stop(const hanfs::ActionContext& context);
hanfs::Outcome monitor(const hanfs::ActionContext& context);
hanfs::Outcome validate(const hanfs::ActionContext& context);

}  // namespace lvm_persistent
