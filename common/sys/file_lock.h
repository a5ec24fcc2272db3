// An exclusive flock(2) on a lock file, held while the object lives: how
// instances of an agent serialise a read-check-write of shared state.
#pragma once

#include <string>

#include "common/core/deadline.h"
#include "common/core/ocf_status.h"

namespace hanfs {

class FileLock {
 public:
  // Creates the file (and its directory) when missing and waits for the lock
  // until the deadline; err_generic naming the file when it cannot.
  static Result<FileLock> acquire(const std::string& path, const Deadline& deadline);

  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace hanfs
