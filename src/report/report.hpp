// Reporters: a sorted Report in, text, JSON, SARIF or GitLab out; and the helpers they share.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "model/types.hpp"

namespace zkscan::report {

struct Style {
  bool show_secrets = false;  // print full keys
  bool color = false;         // ANSI colours (text only)
};

// Whether text output gets ANSI colours: only on a terminal, never with --no-color, with
// NO_COLOR set to anything but the empty string (no-color.org), or with TERM=dumb.
bool color_wanted(bool no_color_flag, bool stdout_is_terminal);

// The key as it may be printed: redacted unless show_secrets.
std::string shown_secret(const Finding& f, const Style& style);
const std::string& shown_excerpt(const Finding& f, const Style& style);
// Free text that is not a finding (error messages, notes, paths in diagnostics) with every
// Ziett key in it redacted, unless show_secrets.
std::string shown_text(std::string_view text, const Style& style);

// Where a finding is, as a '/'-separated path relative to the report's root. Findings that
// have no path get a pseudo path, so every format can point somewhere:
//   commit message       "COMMIT_MSG" (Gerrit's name for it; the commit is in the provenance)
//   unreachable blob     ".git/objects/<2 hex>/<38 hex>" (the blob's object id)
std::string location_path(const Finding& f);

// A relative path as a URI reference: every byte but ALPHA, DIGIT, "-._~" and '/' is
// percent-encoded (spaces, non-ASCII, invalid UTF-8, and ':' so no segment reads as a scheme).
std::string uri_path(std::string_view path);
// The file:// URI of a directory, made absolute against the current directory, ending in '/'.
std::string directory_uri(std::string_view dir);

// Severity as GitLab and titles spell it: "Critical", "High", "Medium", "Low".
std::string_view capitalized(Severity s);
// Whether a severity means client-side code (frontend or mobile): PRODUCT.md's severity table.
bool client_side(Severity s);
// One line for what an (environment, severity) pair means: "Live Ziett API key in client-side
// code".
std::string title_of(Environment env, Severity s);
// What to do about it, as numbered plain-text steps ("1. Rotate …\n2. …"), or as Markdown.
std::string remedy_of(Environment env, Severity s);
std::string remedy_markdown(Environment env, Severity s);

// When the run started and ended: `report.started` (now minus the run's seconds when unset)
// and the start plus summary.seconds.
struct RunTimes {
  std::chrono::system_clock::time_point start, end;
};
RunTimes run_times(const Report& report);
// "2026-01-31T10:00:00" in UTC, whole seconds, no zone designator (GitLab's pattern).
std::string utc_timestamp(std::chrono::system_clock::time_point t);

// "CRITICAL" for "critical": ASCII upper case.
std::string upper(std::string_view s);
// A byte count for people: "512 B", "1.4 KiB", "3.2 GiB".
std::string human_bytes(uint64_t n);

// The ANSI colour of a severity in text output (bold red, red, yellow, cyan).
std::string_view severity_color(Severity s);

void write_text(const Report& report, const Style& style, std::ostream& out);
void write_json(const Report& report, const Style& style, std::ostream& out);
void write_sarif(const Report& report, const Style& style, std::ostream& out);
void write_gitlab(const Report& report, const Style& style, std::ostream& out);

// Dispatches on the --format name. Throws zkscan::Error for an unknown format.
void write(const Report& report, std::string_view format, const Style& style, std::ostream& out);

}  // namespace zkscan::report
