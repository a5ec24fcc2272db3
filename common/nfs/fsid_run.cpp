#include "common/nfs/fsid_run.h"

#include <algorithm>

#include "common/core/text.h"

namespace hanfs {

namespace {

Failure configured(std::string reason) { return fail(OcfStatus::err_configured, std::move(reason)); }

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

Fsid configured_fsid(const FsidSetting& setting, std::size_t index) {
  Fsid fsid = setting.first;
  if (fsid.kind == Fsid::Kind::number) fsid.number = static_cast<std::uint32_t>(fsid.number + index);
  return fsid;
}

}  // namespace hanfs
