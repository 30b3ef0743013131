// The scanner with tiny read chunks and windows: keys across every boundary are found once,
// at the right line and column, from memory and from a file.
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

#include "ffi/fd.hpp"
#include "rules/rules.hpp"
#include "scan/scanner.hpp"

using zkscan::scan::Scanner;
using zkscan::scan::ScanResult;

TEST_CASE("keys across chunk and window boundaries are found once with their positions") {
  zkscan::rules::CompiledRules rules(zkscan::rules::load_rule_dir(ZKSCAN_TEST_RULES_DIR));
  const std::string key = std::string("zk_live_u8jzPde0IgxLd6Gn") + "cfBAepfJBd0K";
  std::string text;
  for (int i = 0; i < 40; ++i) text += "line " + std::to_string(i) + " k='" + key + "'\r\n";

  for (size_t size : {1, 2, 7, 36, 37, 38, 64, 4096}) {
    INFO("chunk/window " << size);
    Scanner scanner(rules, {size, size});
    ScanResult memory, file;
    scanner.scan(text, memory);
    zkscan::ffi::Fd fd(::memfd_create("zkscan-test", MFD_CLOEXEC));
    REQUIRE(fd);
    REQUIRE(::write(fd.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    REQUIRE(::lseek(fd.get(), 0, SEEK_SET) == 0);
    scanner.scan_fd(fd.get(), text.size(), file);
    for (const ScanResult* r : {&memory, &file}) {
      REQUIRE(r->matches.size() == 40);
      for (size_t i = 0; i < 40; ++i) {
        CHECK(r->matches[i].line == i + 1);
        CHECK(r->matches[i].column == 5 + std::to_string(i).size() + 5);
        CHECK(r->matches[i].secret == key);
      }
      CHECK(r->bytes == text.size());
    }
  }
}
