// nfs-notify: NSM reboot notification (SM_NOTIFY) from the floating
// addresses after a takeover, with the monitored-host list kept where it
// follows the service. The algorithm reads top-down in start.cpp, stop.cpp,
// monitor.cpp and validate.cpp.
#include "agents/nfs-notify/actions.h"
#include "common/ocf/embedded_metadata.h"

int main(int argc, char** argv) {
  const hanfs::AgentDefinition agent{
      .metadata_xml = hanfs::embedded_metadata(),
      .start = nfs_notify::start,
      .stop = nfs_notify::stop,
      .monitor = nfs_notify::monitor,
      .validate = nfs_notify::validate,
      .reload_agent = {},
      .default_timeout = std::chrono::seconds(20),
  };
  return hanfs::run_agent(agent, argc, argv);
}
