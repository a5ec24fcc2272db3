#include "common/storage/device_mapper.h"

#include <boost/filesystem.hpp>

#include <algorithm>

#include "common/core/text.h"
#include "common/sys/text_file.h"

namespace hanfs {

namespace fs = boost::filesystem;

namespace {

std::optional<std::string> read_line(const fs::path& path) { return read_first_line(path.string()); }

std::string without_dashes(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '-') out += c;
  return out;
}

}  // namespace

std::vector<DmDevice> list_dm_devices(const Host& host) { return list_dm_devices(host.sys); }

Result<std::vector<DmDevice>> read_dm_devices(const Host& host) {
  boost::system::error_code ec;
  fs::directory_iterator probe(fs::path(host.sys) / "block", ec);
  if (ec) return fail(OcfStatus::err_generic, "cannot read " + host.sys + "/block: " + ec.message());
  return list_dm_devices(host.sys);
}

std::vector<DmDevice> list_dm_devices(const std::string& sysfs) {
  std::vector<DmDevice> devices;
  boost::system::error_code ec;
  for (fs::directory_iterator it(fs::path(sysfs) / "block", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string kname = it->path().filename().string();
    if (!kname.starts_with("dm-")) continue;
    const fs::path dir = it->path();
    auto dev = read_line(dir / "dev");
    auto name = read_line(dir / "dm" / "name");
    if (!dev || !name) continue;
    auto parts = text::split(*dev, ':');
    if (parts.size() != 2) continue;
    auto major = text::parse_int(parts[0]), minor = text::parse_int(parts[1]);
    if (!major || !minor) continue;
    DmDevice d;
    d.kernel_name = kname;
    d.major = static_cast<int>(*major);
    d.minor = static_cast<int>(*minor);
    d.name = *name;
    d.uuid = read_line(dir / "dm" / "uuid").value_or("");
    d.suspended = read_line(dir / "dm" / "suspended").value_or("0") == "1";
    boost::system::error_code hec;
    for (fs::directory_iterator h(dir / "holders", hec), hend; !hec && h != hend; h.increment(hec))
      d.holders.push_back(h->path().filename().string());
    devices.push_back(std::move(d));
  }
  return devices;
}

std::string describe_storage_under(const Host& host, const std::vector<DmDevice>& devices,
                                   const std::vector<std::string>& kernel_names) {
  return describe_storage_under(devices, kernel_names, [&host](const std::string& kname) {
    std::vector<std::string> slaves;
    boost::system::error_code ec;
    for (fs::directory_iterator l(fs::path(host.sys) / "block" / kname / "slaves", ec), end; !ec && l != end;
         l.increment(ec))
      slaves.push_back(l->path().filename().string());
    return slaves;
  });
}

std::string describe_storage_under(const std::vector<DmDevice>& devices, const std::vector<std::string>& kernel_names,
                                   const std::function<std::vector<std::string>(const std::string&)>& slaves_of) {
  std::vector<std::string> seen, named;
  std::vector<std::string> todo;
  const auto dm = [&devices](const std::string& kname) -> const DmDevice* {
    for (const auto& d : devices)
      if (d.kernel_name == kname) return &d;
    return nullptr;
  };
  for (const auto& k : kernel_names)
    if (dm(k)) {
      const auto below = slaves_of(k);
      todo.insert(todo.end(), below.begin(), below.end());
    }
  while (!todo.empty()) {
    const std::string k = todo.back();
    todo.pop_back();
    if (std::find(seen.begin(), seen.end(), k) != seen.end()) continue;
    seen.push_back(k);
    const DmDevice* d = dm(k);
    if (!d) {
      named.push_back(k);   // a disk or partition: the bottom
    } else if (d->suspended) {
      named.push_back(d->name + " (" + k + ", suspended)");
    } else if (const auto below = slaves_of(k); below.empty()) {
      named.push_back(d->name + " (" + k + ")");
    } else {
      todo.insert(todo.end(), below.begin(), below.end());
    }
  }
  std::sort(named.begin(), named.end());
  std::string out;
  for (const auto& n : named) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string lvm_dm_uuid(std::string_view vg_uuid, std::string_view lv_uuid) {
  return "LVM-" + without_dashes(vg_uuid) + without_dashes(lv_uuid);
}

std::string devnum(int major, int minor) { return std::to_string(major) + ":" + std::to_string(minor); }

}  // namespace hanfs
