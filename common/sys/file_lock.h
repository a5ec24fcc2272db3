// An exclusive flock(2) on a lock file, held while the object lives: how
// instances of an agent serialise a read-check-write of shared state.
#pragma once

#include <string>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"
#include "common/sys/unique_fd.h"

namespace hanfs {

class FileLock {
 public:
  // Creates the file (and its directory) when missing and waits for the lock
  // until the deadline; err_generic naming the file when it cannot.
  static Result<FileLock> acquire(const std::string& path, const Deadline& deadline);

  FileLock(FileLock&&) noexcept = default;
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;

 private:
  explicit FileLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;  // closing it releases the lock
};

}  // namespace hanfs
