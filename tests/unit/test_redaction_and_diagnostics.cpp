// Redaction of keys in findings and diagnostics, and one-line escaping of what zkscan prints.
#include <catch2/catch.hpp>
#include <string>

#include "filter/findings.hpp"
#include "report/diagnostic.hpp"

using zkscan::filter::redact;
using zkscan::filter::redact_keys;
using zkscan::report::diagnostic_line;
using zkscan::report::one_line;

namespace {
// Built at run time so no complete key sits in the source.
const std::string kBody = std::string("u8jzPde0IgxLd6Gn") + "cfBAepfJBd0K";
const std::string kLive = "zk_live_" + kBody;
const std::string kTest = "zk_test_" + kBody;
}  // namespace

TEST_CASE("redact keeps the prefix and the last four characters of a Ziett key") {
  CHECK(redact(kLive) == "zk_live_****Bd0K");
  CHECK(redact(kTest) == "zk_test_****Bd0K");
}

TEST_CASE("redact never shows the whole secret of a custom rule") {
  for (std::string secret :
       {"abc_", "token_x1", "a_abcdefgh", "AKIAIOSFODNN7EXAMPL", "x", "_", ""}) {
    INFO(secret);
    std::string shown = redact(secret);
    if (!secret.empty()) CHECK(shown.find(secret) == std::string::npos);
  }
  CHECK(redact("token_x1") == "****");
  CHECK(redact("a_abcdefgh") == "a_****");
  CHECK(redact("AKIAIOSFODNN7EXAMPL") == "****AMPL");
}

TEST_CASE("redact_keys redacts every key with the rules' boundaries") {
  CHECK(redact_keys("cannot scan " + kLive + ": gone") == "cannot scan zk_live_****Bd0K: gone");
  CHECK(redact_keys(kLive + "," + kTest) == "zk_live_****Bd0K,zk_test_****Bd0K");
  CHECK(redact_keys("zk_live_zk_live_" + kBody) == "zk_live_zk_live_****Bd0K");
  // Not keys: a letter before, a 29th character, a short body, nothing.
  CHECK(redact_keys("a" + kLive) == "a" + kLive);
  CHECK(redact_keys(kLive + "9") == kLive + "9");
  CHECK(redact_keys("zk_live_short") == "zk_live_short");
  CHECK(redact_keys("") == "");
}

TEST_CASE("one_line escapes control characters and keeps everything else") {
  CHECK(one_line("a\nb\r\x1b[31m\x7f\t\xff") == "a\\nb\\r\\x1b[31m\\x7f\t\xff");
  CHECK(one_line(std::string("nul\0end", 7)) == "nul\\x00end");
  CHECK(one_line("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(diagnostic_line("bad\n" + kLive) == "bad\\nzk_live_****Bd0K");
}
