// LVM and device-mapper on a FakeNode, from a small description of VGs and
// LVs: the LVM commands the agent runs (lvs, vgs, lvm systemid, lvmconfig,
// lvchange, vgchange) answer in the format common/storage/lvm.cpp parses
// (--noheadings --binary --separator '|', the fields of lv_report_fields and
// vg_report_fields, as captured from LVM 2.03.16 in tests/unit/lvm_test.cpp),
// and change the description the way LVM would; every active LV is a dm
// device in the node's sysfs, laid out as common/storage/device_mapper.cpp
// reads it (sys/block/dm-N/{dev,dm/name,dm/uuid,dm/suspended,holders/}).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/storage/device_mapper.h"
#include "common/storage/lvm.h"
#include "tests/unit/fake_node.h"

namespace hanfs::lvm_persistent::testing {

using hanfs::testing::exited;
using hanfs::testing::FakeNode;

struct FakeLv {
  FakeLv(std::string lv_name, int persistent = -1, int active = -1)
      : name(std::move(lv_name)), persistent_minor(persistent), active_minor(active) {}
  std::string name;
  int persistent_minor = -1;  // lv_minor: -1, none in the metadata
  int active_minor = -1;      // -1: not active on this node
  bool open = false;
};

struct FakeVg {
  FakeVg(std::string vg_name, std::vector<FakeLv> vg_lvs, std::string owner = "")
      : name(std::move(vg_name)), system_id(std::move(owner)), lvs(std::move(vg_lvs)) {}
  std::string name;
  std::string system_id;
  std::vector<FakeLv> lvs;
  std::vector<std::string> tags;
  bool autoactivation = true;
  int pv_count = 1;
  int missing_pv_count = 0;
  bool hidden_by_hints = false;  // stale /run/lvm/hints: reports skip it until pvscan --cache
};

// An LVM uuid as LVM prints it ("ia8QOq-8vD1-y2bO-vsgU-Nh2c-hDol-Twm2ik"),
// the same for the same name.
inline std::string fake_lvm_uuid(const std::string& seed) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : seed) h = (h ^ c) * 1099511628211ull;
  std::string id;
  for (int i = 0; i < 32; ++i) {
    h = h * 6364136223846793005ull + 1442695040888963407ull;
    if (i == 6 || i == 10 || i == 14 || i == 18 || i == 22 || i == 26) id += '-';
    id += alphabet[(h >> 33) % 62];
  }
  return id;
}

class FakeLvm {
 public:
  explicit FakeLvm(FakeNode& node, int dm_major = 253) : node_(node), dm_major_(dm_major) {
    std::filesystem::create_directories(node_.host().sys + "/block");  // a node's sysfs always has it
    auto& c = node_.commands;
    c.on({"lvs"}, [this](const std::vector<std::string>& argv) { return report(argv, lv_report_fields, true); });
    c.on({"vgs"}, [this](const std::vector<std::string>& argv) { return report(argv, vg_report_fields, false); });
    c.on({"lvm", "systemid"}, [this](const auto&) { return exited(0, "  system ID: " + system_id + "\n"); });
    c.on({"lvmconfig", "activation/volume_list"}, [this](const auto&) {
      if (!volume_list) return exited(5, "", "  Configuration node activation/volume_list not found\n");
      return exited(0, "volume_list=" + *volume_list + "\n");
    });
    c.on({"lvchange"}, [this](const std::vector<std::string>& argv) { return lvchange(argv); });
    c.on({"vgchange"}, [this](const std::vector<std::string>& argv) { return vgchange(argv); });
    c.on({"pvscan", "--cache"}, [this](const auto&) {
      for (auto& v : vgs_) v.hidden_by_hints = false;
      return exited(0);
    });
  }

  // Called after each lvchange --minor has stored its minor: another node's
  // concurrent start can store the same minor here.
  std::function<void()> after_persist;

  // This node's LVM system ID, and lvm.conf's activation/volume_list.
  std::string system_id = "nodeA";
  std::optional<std::string> volume_list;

  // Adds a VG; its active LVs appear in sysfs on their minors.
  FakeVg& add_vg(FakeVg vg) {
    vgs_.push_back(std::move(vg));
    for (const auto& lv : vgs_.back().lvs)
      if (lv.active_minor >= 0) write_device(vgs_.back(), lv);
    return vgs_.back();
  }
  FakeVg& vg(const std::string& name) {
    for (auto& v : vgs_)
      if (v.name == name) return v;
    ADD_FAILURE() << "no VG " << name;
    return vgs_.front();
  }
  FakeLv& lv(const std::string& vg_name, const std::string& lv_name) {
    for (auto& l : vg(vg_name).lvs)
      if (l.name == lv_name) return l;
    ADD_FAILURE() << "no LV " << vg_name << "/" << lv_name;
    return vg(vg_name).lvs.front();
  }

