// Fuzz target: any bytes in paths, rule ids, messages, excerpts, authors and commit data give
// a JSON report that parses back (an object with "findings"), and no report shows a full key
// unless --show-secrets.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "filter/findings.hpp"
#include "fuzz_input.hpp"
#include "model/types.hpp"
#include "report/report.hpp"
#include "rules/paths.hpp"
#include "rules/rules.hpp"

namespace {

using zkscan::fuzz::fail;

const zkscan::rules::CompiledRules& compiled() {
  static const zkscan::rules::CompiledRules rules(
      zkscan::rules::load_rule_dir(ZKSCAN_FUZZ_RULES_DIR));
  return rules;
}

const zkscan::rules::PathClassifier& classifier() {
  static const zkscan::rules::PathClassifier paths =
      zkscan::rules::PathClassifier::load(ZKSCAN_FUZZ_RULES_DIR "/paths.toml");
  return paths;
}

bool valid_utf8(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

// Findings as the pipeline makes them (one file's matches through to_findings, so excerpts are
// redacted the way they are for real), then every free-text field overwritten by the fuzzer.
zkscan::Report make_report(const std::string& seed, zkscan::fuzz::Input& in,
                           std::vector<std::string>& keys) {
  zkscan::Report report;
  report.command = in.flag() ? "scan" : "git";
  report.root = in.string();
  report.head = in.string();
  zkscan::scan::ScanResult result;
  const size_t n = in.byte() % 5;
  for (size_t i = 0; i < n; ++i) {
    const bool live = in.flag();
    keys.push_back(zkscan::fuzz::make_key(seed, static_cast<unsigned>(i), live));
    zkscan::scan::Match m;
    m.rule = live ? 0 : 1;
    m.line = in.u32();
    m.column = in.u32();
    m.secret = keys.back();
    m.before = in.string();
    m.after = in.string();
    m.allowed = false;
    result.matches.push_back(std::move(m));
  }
  // Two keys on one line: each shows in the other's excerpt, as it would in a real file.
  if (n > 1 && in.flag()) {
    result.matches[0].after += " " + keys[1];
    result.matches[1].before = keys[0] + "," + result.matches[1].before;
  }
  uint64_t allowed = 0;
  report.findings = zkscan::filter::to_findings(result, compiled(), classifier(), in.string(),
                                                zkscan::Source::kWorktree, allowed);
  for (zkscan::Finding& f : report.findings) {
    if (in.flag()) f.path = in.string();
    if (in.flag()) f.rule = in.string();
    if (in.flag()) f.message = in.string();
    f.severity = static_cast<zkscan::Severity>(in.byte() % 4);
    f.path_class = static_cast<zkscan::PathClass>(in.byte() % 4);
    f.source = static_cast<zkscan::Source>(in.byte() % 5);
    if (in.flag()) {
      f.provenance.commit = in.string();
      f.provenance.author = in.string();
      f.provenance.date = in.string();
      f.provenance.blob = in.string();
      if (in.flag()) f.provenance.in_head = in.flag();
    }
  }
  for (size_t i = in.byte() % 4; i > 0; --i) report.errors.push_back({in.string(), in.string()});
  for (size_t i = in.byte() % 3; i > 0; --i) report.notes.push_back(in.string());
  zkscan::Summary& s = report.summary;
  s.files = in.u32();
  s.bytes = in.u32();
  s.placeholders = in.u16();
  s.suppressed = in.u16();
  s.env_files = in.u16();
  s.missing_objects = in.u16();
  s.seconds = in.u32() / 1000.0;
  zkscan::sort_report(report);
  s.findings = report.findings.size();
  return report;
}

void check_json(const zkscan::Report& report, const std::string& out,
                const std::vector<std::string>& keys, bool show_secrets) {
  nlohmann::json doc = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) fail("write_json wrote invalid JSON");
  if (!doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array())
    fail("the JSON report is not an object with a findings array");
  if (doc["findings"].size() != report.findings.size()) fail("JSON findings count differs");
  if (!doc["errors"].is_array() || doc["errors"].size() != report.errors.size())
    fail("JSON errors count differs");
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const zkscan::Finding& f = report.findings[i];
    const nlohmann::json& j = doc["findings"][i];
    if (valid_utf8(f.path) && j.value("path", std::string{"\x01"}) != f.path)
      fail("a valid UTF-8 path did not survive the JSON round trip");
    if (j.value("fingerprint", std::string{}) != f.fingerprint) fail("fingerprint differs");
  }
  for (const std::string& key : keys) {
    bool shown = out.find(key) != std::string::npos;
    if (!show_secrets && shown) fail("write_json printed a full key without --show-secrets");
    if (show_secrets && !shown) fail("write_json hid a key with --show-secrets");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string seed(reinterpret_cast<const char*>(data), size);
  zkscan::fuzz::Input in(data, size);
  const bool color = in.flag();

  // Redaction on its own: whatever a custom rule matches, the redacted form never holds it all.
  const std::string secret = in.string();
  if (secret.find_first_not_of('*') != std::string::npos &&
      zkscan::filter::redact(secret).find(secret) != std::string::npos)
    fail("redact() shows the whole secret");

  std::vector<std::string> keys;
  const zkscan::Report report = make_report(seed, in, keys);
  for (bool show : {false, true}) {
    zkscan::report::Style style;
    style.show_secrets = show;
    style.color = color;
    std::ostringstream json;
    zkscan::report::write_json(report, style, json);
    check_json(report, json.str(), keys, show);
    std::ostringstream text;
    zkscan::report::write_text(report, style, text);
    if (!show)
      for (const std::string& key : keys)
        if (text.str().find(key) != std::string::npos)
          fail("write_text printed a full key without --show-secrets");
  }
  return 0;
}
