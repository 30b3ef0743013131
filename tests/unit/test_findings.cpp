// From matches to findings: redaction, messages, class and severity, fingerprints, excerpts.
#include <catch2/catch.hpp>

#include <string>

#include "filter/findings.hpp"
#include "helpers.hpp"
#include "util/sha256.hpp"

using namespace zkscan;
using namespace zkscan::testing;
using filter::redact;

namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// The findings of `text` as if it were the file at `path`.
std::vector<Finding> findings_of(std::string_view text, const std::string& path, uint64_t& allowed) {
  scan::ScanResult r = scan_text(text);
  return filter::to_findings(r, project_rules(), project_paths(), path, Source::kWorktree, allowed);
}

}  // namespace

TEST_CASE("redact keeps the prefix and the last four characters") {
  KeyGen keys(41);
  CHECK(redact("zk_live_" + keys.body(24) + "Gh12") == "zk_live_****Gh12");
  CHECK(redact("zk_test_" + keys.body(24) + "0aZ9") == "zk_test_****0aZ9");
  // Custom rules: the part after the last '_' is the body; short bodies show nothing of it.
  CHECK(redact("acme_tok_" + std::string("k3j4h5g6f7d8s9a0") + "wxyz") == "acme_tok_****wxyz");
  CHECK(redact("sk_abcdefgh") == "sk_****");
  CHECK(redact("ABCDEFGHIJKL") == "****IJKL");
}

TEST_CASE("messages say what a finding means") {
  CHECK(contains(filter::message_for(Environment::kLive, PathClass::kNonprod, false), "one-key-per-environment"));
  CHECK_FALSE(contains(filter::message_for(Environment::kTest, PathClass::kNonprod, false),
                       "one-key-per-environment"));
  CHECK(contains(filter::message_for(Environment::kLive, PathClass::kFrontend, false), "client-side code"));
  CHECK(contains(filter::message_for(Environment::kTest, PathClass::kFrontend, true),
                 "client-exposed environment variable"));
  CHECK(contains(filter::message_for(Environment::kLive, PathClass::kMobile, false), "mobile app"));
  CHECK(contains(filter::message_for(Environment::kLive, PathClass::kOther, false), "Rotate"));
  CHECK(contains(filter::message_for(Environment::kLive, PathClass::kOther, false), "Live"));
  CHECK(contains(filter::message_for(Environment::kTest, PathClass::kOther, false), "Test"));
}

TEST_CASE("to_findings classifies, grades, fingerprints and redacts") {
  KeyGen keys(42);
  std::string live = keys.live(), test = keys.test(), allowed_key = keys.live();
  std::string text = "a = '" + live + "'; b = '" + test + "'\n" +  //
                     "c = '" + allowed_key + "'  # zkscan:allow\n" +  //
                     "VITE_ZIETT_KEY=" + test + "\n";
  uint64_t allowed = 0;
  std::vector<Finding> found = findings_of(text, "server/app.py", allowed);
  CHECK(allowed == 1);
  REQUIRE(found.size() == 3);

  const Finding& f = found[0];
  CHECK(f.rule == "ziett-live-key");
  CHECK(f.environment == Environment::kLive);
  CHECK(f.path_class == PathClass::kOther);
  CHECK(f.severity == Severity::kHigh);
  CHECK(f.path == "server/app.py");
  CHECK(f.line == 1);
  CHECK(f.column == 6);
  CHECK(same_key(f.secret, live));
  CHECK(f.fingerprint == util::sha256_hex(live));
  CHECK(f.source == Source::kWorktree);
  CHECK_FALSE(f.client_exposed);
  // The excerpt redacts every key on the line, the full excerpt keeps them.
  CHECK(f.excerpt == "a = '" + redact(live) + "'; b = '" + redact(test) + "'");
  CHECK(same_key(f.excerpt_full, "a = '" + live + "'; b = '" + test + "'"));

  CHECK(found[1].rule == "ziett-test-key");
  CHECK(found[1].severity == Severity::kLow);
  CHECK(found[1].column == 6 + 36 + 8);

  const Finding& vite = found[2];
  CHECK(vite.client_exposed);
  CHECK(vite.path_class == PathClass::kFrontend);
  CHECK(vite.severity == Severity::kMedium);
  CHECK(vite.line == 3);
  CHECK(contains(vite.message, "client-exposed"));
  CHECK(vite.fingerprint == found[1].fingerprint);  // the same key, the same fingerprint
}

TEST_CASE("to_findings: the severity table by path") {
  KeyGen keys(43);
  struct Case {
    const char* path;
    bool live;
    Severity want;
  };
  for (const Case& c : {Case{"web/src/config.js", true, Severity::kCritical},
                        Case{"android/app/src/main/Api.kt", true, Severity::kCritical},
                        Case{"config/staging.yml", true, Severity::kHigh},
                        Case{"lib/db.js", true, Severity::kHigh},
                        Case{"public/app.js", false, Severity::kMedium},
                        Case{"ios/Config.swift", false, Severity::kMedium},
                        Case{"tests/test_api.py", false, Severity::kLow},
                        Case{"server/app.py", false, Severity::kLow}}) {
    INFO(c.path << (c.live ? " live" : " test"));
    uint64_t allowed = 0;
    std::vector<Finding> found = findings_of("k: " + (c.live ? keys.live() : keys.test()), c.path, allowed);
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == c.want);
    if (c.live && found[0].path_class == PathClass::kNonprod)
      CHECK(contains(found[0].message, "one-key-per-environment"));
  }
}
