// Helpers every reporter shares: redaction of free text, locations, URIs, colour, times, remedies.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "report/report.hpp"
#include "report_fixture.hpp"

using namespace zkscan;
using namespace zkscan::report;

TEST_CASE("uri_path percent-encodes everything but unreserved characters and slashes") {
  CHECK(uri_path("web/src/config.js") == "web/src/config.js");
  CHECK(uri_path("docs/\xC3\xBC" "ber uns/a b.md") == "docs/%C3%BCber%20uns/a%20b.md");
  CHECK(uri_path("bad\xFF.txt") == "bad%FF.txt");       // invalid UTF-8 stays a valid URI
  CHECK(uri_path("c:notes.txt") == "c%3Anotes.txt");    // not a scheme
  CHECK(uri_path("100%/x#y?z") == "100%25/x%23y%3Fz");  // not an escape, fragment or query
  CHECK(uri_path("a~b_c-d.e") == "a~b_c-d.e");
}

TEST_CASE("directory_uri is an absolute file URI ending in a slash") {
  CHECK(directory_uri("/srv/repos/shop") == "file:///srv/repos/shop/");
  CHECK(directory_uri("/srv/my repo/") == "file:///srv/my%20repo/");
  std::string here = directory_uri(".");
  CHECK(here.rfind("file:///", 0) == 0);
  CHECK(here.back() == '/');
  CHECK(here.find("/./") == std::string::npos);
}

TEST_CASE("shown_text redacts every Ziett key in free text unless secrets are shown") {
  std::string live = test::fake_key("live", "text");
  std::string test_key = test::fake_key("test", "text");
  std::string text = "cannot read " + live + ".txt (" + test_key + ")";
  std::string shown = shown_text(text, Style{});
  CHECK(shown.find(live) == std::string::npos);
  CHECK(shown.find(test_key) == std::string::npos);
  CHECK(shown == "cannot read zk_live_****" + live.substr(live.size() - 4) + ".txt (zk_test_****" +
                     test_key.substr(test_key.size() - 4) + ")");
  CHECK(shown_text(text, Style{.show_secrets = true}) == text);
  // Not keys: PRODUCT.md's boundaries and length.
  CHECK(shown_text("a" + live, Style{}) == "a" + live);
  CHECK(shown_text(live + "9", Style{}) == live + "9");
  CHECK(shown_text("zk_live_key_name", Style{}) == "zk_live_key_name");
}

TEST_CASE("location_path gives findings without a path a pseudo path") {
  Report r = test::history_report();
  for (const Finding& f : r.findings) {
    if (f.source == Source::kCommitMessage) CHECK(location_path(f) == "COMMIT_MSG");
    if (f.source == Source::kUnreachable)
      CHECK(location_path(f) == ".git/objects/" + f.provenance.blob.substr(0, 2) + "/" +
                                    f.provenance.blob.substr(2));
    if (!f.path.empty()) CHECK(location_path(f) == f.path);
  }
}

TEST_CASE("colour only on a terminal, never with --no-color, NO_COLOR or TERM=dumb") {
  ::unsetenv("NO_COLOR");
  ::setenv("TERM", "xterm-256color", 1);
  CHECK(color_wanted(false, true));
  CHECK_FALSE(color_wanted(false, false));
  CHECK_FALSE(color_wanted(true, true));
  ::setenv("NO_COLOR", "1", 1);
  CHECK_FALSE(color_wanted(false, true));
  ::setenv("NO_COLOR", "", 1);  // no-color.org: an empty value does not disable colour
  CHECK(color_wanted(false, true));
  ::unsetenv("NO_COLOR");
  ::setenv("TERM", "dumb", 1);
  CHECK_FALSE(color_wanted(false, true));
  ::unsetenv("TERM");
}

TEST_CASE("run times come from report.started and the run's seconds") {
  Report r = test::history_report();
  RunTimes t = run_times(r);
  CHECK(utc_timestamp(t.start) == "2026-01-31T10:00:00");
  CHECK(utc_timestamp(t.end) == "2026-01-31T10:00:01");
  Report unset;  // no start time: ends now
  unset.summary.seconds = 2;
  RunTimes now = run_times(unset);
  CHECK(now.end - now.start == std::chrono::seconds(2));
  CHECK(std::chrono::abs(std::chrono::system_clock::now() - now.end) < std::chrono::seconds(5));
}

TEST_CASE("titles and remedies follow the severity table and say what to do") {
  CHECK(title_of(Environment::kLive, Severity::kCritical) == "Live Ziett API key in client-side code");
  CHECK(title_of(Environment::kTest, Severity::kLow) == "Test Ziett API key in the repository");
  for (Severity s : {Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow}) {
    Environment env = s == Severity::kCritical || s == Severity::kHigh ? Environment::kLive
                                                                        : Environment::kTest;
    std::string remedy = remedy_of(env, s);
    CHECK(remedy.find("Ziett Dashboard") != std::string::npos);
    CHECK(remedy.find("environment variable") != std::string::npos);
    CHECK(remedy.find("secret manager") != std::string::npos);
    CHECK(remedy.rfind("1. ", 0) == 0);
    CHECK((remedy.find("backend") != std::string::npos) == client_side(s));
    CHECK(remedy_markdown(env, s).find("**") != std::string::npos);
  }
  CHECK(capitalized(Severity::kMedium) == "Medium");
}
