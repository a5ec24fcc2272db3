// The nfs-server agent program: the dispatcher over the agent's definition
// (definition.cpp), which the unit tests run too.
#include "agents/nfs-server/actions.h"

int main(int argc, char** argv) { return hanfs::run_agent(hanfs::nfs_server::definition(), argc, argv); }
