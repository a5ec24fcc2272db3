// validate-all: everything start would refuse, found without changing
// anything (no pvscan --cache, no metadata write, no activation).
#include "agents/lvm-persistent/actions.h"
#include "agents/lvm-persistent/inventory.h"
#include "agents/lvm-persistent/ownership.h"

namespace hanfs::lvm_persistent {

Outcome validate(const ActionContext& context) {
  auto config = parse_config(context.params).strict();
  if (!config) return config.error();
  // An LVM that is not installed shows in the first command (err_installed).
  const Lvm lvm(context.host, context.deadline);
  if (auto ok = check_access_mode(*config, lvm); !ok) return ok.error();
  auto inventory = take_inventory(*config, lvm);
  if (!inventory) return inventory.error();
  if (auto ok = check_range_is_free(*config, *inventory); !ok) return ok.error();
  return Outcome::success();
}

}  // namespace hanfs::lvm_persistent
