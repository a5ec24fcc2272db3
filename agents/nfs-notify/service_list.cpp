#include "agents/nfs-notify/service_list.h"

namespace hanfs::nfs_notify {

using hanfs::HostList;

hanfs::Result<HostList> take_notify_list(const Config& config, const hanfs::StatdOwner& owner, Notes& notes) {
  if (auto ready = hanfs::prepare_statd_dir(config.statd_dir, owner, false); !ready) return hanfs::fail(ready.error());
  if (!config.same_dirs()) {
    auto node = hanfs::read_host_list(config.node_statd_dir, "sm");
    if (!node) return hanfs::fail(node.error());
    auto merged = hanfs::merge_into_host_list(config.statd_dir, "sm", *node, owner);
    if (!merged) return hanfs::fail(merged.error());
    if (*merged > 0)
      notes.push_back("took " + std::to_string(*merged) + " monitored host(s) from this node's " +
                      config.node_statd_dir + "/sm");
  }
  auto monitored = hanfs::read_host_list(config.statd_dir, "sm");
  if (!monitored) return hanfs::fail(monitored.error());
  auto unfinished = hanfs::read_host_list(config.statd_dir, "sm.bak");
  if (!unfinished) return hanfs::fail(unfinished.error());
  if (!unfinished->empty())
    notes.push_back(std::to_string(unfinished->size()) +
                    " host(s) of an earlier takeover were never notified: notifying them again");
  HostList all = hanfs::merge_host_lists(*unfinished, *monitored);
  if (!config.same_dirs()) {
    if (auto w = hanfs::write_host_list(config.statd_dir, "sm.bak", all, owner); !w) return hanfs::fail(w.error());
    if (auto w = hanfs::write_host_list(config.statd_dir, "sm", {}, owner); !w) return hanfs::fail(w.error());
  }
  return all;
}

hanfs::Result<std::size_t> follow_node_list(const Config& config, const hanfs::StatdOwner& owner) {
  if (config.same_dirs()) return std::size_t{0};
  auto node = hanfs::read_host_list(config.node_statd_dir, "sm");
  if (!node) return hanfs::fail(node.error());
  return hanfs::merge_into_host_list(config.statd_dir, "sm", *node, owner);
}

hanfs::Result<void> forget_notified(const Config& config, const HostList& still_to_notify, bool keep_until_back,
                                    const hanfs::StatdOwner& owner, Notes& notes) {
  auto unfinished = hanfs::read_host_list(config.statd_dir, "sm.bak");
  if (!unfinished) return hanfs::fail(unfinished.error());
  HostList delivered = hanfs::subtract_host_lists(*unfinished, still_to_notify);
  if (keep_until_back) {
    auto monitored = hanfs::read_host_list(config.statd_dir, "sm");
    if (!monitored) return hanfs::fail(monitored.error());
    std::erase_if(delivered, [&](const auto& record) { return !monitored->contains(record.first); });
  }
  if (delivered.empty()) return {};
  notes.push_back(std::to_string(delivered.size()) + " host(s) notified from every address");
  return hanfs::write_host_list(config.statd_dir, "sm.bak", hanfs::subtract_host_lists(*unfinished, delivered),
                                owner);
}

}  // namespace hanfs::nfs_notify
