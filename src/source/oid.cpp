// Hex conversion of object ids (see oid.hpp for why zkscan does not use libgit2's).
#include "source/oid.hpp"

namespace zkscan::source {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool oid_from_hex(std::string_view hex, git_oid& out) noexcept {
  if (hex.size() < GIT_OID_HEXSZ) return false;
  for (size_t i = 0; i < GIT_OID_RAWSZ; ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.id[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return true;
}

std::string oid_hex(const git_oid& id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(GIT_OID_HEXSZ, '0');
  for (size_t i = 0; i < GIT_OID_RAWSZ; ++i) {
    out[2 * i] = kDigits[id.id[i] >> 4];
    out[2 * i + 1] = kDigits[id.id[i] & 0xf];
  }
  return out;
}

}  // namespace zkscan::source
