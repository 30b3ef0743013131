// Fuzz target: random bytes with 1-3 keys planted at fuzzer-chosen offsets. Every planted key
// must be found, at the right line and column, by Scanner::scan (in memory, small windows) and
// by Scanner::scan_fd (from a memfd, small chunks), and both must agree on every match.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "ffi/fd.hpp"
#include "fuzz_input.hpp"
#include "rules/rules.hpp"
#include "scan/scanner.hpp"

namespace {

using zkscan::fuzz::fail;
using zkscan::scan::Match;
using zkscan::scan::ScanResult;

// The built-in rules, and the same plus a variable-width rule whose matches span lines, nest
// ("x\nyabc\nx" holds "yabc") or end in '\r' ("wab\r\n"): the line bookkeeping across windows
// must cope with matches that hold newlines and start before an earlier-ending match.
const zkscan::rules::CompiledRules& compiled(bool extra) {
  static const zkscan::rules::CompiledRules plain(
      zkscan::rules::load_rule_dir(ZKSCAN_FUZZ_RULES_DIR));
  static const zkscan::rules::CompiledRules with_extra = [] {
    std::vector<zkscan::rules::Rule> rules = zkscan::rules::load_rule_dir(ZKSCAN_FUZZ_RULES_DIR);
    zkscan::rules::Rule r;
    r.id = "fuzz-multiline";
    r.regex = "x[a-z\\n]{1,20}x|y[a-z]{3}|w[a-z]{2}\\r";
    r.entropy = 0;
    r.origin = "fuzz";
    rules.push_back(r);
    return zkscan::rules::CompiledRules(std::move(rules));
  }();
  return extra ? with_extra : plain;
}

struct Planted {
  size_t offset = 0;  // where in the haystack it goes, then where in the text it ended up
  std::string key;
  char before = ' ', after = ' ';
};

// A byte that is never part of a key: the fuzzer's choice when it is not a letter or digit.
char separator(uint8_t b) {
  static constexpr char kSeparators[] = " \n\r\t_-=:\"'`(){}[];,./\\\0\x80\xff";
  constexpr size_t kCount = sizeof kSeparators - 1;
  return zkscan::fuzz::is_alnum(b) ? kSeparators[b % kCount] : static_cast<char>(b);
}

uint64_t line_of(std::string_view text, size_t offset) {
  return 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

uint64_t column_of(std::string_view text, size_t offset) {
  size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return offset - (nl == std::string_view::npos ? 0 : nl + 1) + 1;
}

// Matches in a stable order: a window reports the matches it owns, and a match the next window
// owns may start earlier (when it holds one), so scan order is not offset order.
std::vector<Match> sorted(std::vector<Match> matches) {
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return std::tuple(a.offset, a.rule, a.secret.size()) <
           std::tuple(b.offset, b.rule, b.secret.size());
  });
  return matches;
}

// What any scan must hold for every match it reports, planted or not.
void check_matches(std::string_view text, const ScanResult& r, const char* how) {
  const std::vector<Match> matches = sorted(r.matches);
  for (size_t i = 0; i < matches.size(); ++i) {
    const Match& m = matches[i];
    if (m.offset + m.secret.size() > text.size()) fail(std::string(how) + ": match past the end");
    if (text.substr(m.offset, m.secret.size()) != m.secret)
      fail(std::string(how) + ": match text differs from the data at its offset");
    if (i > 0 && m.offset == matches[i - 1].offset && m.rule == matches[i - 1].rule &&
        m.secret.size() == matches[i - 1].secret.size())
      fail(std::string(how) + ": a match reported twice");
    if (m.offset > 0 && zkscan::fuzz::is_alnum(static_cast<uint8_t>(text[m.offset - 1])))
      fail(std::string(how) + ": a letter or digit before a match");
    size_t end = m.offset + m.secret.size();
    if (end < text.size() && zkscan::fuzz::is_alnum(static_cast<uint8_t>(text[end])))
      fail(std::string(how) + ": a letter or digit after a match");
    if (m.line != line_of(text, m.offset) || m.column != column_of(text, m.offset))
      fail(std::string(how) + ": wrong line or column for a match at offset " +
           std::to_string(m.offset));
    if (m.before.size() > zkscan::scan::kContext || m.after.size() > zkscan::scan::kContext)
      fail(std::string(how) + ": excerpt longer than kContext");
    if (m.before.find('\n') != std::string::npos || m.after.find('\n') != std::string::npos)
      fail(std::string(how) + ": excerpt crosses a line");
    if (text.substr(0, m.offset).rfind(m.before) != m.offset - m.before.size() ||
        text.substr(end, m.after.size()) != m.after)
      fail(std::string(how) + ": excerpt is not the text around the match");
  }
}

