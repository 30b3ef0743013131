// libgit2 initialization and error handling.
#include "ffi/git.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fmt/core.h>
#include <mutex>

#include "ffi/libgit2_loader.hpp"
#include "model/error.hpp"

namespace {

// Set while git_libgit2_init runs; see the stat() below.
std::atomic<bool> g_in_git_init{false};

}  // namespace

// Debian's libgit2 (built with mbedTLS) parses the whole system CA bundle inside
// git_libgit2_init, for HTTPS transports zkscan never uses: ~55 M instructions, about half
// of a pre-commit run on a 4,000-file repository. While git_init() runs, this stat() says
// the bundle does not exist, so libgit2 skips it; at any other time, and for any other path,
// it is plain stat(). Defined in the executable and exported from it, it takes precedence over
// libc's. The export is explicit (--export-dynamic-symbol=stat, CMakeLists.txt): libgit2 is
// dlopen'd (ffi/libgit2_loader.cpp), no longer linked, so it cannot be what makes the linker
// export stat.
extern "C" int stat(const char* path, struct stat* buf) {  // NOLINT: deliberate interposition
  if (g_in_git_init.load(std::memory_order_relaxed) &&
      std::strncmp(path, "/etc/ssl/certs", 14) == 0) {
    errno = ENOENT;
    return -1;
  }
  return ::fstatat(AT_FDCWD, path, buf, 0);
}

namespace zkscan::ffi {

void git_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    // git_libgit2_opts is variadic, so ffi/libgit2_loader.cpp cannot forward it: this calls
    // libgit2's own. Looking it up loads libgit2 before the stat() window below opens.
    const auto libgit2_opts =
        reinterpret_cast<decltype(&::git_libgit2_opts)>(git_symbol("git_libgit2_opts"));
    g_in_git_init = true;
    git_libgit2_init();
    g_in_git_init = false;
    // Re-hashing every object on read costs more than scanning it; zkscan reads, never writes.
    libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
    // Repositories are opened read-only by a scanner: do not refuse ones owned by another user.
    libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
  });
}

std::string git_last_error() {
  const git_error* e = git_error_last();
  return (e != nullptr && e->message != nullptr) ? e->message : "unknown libgit2 error";
}

void git_check(int rc, const std::string& what) {
  if (rc < 0) throw Error(fmt::format("{}: {}", what, git_last_error()));
}

}  // namespace zkscan::ffi
