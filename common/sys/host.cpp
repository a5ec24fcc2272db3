#include "common/sys/host.h"

#include <utility>

namespace hanfs {

const Host& Host::real() {
  static const Host host;
  return host;
}

Host Host::under(const std::string& root) {
  Host host;
  host.sys = root + host.sys;
  host.proc = root + host.proc;
  host.dev = root + host.dev;
  host.etc = root + host.etc;
  host.var_lib_nfs = root + host.var_lib_nfs;
  host.run_dir = root + host.run_dir;
  host.proc_net = root + host.proc_net;
  host.nfsd_fs = root + host.nfsd_fs;
  return host;
}

std::string Host::path_of(const std::string& node_path) const {
  const Host& node = real();
  for (const auto& [from, to] : {std::pair{&node.sys, &sys}, std::pair{&node.proc, &proc}, std::pair{&node.dev, &dev},
                                 std::pair{&node.etc, &etc}, std::pair{&node.var_lib_nfs, &var_lib_nfs}, std::pair{&node.run_dir, &run_dir}}) {
    if (node_path == *from) return *to;
    if (node_path.starts_with(*from + "/")) return *to + node_path.substr(from->size());
  }
  return node_path;
}

}  // namespace hanfs
