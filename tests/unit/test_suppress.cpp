// Suppressions: .zkscanignore fingerprints, baseline reports, allowlisted paths.
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "filter/suppress.hpp"
#include "helpers.hpp"
#include "model/error.hpp"
#include "util/sha256.hpp"

using namespace zkscan;
using namespace zkscan::testing;

namespace {

Finding finding(const std::string& key, const std::string& path) {
  Finding f;
  f.secret = key;
  f.fingerprint = util::sha256_hex(key);
  f.path = path;
  return f;
}

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE(".zkscanignore: one fingerprint a line, # comments, blank lines") {
  KeyGen keys(51);
  std::string a = keys.live(), b = keys.test(), c = keys.live(), d = keys.live();
  TempDir dir;
  std::string file = dir.write(".zkscanignore", "# accepted keys\n\n" + util::sha256_hex(a) +
                                                    "\n  " + util::sha256_hex(b) +
                                                    "   # web/.env, reviewed\n\t\n" +
                                                    util::sha256_hex(c) + "\r\n");
  filter::Suppressions s;
  s.load_ignore_file(file);
  CHECK(s.suppressed(finding(a, "x")));
  CHECK(s.suppressed(finding(b, "any/where.js")));
  CHECK(s.suppressed(finding(c, "x")));
  CHECK_FALSE(s.suppressed(finding(d, "x")));

  std::vector<Finding> findings{finding(a, "1"), finding(d, "2"), finding(b, "3")};
  CHECK(s.apply(findings) == 2);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].path == "2");
}

TEST_CASE(".zkscanignore: a missing file is no suppression, a malformed line is an error") {
  filter::Suppressions s;
  s.load_ignore_file("/nonexistent/.zkscanignore");
  KeyGen keys(52);
  CHECK_FALSE(s.suppressed(finding(keys.live(), "x")));

  TempDir dir;
  std::string fp = util::sha256_hex("k");
  for (const std::string& bad : {std::string("zk_live_notafingerprint"), fp.substr(1), fp + "0",
                                 "ABCDEF" + fp.substr(6), fp.substr(0, 63) + "g"}) {
    std::string file = dir.write(".zkscanignore", "# ok\n" + fp + "\n" + bad + "\n");
    std::string msg = error_of([&] { filter::Suppressions().load_ignore_file(file); });
    CHECK(msg.find(file + ":3:") != std::string::npos);
  }
}

TEST_CASE("a baseline suppresses the same key at the same path only") {
  KeyGen keys(53);
  std::string a = keys.live(), b = keys.test();
  TempDir dir;
  std::string baseline = dir.write("baseline.json", R"({"tool": "zkscan", "version": "0.1.0", "findings": [
      {"rule": "ziett-live-key", "path": "web/a.js", "fingerprint": ")" +
                                                        util::sha256_hex(a) + R"("},
      {"rule": "ziett-test-key", "path": "lib/b.py", "fingerprint": ")" +
                                                        util::sha256_hex(b) + R"("}],
    "errors": [], "summary": {}})");
  filter::Suppressions s;
  s.load_baseline(baseline);
  CHECK(s.suppressed(finding(a, "web/a.js")));
  CHECK(s.suppressed(finding(b, "lib/b.py")));
  CHECK_FALSE(s.suppressed(finding(a, "web/copy.js")));  // the same key, somewhere new
  CHECK_FALSE(s.suppressed(finding(keys.live(), "web/a.js")));

  CHECK(error_of([&] { s.load_baseline(dir.path().string() + "/missing.json"); }).find("missing.json") !=
        std::string::npos);
  for (const char* bad : {"not json", "[]", R"({"findings": 3})", R"({"findings": [{"path": "a"}]})",
                          R"({"findings": [{"fingerprint": 7}]})"}) {
    INFO(bad);
    std::string file = dir.write("bad.json", bad);
    CHECK(error_of([&] { filter::Suppressions().load_baseline(file); }).find(file) != std::string::npos);
  }
}

TEST_CASE("allowlisted paths: directories, file-name globs and path globs") {
  filter::Suppressions s;
  CHECK_FALSE(s.path_allowed("anything.js"));
  s.allow_paths({"vendor/", "*.snap", "docs/**/*.md", "fixtures/keys.json"});
  CHECK(s.path_allowed("vendor/lib.js"));
  CHECK(s.path_allowed("vendor/a/b/c.js"));
  CHECK(s.path_allowed("web/vendor/lib.js"));
  CHECK_FALSE(s.path_allowed("vendors/lib.js"));
  CHECK_FALSE(s.path_allowed("myvendor/lib.js"));
  CHECK(s.path_allowed("App.snap"));
  CHECK(s.path_allowed("src/__snapshots__/App.snap"));
  CHECK_FALSE(s.path_allowed("App.snap.js"));
  CHECK(s.path_allowed("docs/guide/keys.md"));
  CHECK(s.path_allowed("docs/keys.md"));
  CHECK_FALSE(s.path_allowed("src/docs/keys.md"));
  CHECK(s.path_allowed("fixtures/keys.json"));
  CHECK_FALSE(s.path_allowed("tests/fixtures/keys.json"));
}
