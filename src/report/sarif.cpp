// SARIF 2.1.0 report for GitHub code scanning and other SARIF viewers.
//
// GitHub reads `security-severity` from the rule, not the result, and a finding's severity
// depends on its path class; so each (rule, severity) pair actually used becomes its own
// reportingDescriptor, `ziett-live-key/critical`. `partialFingerprints` carries the key's
// fingerprint, so the same key at another path or commit stays the same alert. Locations are
// relative to %SRCROOT% (the scanned root); findings without a path use report::location_path's
// pseudo paths (COMMIT_MSG, .git/objects/…), and their commit is in the result's properties.
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "report/report.hpp"

namespace zkscan::report {
namespace {

using nlohmann::ordered_json;

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char* kRootId = "%SRCROOT%";
constexpr const char* kFingerprintKey = "zkscan/fingerprint/v1";

// GitHub's buckets: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, < 4.0 low.
const char* security_severity(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "9.5";
    case Severity::kHigh:
      return "8.0";
    case Severity::kMedium:
      return "5.5";
    case Severity::kLow:
      return "2.5";
  }
  return "0.0";
}

const char* level_of(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    case Severity::kLow:
      return "note";
  }
  return "none";
}

// "ziett-live-key" -> "ZiettLiveKey": SARIF wants a readable name distinct from the id.
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-' || c == '_' || c == '.' || c == '/' || c == ' ') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

// Number of UTF-16 code units in UTF-8 text; an invalid byte counts as one (U+FFFD).
uint64_t utf16_units(std::string_view s) {
  uint64_t n = 0;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    bool valid = len != 0 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k)
      valid = (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
    if (!valid) len = 1;
    n += valid && len == 4 ? 2 : 1;
    i += len;
  }
  return n;
}

// SARIF counts columns in UTF-16 code units, zkscan in bytes. When the excerpt starts at the
// line's start (keys at most 160 bytes in) the prefix is counted; otherwise bytes stand in.
std::pair<uint64_t, uint64_t> columns(const Finding& f) {
  uint64_t start = std::max<uint64_t>(f.column, 1);
  const std::string& line = f.excerpt_full;
  if (start - 1 + f.secret.size() <= line.size() &&
      line.compare(start - 1, f.secret.size(), f.secret) == 0)
    start = 1 + utf16_units(std::string_view(line).substr(0, start - 1));
  return {start, start + utf16_units(f.secret)};
}

using RuleKey = std::tuple<std::string, Severity>;

ordered_json rule_descriptor(const std::string& rule, Environment env, Severity sev) {
  const bool live = env == Environment::kLive;
  std::string where = client_side(sev)
                          ? "in client-side code (frontend bundles, pages or a mobile app), where "
                            "anyone who loads the page or unpacks the app can extract it"
                          : "in the repository (server code, configuration, tests or history), "
                            "where everyone with a clone can read it";
  std::string what = live
                         ? "A live Ziett API key, which sends real, billed messages,"
                         : "A test Ziett API key, a credential of your organization even though it "
                           "only sends simulated messages,";
  return {
      {"id", fmt::format("{}/{}", rule, to_string(sev))},
      {"name", pascal_case(rule) + (client_side(sev) ? "InClientCode" : "InRepository")},
      {"shortDescription", {{"text", title_of(env, sev) + "."}}},
      {"fullDescription",
       {{"text",
         fmt::format("{} {} (zkscan rule {}, severity {}).", what, where, rule, to_string(sev))}}},
      {"help", {{"text", remedy_of(env, sev)}, {"markdown", remedy_markdown(env, sev)}}},
      {"defaultConfiguration", {{"level", level_of(sev)}}},
      {"properties",
       {{"tags", {"security", "secret", "external/cwe/cwe-798"}},
        {"precision", "very-high"},
        {"security-severity", security_severity(sev)}}},
  };
}

std::string result_text(const Finding& f, const Style& style) {
  std::string text =
      fmt::format("{} ({}): {}", shown_secret(f, style), to_string(f.path_class), f.message);
  const Provenance& p = f.provenance;
  if (f.source == Source::kCommitMessage && !p.commit.empty())
    text += fmt::format(" In the message of commit {} by {} on {}.", p.commit, p.author, p.date);
  else if (f.source == Source::kCommitMessage)
    text += fmt::format(" In the message of tag object {}.", p.blob);
  else if (!p.commit.empty())
    text += fmt::format(" First committed in {} by {} on {}{}.", p.commit, p.author, p.date,
                        p.in_head ? (*p.in_head ? "; still in HEAD" : "; no longer in HEAD") : "");
  else if (f.source == Source::kUnreachable)
    text += fmt::format(
        " In unreachable blob {}: no commit reaches it, but the repository still holds it.",
        p.blob);
  else if (f.source == Source::kStaged)
    text += " Staged for the next commit.";
  return text;
}

// Relative to %SRCROOT%. A path given on the command line as an absolute path (scan of several
// paths) is made relative to the root ("../other/x.js"): a relative reference must not start
// with '/', and GitHub takes only relative ones.
ordered_json artifact_location(const Finding& f, const std::filesystem::path& root) {
  std::string path = location_path(f);
  if (!path.empty() && path.front() == '/') {
    std::filesystem::path rel = std::filesystem::path(path).lexically_relative(root);
    if (rel.empty()) return {{"uri", "file://" + uri_path(path)}};
    path = rel.generic_string();
  }
  return {{"uri", uri_path(path)}, {"uriBaseId", kRootId}};
}

