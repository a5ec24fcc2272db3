// Per-instance state under HA_RSCTMP: a few key=value pairs that an agent
// keeps between actions (what start did, for monitor and stop). Written
// atomically (temp file + fsync + rename), read back with validation, so a
// crash mid-write leaves the old state or the new one, never half of one.
// HA_RSCTMP is a tmpfs cleared at boot: state there means "since this boot".
#pragma once

#include <map>
#include <string>

#include "common/core/ocf_status.h"

namespace hanfs {

using StateValues = std::map<std::string, std::string, std::less<>>;

class StateFile {
 public:
  // <dir>/hanfs-<agent>-<instance>.state; the instance name is made safe
  // for a file name.
  StateFile(std::string dir, std::string_view agent, std::string_view instance);

  const std::string& path() const { return path_; }
  bool exists() const;
  // Keys: [A-Za-z0-9_.-]+; values: any bytes (newlines and backslashes are
  // escaped). Creates the directory when missing.
  Result<void> write(const StateValues& values) const;
  // not_running when the file does not exist; err_generic when it is not a
  // state file of ours (bad header, bad line).
  Result<StateValues> read() const;
  // Gone afterwards; removing a missing file is fine.
  Result<void> remove() const;

 private:
  std::string path_;
};

// The file format, exposed for tests and fuzzing.
std::string encode_state(const StateValues& values);
Result<StateValues> decode_state(std::string_view content);

}  // namespace hanfs
