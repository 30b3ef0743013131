// libgit2 initialization and error handling.
#include "ffi/git.hpp"

#include <fmt/core.h>

#include <mutex>

#include "model/error.hpp"

namespace zkscan::ffi {

void git_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Re-hashing every object on read costs more than scanning it; zkscan reads, never writes.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
    // Repositories are opened read-only by a scanner: do not refuse ones owned by another user.
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
  });
}

std::string git_last_error() {
  const git_error* e = git_error_last();
  return (e != nullptr && e->message != nullptr) ? e->message : "unknown libgit2 error";
}

void git_check(int rc, const std::string& what) {
  if (rc < 0) throw Error(fmt::format("{}: {}", what, git_last_error()));
}

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

}  // namespace zkscan::ffi
