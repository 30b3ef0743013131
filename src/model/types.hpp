// Plain value types that flow through the pipeline: severities, path classes, findings, reports.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zkscan {

enum class Environment { kLive, kTest };
enum class Severity { kLow, kMedium, kHigh, kCritical };
enum class PathClass { kFrontend, kMobile, kNonprod, kOther };
enum class Source { kWorktree, kCommit, kCommitMessage, kStaged, kUnreachable };

std::string_view to_string(Environment e);
std::string_view to_string(Severity s);
std::string_view to_string(PathClass c);
std::string_view to_string(Source s);
// Parsers return nullopt for unknown names.
std::optional<Environment> parse_environment(std::string_view s);
std::optional<Severity> parse_severity(std::string_view s);
std::optional<PathClass> parse_path_class(std::string_view s);

// The severity table of PRODUCT.md: environment x path class.
Severity severity_of(Environment env, PathClass cls);

// Where a history finding came from.
struct Provenance {
  std::string commit;  // 40 hex; empty when no commit reaches the blob
  std::string author;  // "Name <email>"
  std::string date;    // ISO 8601, UTC
  std::string blob;    // object id of the blob (or commit, for messages)
  std::optional<bool> in_head;
};

// One reported key occurrence.
struct Finding {
  std::string rule;
  Environment environment = Environment::kLive;
  Severity severity = Severity::kHigh;
  PathClass path_class = PathClass::kOther;
  std::string path;  // relative to the scanned root, '/'-separated, raw bytes
  uint64_t line = 0;    // 1-based
  uint64_t column = 0;  // 1-based, in bytes
  std::string secret;       // the full key; reporters redact it unless asked not to
  std::string fingerprint;  // SHA-256 hex of the full key
  std::string message;
  std::string excerpt;           // the key's line (clipped), keys in it redacted
  std::string excerpt_full;      // the same with the keys in clear, for --show-secrets
  bool client_exposed = false;   // assigned to a client-exposed env variable (VITE_…)
  Source source = Source::kWorktree;
  Provenance provenance;
};

// A per-file or per-object problem: the scan went on, but it is incomplete.
struct Diagnostic {
  std::string path;
  std::string message;
};

struct Summary {
  uint64_t files = 0;  // files or blobs read
  uint64_t bytes = 0;
  uint64_t findings = 0;
  uint64_t placeholders = 0;  // matches that look like documentation placeholders
  uint64_t suppressed = 0;    // zkscan:allow, .zkscanignore, baseline, allowlisted
  uint64_t env_files = 0;     // keys in git-ignored .env files: where keys belong
  uint64_t missing_objects = 0;  // objects a partial clone does not have
  double seconds = 0;
};

// Everything a reporter needs.
struct Report {
  std::string command;  // "scan", "git", ...
  std::string root;     // what was scanned, for SARIF's uriBaseId and text headers
  std::string head;     // the repository's HEAD commit, when known
  // The repository as a URI, when known: its remote's URL (credentials removed) or a file://
  // URI of its work tree. SARIF's versionControlProvenance; empty: derived from `root`.
  std::string repository_uri;
  // When the run started (GitLab's scan.start_time); the epoch when unknown.
  std::chrono::system_clock::time_point started{};
  std::vector<Finding> findings;
  std::vector<Diagnostic> errors;
  std::vector<std::string> notes;  // informational lines (e.g. "shallow clone")
  Summary summary;
};

// Sorts findings by (path, commit, line, column, rule, source, blob) and errors by path: output
// that does not depend on the thread count.
void sort_report(Report& report);

}  // namespace zkscan
