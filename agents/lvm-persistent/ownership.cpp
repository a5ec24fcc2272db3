#include "agents/lvm-persistent/ownership.h"

#include <algorithm>

#include "common/ocf/log.h"

namespace hanfs::lvm_persistent {

namespace {
bool has_tag(const VgRecord& vg, const std::string& tag) {
  return std::find(vg.tags.begin(), vg.tags.end(), tag) != vg.tags.end();
}
}  // namespace

Result<std::string> check_access_mode(const Config& config, const Lvm& lvm) {
  auto volume_list = lvm.config("activation/volume_list");
  if (!volume_list) return fail(volume_list.error());
  if (config.access == AccessMode::system_id) {
    if (*volume_list)
      return fail(OcfStatus::err_configured,
                  "vg_access_mode=system_id does not work with activation/volume_list set in lvm.conf "
                  "(it would also filter this VG): remove volume_list or use vg_access_mode=tagging");
    auto id = lvm.local_system_id();
    if (!id) return fail(id.error());
    if (id->empty())
      return fail(OcfStatus::err_installed,
                  "this node has no LVM system ID: set global/system_id_source (e.g. \"uname\") in lvm.conf");
    return *id;
  }
  if (!*volume_list)
    return fail(OcfStatus::err_configured,
                "vg_access_mode=tagging needs activation/volume_list in lvm.conf (without this VG), "
                "else any node can activate VG " + config.vg);
  const std::string& list = **volume_list;
  if (list.find("\"" + config.vg + "\"") != std::string::npos ||
      list.find("\"" + config.vg + "/") != std::string::npos ||
      list.find("\"@" + config.tag + "\"") != std::string::npos)
    return fail(OcfStatus::err_configured, "activation/volume_list in lvm.conf admits VG " + config.vg +
                                               " or tag @" + config.tag + ": every node could activate it");
  return std::string();
}

Result<void> take_ownership(const Config& config, const VgRecord& vg, const std::string& ours, const Lvm& lvm) {
  if (config.access == AccessMode::system_id) {
    if (vg.system_id != ours) {
      log_info("taking VG %s over from system ID '%s' as '%s'", vg.name.c_str(), vg.system_id.c_str(), ours.c_str());
      std::vector<std::string> argv{"vgchange"};
      // The previous owner counts as ours for this one command, so LVM lets
      // us rewrite its system ID (the cluster has fenced or stopped it).
      if (!vg.system_id.empty())
        argv.insert(argv.end(), {"--config", "local/extra_system_ids=[\"" + vg.system_id + "\"]"});
      argv.insert(argv.end(), {"--systemid", ours, vg.name});
      if (auto r = lvm.change(argv, "taking VG " + vg.name + " over"); !r) return r;
    }
  } else if (!has_tag(vg, config.tag)) {
    if (auto r = lvm.change({"vgchange", "--addtag", config.tag, vg.name}, "tagging VG " + vg.name); !r) return r;
  }
  if (vg.autoactivation) {
    if (auto r = lvm.change({"vgchange", "--setautoactivation", "n", vg.name},
                            "turning autoactivation of VG " + vg.name + " off");
        !r)
      return r;
  }
  return {};
}

Result<void> release_ownership(const Config& config, const VgRecord& vg, const Lvm& lvm) {
  if (config.access == AccessMode::tagging && has_tag(vg, config.tag))
    return lvm.change({"vgchange", "--deltag", config.tag, vg.name}, "removing tag from VG " + vg.name);
  return {};
}

std::vector<std::string> activation_config(const Config& config) {
  if (config.access != AccessMode::tagging) return {};
  return {"--config", "activation{volume_list=[\"@" + config.tag + "\"]}"};
}

}  // namespace hanfs::lvm_persistent
