#include "common/cluster/cluster_attributes.h"

#include "common/sys/command.h"
#include "common/core/text.h"

namespace hanfs {

bool in_cluster(const OcfEnv& env) {
  auto node = env.meta("on_node");
  return node && !node->empty();
}

namespace {
// The value of key="..." in a line, with \" and \\ unescaped.
std::optional<std::string> quoted(std::string_view line, std::string_view key) {
  const std::string marker = std::string(key) + "=\"";
  std::size_t pos = 0;
  while ((pos = line.find(marker, pos)) != std::string_view::npos) {
    if (pos == 0 || line[pos - 1] == ' ') break;
    pos += marker.size();
  }
  if (pos == std::string_view::npos) return std::nullopt;
  std::string value;
  for (std::size_t i = pos + marker.size(); i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) { value += line[++i]; continue; }
    if (line[i] == '"') return value;
    value += line[i];
  }
  return std::nullopt;
}
}  // namespace

std::map<std::string, std::string> parse_attrd_query(std::string_view text) {
  std::map<std::string, std::string> values;
  for (const auto& line : text::lines(text)) {
    auto host = quoted(line, "host");
    auto value = quoted(line, "value");
    if (host && value && !host->empty()) values[*host] = *value;
  }
  return values;
}

Result<void> publish_node_attribute(const Host& host, const std::string& name, const std::string& value,
                                    const Deadline& deadline) {
  auto r = host.run({"attrd_updater", "--private", "-n", name, "-U", value}, deadline, {});
  if (!r.ok()) return fail(r.failure_status(), "attrd_updater -U " + name + " failed: " + r.describe_with_stderr());
  return {};
}

Result<std::map<std::string, std::string>> query_node_attribute(const Host& host, const std::string& name,
                                                                const Deadline& deadline) {
  auto r = host.run({"attrd_updater", "-Q", "-A", "-n", name}, deadline, {});
  if (!r.ok()) return fail(r.failure_status(), "attrd_updater -Q " + name + " failed: " + r.describe_with_stderr());
  return parse_attrd_query(r.out);
}

}  // namespace hanfs
