// RAII for POSIX file descriptors and directory streams.
#pragma once

#include <dirent.h>
#include <unistd.h>

#include <utility>

#include "ffi/handle.hpp"

namespace zkscan::ffi {

class Fd {
 public:
  Fd() noexcept = default;
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  ~Fd() { reset(); }
  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  // Gives up ownership (to a C object that closes it, such as fdopendir's stream).
  int release() noexcept { return std::exchange(fd_, -1); }
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

inline void close_dir(DIR* d) { ::closedir(d); }
using Dir = Handle<DIR, close_dir>;

}  // namespace zkscan::ffi
