// hanfs-check's own documentation, kept once: the options, the exit status
// and the risk catalogue (risks.h) make both --help and the man page
// hanfs-check(8), which the build writes with `hanfs-check --man`.
#pragma once

#include <string>
#include <string_view>

namespace hanfs::check {

std::string help_text();
// roff source of hanfs-check(8) for VERSION.
std::string man_page(std::string_view version);

}  // namespace hanfs::check
