// Whole small files (state, tables, control files) read and written with
// plain system calls: no iostreams, whose locale set-up alone cost a
// depth-0 monitor a sixth of its instructions (bench/RESULTS.md).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "common/core/ocf_status.h"

namespace hanfs {

// A whole small file; err_generic naming the file when it cannot be read.
// A missing file is an empty one when `missing_is_empty`.
Result<std::string> read_text_file(const std::string& path, bool missing_is_empty = false);
// nullopt when the file does not exist; err_generic when it cannot be read.
Result<std::optional<std::string>> read_text_file_if_present(const std::string& path);
// The file's first line without surrounding blanks; nullopt when unreadable.
std::optional<std::string> read_first_line(const std::string& path);
// Replaces a file atomically: a temporary file with an unpredictable name
// created O_EXCL|O_NOFOLLOW beside it, written, fsync'd and renamed over it,
// all relative to the directory opened O_DIRECTORY|O_NOFOLLOW, so whatever
// stands at `path` or at a guessed temporary name (a symlink or FIFO planted
// by someone who can write the directory) is replaced or avoided, never
// followed. With `owner` (uid, gid) the file already has that owner when it
// appears.
Result<void> replace_text_file(const std::string& path, const std::string& content, unsigned mode = 0644,
                               std::optional<std::pair<unsigned, unsigned>> owner = std::nullopt);

// A read of a file someone else may have planted (an NFS client that can
// write the export root): opened O_NOFOLLOW|O_NONBLOCK, regular files only
// (fstat after the open), at most `cap` bytes. A symlink, FIFO, device,
// directory, a file over the cap or one that cannot be read is `refused`,
// with `why`: it is never followed, waited on or read whole.
struct GuardedRead {
  enum class Found { file, missing, refused };
  Found found = Found::missing;
  std::string content;  // when `file`
  std::string why;      // when `refused`
};
GuardedRead read_regular_file(const std::string& path, std::size_t cap);

}  // namespace hanfs
