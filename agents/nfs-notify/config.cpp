#include "agents/nfs-notify/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "agents/nfs-notify/parameters.h"
#include "common/nfs/service_server.h"
#include "common/sys/command.h"
#include "common/sys/mounts.h"
#include "common/sys/program_path.h"
#include "common/nfs/statd_state.h"
#include "common/core/text.h"

namespace hanfs::nfs_notify {

using hanfs::fail;
using hanfs::OcfStatus;
namespace text = hanfs::text;

namespace {

constexpr int kMaxRetryMinutes = 24 * 60;

hanfs::Failure bad_args(const std::string& why) {
  return fail(OcfStatus::err_configured, "notify_args: " + why);
}

bool valid_host(std::string_view host) {
  if (host.empty() || host.size() > 255 || host.front() == '-' || host.front() == '.') return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == ':' || c == '_';
  });
}

}  // namespace

bool Config::same_dirs() const {
  std::error_code ec;
  return std::filesystem::equivalent(statd_dir, node_statd_dir, ec) ||
         std::filesystem::path(statd_dir).lexically_normal() == std::filesystem::path(node_statd_dir).lexically_normal();
}

hanfs::Result<NotifyArgs> parse_notify_args(std::string_view line) {
  NotifyArgs args;
  const auto words = text::split_words(line);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word.size() < 2 || word[0] != '-' || word == "--")
      return bad_args("'" + word + "' is not an sm-notify option (allowed: -m MINUTES, -p PORT, -n, -d, -f)");
    if (word.starts_with("--")) {
      if (word.starts_with("--state-directory-path"))
        return bad_args("--state-directory-path is chosen by the agent (statd_dir and its own copies)");
      return bad_args("unknown option '" + word + "' (allowed: -m MINUTES, -p PORT, -n, -d, -f)");
    }
    for (std::size_t j = 1; j < word.size(); ++j) {
      const char option = word[j];
      if (option == 'd' || option == 'f') continue;  // the agent always passes them
      if (option == 'n') {
        args.keep_state = true;
        continue;
      }
      if (option == 'v') return bad_args("-v is set from source_host, one run per address");
      if (option == 'P') return bad_args("-P is chosen by the agent: sm-notify works on the agent's own copies");
      if (option != 'm' && option != 'p')
        return bad_args(std::string("unknown option -") + option + " (allowed: -m MINUTES, -p PORT, -n, -d, -f)");
      std::string value = word.substr(j + 1);
      if (value.empty()) {
        if (i + 1 >= words.size()) return bad_args(std::string("-") + option + " needs a value");
        value = words[++i];
      }
      const auto number = text::parse_int(value);
      if (option == 'm') {
        if (!number || *number < 0 || *number > kMaxRetryMinutes)
          return bad_args("-m wants minutes from 0 to " + std::to_string(kMaxRetryMinutes) + ", not '" + value + "'");
        args.retry_minutes = static_cast<int>(*number);
      } else {
        if (!number || *number < 1 || *number > 65535)
          return bad_args("-p wants a port from 1 to 65535, not '" + value + "'");
        args.port = static_cast<int>(*number);
      }
      break;  // the value took the rest of the word
    }
  }
  return args;
}

hanfs::Result<std::vector<std::string>> parse_source_hosts(std::string_view line) {
  std::string spaced(line);
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  std::vector<std::string> hosts;
  for (auto& host : text::split_words(spaced)) {
    if (!valid_host(host))
      return fail(OcfStatus::err_configured,
                  "source_host: '" + text::one_line(host) + "' is not an address or host name");
    if (std::find(hosts.begin(), hosts.end(), host) != hosts.end())
      return fail(OcfStatus::err_configured, "source_host: " + host + " is given twice");
    hosts.push_back(std::move(host));
  }
  if (hosts.empty())
    return fail(OcfStatus::err_configured, "source_host: give the floating address(es) clients mount from");
  return hosts;
}

hanfs::StatdOwner Config::owner() const { return hanfs::statd_owner(service.empty() ? node_statd_dir : ""); }

