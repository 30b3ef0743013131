// Reading files whole or in pieces, with the few system calls a scanner can afford.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ffi/fd.hpp"

namespace zkscan::util {

// Reads [from, from + n) of `fd` into `out`, which is resized to what could be read (less at
// the end of the file). False on an I/O error.
bool read_at(const ffi::Fd& fd, uint64_t from, size_t n, std::string& out);

// `dir`, '/', `name`, without doubling a '/' that ends `dir`; just `name` when `dir` is empty
// (a path relative to the top of a tree or a repository).
std::string join_path(std::string_view dir, std::string_view name);

enum class FileRead { kOk, kAbsent, kFailed };

// The whole of the regular file at `path`. kAbsent when nothing is there, or a directory (a
// ref name that is also the prefix of others); kFailed for any other error, anything but a
// regular file, a file over `max` bytes, or one that changed size while being read.
FileRead read_file(const std::string& path, std::string& out, size_t max = SIZE_MAX);

}  // namespace zkscan::util
