#include "agents/lvm-persistent/lv_devices.h"

#include <algorithm>

#include "common/sys/mounts.h"

namespace hanfs::lvm_persistent {

std::string dm_uuid_of(const LvRecord& lv) { return lvm_dm_uuid(lv.vg_uuid, lv.lv_uuid); }

const DmDevice* find_device(const std::vector<DmDevice>& devices, const std::string& dm_uuid) {
  for (const auto& d : devices)
    if (d.uuid == dm_uuid) return &d;
  return nullptr;
}

namespace {

// Reads one name with doubled dashes up to the first single '-' (or the end).
std::string undoubled(std::string_view s, std::size_t& i) {
  std::string out;
  while (i < s.size()) {
    if (s[i] == '-') {
      if (i + 1 < s.size() && s[i + 1] == '-') {
        out += '-';
        i += 2;
        continue;
      }
      break;
    }
    out += s[i++];
  }
  return out;
}

// The LV a sub-LV belongs to: LVM refuses LV names containing these.
std::string owning_lv(const std::string& lv) {
  static const char* const reserved[] = {"_cdata", "_cmeta", "_corig", "_cpool", "_cvol",   "_wcorig",
                                         "_mimage", "_mlog",  "_rimage", "_rmeta", "_tdata", "_tmeta",
                                         "_pmspare", "_vorigin", "_vdata", "_imeta", "_iorig"};
  std::size_t cut = lv.size();
  for (const char* r : reserved)
    if (auto at = lv.find(r); at != std::string::npos && at > 0) cut = std::min(cut, at);
  return lv.substr(0, cut);
}

}  // namespace

std::optional<DmLvName> split_dm_name(std::string_view name) {
  std::size_t i = 0;
  DmLvName n;
  n.vg = undoubled(name, i);
  if (n.vg.empty() || i >= name.size()) return std::nullopt;
  ++i;
  n.lv = undoubled(name, i);
  if (n.lv.empty()) return std::nullopt;
  if (i < name.size()) n.layer = std::string(name.substr(i + 1));
  return n;
}

std::vector<VgDevice> devices_of_vg(const std::vector<DmDevice>& devices, const std::string& vg) {
  std::vector<VgDevice> found;
  for (const auto& d : devices) {
    if (!d.uuid.starts_with("LVM-")) continue;
    auto n = split_dm_name(d.name);
    if (n && n->vg == vg) found.push_back({&d, owning_lv(n->lv)});
  }
  return found;
}

std::vector<std::string> active_managed_lvs(const Config& config, const std::vector<DmDevice>& devices) {
  std::vector<std::string> lvs;
  for (const auto& d : devices_of_vg(devices, config.vg))
    if (config.manages(d.lv) && std::find(lvs.begin(), lvs.end(), d.lv) == lvs.end()) lvs.push_back(d.lv);
  return lvs;
}

std::string describe_lvs(const std::string& vg, const std::vector<std::string>& lvs) {
  std::string names;
  for (const auto& lv : lvs) names += (names.empty() ? "" : ", ") + lv;
  return (lvs.size() == 1 ? "LV " : "LVs ") + names + " of VG " + vg;
}

std::string holder_of(const Host& host, const DmDevice& device) {
  for (const auto& m : read_mounts(host))
    if (m.major == device.major && m.minor == device.minor) return "mounted on " + m.mount_point;
  if (!device.holders.empty()) return "held by " + device.holders.front();
  return {};
}

}  // namespace hanfs::lvm_persistent
