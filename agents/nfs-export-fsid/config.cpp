#include "agents/nfs-export-fsid/config.h"

#include "agents/nfs-export-fsid/parameters.h"
#include "common/nfs/service_server.h"
#include "common/core/text.h"

namespace hanfs::nfs_export_fsid {

namespace {

Failure configured(std::string reason) { return fail(OcfStatus::err_configured, std::move(reason)); }

bool is_option_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '=' ||
         c == ':' || c == '/' || c == '.' || c == '@' || c == '+' || c == '-';
}

}  // namespace

Result<std::string> parse_export_options(std::string_view s) {
  const auto trimmed = text::trim(s);
  if (trimmed.empty()) return std::string();
  for (const auto& opt : text::split(trimmed, ',')) {
    if (opt.empty()) return configured("options '" + text::one_line(trimmed) + "' has an empty option");
    for (char c : opt)
      if (!is_option_char(c))
        return configured("options '" + text::one_line(trimmed) +
                          "': only letters, digits and _=:/.@+- are allowed in an export option");
    if (opt.front() == '-')   // no export option does; exportfs's own options do
      return configured("options '" + text::one_line(trimmed) + "': export option '" + std::string(opt) +
                        "' starts with '-'");
    if (opt.starts_with("fsid=") || opt == "fsid")
      return configured("options must not carry fsid: set the fsid parameter instead");
  }
  return std::string(trimmed);
}

Parsed<Config> parse_config(const Parameters& params) {
  Parsed<Config> parsed;
  Config& config = parsed.value;
  auto dirs = parse_directory_list(params[param::directory]);
  config.directories = std::move(dirs.value);
  for (auto& p : dirs.problems) parsed.problem(std::move(p));

  const auto words = text::split_words(params[param::clientspec]);
  if (words.empty()) parsed.problem(OcfStatus::err_configured, "clientspec: no client given");
  for (const auto& w : words) {
    auto spec = parse_client_spec(w);
    if (!spec) {
      parsed.problem(OcfStatus::err_configured, "clientspec: " + spec.error().reason);
      continue;
    }
    bool twice = false;
    for (const auto& seen : config.clients) twice = twice || seen.table_name == spec->table_name;
    if (twice) {
      parsed.problem(OcfStatus::err_configured, "clientspec '" + w + "' is listed twice");
      continue;
    }
    config.clients.push_back(std::move(*spec));
  }

  if (auto options = parse_export_options(params[param::options])) config.options = std::move(*options);
  else parsed.problem(options.error());

  if (auto fsid = parse_fsid_setting(params[param::fsid], params.is_set(param::fsid), config.directories.size()))
    config.fsid = *fsid;
  else
    parsed.problem(fsid.error());

  config.unlock_on_stop = params[param::unlock_on_stop];
  config.wait_for_leasetime_on_stop = params[param::wait_for_leasetime_on_stop];
  const std::string rmtab = std::string(text::trim(params[param::rmtab_backup]));
  if (rmtab != "none" && !rmtab.empty()) {
    if (rmtab.front() == '/' || rmtab.find("..") != std::string::npos || rmtab.find('\n') != std::string::npos)
      parsed.problem(OcfStatus::err_configured, "rmtab_backup '" + text::one_line(rmtab) +
                                                    "' must be a file name relative to the directory (or none)");
    else
      config.rmtab_backup = rmtab;
  }
  if (auto service = parse_service_name(params[param::service]))
    config.service = std::move(*service);
  else
    parsed.problem(service.error());
  return parsed;
}

}  // namespace hanfs::nfs_export_fsid
