// validate-all: the parameters and what this node must offer (the kernel NFS
// server, no nfsdcld); nothing is changed.
#include "agents/nfs-grace/actions.h"
#include "agents/nfs-grace/config.h"

namespace hanfs::nfs_grace {

hanfs::Outcome validate(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  if (auto node = check_node(context.host); !node) return node.error();
  if (auto fs = check_records_filesystem(*config, context.host); !fs) return fs.error();
  return hanfs::Outcome::success();
}

}  // namespace hanfs::nfs_grace
