// Keeping the VG to one node: LVM system IDs or tags (vg_access_mode).
#pragma once

#include <string>
#include <vector>

#include "agents/lvm-persistent/config.h"
#include "common/storage/lvm.h"

namespace hanfs::lvm_persistent {

// Checks this node can take the VG the configured way, without changing
// anything: a local system ID and no volume_list (system_id), or a
// volume_list that does not already admit the VG (tagging). Gives this
// node's LVM system ID (empty in tagging mode).
Result<std::string> check_access_mode(const Config& config, const Lvm& lvm);

// Makes this node (system ID `ours`, from check_access_mode) the VG's owner
// and turns autoactivation off, so that a node booting with the shared disk
// never activates it by itself.
Result<void> take_ownership(const Config& config, const VgRecord& vg, const std::string& ours, const Lvm& lvm);

// What stop gives back: the tag in tagging mode; the system ID stays.
Result<void> release_ownership(const Config& config, const VgRecord& vg, const Lvm& lvm);

// Extra arguments every activation of this VG needs (tagging's volume_list).
std::vector<std::string> activation_config(const Config& config);

}  // namespace hanfs::lvm_persistent
