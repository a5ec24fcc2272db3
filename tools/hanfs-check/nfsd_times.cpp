#include "tools/hanfs-check/nfsd_times.h"

#include "common/cluster/cluster_attributes.h"
#include "common/core/text.h"

namespace hanfs::check {

std::string encode(const NfsdTimes& t) {
  std::string out;
  if (t.lease) out += "lease=" + std::to_string(*t.lease);
  if (t.grace) out += std::string(out.empty() ? "" : " ") + "grace=" + std::to_string(*t.grace);
  return out;
}

std::optional<NfsdTimes> decode_nfsd_times(std::string_view value) {
  NfsdTimes t;
  for (const auto& word : text::split_words(value)) {
    const auto eq = word.find('=');
    if (eq == std::string::npos) return std::nullopt;
    const auto n = text::parse_int(word.substr(eq + 1));
    if (!n || *n < 0) return std::nullopt;
    const std::string key = word.substr(0, eq);
    if (key == "lease" && !t.lease) t.lease = *n;
    else if (key == "grace" && !t.grace) t.grace = *n;
    else return std::nullopt;
  }
  if (!t.known()) return std::nullopt;
  return t;
}

std::string describe(const NfsdTimes& t) {
  auto part = [](const std::optional<long long>& v) { return v ? std::to_string(*v) + " s" : std::string("unknown"); };
  return "lease " + part(t.lease) + ", grace " + part(t.grace);
}

Result<std::map<std::string, NfsdTimes>> share_nfsd_times(const Host& host, const NfsdTimes& mine,
                                                          const Deadline& deadline) {
  const auto name = host.run({"crm_node", "-n"}, deadline, {});
  if (!name.ok()) return fail(name.failure_status(), "crm_node -n: " + name.describe_with_stderr());
  const std::string self(text::trim(name.out));
  if (self.empty()) return fail(OcfStatus::err_generic, "crm_node -n named no node");
  const std::string attribute(nfsd_times_attribute);
  if (auto r = publish_node_attribute(host, attribute, encode(mine), deadline); !r) return fail(r.error());
  auto published = query_node_attribute(host, attribute, deadline);
  if (!published) return fail(published.error());
  std::map<std::string, NfsdTimes> times;
  for (const auto& [node, value] : *published)
    if (auto t = decode_nfsd_times(value)) times[node] = *t;
  // attrd applies an update after answering it: the query may still hold
  // this node's previous value.
  times[self] = mine;
  return times;
}

}  // namespace hanfs::check
