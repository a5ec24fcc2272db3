// Device numbers across nodes. The minor is persisted, but each node's
// kernel picks the dm major: the same LV can still be another major:minor
// elsewhere, and an export without an explicit fsid would change its handles.
// In a cluster each node publishes its numbers (a private node attribute)
// and monitor compares them; outside a cluster this is skipped.
#pragma once

#include <map>
#include <string>

#include "agents/lvm-persistent/active_state.h"
#include "common/ocf/agent.h"
#include "common/storage/device_mapper.h"

namespace hanfs::lvm_persistent {

// "lv1=253:10000 lv2=253:10001": the numbers of `state`'s LVs among `devices`.
std::string device_numbers(const ActiveState& state, const std::vector<DmDevice>& devices);

// The LVs whose numbers differ between this node's value and another
// node's, as "lv1 is 253:10000 here, 254:10000 on node2" (pure).
std::vector<std::string> mismatches(const std::string& ours, const std::map<std::string, std::string>& others,
                                    const std::string& this_node);

// Both take the node's dm devices as the caller already read them from sysfs.
void publish_device_numbers(const ActionContext& context, const ActiveState& state,
                            const std::vector<DmDevice>& devices);
// degraded with a reason when another node published other numbers.
Outcome compare_device_numbers(const ActionContext& context, const ActiveState& state,
                               const std::vector<DmDevice>& devices);

}  // namespace hanfs::lvm_persistent
