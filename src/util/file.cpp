// File reading with pread and one fstat (see file.hpp).
#include "util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace zkscan::util {

bool read_at(const ffi::Fd& fd, uint64_t from, size_t n, std::string& out) {
  out.resize(n);
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::pread(fd.get(), out.data() + got, n - got, static_cast<off_t>(from + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return false;
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  out.resize(got);
  return true;
}

std::string join_path(std::string_view dir, std::string_view name) {
  std::string out;
  out.reserve(dir.size() + 1 + name.size());
  out.append(dir);
  if (!dir.empty() && dir.back() != '/') out += '/';
  out.append(name);
  return out;
}

FileRead read_file(const std::string& path, std::string& out, size_t max) {
  ffi::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return errno == ENOENT || errno == ENOTDIR ? FileRead::kAbsent : FileRead::kFailed;
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return FileRead::kFailed;
  if (S_ISDIR(st.st_mode)) return FileRead::kAbsent;
  const auto size = static_cast<size_t>(st.st_size);
  if (!S_ISREG(st.st_mode) || size > max) return FileRead::kFailed;
  return read_at(fd, 0, size, out) && out.size() == size ? FileRead::kOk : FileRead::kFailed;
}

}  // namespace zkscan::util
