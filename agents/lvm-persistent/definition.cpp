// lvm-persistent: exclusive VG activation with minors that are the same on
// every node. The algorithm reads top-down in start.cpp, stop.cpp,
// monitor.cpp and validate.cpp.
#include "agents/lvm-persistent/actions.h"
#include "common/ocf/embedded_metadata.h"

namespace hanfs::lvm_persistent {

const AgentDefinition& definition() {
  static const AgentDefinition agent{
      .metadata_xml = embedded_metadata(),
      .start = start,
      .stop = stop,
      .monitor = monitor,
      .validate = validate,
      .default_timeout = std::chrono::seconds(60),
  };
  return agent;
}

}  // namespace hanfs::lvm_persistent
