// The lvm-persistent agent program: the dispatcher over the agent's definition
// (definition.cpp), which the unit tests run too.
#include "agents/lvm-persistent/actions.h"

int main(int argc, char** argv) { return hanfs::run_agent(hanfs::lvm_persistent::definition(), argc, argv); }