  // A dm device that is no LV (dmsetup create), e.g. a decoy on a minor.
  void add_plain_device(int minor, const std::string& name) { write_sysfs(minor, name, ""); }

  // Behind the agent's back (by hand, dmsetup): the LV's device goes away,
  // or is (again) active on `minor`; LVM's view follows.
  void remove_behind_its_back(const std::string& vg_name, const std::string& lv_name) {
    FakeLv& l = lv(vg_name, lv_name);
    remove_sysfs(l.active_minor);
    l.active_minor = -1;
  }
  void activate_behind_its_back(const std::string& vg_name, const std::string& lv_name, int minor) {
    remove_behind_its_back(vg_name, lv_name);
    lv(vg_name, lv_name).active_minor = minor;
    write_device(vg(vg_name), lv(vg_name, lv_name));
  }
  // Mounted on `mount_point`: open, and a line in the node's mountinfo.
  void mount(const std::string& vg_name, const std::string& lv_name, const std::string& mount_point) {
    FakeLv& l = lv(vg_name, lv_name);
    l.open = true;
    mountinfo_ += "36 25 " + devnum(dm_major_, l.active_minor) + " / " + mount_point +
                  " rw,relatime shared:1 - ext4 /dev/mapper/" + dm_name(vg_name, lv_name) + " rw\n";
    FakeNode::write(node_.host().proc + "/self/mountinfo", mountinfo_);
  }

  std::string dm_uuid(const std::string& vg_name, const std::string& lv_name) const {
    return lvm_dm_uuid(fake_lvm_uuid(vg_name), fake_lvm_uuid(vg_name + "/" + lv_name));
  }
  std::string sysfs_dir(int minor) const { return node_.host().sys + "/block/dm-" + std::to_string(minor); }
  std::string device_node(int minor) const { return node_.host().dev + "/dm-" + std::to_string(minor); }

 private:
  static std::string dm_name(const std::string& vg, const std::string& lv) {
    auto doubled = [](std::string s) {
      for (std::size_t i = 0; (i = s.find('-', i)) != std::string::npos; i += 2) s.insert(i, "-");
      return s;
    };
    return doubled(vg) + "-" + doubled(lv);
  }

  void write_sysfs(int minor, const std::string& name, const std::string& uuid) {
    const std::string dir = sysfs_dir(minor);
    FakeNode::write(dir + "/dev", devnum(dm_major_, minor) + "\n");
    FakeNode::write(dir + "/dm/name", name + "\n");
    FakeNode::write(dir + "/dm/uuid", uuid + "\n");
    FakeNode::write(dir + "/dm/suspended", "0\n");
    std::filesystem::create_directories(dir + "/holders");
    // The device node: a regular file the depth-10 read can read.
    FakeNode::write(device_node(minor), std::string(8192, '\0'));
  }
  void write_device(const FakeVg& vg, const FakeLv& lv) {
    write_sysfs(lv.active_minor, dm_name(vg.name, lv.name), dm_uuid(vg.name, lv.name));
  }
  void remove_sysfs(int minor) {
    if (minor >= 0) std::filesystem::remove_all(sysfs_dir(minor));
    if (minor >= 0) std::filesystem::remove(device_node(minor));
  }

  std::string lv_row(const FakeVg& vg, const FakeLv& lv) const {
    const bool active = lv.active_minor >= 0;
    return "  " + vg.name + "|" + lv.name + "|" + fake_lvm_uuid(vg.name) + "|" +
           fake_lvm_uuid(vg.name + "/" + lv.name) + "|" + std::to_string(lv.persistent_minor) + "|" +
           (active ? std::to_string(dm_major_) : "-1") + "|" + std::to_string(lv.active_minor) + "|" +
           (active ? "1" : "0") + "|" + (active ? (lv.open ? "1" : "0") : "-1") + "\n";
  }
  static std::string vg_row(const FakeVg& vg) {
    std::string tags;
    for (const auto& t : vg.tags) tags += (tags.empty() ? "" : ",") + t;
    return "  " + vg.name + "|" + fake_lvm_uuid(vg.name) + "|" + vg.system_id + "|" + tags + "|" +
           (vg.autoactivation ? "1" : "0") + "||" + std::to_string(vg.pv_count) + "|" +
           std::to_string(vg.missing_pv_count) + "|0\n";
  }

