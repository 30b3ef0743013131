// The scanner: key boundaries, lines and columns, zkscan:allow, and chunked reads of large files.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <system_error>
#include <thread>

#include "ffi/fd.hpp"
#include "helpers.hpp"
#include "scan/scanner.hpp"

using namespace zkscan;
using namespace zkscan::testing;
using scan::kChunk;
using scan::kContext;

namespace {

// Line and column of byte `offset` in `data`, counted independently of the scanner.
struct Position {
  uint64_t line, column;
};
Position position_of(std::string_view data, size_t offset) {
  auto head = data.substr(0, offset);
  uint64_t line = 1 + static_cast<uint64_t>(std::count(head.begin(), head.end(), '\n'));
  size_t nl = head.rfind('\n');
  size_t line_start = nl == std::string_view::npos ? 0 : nl + 1;
  return {line, offset - line_start + 1};
}

// Overwrites data[at, at + text.size()) with `text`; the size stays the same.
void put(std::string& data, size_t at, std::string_view text) { data.replace(at, text.size(), text); }

// `size` bytes of source-like lines of varying length: letters, digits, punctuation, newlines.
std::string filler(size_t size) {
  static constexpr std::string_view kWords = "let total = price * 3 + shipping(order_42); ";
  std::string out;
  out.reserve(size);
  for (size_t n = 0; out.size() < size; ++n) {
    size_t len = 10 + (n * 37) % 150;
    for (size_t i = 0; i < len; ++i) out += kWords[(n + i) % kWords.size()];
    out += '\n';
  }
  out.resize(size);
  return out;
}

// Writes data to an in-memory temporary file (memfd: a regular file, no disk I/O) and scans it
// through Scanner::scan_fd.
class FileScan {
 public:
  FileScan() : fd_(::memfd_create("zkscan-unit", MFD_CLOEXEC)) { REQUIRE(fd_); }
  scan::ScanResult operator()(std::string_view data, uint64_t size_hint) {
    REQUIRE(::ftruncate(fd_.get(), 0) == 0);
    REQUIRE(::pwrite(fd_.get(), data.data(), data.size(), 0) == static_cast<ssize_t>(data.size()));
    REQUIRE(::lseek(fd_.get(), 0, SEEK_SET) == 0);
    scan::ScanResult r;
    scanner_.scan_fd(fd_.get(), size_hint, r);
    return r;
  }
  scan::ScanResult operator()(std::string_view data) { return (*this)(data, data.size()); }

 private:
  ffi::Fd fd_;
  scan::Scanner scanner_{project_rules()};
};

// Scans `data` through a pipe (fstat size 0) fed by another thread.
scan::ScanResult scan_pipe(std::string_view data) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ffi::Fd read_end(fds[0]);
  auto old_handler = ::signal(SIGPIPE, SIG_IGN);  // a reader that stops early must not kill us
  std::thread writer([fd = fds[1], data] {
    for (size_t done = 0; done < data.size();) {
      ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
  });
  scan::Scanner scanner(project_rules());
  scan::ScanResult r;
  try {
    scanner.scan_fd(read_end.get(), 0, r);
  } catch (...) {
    read_end.reset();
    writer.join();
    throw;
  }
  read_end.reset();
  writer.join();
  ::signal(SIGPIPE, old_handler);
  return r;
}

// Checks that `r` holds exactly `key` at byte `at` of `data`, with the right line, column and
// context, whichever window of the file it was found in.
void check_single(const scan::ScanResult& r, std::string_view data, size_t at, std::string_view key) {
  REQUIRE(r.matches.size() == 1);
  const scan::Match& m = r.matches[0];
  CHECK(same_key(m.secret, key));
  CHECK(m.offset == at);
  Position want = position_of(data, at);
  CHECK(m.line == want.line);
  CHECK(m.column == want.column);
  size_t line_start = at - (want.column - 1);
  size_t from = std::max(line_start, at >= kContext ? at - kContext : 0);
  CHECK(m.before == data.substr(from, at - from));
  size_t end = at + key.size();
  size_t nl = data.find('\n', end);
  size_t line_end = nl == std::string_view::npos ? data.size() : nl;
  if (line_end > end && data[line_end - 1] == '\r') --line_end;
  CHECK(m.after == data.substr(end, std::min(line_end, end + kContext) - end));
}

// Writes a long line that assigns `key` to a client-exposed variable, with a zkscan:allow marker
// well after it, so that the key starts at `at`; scans it and checks that the key was reported
// with its whole context: kContext bytes each side, the variable, the marker.
void check_assigned_line(FileScan& scan_file, std::string data, size_t at, std::string_view key) {
  const std::string head = "\n" + std::string(200, ' ') + "VITE_ZIETT_KEY=";
  put(data, at - head.size(),
      head + std::string(key) + std::string(100, ' ') + "# zkscan:allow" + std::string(100, ' ') + "\n");
  scan::ScanResult r = scan_file(data);
  check_single(r, data, at, key);
  CHECK(r.matches[0].allowed);
  CHECK(project_paths().assigns_client_env(r.matches[0].before));
}

}  // namespace

