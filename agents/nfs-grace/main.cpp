// The nfs-grace agent program: the dispatcher over the agent's definition
// (definition.cpp), which the unit tests run too.
#include "agents/nfs-grace/actions.h"

int main(int argc, char** argv) { return hanfs::run_agent(hanfs::nfs_grace::definition(), argc, argv); }
