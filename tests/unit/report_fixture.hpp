// Hand-built reports for the reporter tests: a history run with every kind of finding.
#pragma once

#include <chrono>
#include <sstream>
#include <string>
#include <string_view>

#include "filter/findings.hpp"
#include "model/types.hpp"
#include "report/report.hpp"
#include "util/sha256.hpp"

namespace zkscan::test {

// A fake key made at test time from a label, so no key is written in the sources:
// zk_<env>_ and 28 letters/digits taken from SHA-256 of the label.
inline std::string fake_key(std::string_view env, std::string_view label) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string hex = util::sha256_hex(std::string("zkscan-test/") + std::string(label));
  std::string key = "zk_" + std::string(env) + "_";
  for (size_t i = 0; key.size() < 8 + 28; i += 2)
    key += kAlphabet[std::stoul(hex.substr(i % 64, 2), nullptr, 16) % kAlphabet.size()];
  return key;
}

// `r` written in `format` ("text", "json", "sarif", "gitlab").
inline std::string render(const Report& r, std::string_view format, const report::Style& style = {}) {
  std::ostringstream out;
  report::write(r, format, style, out);
  return out.str();
}

// A 40-hex object id made from a label.
inline std::string fake_oid(std::string_view label) {
  return util::sha256_hex(std::string("oid/") + std::string(label)).substr(0, 40);
}

// A finding as the pipeline makes it: severity from the table, fingerprint, message, excerpts.
inline Finding make_finding(std::string rule, Environment env, PathClass cls, std::string path,
                            uint64_t line, std::string before, std::string secret,
                            std::string after, Source source = Source::kWorktree) {
  Finding f;
  f.rule = std::move(rule);
  f.environment = env;
  f.path_class = cls;
  f.severity = severity_of(env, cls);
  f.path = std::move(path);
  f.line = line;
  f.column = before.size() + 1;
  f.fingerprint = util::sha256_hex(secret);
  f.message = filter::message_for(env, cls, false);
  f.excerpt_full = before + secret + after;
  f.excerpt = before + filter::redact(secret) + after;
  f.secret = std::move(secret);
  f.source = source;
  return f;
}

inline void set_commit(Finding& f, std::string_view label, std::string author, std::string date,
                       bool in_head) {
  f.provenance.commit = fake_oid(label);
  f.provenance.author = std::move(author);
  f.provenance.date = std::move(date);
  f.provenance.blob = fake_oid(std::string(label) + "/blob/" + f.path);
  f.provenance.in_head = in_head;
}

// Keys used by history_report(), by name.
inline std::string live_web() { return fake_key("live", "web"); }
inline std::string test_bundle() { return fake_key("test", "bundle"); }
inline std::string live_message() { return fake_key("live", "message"); }
inline std::string test_dangling() { return fake_key("test", "dangling"); }
inline std::string live_staged() { return fake_key("live", "staged"); }

// What `zkscan git` reports for a repository with a key in every kind of place: a commit
// (frontend), the same key moved to server code, a minified bundle under a path with a space
// and non-ASCII letters, a commit message, an unreachable blob, a staged file; two errors (one
// quoting a key) and a note. Sorted like the pipeline sorts.
inline Report history_report() {
  using namespace std::chrono;
  Report r;
  r.command = "git";
  r.root = "/srv/repos/shop";
  r.head = fake_oid("head");
  r.repository_uri = "https://git.example.com/acme/shop.git";
  r.started = sys_days{year{2026} / 1 / 31} + hours{10};

  Finding web = make_finding("ziett-live-key", Environment::kLive, PathClass::kFrontend,
                             "web/src/config.js", 4, "  apiKey: \"", live_web(), "\",",
                             Source::kCommit);
  set_commit(web, "c1", "Ann Dev <ann@example.com>", "2026-01-30T09:00:00Z", false);
  r.findings.push_back(web);

  Finding moved = make_finding("ziett-live-key", Environment::kLive, PathClass::kOther,
                               "server/legacy.py", 12, "KEY = '", live_web(), "'",
                               Source::kCommit);
  set_commit(moved, "c3", "Bo Ops <bo@example.com>", "2026-01-30T11:30:00Z", true);
  r.findings.push_back(moved);

  Finding bundle = make_finding(
      "ziett-test-key", Environment::kTest, PathClass::kFrontend,
      "assets/\xC3\xBC"
      "ber uns/app.min.js",
      1, "/* Schl\xC3\xBC" "ssel \xF0\x9F\x94\x91 */var k=\"", test_bundle(), "\";",
      Source::kCommit);
  set_commit(bundle, "c2", "Ann Dev <ann@example.com>", "2026-01-30T10:00:00Z", true);
  r.findings.push_back(bundle);

  Finding message = make_finding("ziett-live-key", Environment::kLive, PathClass::kOther, "", 3,
                                 "key: ", live_message(), "", Source::kCommitMessage);
  set_commit(message, "c4", "Cy Temp <cy@example.com>", "2026-01-31T08:00:00Z", false);
  message.provenance.blob = message.provenance.commit;
  r.findings.push_back(message);

  Finding dangling = make_finding("ziett-test-key", Environment::kTest, PathClass::kOther, "", 1,
                                  "TOKEN=", test_dangling(), "", Source::kUnreachable);
  dangling.provenance.blob = fake_oid("dangling");
  dangling.provenance.in_head = false;
  r.findings.push_back(dangling);

  Finding staged = make_finding("ziett-live-key", Environment::kLive, PathClass::kOther,
                                "server/billing.py", 7, "ZIETT_KEY = \"", live_staged(), "\"",
                                Source::kStaged);
  staged.provenance.blob = fake_oid("staged");
  r.findings.push_back(staged);

  r.errors.push_back({"objects/pack/pack-1.pack", "cannot read: Input/output error"});
  r.errors.push_back({fake_oid("missing"), "missing object (its path mentions " +
                                               fake_key("live", "in-error") + ")"});
  r.notes.push_back("shallow clone: history is scanned only as far as it goes");

  r.summary.files = 120;
  r.summary.bytes = 48213;
  r.summary.placeholders = 1;
  r.summary.suppressed = 2;
  r.summary.seconds = 1.25;
  sort_report(r);
  r.summary.findings = r.findings.size();
  return r;
}

// Every full key history_report() holds, for "never printed" checks.
inline std::vector<std::string> history_keys() {
  return {live_web(),    test_bundle(), live_message(), test_dangling(),
          live_staged(), fake_key("live", "in-error")};
}

}  // namespace zkscan::test