TEST_CASE("a key alone, at the very start and at the very end of a buffer is found") {
  KeyGen keys(1);
  std::string key = keys.live();

  scan::ScanResult alone = scan_text(key);
  check_single(alone, key, 0, key);
  CHECK(alone.matches[0].rule == rule_index("ziett-live-key"));
  CHECK(alone.bytes == 36);

  std::string start = key + " is the key\n";
  check_single(scan_text(start), start, 0, key);
  CHECK(scan_text(start).matches[0].column == 1);

  std::string end = "the key is\n  " + key;
  check_single(scan_text(end), end, end.size() - 36, key);

  std::string test_key = keys.test();
  scan::ScanResult t = scan_text(test_key);
  REQUIRE(t.matches.size() == 1);
  CHECK(t.matches[0].rule == rule_index("ziett-test-key"));

  CHECK(scan_text("").matches.empty());
  CHECK(scan_text("").bytes == 0);
}

TEST_CASE("a key glued to a letter or digit is not a key") {
  KeyGen keys(2);
  std::string key = keys.live();
  for (char c : std::string("aqzAQZ059")) {
    INFO("glued to '" << c << "'");
    CHECK(scan_text(std::string(1, c) + key).matches.empty());
    CHECK(scan_text(key + c).matches.empty());
    CHECK(scan_text("x = " + std::string(1, c) + key + ";").matches.empty());
    CHECK(scan_text("x = " + key + c + ";").matches.empty());
  }
}

TEST_CASE("a key glued to punctuation, whitespace or non-ASCII bytes is found") {
  KeyGen keys(3);
  std::string key = keys.test();
  const std::string glue = std::string("\"'=:(),;`[]{}<>/\\|_-.!?@#$%^&*+~ \t\r\n") + '\0' + "\x80\xc3\xff";
  for (char c : glue) {
    INFO("glued to byte " << static_cast<int>(static_cast<unsigned char>(c)));
    std::string before = std::string("k") + c + key;
    check_single(scan_text(before), before, 2, key);
    std::string after = key + c + "k";
    CHECK(scan_text(after).matches.size() == 1);
    std::string both = std::string(1, c) + key + c;
    CHECK(scan_text(both).matches.size() == 1);
  }
}

TEST_CASE("only a 28-character body after zk_live_ or zk_test_ is a key") {
  KeyGen keys(4);
  for (size_t n : {0, 1, 20, 27, 29, 30, 40, 64}) {
    INFO("body of " << n << " characters");
    CHECK(scan_text("k=zk_live_" + keys.body(n) + "\n").matches.empty());
    CHECK(scan_text("k=zk_test_" + keys.body(n)).matches.empty());
  }
  std::string body = keys.body();
  CHECK(scan_text("azk_live_" + body).matches.empty());
  CHECK(scan_text("Xzk_test_" + body).matches.empty());
  CHECK(scan_text("9zk_test_" + body).matches.empty());
  CHECK(scan_text("ZK_LIVE_" + body).matches.empty());
  CHECK(scan_text("zk_prod_" + body).matches.empty());
  CHECK(scan_text("zk-live-" + body).matches.empty());
  CHECK(scan_text("zk_live_key_name").matches.empty());
  CHECK(scan_text("zk_live_" + body.substr(0, 14) + "_" + body.substr(14)).matches.empty());
  CHECK(scan_text("zk_live_" + body.substr(0, 14) + "-" + body.substr(15)).matches.empty());
  // Prefix glued to prefix: the second one is a key, preceded by '_'.
  CHECK(scan_text("zk_live_zk_live_" + body).matches.size() == 1);
}

