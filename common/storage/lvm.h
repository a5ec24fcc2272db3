// LVM through its command-line tools (run_command, never a shell; LVM not
// installed reads as err_installed, any other failure as err_generic): reports
// parsed from `--noheadings --separator '|' --binary` output, which is what
// the pure parsers below take, and the few changes the agents make.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/deadline.h"
#include "common/sys/host.h"
#include "common/core/ocf_status.h"

namespace hanfs {

struct LvRecord {
  std::string vg_name;
  std::string lv_name;
  std::string vg_uuid;
  std::string lv_uuid;
  int persistent_minor = -1;  // -1: no persistent minor in the metadata
  int kernel_major = -1;      // -1: not active here
  int kernel_minor = -1;
  bool active = false;        // active on this node
  bool open = false;          // device open (mounted, held)
  std::string full_name() const { return vg_name + "/" + lv_name; }
};

struct VgRecord {
  std::string name;
  std::string uuid;
  std::string system_id;      // empty: none
  std::vector<std::string> tags;
  bool autoactivation = true;
  std::string lock_type;
  int pv_count = 0;
  int missing_pv_count = 0;
  bool exported = false;
};

// The field lists the parsers expect, in order (for the report commands).
extern const char* const lv_report_fields;
extern const char* const vg_report_fields;

Result<std::vector<LvRecord>> parse_lv_report(std::string_view text);
Result<std::vector<VgRecord>> parse_vg_report(std::string_view text);
// From `lvm systemid` ("  system ID: node1"); empty when none is set.
std::string parse_system_id(std::string_view text);

// LVM's own names allow [A-Za-z0-9+_.-], no leading '-'.
bool valid_lvm_name(std::string_view name);

class Lvm {
 public:
  Lvm(const Host& host, const Deadline& deadline) : host_(host), deadline_(deadline) {}
  const Host& host() const { return host_; }

  // All VGs this node sees, including those owned by other system IDs; or one.
  Result<std::vector<VgRecord>> vgs(std::string_view vg = {}) const;
  // Visible LVs of all VGs (including foreign ones) or of one VG.
  Result<std::vector<LvRecord>> lvs(std::string_view vg = {}) const;
  Result<std::string> local_system_id() const;
  // `lvmconfig <key>` as the node's lvm.conf sets it; nullopt when not set.
  Result<std::optional<std::string>> config(std::string_view key) const;
  // Runs an LVM command (argv without "lvm"); a failure's reason is
  // `what` plus LVM's last error line.
  Result<void> change(const std::vector<std::string>& argv, std::string_view what) const;

 private:
  Result<std::string> report(const std::vector<std::string>& argv, std::string_view what) const;
  Result<std::string> report_of(const char* command, const char* fields, std::string_view vg) const;
  const Host& host_;
  const Deadline& deadline_;
};

}  // namespace hanfs
