// nfs-notify: NSM reboot notification (SM_NOTIFY) from the floating
// addresses after a takeover, with the monitored-host list kept where it
// follows the service. The algorithm reads top-down in start.cpp, stop.cpp,
// monitor.cpp and validate.cpp.
#include "agents/nfs-notify/actions.h"
#include "common/ocf/embedded_metadata.h"

namespace hanfs::nfs_notify {

const AgentDefinition& definition() {
  static const AgentDefinition agent{
      .metadata_xml = embedded_metadata(),
      .start = start,
      .stop = stop,
      .monitor = monitor,
      .validate = validate,
      .default_timeout = std::chrono::seconds(20),
  };
  return agent;
}

}  // namespace hanfs::nfs_notify
