// hanfs-check's command line, as a function of its arguments and the Host
// (so the unit tests run it over a FakeNode, cibadmin scripted): parses the
// options, reads the CIB (--cib FILE, else `cibadmin -Q` within the
// deadline) and this node, and says what to print and the exit status
// (report.h's Status; 2 for bad arguments). Never throws.
#pragma once

#include <string>
#include <vector>

#include "common/sys/host.h"

namespace hanfs::check {

struct CliResult {
  int exit_code = 0;
  std::string out;  // stdout
  std::string err;  // stderr
};

// `args` without the program name.
CliResult run_cli(const std::vector<std::string>& args, const Host& host);

}  // namespace hanfs::check
