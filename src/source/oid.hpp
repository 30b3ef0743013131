// Object ids handled in zkscan's own code, without calling into libgit2: the pre-commit path
// never loads libgit2 (ffi/libgit2_loader.hpp), and these run in every hot loop.
#pragma once

#include <git2.h>

#include <cstring>
#include <string>
#include <string_view>

namespace zkscan::source {

inline int oid_cmp(const git_oid& a, const git_oid& b) noexcept {
  return std::memcmp(a.id, b.id, GIT_OID_RAWSZ);
}
inline bool oid_equal(const git_oid& a, const git_oid& b) noexcept { return oid_cmp(a, b) == 0; }
inline bool oid_is_zero(const git_oid& a) noexcept { return oid_equal(a, git_oid{}); }

inline git_oid oid_from_raw(const unsigned char* raw) noexcept {
  git_oid out;
  std::memcpy(out.id, raw, GIT_OID_RAWSZ);
  return out;
}

// The first GIT_OID_HEXSZ characters of `hex` as an id; false when they are not all hex digits
// (either case) or there are fewer.
bool oid_from_hex(std::string_view hex, git_oid& out) noexcept;

// Lower-case hex, as git prints ids.
std::string oid_hex(const git_oid& id);

struct OidHash {
  size_t operator()(const git_oid& oid) const noexcept {
    size_t h;
    std::memcpy(&h, oid.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept { return oid_equal(a, b); }
};
struct OidLess {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept { return oid_cmp(a, b) < 0; }
};

}  // namespace zkscan::source
