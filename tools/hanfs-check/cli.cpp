#include "tools/hanfs-check/cli.h"

#include <chrono>
#include <exception>
#include <optional>

#include "common/core/text.h"
#include "common/sys/text_file.h"
#include "tools/hanfs-check/cluster_config.h"
#include "tools/hanfs-check/migrate.h"
#include "tools/hanfs-check/nfsd_times.h"
#include "tools/hanfs-check/node_state.h"
#include "tools/hanfs-check/report.h"
#include "tools/hanfs-check/risks.h"
#include "tools/hanfs-check/usage.h"

namespace hanfs::check {

namespace {

struct Options {
  std::optional<std::string> cib_file;
  bool json = false;
  bool node = true;
  long long timeout_s = 10;
  std::optional<std::string> migrate;
  bool help = false;
  bool man = false;  // the build's: writes hanfs-check(8)
};

Result<Options> parse_options(const std::vector<std::string>& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "--json") o.json = true;
    else if (a == "--no-node") o.node = false;
    else if (a == "--help" || a == "-h") o.help = true;
    else if (a == "--man") o.man = true;
    else if (a == "--cib") {
      if (!(o.cib_file = value())) return fail(OcfStatus::err_args, "--cib needs a FILE");
    } else if (a == "--migrate") {
      if (!(o.migrate = value())) return fail(OcfStatus::err_args, "--migrate needs a GROUP");
    } else if (a == "--timeout") {
      const auto v = value();
      const auto n = v ? text::parse_int(*v) : std::nullopt;
      if (!n || *n < 1 || *n > 3600) return fail(OcfStatus::err_args, "--timeout needs SECONDS from 1 to 3600");
      o.timeout_s = *n;
    } else {
      return fail(OcfStatus::err_args, "unknown argument '" + text::one_line(a) + "' (see --help)");
    }
  }
  return o;
}

Result<std::string> read_cib(const Options& o, const Host& host, const Deadline& deadline) {
  if (o.cib_file) {
    auto text = read_text_file(*o.cib_file);
    if (!text) return fail(OcfStatus::err_generic, "could not read " + *o.cib_file + ": " + text.error().reason);
    return text;
  }
  CommandOptions options;
  options.output_cap = max_cib_bytes + 1;
  const auto r = host.run({"cibadmin", "-Q"}, deadline, options);
  if (!r.ok()) return fail(OcfStatus::err_generic, "cibadmin -Q: " + r.describe_with_stderr());
  if (r.out_truncated) return fail(OcfStatus::err_generic, "cibadmin -Q: the CIB is too large");
  return r.out;
}

std::vector<std::string> directories_without_fsid(const ClusterConfig& config) {
  std::vector<std::string> dirs;
  for (const auto& e : resource_exports(config))
    if (!e.fsid_configured) dirs.push_back(e.directory);
  return dirs;
}

// Publishes this node's nfsd times and reads the other nodes' (for the
// risk); notes say what was compared, or why it could not be.
void compare_nfsd_times(const Host& host, const Deadline& deadline, const ClusterConfig& config, NodeState& node,
                        std::vector<std::string>& notes) {
  if (!node.nfsd_times.known()) return;
  auto shared = share_nfsd_times(host, node.nfsd_times, deadline);
  if (!shared) {
    notes.push_back("this node: NFSv4 " + describe(node.nfsd_times) +
                    " (not compared with the other nodes: " + shared.error().reason + ")");
    return;
  }
  node.cluster_nfsd_times = *shared;
  for (const auto& n : config.nodes)
    if (!shared->contains(n))
      notes.push_back(n + " has not published its NFSv4 lease and grace times: run hanfs-check on " + n);
  std::string names;
  bool same = true;
  for (const auto& [n, t] : *shared) {
    names += (names.empty() ? "" : ", ") + n;
    same = same && t == node.nfsd_times;
  }
  if (same) notes.push_back("NFSv4 " + describe(node.nfsd_times) + " on " + names);
}

CliResult unreadable(const Options& o, const std::string& why) {
  Report r;
  r.status = Status::unreadable;
  r.notes.push_back(why);
  if (o.json) return {2, render_json(r), {}};
  return {2, {}, "hanfs-check: " + why + "\n"};
}

CliResult run(const std::vector<std::string>& args, const Host& host) {
  auto parsed = parse_options(args);
  if (!parsed) return {2, {}, "hanfs-check: " + parsed.error().reason + "\n"};
  const Options& o = *parsed;
  if (o.help) return {0, help_text(), {}};
  if (o.man) return {0, man_page(HANFS_VERSION), {}};
  const Deadline deadline(std::chrono::seconds(o.timeout_s));

  auto text = read_cib(o, host, deadline);
  if (!text) return unreadable(o, text.error().reason);
  auto config = parse_cib(*text);
  if (!config) return unreadable(o, config.error().reason);

  if (o.migrate) {
    std::optional<NodeState> node;
    if (o.node) node = read_node_state(host, deadline, directories_without_fsid(*config));
    auto lines = plan_migration(*config, *o.migrate, node ? &*node : nullptr);
    if (!lines) return {2, {}, "hanfs-check: --migrate " + text::one_line(*o.migrate) + ": " + lines.error().reason + "\n"};
    std::string out;
    for (const auto& l : *lines) out += l + "\n";
    return {0, out, {}};
  }

  std::optional<NodeState> node;
  std::vector<std::string> notes;
  if (o.node) {
    node = read_node_state(host, deadline, directories_without_fsid(*config));
    notes = node->notes;
    // Only against the live cluster: a CIB file may be another cluster's.
    if (!o.cib_file) compare_nfsd_times(host, deadline, *config, *node, notes);
  }
  const Report report = make_report(find_risks(*config, node), std::move(notes));
  return {static_cast<int>(report.status), o.json ? render_json(report) : render_text(report), {}};
}

}  // namespace

CliResult run_cli(const std::vector<std::string>& args, const Host& host) {
  try {
    return run(args, host);
  } catch (const std::exception& e) {
    return {2, {}, std::string("hanfs-check: ") + text::one_line(e.what()) + "\n"};
  } catch (...) {
    return {2, {}, "hanfs-check: unexpected error\n"};
  }
}

}  // namespace hanfs::check
