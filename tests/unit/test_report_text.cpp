// The text writer: severity groups, excerpts, colour, terminal safety and the summary line.
#include <catch2/catch.hpp>


#include "report/report.hpp"
#include "report_fixture.hpp"

using namespace zkscan;

namespace {

std::string text(const Report& r, const report::Style& style = {}) { return test::render(r, "text", style); }

}  // namespace

TEST_CASE("text: grouped by severity, most severe first, with what to do") {
  std::string out = text(test::history_report());
  size_t critical = out.find("CRITICAL (1): live keys in client-side code");
  size_t high = out.find("HIGH (3): live keys in the repository");
  size_t medium = out.find("MEDIUM (1): test keys in client-side code");
  size_t low = out.find("LOW (1): test keys in the repository");
  REQUIRE(critical != std::string::npos);
  REQUIRE(high != std::string::npos);
  REQUIRE(medium != std::string::npos);
  REQUIRE(low != std::string::npos);
  CHECK(critical < high);
  CHECK(high < medium);
  CHECK(medium < low);
  CHECK(out.find("web/src/config.js:4:12") != std::string::npos);
  CHECK(out.find("Rotate the key in the Ziett Dashboard") != std::string::npos);
  CHECK(out.find("call the Ziett API from your backend") != std::string::npos);
  CHECK(out.find("message of commit " + test::fake_oid("c4").substr(0, 12)) != std::string::npos);
  CHECK(out.find("unreachable blob " + test::fake_oid("dangling")) != std::string::npos);
  CHECK(out.find("(still in HEAD)") != std::string::npos);
  CHECK(out.find("staged for the next commit") != std::string::npos);
}

TEST_CASE("text: the redacted line excerpt, never the key") {
  Report r = test::history_report();
  std::string out = text(r);
  CHECK(out.find("    4 |   apiKey: \"zk_live_****" + test::live_web().substr(32) + "\",") !=
        std::string::npos);
  for (const std::string& key : test::history_keys()) CHECK(out.find(key) == std::string::npos);
  CHECK(text(r, report::Style{.show_secrets = true}).find(test::live_web()) != std::string::npos);
}

TEST_CASE("text: long lines are clipped around the key, control characters neutralized") {
  Report r;
  r.command = "scan";
  std::string key = test::fake_key("live", "long");
  r.findings.push_back(test::make_finding("ziett-live-key", Environment::kLive,
                                          PathClass::kFrontend, "dist/app.min.js", 1,
                                          std::string(300, 'a') + "\033]0;pwned\a\033[2J k=\"",
                                          key, "\";" + std::string(300, 'b')));
  std::string out = text(r);
  CHECK(out.find('\033') == std::string::npos);
  CHECK(out.find('\a') == std::string::npos);
  CHECK(out.find("...") != std::string::npos);
  CHECK(out.find(std::string(100, 'a')) == std::string::npos);
  CHECK(out.find("\\x1b]0;pwned\\x07\\x1b[2J k=\"zk_live_****") != std::string::npos);
}

TEST_CASE("text: colour codes only when asked") {
  Report r = test::history_report();
  CHECK(text(r).find('\033') == std::string::npos);
  std::string coloured = text(r, report::Style{.color = true});
  CHECK(coloured.find("\033[1;31mCRITICAL") != std::string::npos);
  CHECK(coloured.find("\033[0m") != std::string::npos);
}

TEST_CASE("text: a summary line") {
  Report r = test::history_report();
  std::string out = text(r);
  CHECK(out.find("zkscan: 6 findings (1 critical, 3 high, 1 medium, 1 low) in 120 objects "
                 "(47.1 KiB) in 1.25 s; 1 placeholder ignored; 2 suppressed; 2 errors (scan "
                 "incomplete)\n") != std::string::npos);
  // Errors are listed, keys in them redacted.
  CHECK(out.find("error: objects/pack/pack-1.pack: cannot read: Input/output error") != std::string::npos);
  CHECK(out.find("its path mentions zk_live_****") != std::string::npos);

  Report clean;
  clean.command = "scan";
  clean.summary.files = 1;
  clean.summary.bytes = 10;
  CHECK(text(clean) == "zkscan: no findings in 1 file (10 B) in 0.00 s\n");
}
