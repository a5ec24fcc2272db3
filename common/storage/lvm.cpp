#include "common/storage/lvm.h"

#include "common/sys/command.h"
#include "common/core/text.h"

namespace hanfs {

const char* const lv_report_fields =
    "vg_name,lv_name,vg_uuid,lv_uuid,lv_minor,lv_kernel_major,lv_kernel_minor,lv_active_locally,lv_device_open";
const char* const vg_report_fields =
    "vg_name,vg_uuid,vg_systemid,vg_tags,vg_autoactivation,vg_lock_type,pv_count,vg_missing_pv_count,vg_exported";

namespace {

// One report row: trimmed fields, exactly `count` of them.
std::optional<std::vector<std::string>> row(const std::string& line, std::size_t count) {
  auto fields = text::split(text::trim(line), '|');
  if (fields.size() != count) return std::nullopt;
  for (auto& f : fields) f = std::string(text::trim(f));
  return fields;
}

// Numbers LVM prints; "" and "-1" (and "unknown") read as -1.
int number(const std::string& s) {
  auto n = text::parse_int(s);
  return n && *n >= -1 && *n <= (1 << 20) ? static_cast<int>(*n) : -1;
}

bool flag(const std::string& s) { return s == "1"; }

std::size_t field_count(const char* fields) { return text::split(fields, ',').size(); }

}  // namespace

Result<std::vector<LvRecord>> parse_lv_report(std::string_view report) {
  std::vector<LvRecord> out;
  for (const auto& line : text::lines(report)) {
    if (text::trim(line).empty()) continue;
    auto f = row(line, field_count(lv_report_fields));
    if (!f) return fail(OcfStatus::err_generic, "unexpected lvs output: " + text::one_line(line));
    LvRecord lv;
    lv.vg_name = (*f)[0];
    lv.lv_name = (*f)[1];
    lv.vg_uuid = (*f)[2];
    lv.lv_uuid = (*f)[3];
    lv.persistent_minor = number((*f)[4]);
    lv.kernel_major = number((*f)[5]);
    lv.kernel_minor = number((*f)[6]);
    lv.active = flag((*f)[7]);
    lv.open = flag((*f)[8]);
    out.push_back(std::move(lv));
  }
  return out;
}

Result<std::vector<VgRecord>> parse_vg_report(std::string_view report) {
  std::vector<VgRecord> out;
  for (const auto& line : text::lines(report)) {
    if (text::trim(line).empty()) continue;
    auto f = row(line, field_count(vg_report_fields));
    if (!f) return fail(OcfStatus::err_generic, "unexpected vgs output: " + text::one_line(line));
    VgRecord vg;
    vg.name = (*f)[0];
    vg.uuid = (*f)[1];
    vg.system_id = (*f)[2];
    for (auto& tag : text::split((*f)[3], ','))
      if (!tag.empty()) vg.tags.push_back(tag);
    vg.autoactivation = (*f)[4] != "0";
    vg.lock_type = (*f)[5];
    vg.pv_count = std::max(0, number((*f)[6]));
    vg.missing_pv_count = std::max(0, number((*f)[7]));
    vg.exported = flag((*f)[8]);
    out.push_back(std::move(vg));
  }
  return out;
}

std::string parse_system_id(std::string_view output) {
  for (const auto& line : text::lines(output)) {
    auto t = text::trim(line);
    constexpr std::string_view prefix = "system ID:";
    if (t.starts_with(prefix)) return std::string(text::trim(t.substr(prefix.size())));
  }
  return {};
}

bool valid_lvm_name(std::string_view name) {
  if (name.empty() || name.size() > 127 || name.front() == '-' || name == "." || name == "..") return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '_' ||
          c == '.' || c == '-'))
      return false;
  return true;
}

namespace {

// A command that could not be executed means LVM is missing on this node:
// 5, so Pacemaker keeps the resource off it; any other failure (one to start
// it for want of memory or processes, too) is generic.
Failure command_failed(const CommandResult& r, std::string_view what) {
  if (r.failure_status() == OcfStatus::err_installed)
    return fail(OcfStatus::err_installed, "LVM is not installed here (" + std::string(what) + ": " + r.describe() + ")");
  return fail(OcfStatus::err_generic, std::string(what) + " failed: " + r.describe_with_stderr());
}

}  // namespace

Result<std::string> Lvm::report(const std::vector<std::string>& argv, std::string_view what) const {
  auto r = host_.run(argv, deadline_, {});
  if (!r.ok()) return command_failed(r, what);
  return r.out;
}

Result<std::string> Lvm::report_of(const char* command, const char* fields, std::string_view vg) const {
  std::vector<std::string> argv{command, "--foreign", "--noheadings", "--binary", "--separator", "|", "-o", fields};
  if (!vg.empty()) argv.emplace_back(vg);
  return report(argv, command);
}

Result<std::vector<VgRecord>> Lvm::vgs(std::string_view vg) const {
  auto out = report_of("vgs", vg_report_fields, vg);
  if (!out) return fail(out.error());
  return parse_vg_report(*out);
}

Result<std::vector<LvRecord>> Lvm::lvs(std::string_view vg) const {
  auto out = report_of("lvs", lv_report_fields, vg);
  if (!out) return fail(out.error());
  return parse_lv_report(*out);
}

Result<std::string> Lvm::local_system_id() const {
  auto out = report({"lvm", "systemid"}, "lvm systemid");
  if (!out) return fail(out.error());
  return parse_system_id(*out);
}

Result<std::optional<std::string>> Lvm::config(std::string_view key) const {
  auto r = host_.run({"lvmconfig", std::string(key)}, deadline_, {});
  // lvmconfig exits 5 with "Configuration node ... not found" when unset.
  if (r.ending == CommandResult::Ending::exited && r.exit_code == 5 &&
      r.err.find("not found") != std::string::npos)
    return std::optional<std::string>();
  if (!r.ok()) return command_failed(r, "lvmconfig " + std::string(key));
  auto line = std::string(text::trim(r.out));
  auto eq = line.find('=');
  return std::optional<std::string>(eq == std::string::npos ? line : line.substr(eq + 1));
}

Result<void> Lvm::change(const std::vector<std::string>& argv, std::string_view what) const {
  auto r = host_.run(argv, deadline_, {});
  if (!r.ok()) return command_failed(r, what);
  return {};
}

}  // namespace hanfs