hanfs::Parsed<Config> parse_config(const hanfs::Parameters& params, const hanfs::Host& host) {
  hanfs::Parsed<Config> parsed;
  Config& config = parsed.value;
  if (auto service = hanfs::parse_service_name(params[param::service]))
    config.service = std::move(*service);
  else
    parsed.problem(service.error());
  if (auto hosts = parse_source_hosts(params[param::source_host]))
    config.source_hosts = std::move(*hosts);
  else
    parsed.problem(hosts.error());
  for (const auto& [name, dir] : {std::pair{param::statd_dir, &config.statd_dir},
                                  std::pair{param::node_statd_dir, &config.node_statd_dir}}) {
    if (!config.service.empty() && params.is_set(name)) {
      parsed.problem(OcfStatus::err_configured, std::string(name.name) + ": not with service=" + config.service +
                                                    " (its statd keeps the list in that nfs-server's state_dir)");
      continue;
    }
    if (!config.service.empty() && host.namespace_dir.empty()) continue;
    // The default names the node's own statd directory: as the host has it.
    std::string value = params.is_set(name) ? std::string(text::trim(params[name])) : host.path_of(params[name]);
    if (value.empty() || value.front() != '/' || value.find('\n') != std::string::npos) {
      parsed.problem(OcfStatus::err_configured,
                     std::string(name.name) + ": '" + text::one_line(value) + "' is not an absolute path");
      continue;
    }
    while (value.size() > 1 && value.back() == '/') value.pop_back();
    *dir = std::move(value);
  }
  config.statd_dir_is_default = !config.statd_dir.empty() && config.statd_dir == host.var_lib_nfs;
  config.allow_root_filesystem = params[param::allow_root_filesystem];
  if (auto args = parse_notify_args(params[param::notify_args]))
    config.args = *args;
  else
    parsed.problem(args.error());
  // Absent only for stop, when the dispatcher dropped a value that is no
  // integer: the window stays at its default then.
  const auto retry = params[param::retry_time];
  if (retry < 0 || retry > kMaxRetryMinutes)
    parsed.problem(OcfStatus::err_configured,
                   "retry_time: " + std::to_string(retry) + " is not from 0 to " + std::to_string(kMaxRetryMinutes));
  else if (params.has(param::retry_time.name))
    config.retry_minutes = static_cast<int>(retry);
  if (config.args.retry_minutes) {
    if (params.is_set(param::retry_time) && *config.args.retry_minutes != config.retry_minutes)
      parsed.problem(OcfStatus::err_configured, "retry_time=" + std::to_string(config.retry_minutes) +
                                                    " and notify_args -m " +
                                                    std::to_string(*config.args.retry_minutes) +
                                                    " disagree: set one of them");
    else
      config.retry_minutes = *config.args.retry_minutes;
  }
  return parsed;
}

hanfs::Result<std::string> find_sm_notify() {
  if (auto program = hanfs::find_program("sm-notify")) return *program;
  return fail(OcfStatus::err_installed, "sm-notify is not installed (package nfs-utils or nfs-common)");
}

hanfs::Result<void> check_source_names(const Config& config, const hanfs::Host& node,
                                       const hanfs::Deadline& deadline) {
  for (const auto& host : config.source_hosts) {
    const auto r = node.run({"getent", "hosts", host}, deadline, {});
    if (r.ok()) continue;
    if (r.ending == hanfs::CommandResult::Ending::exited && r.exit_code == 2)
      return fail(OcfStatus::err_configured,
                  "source_host " + host + " does not resolve" +
                      (host.find_first_not_of("0123456789.") == std::string::npos || host.find(':') != std::string::npos
                           ? std::string(" to a host name (sm-notify sends a name, never a bare address)")
                           : std::string()) +
                      ": add it to /etc/hosts or DNS on every node");
    return fail(OcfStatus::err_generic, "cannot resolve source_host " + host + ": getent " + r.describe_with_stderr());
  }
  return {};
}

namespace {

hanfs::Result<void> check_statd_filesystem(const Config& config, const hanfs::Host& host) {
  // The node's own directory is meant to be local.
  if (config.allow_root_filesystem || config.statd_dir_is_default || config.same_dirs()) return {};
  return hanfs::check_off_root_filesystem(host, "statd_dir", config.statd_dir, "allow_root_filesystem");
}

}  // namespace

hanfs::Result<void> check_statd_dir(const Config& config, const hanfs::Host& host) {
  struct stat st {};
  if (::stat(config.statd_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return fail(OcfStatus::err_configured, "statd_dir " + config.statd_dir +
                                               " is not a directory: create it on the shared filesystem (or mount "
                                               "that filesystem before this resource starts)");
  const auto owner = config.owner();
  if (st.st_uid != 0 && st.st_uid != owner.uid)
    return fail(OcfStatus::err_configured, "statd_dir " + config.statd_dir + " belongs to uid " +
                                               std::to_string(st.st_uid) + ": chown it to root or to " +
                                               hanfs::describe_owner(owner) + " (statd)");
  if ((st.st_mode & S_IWOTH) != 0)
    return fail(OcfStatus::err_configured, "statd_dir " + config.statd_dir +
                                               " is writable by everyone: chmod o-w it (statd trusts what it finds there)");
  return check_statd_filesystem(config, host);
}

std::string copies_dir(const Config& config, std::string_view instance) {
  return config.statd_dir + "/" + std::string(agent_name) + "/" + text::safe_file_name(instance, text::NameUse::whole);
}

std::string copy_dir(const Config& config, std::string_view instance, std::string_view host) {
  return copies_dir(config, instance) + "/" + text::safe_file_name(host, text::NameUse::whole);
}

}  // namespace hanfs::nfs_notify
