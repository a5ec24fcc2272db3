#include "agents/lvm-persistent/cross_node.h"

#include "agents/lvm-persistent/lv_devices.h"
#include "common/cluster/cluster_attributes.h"
#include "common/core/text.h"
#include "common/ocf/log.h"

namespace hanfs::lvm_persistent {

namespace {

std::string attribute_name(const ActionContext& context) { return "hanfs-devnums-" + context.env.instance(); }

std::map<std::string, std::string> parse_numbers(const std::string& value) {
  std::map<std::string, std::string> out;
  for (const auto& word : text::split_words(value)) {
    auto eq = word.find('=');
    if (eq != std::string::npos) out[word.substr(0, eq)] = word.substr(eq + 1);
  }
  return out;
}

}  // namespace

std::string device_numbers(const ActiveState& state, const std::vector<DmDevice>& devices) {
  std::string value;
  for (const auto& lv : state.lvs)
    if (const auto* d = find_device(devices, lv.dm_uuid))
      value += (value.empty() ? "" : " ") + lv.name + "=" + devnum(d->major, d->minor);
  return value;
}

std::vector<std::string> mismatches(const std::string& ours, const std::map<std::string, std::string>& others,
                                    const std::string& this_node) {
  std::vector<std::string> found;
  const auto mine = parse_numbers(ours);
  for (const auto& [node, value] : others) {
    if (node == this_node) continue;
    for (const auto& [lv, number] : parse_numbers(value)) {
      auto here = mine.find(lv);
      if (here != mine.end() && here->second != number)
        found.push_back(lv + " is " + here->second + " here, " + number + " on " + node);
    }
  }
  return found;
}

namespace {
void publish(const ActionContext& context, const std::string& value) {
  if (auto r = publish_node_attribute(context.host, attribute_name(context), value, context.deadline); !r)
    log_warn("%s", r.error().reason.c_str());
}
}  // namespace

void publish_device_numbers(const ActionContext& context, const ActiveState& state,
                            const std::vector<DmDevice>& devices) {
  if (in_cluster(context.env)) publish(context, device_numbers(state, devices));
}

Outcome compare_device_numbers(const ActionContext& context, const ActiveState& state,
                               const std::vector<DmDevice>& devices) {
  if (!in_cluster(context.env)) return Outcome::success();
  auto others = query_node_attribute(context.host, attribute_name(context), context.deadline);
  if (!others) {
    log_warn("%s", others.error().reason.c_str());
    return Outcome::success();
  }
  const std::string ours = device_numbers(state, devices);
  const std::string node = context.env.meta("on_node").value_or("");
  auto published = others->find(node);
  if (published == others->end() || published->second != ours) publish(context, ours);
  auto differ = mismatches(ours, *others, node);
  if (differ.empty()) return Outcome::success();
  std::string reason = "device numbers differ between nodes (";
  for (std::size_t i = 0; i < differ.size(); ++i) reason += (i ? "; " : "") + differ[i];
  reason += "): export these LVs with an explicit fsid (nfs-export-fsid) or clients get stale handles";
  log_warn("%s", reason.c_str());
  return outcome(OcfStatus::degraded, reason);
}

}  // namespace hanfs::lvm_persistent
