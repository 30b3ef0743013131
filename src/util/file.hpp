// Reading files whole or in pieces, with the few system calls a scanner can afford.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ffi/fd.hpp"

namespace zkscan::util {

// Reads [from, from + n) of `fd` into `out`, which is resized to what could be read (less at
// the end of the file). False on an I/O error.
bool read_at(const ffi::Fd& fd, uint64_t from, size_t n, std::string& out);

enum class FileRead { kOk, kAbsent, kFailed };

// The whole of the regular file at `path`. kAbsent when nothing is there, or a directory (a
// ref name that is also the prefix of others); kFailed for any other error, anything but a
// regular file, a file over `max` bytes, or one that changed size while being read.
FileRead read_file(const std::string& path, std::string& out, size_t max = SIZE_MAX);

}  // namespace zkscan::util
