// validate-all: the checks start makes first (parameters, directories,
// fsids, the tables). Reads only.
#include <unistd.h>

#include <cctype>
#include <cstdlib>

#include "agents/nfs-export-fsid/actions.h"
#include "agents/nfs-export-fsid/instance.h"
#include "agents/nfs-export-fsid/parameters.h"
#include "agents/nfs-export-fsid/plan.h"
#include "common/core/text.h"

namespace hanfs::nfs_export_fsid {

bool program_in_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  for (const auto& dir : text::split(path ? path : "/usr/sbin:/usr/bin:/sbin:/bin", ':'))
    if (!dir.empty() && ::access((dir + "/" + name).c_str(), X_OK) == 0) return true;
  return false;
}

std::string transient_exports_name(const ActionContext& c) {
  std::string name = "hanfs-" + std::string(agent_name) + "-";
  for (char ch : c.env.instance())
    name += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.') ? ch : '_';
  return name;
}

Outcome validate(const ActionContext& c) {
  auto plan = make_plan(c);
  if (!plan) return plan.error();
  if (auto tables = check_tables(c.host, plan->exports); !tables) return tables.error();
  return Outcome::success();
}

}  // namespace hanfs::nfs_export_fsid