void check_planted(const std::vector<Planted>& planted, const ScanResult& r, const char* how) {
  for (const Planted& p : planted) {
    bool found = std::any_of(r.matches.begin(), r.matches.end(), [&](const Match& m) {
      return m.offset == p.offset && m.secret == p.key;
    });
    if (!found)
      fail(std::string(how) + ": planted key at offset " + std::to_string(p.offset) + " not found");
  }
}

ScanResult scan_memfd(zkscan::scan::Scanner& scanner, std::string_view text, uint64_t size_hint) {
  zkscan::ffi::Fd fd(::memfd_create("zkscan-fuzz", MFD_CLOEXEC));
  if (!fd) fail("memfd_create failed");
  for (size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n <= 0) fail("write to memfd failed");
    done += static_cast<size_t>(n);
  }
  if (::lseek(fd.get(), 0, SEEK_SET) != 0) fail("lseek failed");
  ScanResult r;
  scanner.scan_fd(fd.get(), size_hint, r);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string seed(reinterpret_cast<const char*>(data), size);
  zkscan::fuzz::Input in(data, size);
  const bool extra_rule = in.flag();
  const size_t chunk = 1 + in.u16() % 4096;
  const size_t window = in.u16() % 4096;  // raised to the rules' overlap + 1 by the scanner
  const bool hint_larger = in.flag();     // fstat saw more than is left when read (it shrank)
  std::vector<Planted> planted(1 + in.byte() % 3);
  for (size_t i = 0; i < planted.size(); ++i) {
    Planted& p = planted[i];
    p.offset = in.u32();
    p.key = zkscan::fuzz::make_key(seed, static_cast<unsigned>(i), in.flag());
    p.before = separator(in.byte());
    p.after = separator(in.byte());
  }
  const std::string haystack = in.rest();
  for (Planted& p : planted) p.offset %= haystack.size() + 1;
  std::sort(planted.begin(), planted.end(),
            [](const Planted& a, const Planted& b) { return a.offset < b.offset; });

  // The haystack with each key inserted, a separator on either side.
  std::string text;
  size_t from = 0;
  for (Planted& p : planted) {
    text.append(haystack, from, p.offset - from);
    from = p.offset;
    text += p.before;
    p.offset = text.size();
    text += p.key;
    text += p.after;
  }
  text.append(haystack, from);

  const zkscan::rules::CompiledRules& rules = compiled(extra_rule);
  zkscan::scan::Scanner scanner(rules, {chunk, window});
  ScanResult in_memory;
  scanner.scan(text, in_memory);
  check_matches(text, in_memory, "scan");
  check_planted(planted, in_memory, "scan");

  ScanResult from_fd = scan_memfd(scanner, text, text.size() + (hint_larger ? chunk : 0));
  check_matches(text, from_fd, "scan_fd");
  check_planted(planted, from_fd, "scan_fd");

  if (in_memory.bytes != text.size() || from_fd.bytes != text.size()) fail("byte count differs");
  if (in_memory.placeholders != from_fd.placeholders) fail("placeholder counts differ");
  const std::vector<Match> a_all = sorted(in_memory.matches), b_all = sorted(from_fd.matches);
  if (a_all.size() != b_all.size()) fail("match counts differ");
  for (size_t i = 0; i < a_all.size(); ++i) {
    const Match &a = a_all[i], &b = b_all[i];
    if (a.rule != b.rule || a.offset != b.offset || a.secret != b.secret)
      fail("scan and scan_fd disagree on match " + std::to_string(i));
  }
  return 0;
}