TEST_CASE("several keys on one line are all found, in order, with 1-based columns") {
  KeyGen keys(5);
  std::string a = keys.live(), b = keys.test(), c = keys.live();
  std::string line = "keys: " + a + "," + b + " " + c;
  scan::ScanResult r = scan_text(line);
  REQUIRE(r.matches.size() == 3);
  CHECK(same_key(r.matches[0].secret, a));
  CHECK(same_key(r.matches[1].secret, b));
  CHECK(same_key(r.matches[2].secret, c));
  CHECK(r.matches[0].column == 7);
  CHECK(r.matches[1].column == 7 + 36 + 1);
  CHECK(r.matches[2].column == 7 + 2 * 37);
  for (const auto& m : r.matches) CHECK(m.line == 1);
  // Two keys glued together: the first is followed by 'z', the second preceded by a digit or
  // letter, so neither is a key.
  CHECK(scan_text(a + b).matches.empty());
}

TEST_CASE("lines and columns are 1-based and count bytes, with LF and CRLF line ends") {
  KeyGen keys(6);
  std::string key = keys.live();
  std::string lf = "first\nsecond\n\n  k=" + key + "\n";
  check_single(scan_text(lf), lf, lf.find("zk_"), key);
  CHECK(scan_text(lf).matches[0].line == 4);
  CHECK(scan_text(lf).matches[0].column == 5);

  std::string crlf = "first\r\nsecond\r\n\r\n\tk=" + key + "\r\nlast\r\n";
  scan::ScanResult r = scan_text(crlf);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].line == 4);
  CHECK(r.matches[0].column == 4);
  CHECK(r.matches[0].before == "\tk=");
  CHECK(r.matches[0].after.empty());  // the '\r' is not part of the line's text

  std::string multibyte = "é=" + key;  // columns are bytes: 'é' is two
  CHECK(scan_text(multibyte).matches[0].column == 4);

  std::string many;
  for (int i = 0; i < 1000; ++i) many += "line\n";
  many += key;
  CHECK(scan_text(many).matches[0].line == 1001);
}

TEST_CASE("a key's context is its line, clipped to kContext bytes each side") {
  KeyGen keys(7);
  std::string key = keys.test();
  std::string longline = std::string(500, 'a') + " " + key + " " + std::string(500, 'b') + "\nnext";
  scan::ScanResult r = scan_text(longline);
  check_single(r, longline, 501, key);
  CHECK(r.matches[0].before.size() == kContext);
  CHECK(r.matches[0].after.size() == kContext);
}

TEST_CASE("a line carrying zkscan:allow flags its keys as allowed, and only that line") {
  KeyGen keys(8);
  std::string a = keys.live(), b = keys.live(), c = keys.live();
  std::string text = "x = \"" + a + "\"  # zkscan:allow\n" +  //
                     "y = \"" + b + "\"\n" +                  //
                     "/* zkscan:allow */ z = '" + c + "'\n";
  scan::ScanResult r = scan_text(text);
  REQUIRE(r.matches.size() == 3);
  CHECK(r.matches[0].allowed);
  CHECK_FALSE(r.matches[1].allowed);
  CHECK(r.matches[2].allowed);
  CHECK_FALSE(scan_text(a + " # zkscan:allo").matches[0].allowed);
  CHECK_FALSE(scan_text("zkscan:allow\n" + a).matches[0].allowed);
}

TEST_CASE("placeholders are counted, not matched") {
  std::string text = "X-API-KEY: zk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx\nzk_test_0000000000000000000000000000\n";
  scan::ScanResult r = scan_text(text);
  CHECK(r.matches.empty());
  CHECK(r.placeholders == 2);
}

TEST_CASE("scan_fd finds a key across the 4 MiB chunk boundary at every offset around it") {
  KeyGen keys(9);
  const std::string key = keys.live();
  const std::string base = filler(kChunk + 4096);
  FileScan scan_file;
  for (int delta = -40; delta <= 40; ++delta) {
    const size_t at = static_cast<size_t>(static_cast<long>(kChunk) + delta);  // where the key starts
    INFO("key starts " << delta << " bytes from the chunk boundary");
    std::string data = base;
    put(data, at - 1, "=" + key + ";");
    scan::ScanResult r = scan_file(data);
    check_single(r, data, at, key);
    CHECK(r.bytes == data.size());
    CHECK(r.placeholders == 0);

    // Glued to a letter before or a digit after, wherever the boundary falls: not a key.
    put(data, at - 1, "q");
    CHECK(scan_file(data).matches.empty());
    put(data, at - 1, "=");
    put(data, at + 36, "7");
    CHECK(scan_file(data).matches.empty());

    // The line around the key crosses the boundary too: its client-exposed variable and its
    // zkscan:allow marker are still seen.
    check_assigned_line(scan_file, base, at, key);

    // A placeholder across the boundary is counted once.
    data = base;
    put(data, at - 1, "=zk_live_" + std::string(28, 'x') + ";");
    r = scan_file(data);
    CHECK(r.matches.empty());
    CHECK(r.placeholders == 1);
  }
}

