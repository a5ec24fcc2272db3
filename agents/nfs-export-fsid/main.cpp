// The nfs-export-fsid agent program: the dispatcher over the agent's definition
// (definition.cpp), which the unit tests run too.
#include "agents/nfs-export-fsid/actions.h"

int main(int argc, char** argv) { return hanfs::run_agent(hanfs::nfs_export_fsid::definition(), argc, argv); }
