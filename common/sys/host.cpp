#include "common/sys/host.h"

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
  return host;
}

}  // namespace hanfs
