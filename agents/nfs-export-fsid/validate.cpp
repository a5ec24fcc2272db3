// validate-all: the checks start makes first (parameters, directories,
// fsids, the tables). Reads only.
#include "agents/nfs-export-fsid/actions.h"
#include "agents/nfs-export-fsid/plan.h"

namespace hanfs::nfs_export_fsid {

Outcome validate(const ActionContext& c) {
  auto plan = make_plan(c);
  if (!plan) return plan.error();
  if (auto tables = check_tables(c.host, plan->exports); !tables) return tables.error();
  return Outcome::success();
}

}  // namespace hanfs::nfs_export_fsid
