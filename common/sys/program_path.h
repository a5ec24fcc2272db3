// The one PATH search: which file a program name stands for. run_command
// and spawn_detached exec through it (with the PATH the child gets); the
// agents' "is it installed" checks ask find_program, so both agree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hanfs {

// Searched after PATH (alone when PATH is unset). Not glibc's "/bin:/usr/bin":
// the agents run as root and most of what they run (lvm, blkid, exportfs,
// sm-notify) is in sbin, which a PATH set by hand or by cron may lack; such
// a PATH must not make LVM "not installed".
inline constexpr std::string_view kDefaultPath = "/usr/sbin:/usr/bin:/sbin:/bin";

// The files `name` may stand for, in order: `name` itself when it holds a
// '/', else each absolute directory of `path`, then those of kDefaultPath not
// already named, joined with it. Relative and empty entries are skipped: a
// root agent's programs must not depend on its working directory.
std::vector<std::string> program_candidates(std::string_view name, std::optional<std::string_view> path);

// The first candidate under the agent's own PATH that is an executable
// regular file; nullopt when there is none.
std::optional<std::string> find_program(std::string_view name);

}  // namespace hanfs