  // lvs/vgs --foreign --noheadings --binary --separator | -o FIELDS [VG]
  CommandResult report(const std::vector<std::string>& argv, const char* fields, bool lvs) const {
    const std::vector<std::string> options{"--foreign", "--noheadings", "--binary", "--separator", "|", "-o", fields};
    if (argv.size() < options.size() + 1 || !std::equal(options.begin(), options.end(), argv.begin() + 1)) {
      ADD_FAILURE() << "unexpected report options for " << argv[0];
      return exited(3);
    }
    const std::string wanted = argv.size() > options.size() + 1 ? argv.back() : "";
    std::string out;
    bool found = wanted.empty();
    for (const auto& vg : vgs_) {
      if ((!wanted.empty() && vg.name != wanted) || vg.hidden_by_hints) continue;
      found = true;
      if (!lvs)
        out += vg_row(vg);
      else
        for (const auto& lv : vg.lvs) out += lv_row(vg, lv);
    }
    if (!found)
      return exited(5, "",
                    "  Volume group \"" + wanted + "\" not found\n  Cannot process volume group " + wanted + "\n");
    return exited(0, out);
  }

  // The LVs an LVM command names as VG/LV.
  std::vector<FakeLv*> named_lvs(const std::vector<std::string>& argv) {
    std::vector<FakeLv*> found;
    for (std::size_t i = 1; i < argv.size(); ++i) {
      auto slash = argv[i].find('/');
      if (slash != std::string::npos && !argv[i].starts_with("-") && argv[i - 1] != "--config")
        found.push_back(&lv(argv[i].substr(0, slash), argv[i].substr(slash + 1)));
    }
    return found;
  }
  std::optional<std::string> option(const std::vector<std::string>& argv, const std::string& name) const {
    auto it = std::find(argv.begin(), argv.end(), name);
    if (it == argv.end() || it + 1 == argv.end()) return std::nullopt;
    return *(it + 1);
  }

  CommandResult lvchange(const std::vector<std::string>& argv) {
    const auto lvs = named_lvs(argv);
    if (auto minor = option(argv, "--minor")) {
      for (FakeLv* l : lvs) l->persistent_minor = std::stoi(*minor);
      if (after_persist) after_persist();
      return exited(0, "  Logical volume " + argv.back() + " changed.\n");
    }
    const auto activate = option(argv, "--activate");
    if (!activate) {
      ADD_FAILURE() << "unexpected lvchange";
      return exited(3);
    }
    for (auto& vg : vgs_)
      for (auto& l : vg.lvs) {
        if (std::find(lvs.begin(), lvs.end(), &l) == lvs.end()) continue;
        if (*activate == "n") {
          remove_sysfs(l.active_minor);
          l.active_minor = -1;
        } else if (l.active_minor < 0) {
          l.active_minor = l.persistent_minor >= 0 ? l.persistent_minor : lowest_free_minor();
          write_device(vg, l);
        }
      }
    return exited(0);
  }

  CommandResult vgchange(const std::vector<std::string>& argv) {
    FakeVg& v = vg(argv.back());
    if (auto id = option(argv, "--systemid"))
      v.system_id = *id;
    else if (option(argv, "--setautoactivation"))
      v.autoactivation = false;
    else if (auto added = option(argv, "--addtag"))
      v.tags.push_back(*added);
    else if (auto removed = option(argv, "--deltag"))
      v.tags.erase(std::remove(v.tags.begin(), v.tags.end(), *removed), v.tags.end());
    else if (option(argv, "-a") == "n" || std::find(argv.begin(), argv.end(), "-an") != argv.end())
      for (auto& l : v.lvs) {
        remove_sysfs(l.active_minor);
        l.active_minor = -1;
      }
    else {
      ADD_FAILURE() << "unexpected vgchange";
      return exited(3);
    }
    return exited(0, "  Volume group \"" + v.name + "\" successfully changed\n");
  }

  // The kernel numbers a dynamic dm device with the lowest free minor.
  int lowest_free_minor() const {
    int m = 0;
    while (std::filesystem::exists(sysfs_dir(m))) ++m;
    return m;
  }

  FakeNode& node_;
  int dm_major_;
  std::deque<FakeVg> vgs_;  // references to its VGs stay valid
  std::string mountinfo_;
};

}  // namespace hanfs::lvm_persistent::testing
