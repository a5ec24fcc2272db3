// The nfs-address agent program: the dispatcher over the agent's definition
// (definition.cpp), which the unit tests run too.
#include "agents/nfs-address/actions.h"

int main(int argc, char** argv) { return hanfs::run_agent(hanfs::nfs_address::definition(), argc, argv); }
