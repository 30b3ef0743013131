// Helpers shared by the fuzz targets: carving fuzzer bytes into values, and fake keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "filter/placeholder.hpp"
#include "util/sha256.hpp"

namespace zkscan::fuzz {

// Takes values from the front of the fuzzer's input; once it is used up, every value is 0 or
// empty. Strings are length-prefixed so the fuzzer can grow and shrink them independently.
class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(reinterpret_cast<const char*>(data), size) {}

  uint8_t byte() {
    if (data_.empty()) return 0;
    auto b = static_cast<uint8_t>(data_.front());
    data_.remove_prefix(1);
    return b;
  }
  uint32_t u16() { return static_cast<uint32_t>(byte()) | static_cast<uint32_t>(byte()) << 8; }
  uint32_t u32() { return u16() | u16() << 16; }
  bool flag() { return (byte() & 1) != 0; }
  // At most `max` bytes, length chosen by the input.
  std::string string(size_t max = 255) {
    size_t n = std::min<size_t>(byte(), max);
    return take(n);
  }
  std::string take(size_t n) {
    n = std::min(n, data_.size());
    std::string out(data_.substr(0, n));
    data_.remove_prefix(n);
    return out;
  }
  std::string rest() { return take(data_.size()); }
  bool empty() const { return data_.empty(); }
  size_t size() const { return data_.size(); }

 private:
  std::string_view data_;
};

inline bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// A key that looks random and is never a placeholder, derived from `seed` and `n` so a crash
// reproduces from the input alone. Keys are made at run time: no real-looking key is committed.
inline std::string make_key(std::string_view seed, unsigned n, bool live) {
  static constexpr std::string_view kAlnum =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  for (unsigned attempt = 0;; ++attempt) {
    std::string hash = util::sha256_hex(std::string(seed) + "#" + std::to_string(n) + "#" +
                                        std::to_string(attempt));
    hash += util::sha256_hex(hash);
    std::string body;
    for (size_t i = 0; i + 1 < hash.size() && body.size() < 28; i += 2)
      body += kAlnum[std::stoul(hash.substr(i, 2), nullptr, 16) % kAlnum.size()];
    std::string key = std::string(live ? "zk_live_" : "zk_test_") + body;
    if (!filter::is_placeholder(key, 3.0)) return key;
  }
}

// Aborts with a message: the fuzzer records the input that led here.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
  std::abort();
}

}  // namespace zkscan::fuzz
