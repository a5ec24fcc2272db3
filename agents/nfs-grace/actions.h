// The agent's actions (see metadata/nfs-grace.xml for what each does).
#pragma once

#include "common/ocf/agent.h"

namespace nfs_grace {

hanfs::Outcome start(const hanfs::ActionContext& context);
hanfs::Outcome stop(const hanfs::ActionContext& context);
hanfs::Outcome monitor(const hanfs::ActionContext& context);
hanfs::Outcome validate(const hanfs::ActionContext& context);

}  // namespace nfs_grace
