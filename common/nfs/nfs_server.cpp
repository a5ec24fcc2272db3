#include "common/nfs/nfs_server.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/sys/command.h"
#include "common/sys/text_file.h"
#include "common/sys/unique_fd.h"
#include "common/core/text.h"

namespace hanfs {

NfsPaths::NfsPaths(const Host& host)
    : etab(host.var_lib_nfs + "/etab"),
      rmtab(host.var_lib_nfs + "/rmtab"),
      exports(host.etc + "/exports"),
      exports_d(host.etc + "/exports.d"),
      export_cache(host.proc_net + "/rpc/nfsd.export/content"),
      unlock_filesystem(host.nfsd_fs + "/unlock_filesystem"),
      unlock_ip(host.nfsd_fs + "/unlock_ip"),
      lease_time(host.nfsd_fs + "/nfsv4leasetime"),
      threads(host.nfsd_fs + "/threads"),
      recovery_dir(host.nfsd_fs + "/nfsv4recoverydir") {}

namespace {

Result<void> run_exportfs(const Host& host, std::vector<std::string> argv, const Deadline& deadline) {
  const std::string what = argv.size() > 4 ? quote_argv({argv[0], argv[1], argv[2]}) + " ..." : quote_argv(argv);
  auto result = host.run(argv, deadline, {});
  if (result.ending == CommandResult::Ending::spawn_failed) {
    if (result.spawn_errno == ENOENT)
      return fail(result.failure_status(), "exportfs not found: install nfs-kernel-server (nfs-utils)");
    return fail(result.failure_status(), what + ": " + result.describe());
  }
  if (!result.ok()) return fail(OcfStatus::err_generic, what + ": " + result.describe_with_stderr());
  return {};
}

}  // namespace

Result<std::vector<ExportEntry>> read_export_table(const Host& host, const std::vector<std::string>* only) {
  const NfsPaths paths(host);
  auto content = read_text_file(paths.etab, true);
  if (!content) return fail(content.error());
  return parse_etab(*content, only);
}

Result<std::vector<ExportEntry>> read_configured_exports(const Host& host, std::vector<std::string>* where) {
  const NfsPaths paths(host);
  std::vector<std::string> files{paths.exports};
  std::error_code ec;
  std::vector<std::string> extra;
  for (const auto& f : std::filesystem::directory_iterator(paths.exports_d, ec))
    if (f.path().extension() == ".exports") extra.push_back(f.path().string());
  std::sort(extra.begin(), extra.end());
  files.insert(files.end(), extra.begin(), extra.end());
  std::vector<ExportEntry> all;
  for (const auto& file : files) {
    auto content = read_text_file(file, true);
    if (!content) return fail(content.error());
    for (auto& e : parse_exports_file(*content)) {
      all.push_back(std::move(e));
      if (where) where->push_back(file);
    }
  }
  return all;
}

Result<std::vector<ExportEntry>> read_export_cache(const Host& host) {
  const NfsPaths paths(host);
  auto content = read_text_file(paths.export_cache, true);
  if (!content) return fail(content.error());
  return parse_export_cache(*content);
}

Result<void> exportfs_export(const Host& host, const std::string& options, const std::vector<std::string>& targets,
                             const Deadline& deadline) {
  // "--": a target is never an option, whatever the client's name (exportfs
  // reads its options with getopt, which stops there).
  std::vector<std::string> argv{"exportfs", "-o", options, "--"};
  argv.insert(argv.end(), targets.begin(), targets.end());
  return run_exportfs(host, std::move(argv), deadline);
}

std::string exports_file_text(const std::vector<ExportRequest>& requests) {
  static constexpr char digits[] = "01234567";
  std::string out;
  const std::string* last_path = nullptr;
  for (const auto& r : requests) {
    if (!last_path || *last_path != r.path) {
      if (last_path) out += '\n';
      for (unsigned char c : r.path) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '/' || c == '.' || c == '_' || c == '-' || c == '+' || c == '@' || c == ':' ||
                           c == ',' || c == '=' || c >= 0x80;
        if (plain) {
          out += static_cast<char>(c);
        } else {
          out += '\\';
          out += digits[(c >> 6) & 7];
          out += digits[(c >> 3) & 7];
          out += digits[c & 7];
        }
      }
      last_path = &r.path;
    }
    out += ' ' + r.client + '(' + r.options + ')';
  }
  if (last_path) out += '\n';
  return out;
}

Result<void> exportfs_export_batch(const Host& host, const std::vector<ExportRequest>& requests,
                                   const std::string& name, const Deadline& deadline) {
  const NfsPaths paths(host);
  std::error_code ec;
  std::filesystem::create_directories(paths.exports_d, ec);
  const std::string file = paths.exports_d + "/" + name + ".exports";
  if (auto w = replace_text_file(file, "# transient: written and removed by " + name + "\n" +
                                           exports_file_text(requests));
      !w)
    return w;
  auto result = run_exportfs(host, {"exportfs", "-a"}, deadline);
  if (::unlink(file.c_str()) != 0 && errno != ENOENT)
    return fail(OcfStatus::err_generic, "cannot remove " + file + ": " + std::strerror(errno));
  return result;
}

Result<void> exportfs_unexport(const Host& host, const std::vector<std::string>& targets, const Deadline& deadline) {
  std::vector<std::string> argv{"exportfs", "-u", "--"};
  argv.insert(argv.end(), targets.begin(), targets.end());
  return run_exportfs(host, std::move(argv), deadline);
}

Result<void> exportfs_flush(const Host& host, const Deadline& deadline) {
  return run_exportfs(host, {"exportfs", "-f"}, deadline);
}

namespace {

// One write of `value` to an nfsd control file.
Result<void> write_control(const std::string& control, const std::string& value) {
  UniqueFd fd(::open(control.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) return fail(OcfStatus::err_generic, "cannot open " + control + ": " + std::strerror(errno));
  // The kernel wants the value with its newline (as echo writes it): EINVAL without.
  const std::string line = value + "\n";
  const ssize_t n = ::write(fd.get(), line.data(), line.size());
  const int err = errno;
  fd.reset();
  if (n != static_cast<ssize_t>(line.size()))
    return fail(OcfStatus::err_generic, "cannot unlock " + value + ": " + std::strerror(err));
  return {};
}

}  // namespace

Result<void> unlock_filesystem(const Host& host, const std::string& path) {
  return write_control(NfsPaths(host).unlock_filesystem, path);
}

Result<void> unlock_ip(const Host& host, const std::string& ip) { return write_control(NfsPaths(host).unlock_ip, ip); }

std::optional<int> nfsv4_lease_seconds(const Host& host) {
  const NfsPaths paths(host);
  auto content = read_text_file(paths.lease_time);
  if (!content) return std::nullopt;
  auto n = text::parse_int(text::trim(*content));
  if (!n || *n < 0 || *n > 3600) return std::nullopt;
  return static_cast<int>(*n);
}

int nfsd_threads(const Host& host) {
  const NfsPaths paths(host);
  auto content = read_text_file(paths.threads);
  if (!content) return 0;
  auto n = text::parse_int(text::trim(*content));
  return n && *n > 0 && *n < 100000 ? static_cast<int>(*n) : 0;
}

}  // namespace hanfs