TEST_CASE("scan_fd reports a key with its whole line context wherever windows hand over") {
  // A window leaves the keys that end in its last kContext bytes to the next one (scanner.hpp):
  // every offset around that hand-over, before the chunk boundary.
  KeyGen keys(14);
  const std::string key = keys.test();
  const std::string base = filler(kChunk + 4096);
  FileScan scan_file;
  const size_t handover = kChunk - kContext - key.size();  // the first key start the next window owns
  for (size_t at = handover - 24; at <= handover + 24; ++at) {
    INFO("key starts " << static_cast<long>(at) - static_cast<long>(kChunk) << " bytes from the chunk boundary");
    check_assigned_line(scan_file, base, at, key);
  }
}

TEST_CASE("scan_fd finds keys at the very start and the very end of files larger than a chunk") {
  KeyGen keys(10);
  FileScan scan_file;
  for (size_t size : {kChunk, kChunk + 1, kChunk + 36, kChunk + 37, kChunk + 1000, 2 * kChunk + 5}) {
    INFO("file of " << size << " bytes");
    std::string first = keys.live(), last = keys.test();
    std::string data = filler(size);
    put(data, 0, first + " ");
    put(data, size - 37, "\n" + last);  // the file ends with the key: no newline after it
    scan::ScanResult r = scan_file(data);
    REQUIRE(r.matches.size() == 2);
    CHECK(same_key(r.matches[0].secret, first));
    CHECK(r.matches[0].line == 1);
    CHECK(r.matches[0].column == 1);
    CHECK(same_key(r.matches[1].secret, last));
    CHECK(r.matches[1].offset == size - 36);
    CHECK(r.matches[1].line == position_of(data, size - 36).line);
    CHECK(r.matches[1].column == 1);
    CHECK(r.bytes == size);
  }
}

TEST_CASE("scan_fd counts lines correctly across chunks") {
  KeyGen keys(11);
  FileScan scan_file;
  std::string data = filler(3 * kChunk + 12345);
  std::vector<size_t> offsets{100,          kChunk - 500,     kChunk + 500,     2 * kChunk - 37,
                              2 * kChunk + 3, 3 * kChunk - 18, 3 * kChunk + 12000};
  std::vector<std::string> placed;
  for (size_t at : offsets) {
    placed.push_back(keys.live());
    put(data, at - 1, "'" + placed.back() + "'");
  }
  scan::ScanResult r = scan_file(data);
  REQUIRE(r.matches.size() == offsets.size());
  for (size_t i = 0; i < offsets.size(); ++i) {
    INFO("key " << i << " at offset " << offsets[i]);
    const scan::Match& m = r.matches[i];
    CHECK(same_key(m.secret, placed[i]));
    CHECK(m.offset == offsets[i]);
    Position want = position_of(data, offsets[i]);
    CHECK(m.line == want.line);
    CHECK(m.column == want.column);
  }
}

TEST_CASE("scan_fd reads a pipe, whose size is unknown, to its end") {
  KeyGen keys(12);
  std::string key = keys.live(), tail = keys.test();
  std::string data = filler(2 * kChunk + 100);
  const size_t at = kChunk - 20;
  put(data, at - 1, "(" + key + ")");
  put(data, data.size() - 37, " " + tail);
  scan::ScanResult r = scan_pipe(data);
  CHECK(r.bytes == data.size());
  REQUIRE(r.matches.size() == 2);
  CHECK(same_key(r.matches[0].secret, key));
  CHECK(r.matches[0].offset == at);
  CHECK(r.matches[0].line == position_of(data, at).line);
  CHECK(same_key(r.matches[1].secret, tail));

  // Small inputs too.
  std::string small = "k=" + key + "\n";
  r = scan_pipe(small);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].column == 3);
}

TEST_CASE("scan_fd trusts the end of file over a wrong size hint") {
  KeyGen keys(13);
  FileScan scan_file;
  std::string key = keys.live();
  std::string data = "a\nb=" + key + "\n";
  scan::ScanResult r = scan_file(data, 1 << 20);  // file shrank since fstat
  check_single(r, data, 4, key);
  r = scan_file("", 0);
  CHECK(r.matches.empty());
  CHECK(r.bytes == 0);
}

TEST_CASE("scan_fd reports a read error as std::system_error") {
  ffi::Fd dir(::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  REQUIRE(dir);
  scan::Scanner scanner(project_rules());
  scan::ScanResult r;
  CHECK_THROWS_AS(scanner.scan_fd(dir.get(), 4096, r), std::system_error);
}
