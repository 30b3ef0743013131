// GitLab secret-detection report (artifacts:reports:secret_detection), schema version 15.
//
// Vulnerability fields follow secret-detection-report-format.json 15.x: `id`, `identifiers`
// and `location` are required; `category`, `confidence`, `cve` and a per-vulnerability
// `scanner` were removed in 15.0.0 (the report's scan.type says what it is). `location.file`
// is the finding's path, or report::location_path's pseudo path (COMMIT_MSG, .git/objects/…);
// `location.commit.sha` is the finding's commit, else (work-tree files) the checkout's HEAD,
// else "0000000" as GitLab's own analyzer writes outside git. `raw_source_code_extract` is the
// redacted line.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "report/report.hpp"
#include "util/sha256.hpp"

namespace zkscan::report {
namespace {

using nlohmann::ordered_json;

constexpr const char* kSchemaVersion = "15.0.6";
constexpr const char* kNoCommit = "0000000";

ordered_json tool() {
  return {{"id", "zkscan"},
          {"name", "zkscan"},
          {"version", ZKSCAN_VERSION},
          {"vendor", {{"name", "zkscan"}}}};
}

// Stable across runs and thread counts, distinct for every finding of one report.
std::string vulnerability_id(const Finding& f) {
  return util::sha256_hex(fmt::format("zkscan/gitlab/v1\n{}\n{}\n{}\n{}\n{}\n{}\n{}", f.fingerprint,
                                      location_path(f), f.provenance.commit, to_string(f.source),
                                      f.line, f.column, f.rule));
}

ordered_json detail(const char* name, const char* type, std::string value) {
  return {{"name", name}, {"type", type}, {"value", std::move(value)}};
}

ordered_json vulnerability(const Finding& f, const Report& report, const Style& style) {
  const Provenance& p = f.provenance;
  // A work-tree file is reported against the checkout's HEAD; staged and unreachable content
  // is in no commit.
  std::string sha = !p.commit.empty()                                       ? p.commit
                    : f.source == Source::kWorktree && !report.head.empty() ? report.head
                                                                            : kNoCommit;
  ordered_json commit{{"sha", std::move(sha)}};
  if (!p.author.empty()) commit["author"] = p.author;
  if (!p.date.empty()) commit["date"] = p.date;
  ordered_json location{{"file", location_path(f)},
                        {"start_line", std::max<uint64_t>(f.line, 1)},
                        {"end_line", std::max<uint64_t>(f.line, 1)},
                        {"commit", std::move(commit)}};

  ordered_json details{
      {"secret", detail("Key (redacted)", "text", shown_secret(f, style))},
      {"fingerprint", detail("Fingerprint (SHA-256 of the key)", "text", f.fingerprint)},
      {"path_class", detail("Path class", "text", std::string(to_string(f.path_class)))},
      {"source", detail("Found in", "text", std::string(to_string(f.source)))}};
  if (!p.blob.empty()) details["blob"] = detail("Git object", "text", p.blob);
  if (p.in_head) details["in_head"] = detail("Still in HEAD", "text", *p.in_head ? "yes" : "no");

  return {{"id", vulnerability_id(f)},
          {"name", title_of(f.environment, f.severity)},
          {"description", f.message},
          {"severity", capitalized(f.severity)},
          {"solution", remedy_of(f.environment, f.severity)},
          {"identifiers",
           ordered_json::array({{{"type", "zkscan_rule_id"},
                                 {"name", fmt::format("zkscan rule {}", f.rule)},
                                 {"value", f.rule}},
                                {{"type", "cwe"},
                                 {"name", "CWE-798"},
                                 {"value", "798"},
                                 {"url", "https://cwe.mitre.org/data/definitions/798.html"}}})},
          {"location", std::move(location)},
          {"raw_source_code_extract", shown_excerpt(f, style)},
          {"details", std::move(details)}};
}

}  // namespace

void write_gitlab(const Report& report, const Style& style, std::ostream& out) {
  ordered_json vulnerabilities = ordered_json::array();
  for (const Finding& f : report.findings)
    vulnerabilities.push_back(vulnerability(f, report, style));

  ordered_json messages = ordered_json::array();
  for (const Diagnostic& d : report.errors)
    messages.push_back(
        {{"level", "warning"},
         {"value", shown_text(d.path.empty() ? d.message : fmt::format("{}: {}", d.path, d.message),
                              style)}});
  for (const std::string& note : report.notes)
    messages.push_back({{"level", "info"}, {"value", shown_text(note, style)}});

  RunTimes times = run_times(report);
  ordered_json scan{{"analyzer", tool()},
                    {"scanner", tool()},
                    {"type", "secret_detection"},
                    {"start_time", utc_timestamp(times.start)},
                    {"end_time", utc_timestamp(times.end)},
                    {"status", report.errors.empty() ? "success" : "failure"}};
  if (!messages.empty()) scan["messages"] = std::move(messages);

  ordered_json doc{{"version", kSchemaVersion},
                   {"scan", std::move(scan)},
                   {"vulnerabilities", std::move(vulnerabilities)}};
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace zkscan::report
