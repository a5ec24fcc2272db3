// lvm-persistent: exclusive VG activation with minors that are the same on
// every node. The algorithm reads top-down in start.cpp, stop.cpp,
// monitor.cpp and validate.cpp.
#include "agents/lvm-persistent/actions.h"
#include "common/ocf/embedded_metadata.h"

int main(int argc, char** argv) {
  const hanfs::AgentDefinition agent{
      .metadata_xml = hanfs::embedded_metadata(),
      .start = lvm_persistent::start,
      .stop = lvm_persistent::stop,
      .monitor = lvm_persistent::monitor,
      .validate = lvm_persistent::validate,
      .reload_agent = {},
      .default_timeout = std::chrono::seconds(60),
  };
  return hanfs::run_agent(agent, argc, argv);
}
