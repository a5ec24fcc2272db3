// validate-all: the parameters and the programs; nothing is changed.
#include "agents/nfs-address/actions.h"
#include "agents/nfs-address/config.h"

namespace hanfs::nfs_address {

hanfs::Outcome validate(const hanfs::ActionContext& context) {
  auto config = parse_config(context.params, context.host).strict();
  if (!config) return config.error();
  if (auto node = check_node(); !node) return node.error();
  return hanfs::Outcome::success();
}

}  // namespace hanfs::nfs_address
