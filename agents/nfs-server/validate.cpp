// validate-all: the parameters and what this node must offer (the kernel NFS
// server, the programs the service runs); nothing is changed.
#include "agents/nfs-server/actions.h"
#include "agents/nfs-server/config.h"

namespace hanfs::nfs_server {

hanfs::Outcome validate(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  if (auto node = check_node(context.host); !node) return node.error();
  return hanfs::Outcome::success();
}

}  // namespace hanfs::nfs_server
