#include "agents/nfs-export-fsid/config.h"

#include <algorithm>

#include "agents/nfs-export-fsid/parameters.h"
#include "common/core/text.h"

namespace hanfs::nfs_export_fsid {

namespace {

Failure configured(std::string reason) { return fail(OcfStatus::err_configured, std::move(reason)); }

bool is_option_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '=' ||
         c == ':' || c == '/' || c == '.' || c == '@' || c == '+' || c == '-';
}

Result<std::string> check_directory(std::string word) {
  if (word.empty()) return configured("directory: an empty name");
  for (char c : word)
    if (c == '\n' || c == '\r' || c == '\0')
      return configured("directory '" + text::one_line(word) + "' contains a line break");
  if (word.front() != '/') return configured("directory '" + word + "' is not an absolute path");
  if (word.size() > 4096) return configured("directory '" + word.substr(0, 40) + "...' is longer than PATH_MAX");
  while (word.size() > 1 && word.back() == '/') word.pop_back();
  return word;
}

std::string describe_fsid(std::string_view text) {
  return "fsid '" + text::one_line(text.substr(0, 60)) + (text.size() > 60 ? "...'" : "'");
}

}  // namespace

Parsed<std::vector<std::string>> parse_directory_list(std::string_view s) {
  Parsed<std::vector<std::string>> dirs;
  auto split = text::split_quoted_words(s);
  if (split.unclosed_quote) {
    dirs.problem(OcfStatus::err_configured, "directory: a double quote is not closed");
    return dirs;
  }
  if (split.words.empty()) dirs.problem(OcfStatus::err_configured, "directory: no directory given");
  for (auto& w : split.words) {
    auto dir = check_directory(std::move(w));
    if (!dir) {
      dirs.problem(dir.error());
      continue;
    }
    if (std::find(dirs.value.begin(), dirs.value.end(), *dir) != dirs.value.end()) {
      dirs.problem(OcfStatus::err_configured, "directory '" + *dir + "' is listed twice");
      continue;
    }
    dirs.value.push_back(std::move(*dir));
  }
  return dirs;
}

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

Result<std::optional<FsidSetting>> parse_fsid_setting(std::string_view s, bool is_set, std::size_t directories) {
  if (!is_set || s.empty()) return std::optional<FsidSetting>{};
  if (s.find(',') != std::string_view::npos)
    return configured(describe_fsid(s) + " contains a comma (it would add export options)");
  auto fsid = parse_fsid(s);
  if (!fsid)
    return configured(describe_fsid(s) + " is not an integer from 0 to 4294967295, a UUID, or root");
  FsidSetting setting{*fsid, s == "root"};
  if (directories > 1) {
    if (fsid->kind != Fsid::Kind::number || setting.root)
      return configured("with several directories fsid must be an integer (the first of a run), not " +
                        describe_fsid(s));
    // fsid=0 makes the first directory the NFSv4 pseudo-root, which the
    // others would then be reached through: never what a run means.
    if (fsid->number == 0)
      return configured("fsid=0 with several directories would make the first the NFSv4 root"
                        ": give the run a first fsid of 1 or more (fsid=0 only with one directory)");
    if (std::uint64_t{fsid->number} + directories - 1 > 0xffffffffULL)
      return configured(describe_fsid(s) + " plus " + std::to_string(directories - 1) +
                        " directories runs past 4294967295");
  }
  return std::optional<FsidSetting>{setting};
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
  return parsed;
}

}  // namespace hanfs::nfs_export_fsid
