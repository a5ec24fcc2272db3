// The nfs-notify agent program: the dispatcher over the agent's definition
// (definition.cpp), which the unit tests run too.
#include "agents/nfs-notify/actions.h"

int main(int argc, char** argv) { return hanfs::run_agent(hanfs::nfs_notify::definition(), argc, argv); }
