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
// Replaces a file atomically (temp file in the same directory, fsync,
// rename); with `owner` (uid, gid) the file already has that owner when it
// appears.
Result<void> replace_text_file(const std::string& path, const std::string& content, unsigned mode = 0644,
                               std::optional<std::pair<unsigned, unsigned>> owner = std::nullopt);

}  // namespace hanfs
