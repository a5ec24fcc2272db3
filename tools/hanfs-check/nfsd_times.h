// nfsd's NFSv4 lease and grace times across the cluster's nodes. They must
// be the same on every node: a client renews its lease at the interval the
// active node gave it, and after a failover it reclaims within the grace
// period of the node that takes over; a shorter grace there than the lease
// elsewhere lets clients miss it and lose their locks.
//
// No node can read another's /proc, so each node's hanfs-check publishes
// what its kernel shows as a private node attribute (held by Pacemaker's
// attribute manager in memory, never written to the CIB, gone when the node
// leaves the cluster) and compares with what the other nodes published when
// hanfs-check last ran there.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"
#include "common/sys/host.h"

namespace hanfs::check {

inline constexpr std::string_view nfsd_times_attribute = "hanfs-nfsd-times";

struct NfsdTimes {
  std::optional<long long> lease, grace;  // seconds; nullopt: not readable there
  bool known() const { return lease || grace; }
  friend bool operator==(const NfsdTimes&, const NfsdTimes&) = default;
};

// The attribute's value, "lease=10 grace=90" (an unknown part left out),
// and back; a value that does not parse is nullopt.
std::string encode(const NfsdTimes& t);
std::optional<NfsdTimes> decode_nfsd_times(std::string_view value);
// "lease 10 s, grace 90 s" ("unknown" for a part not read).
std::string describe(const NfsdTimes& t);

// Publishes THIS node's times (`crm_node -n` names it) and returns every
// node's as last published, this node's being MINE. A node whose value does
// not parse is left out.
Result<std::map<std::string, NfsdTimes>> share_nfsd_times(const Host& host, const NfsdTimes& mine,
                                                          const Deadline& deadline);

}  // namespace hanfs::check
