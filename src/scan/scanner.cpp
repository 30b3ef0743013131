// Hyperscan block-mode scanning in windows; the callback only collects, checks run afterwards.
#include "scan/scanner.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <system_error>
#include <tuple>

#include "filter/placeholder.hpp"

namespace zkscan::scan {
namespace {

bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned /*flags*/,
             void* ctx) {
  static_cast<std::vector<Scanner::RawMatch>*>(ctx)->push_back({id, from, to});
  return 0;
}

}  // namespace

// A window that is not the last leaves the matches ending in its last kContext bytes to the
// next window, which starts carry() bytes earlier: overlap() bytes for the key and the byte
// before it, plus kContext bytes of line before the key and kContext after it.
size_t Scanner::carry(size_t len) const { return std::min(rules_.overlap() + 2 * kContext, len); }

Scanner::Scanner(const rules::CompiledRules& rules, ScanLimits limits)
    : rules_(rules), limits_(limits), scratch_(ffi::clone_scratch(rules.scratch_prototype())) {
  // A window must hold more than it hands on to the next, or it would add nothing new.
  const size_t least = carry(SIZE_MAX) + 1;
  limits_.chunk = std::max(limits_.chunk, least);
  limits_.window = std::clamp<size_t>(limits_.window, least, kMaxWindow);
}

void Scanner::scan(std::string_view data, ScanResult& out) {
  out.bytes += data.size();
  LineCursor cursor;
  size_t start = 0, from = 0;
  while (true) {
    size_t len = std::min(limits_.window, data.size() - start);
    bool last = start + len == data.size();
    scan_window(data.data() + start, len, start, from, last, cursor, out);
    if (last) return;
    size_t carried = carry(len);
    from = carried - kContext;
    start += len - carried;
  }
}

void Scanner::scan_fd(int fd, uint64_t size_hint, ScanResult& out) {
  const size_t chunk = limits_.chunk;
  if (buffer_.size() < chunk + carry(chunk)) buffer_.resize(chunk + carry(chunk));
  LineCursor cursor;
  uint64_t base = 0, total = 0;
  size_t carried = 0, from = 0;
  while (true) {
    // Fill the chunk. Reading stops at end of file, or once `size_hint` bytes (the size fstat
    // saw) are in: that saves a read() that would only confirm the end of a small file. A size
    // of 0 is no hint: a pipe, or a file written since.
    size_t got = 0;
    bool eof = false;
    while (got < chunk && !eof) {
      ssize_t n = ::read(fd, buffer_.data() + carried + got, chunk - got);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::system_error(errno, std::generic_category(), "read");
      }
      got += static_cast<size_t>(n);
      total += static_cast<size_t>(n);
      eof = n == 0 || (size_hint != 0 && total >= size_hint);
    }
    out.bytes += got;
    size_t len = carried + got;
    scan_window(buffer_.data(), len, base, from, eof, cursor, out);
    if (eof) return;
    carried = carry(len);
    std::memmove(buffer_.data(), buffer_.data() + len - carried, carried);
    base += len - carried;
    from = carried - kContext;
  }
}

void Scanner::scan_window(const char* buf, size_t len, uint64_t base, size_t from, bool last,
                          LineCursor& cursor, ScanResult& out) {
  raw_.clear();
  if (len > 0) {
    ffi::hs_check(hs_scan(rules_.database(), buf, static_cast<unsigned>(len), 0, scratch_.get(),
                          on_match, &raw_),
                  "hs_scan");
  }
  // Keep the matches this window owns, as [start, end) within the window.
  struct Hit {
    size_t start, end;
    unsigned rule;
  };
  const size_t until = last ? len + 1 : len - std::min(kContext, len);
  std::vector<Hit> hits;
  for (const RawMatch& m : raw_) {
    size_t end = static_cast<size_t>(m.to);
    if (end < from || end >= until) continue;
    uint32_t width = rules_.fixed_width(m.rule);
    size_t start = width != 0 ? end - width : static_cast<size_t>(m.from);
    // GitHub-style boundaries: no letter or digit directly before or after the key.
    if (start > 0 && is_alnum(static_cast<unsigned char>(buf[start - 1]))) continue;
    if (end < len && is_alnum(static_cast<unsigned char>(buf[end]))) continue;
    hits.push_back({start, end, m.rule});
  }
  std::sort(hits.begin(), hits.end(),
            [](const Hit& a, const Hit& b) { return std::tie(a.start, a.rule) < std::tie(b.start, b.rule); });

  // Advances a line cursor to absolute offset `to` (within this window).
  auto advance = [&](LineCursor& c, uint64_t to) {
    const char* p = buf + (c.pos - base);
    const char* const end = buf + (to - base);
    while (p < end) {
      const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (nl == nullptr) break;
      ++c.line;
      c.line_start = base + static_cast<uint64_t>(nl - buf) + 1;
      p = nl + 1;
    }
    c.pos = std::max(c.pos, to);
  };
  // The next window starts at `next_base`, and a match it owns may start anywhere after that,
  // before the start of a match this window owns (when one match holds another). So `cursor`
  // never moves past `next_base`; matches starting beyond it count their lines on a copy.
  const uint64_t next_base = last ? base + len : base + len - carry(len);
  LineCursor ahead;
  bool past_next_base = false;
  for (const Hit& h : hits) {
    std::string_view key(buf + h.start, h.end - h.start);
    if (filter::is_placeholder(key, rules_.rules()[h.rule].entropy)) {
      ++out.placeholders;
      continue;
    }
    if (!past_next_base && base + h.start > next_base) {
      advance(cursor, next_base);
      ahead = cursor;
      past_next_base = true;
    }
    LineCursor& c = past_next_base ? ahead : cursor;
    advance(c, base + h.start);
    Match m;
    m.rule = h.rule;
    m.offset = base + h.start;
    m.line = c.line;
    m.column = m.offset - c.line_start + 1;
    m.secret = key;
    // The key's line, clipped to this window.
    size_t line_begin = c.line_start > base ? static_cast<size_t>(c.line_start - base) : 0;
    const void* nl = std::memchr(buf + h.end, '\n', len - h.end);
    size_t line_end = nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - buf) : len;
    if (line_end > h.end && buf[line_end - 1] == '\r') --line_end;  // a custom rule may end in \r
    std::string_view line(buf + line_begin, line_end - line_begin);
    m.allowed = line.find(kAllowMarker) != std::string_view::npos;
    size_t before_from = std::max(line_begin, h.start > kContext ? h.start - kContext : 0);
    m.before.assign(buf + before_from, h.start - before_from);
    m.after.assign(buf + h.end, std::min(line_end, h.end + kContext) - h.end);
    out.matches.push_back(std::move(m));
  }
  if (!last) advance(cursor, next_base);
}

}  // namespace zkscan::scan