ordered_json result_for(const Finding& f, const std::filesystem::path& root, size_t rule_index,
                        const std::string& rule_id, const Style& style) {
  auto [start_column, end_column] = columns(f);
  ordered_json location{{"physicalLocation",
                         {{"artifactLocation", artifact_location(f, root)},
                          {"region",
                           {{"startLine", std::max<uint64_t>(f.line, 1)},
                            {"endLine", std::max<uint64_t>(f.line, 1)},
                            {"startColumn", start_column},
                            {"endColumn", end_column},
                            {"snippet", {{"text", shown_secret(f, style)}}}}},
                          {"contextRegion",
                           {{"startLine", std::max<uint64_t>(f.line, 1)},
                            {"endLine", std::max<uint64_t>(f.line, 1)},
                            {"snippet", {{"text", shown_excerpt(f, style)}}}}}}}};
  ordered_json properties{{"fingerprint", f.fingerprint},
                          {"environment", to_string(f.environment)},
                          {"severity", to_string(f.severity)},
                          {"path_class", to_string(f.path_class)},
                          {"source", to_string(f.source)}};
  const Provenance& p = f.provenance;
  if (!p.commit.empty()) {
    properties["commit"] = p.commit;
    properties["author"] = p.author;
    properties["date"] = p.date;
  }
  if (!p.blob.empty()) properties["blob"] = p.blob;
  if (p.in_head) properties["in_head"] = *p.in_head;
  return {{"ruleId", rule_id},
          {"ruleIndex", rule_index},
          {"level", level_of(f.severity)},
          {"message", {{"text", result_text(f, style)}}},
          {"locations", ordered_json::array({std::move(location)})},
          {"partialFingerprints", {{kFingerprintKey, f.fingerprint}}},
          {"properties", std::move(properties)}};
}

ordered_json notification(const char* level, std::string text) {
  return {{"level", level}, {"message", {{"text", std::move(text)}}}};
}

}  // namespace

void write_sarif(const Report& report, const Style& style, std::ostream& out) {
  // One reportingDescriptor per (rule, severity) used, ordered by rule then most severe first.
  std::map<RuleKey, Environment> used;
  for (const Finding& f : report.findings) used.emplace(RuleKey{f.rule, f.severity}, f.environment);
  std::vector<RuleKey> order;
  for (const auto& [key, env] : used) order.push_back(key);
  std::stable_sort(order.begin(), order.end(), [](const RuleKey& a, const RuleKey& b) {
    return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) < std::get<0>(b)
                                            : std::get<1>(a) > std::get<1>(b);
  });
  ordered_json rules = ordered_json::array();
  std::map<RuleKey, size_t> index;
  for (const RuleKey& key : order) {
    index[key] = rules.size();
    rules.push_back(rule_descriptor(std::get<0>(key), used[key], std::get<1>(key)));
  }

  std::error_code ec;
  const std::filesystem::path root =
      std::filesystem::absolute(report.root.empty() ? "." : report.root, ec).lexically_normal();
  ordered_json results = ordered_json::array();
  for (const Finding& f : report.findings) {
    size_t i = index[{f.rule, f.severity}];
    results.push_back(result_for(f, root, i, rules[i]["id"].get<std::string>(), style));
  }

  ordered_json notifications = ordered_json::array();
  for (const Diagnostic& d : report.errors)
    notifications.push_back(notification(
        "error",
        shown_text(d.path.empty() ? d.message : fmt::format("{}: {}", d.path, d.message), style)));
  for (const std::string& note : report.notes)
    notifications.push_back(notification("note", shown_text(note, style)));
  ordered_json invocation{{"executionSuccessful", report.errors.empty()}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  const std::string root_uri = directory_uri(report.root);
  ordered_json run{
      {"tool",
       {{"driver",
         {{"name", "zkscan"},
          {"fullName", "zkscan: Ziett API key scanner"},
          {"version", ZKSCAN_VERSION},
          {"semanticVersion", ZKSCAN_VERSION},
          {"informationUri", ZKSCAN_HOMEPAGE_URL},
          {"rules", std::move(rules)}}}}},
      {"invocations", ordered_json::array({std::move(invocation)})},
      {"originalUriBaseIds", {{kRootId, {{"uri", root_uri}}}}},
  };
  if (!report.head.empty() || !report.repository_uri.empty()) {
    ordered_json vcs{
        {"repositoryUri", report.repository_uri.empty() ? root_uri : report.repository_uri}};
    if (!report.head.empty()) vcs["revisionId"] = report.head;
    vcs["mappedTo"] = {{"uriBaseId", kRootId}};
    run["versionControlProvenance"] = ordered_json::array({std::move(vcs)});
  }
  run["columnKind"] = "utf16CodeUnits";
  run["results"] = std::move(results);
  const Summary& s = report.summary;
  run["properties"] = {{"command", report.command},
                       {"summary",
                        {{"files", s.files},
                         {"bytes", s.bytes},
                         {"findings", report.findings.size()},
                         {"placeholders", s.placeholders},
                         {"suppressed", s.suppressed},
                         {"env_files", s.env_files},
                         {"seconds", s.seconds}}}};

  ordered_json doc{
      {"$schema", kSchema}, {"version", "2.1.0"}, {"runs", ordered_json::array({std::move(run)})}};
  // Paths and excerpts are raw bytes: invalid UTF-8 becomes U+FFFD rather than an error.
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace zkscan::report
