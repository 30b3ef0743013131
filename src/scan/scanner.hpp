// The per-thread scanner: Hyperscan over one byte range, then boundary and placeholder checks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ffi/hyperscan.hpp"
#include "rules/rules.hpp"

namespace zkscan::scan {

// A key found in one blob or file, before it is classified and reported.
struct Match {
  uint32_t rule = 0;    // index into CompiledRules::rules()
  uint64_t offset = 0;  // byte offset of the key
  uint64_t line = 0;    // 1-based
  uint64_t column = 0;  // 1-based, in bytes
  std::string secret;
  std::string before;    // up to kContext bytes of the key's line before it
  std::string after;     // up to kContext bytes of the key's line after it
  bool allowed = false;  // the line carries `zkscan:allow`
};

struct ScanResult {
  std::vector<Match> matches;
  uint64_t placeholders = 0;
  uint64_t bytes = 0;
  void clear() {
    matches.clear();
    placeholders = 0;
    bytes = 0;
  }
};

inline constexpr size_t kContext = 160;                 // excerpt bytes each side of a key
inline constexpr size_t kChunk = size_t{4} << 20;       // file read size; bounds memory per thread
inline constexpr size_t kMaxWindow = size_t{1} << 30;   // hs_scan takes an unsigned int length
inline constexpr std::string_view kAllowMarker = "zkscan:allow";

// How much a scanner reads and scans at once. Tests shrink them to put keys across boundaries.
struct ScanLimits {
  size_t chunk = kChunk;       // scan_fd's read size
  size_t window = kMaxWindow;  // scan()'s window over a blob in memory
};

// Not thread-safe: one Scanner per thread, all sharing one CompiledRules.
class Scanner {
 public:
  explicit Scanner(const rules::CompiledRules& rules, ScanLimits limits = {});

  // Scans a blob held in memory (any size: very large ones are scanned in windows).
  void scan(std::string_view data, ScanResult& out);
  // Reads `fd` to its end in chunks (kChunk) with an overlap, so memory stays bounded and a
  // key across a chunk boundary is still found. `size_hint` is the size fstat reported; 0 means
  // unknown (a pipe): then only end of file stops the read. Throws std::system_error on a read error.
  void scan_fd(int fd, uint64_t size_hint, ScanResult& out);

  struct RawMatch {
    unsigned rule;
    unsigned long long from, to;
  };

 private:
  // Line bookkeeping that survives from one window of a file to the next.
  struct LineCursor {
    uint64_t pos = 0;        // absolute offset counted up to
    uint64_t line = 1;       // line number at `pos`
    uint64_t line_start = 0; // absolute offset where that line starts
  };
  // Bytes a window of `len` bytes hands on to the next one, which re-reads them.
  size_t carry(size_t len) const;
  // Scans buf[0, len) whose first byte is at absolute offset `base`. Accepts matches ending
  // at or after `from` (earlier ones belong to the previous window) and, unless `last`, more
  // than kContext bytes before `len` (later ones belong to the next window): the window that
  // reports a key holds the byte before and after it and kContext bytes of its line each side.
  void scan_window(const char* buf, size_t len, uint64_t base, size_t from, bool last,
                   LineCursor& cursor, ScanResult& out);

  const rules::CompiledRules& rules_;
  ScanLimits limits_;
  ffi::HsScratch scratch_;
  std::vector<RawMatch> raw_;
  std::vector<char> buffer_;
};

}  // namespace zkscan::scan
