// Node attributes through Pacemaker's attribute manager (attrd_updater): a
// private attribute per node that other nodes' agents can read. Only inside a
// cluster: Pacemaker passes OCF_RESKEY_CRM_meta_on_node to every operation it
// runs, crm_resource --force-* and ocf-tester do not.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/core/deadline.h"
#include "common/ocf/ocf_env.h"
#include "common/sys/host.h"
#include "common/core/ocf_status.h"

namespace hanfs {

// True when the action runs under a cluster and attrd_updater can be used.
bool in_cluster(const OcfEnv& env);

// node -> value, from `attrd_updater -Q -A -n NAME` output
// (`name="N" host="node1" value="v"` per line).
std::map<std::string, std::string> parse_attrd_query(std::string_view text);

// Sets this node's private attribute NAME to VALUE.
Result<void> publish_node_attribute(const Host& host, const std::string& name, const std::string& value,
                                    const Deadline& deadline);
// Every node's value of NAME.
Result<std::map<std::string, std::string>> query_node_attribute(const Host& host, const std::string& name,
                                                                const Deadline& deadline);

}  // namespace hanfs
