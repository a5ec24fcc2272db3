// Real files captured in the lab (Debian 12, nfs-utils 2.6.2, Linux 6.1):
// what rpc.statd wrote on a server and on its NFSv3 client after one fcntl
// lock, and what sm-notify's /proc/<pid>/stat looked like while it retried.
#pragma once

#include <string_view>

namespace statd_captures {

// server:/var/lib/nfs/sm/client (mode 0600, owner statd:nogroup)
inline constexpr std::string_view kServerRecord =
    "0100007f 000186b5 00000003 00000010 c686d4210700000000e8fb6ac98dffff 198.18.0.12 server\n";
// client:/var/lib/nfs/sm/nfs-float (the server's floating name)
inline constexpr std::string_view kClientRecord =
    "0100007f 000186b5 00000003 00000010 d496f3960600000000e08deade8affff 198.18.0.100 client\n";
// /var/lib/nfs/state after statd's first start: 3, little-endian.
inline constexpr std::string_view kStateBytes{"\x03\x00\x00\x00", 4};
// /proc/251/stat of `sm-notify -d -f -m 1 -v 198.18.0.101 -P /tmp/c3`.
inline constexpr std::string_view kSmNotifyStat =
    "251 (sm-notify) S 126 125 0 0 -1 4194560 211 0 0 0 14 26 0 0 20 0 1 0 6527 4448256 469 "
    "18446744073709551615 94146482028544 94146482069253 140722148833648 0 0 0 0 6 2560 1 0 0 17 0 0 0 0 0 0 "
    "94146482088336 94146482094304 94146893656064 140722148834816 140722148834864 140722148834864 "
    "140722148835300 0\n";

}  // namespace statd_captures
