// Format dispatch and what every reporter shares: redaction, locations, URIs, titles, remedies,
// times.
#include "report/report.hpp"

#include <fmt/core.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "filter/findings.hpp"
#include "model/error.hpp"

namespace zkscan::report {
namespace {


bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool color_wanted(bool no_color_flag, bool stdout_is_terminal) {
  if (no_color_flag || !stdout_is_terminal) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

std::string shown_secret(const Finding& f, const Style& style) {
  return style.show_secrets ? f.secret : filter::redact(f.secret);
}

const std::string& shown_excerpt(const Finding& f, const Style& style) {
  return style.show_secrets ? f.excerpt_full : f.excerpt;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

std::string human_bytes(uint64_t n) {
  constexpr std::array<const char*, 5> kUnits{"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  size_t u = 0;
  while (v >= 1024 && u + 1 < kUnits.size()) v /= 1024, ++u;
  return u == 0 ? fmt::format("{} B", n) : fmt::format("{:.1f} {}", v, kUnits[u]);
}

std::string_view severity_color(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "\033[1;31m";
    case Severity::kHigh:
      return "\033[31m";
    case Severity::kMedium:
      return "\033[33m";
    case Severity::kLow:
      return "\033[36m";
  }
  return "";
}

std::string shown_text(std::string_view text, const Style& style) {
  return style.show_secrets ? std::string(text) : filter::redact_keys(text);
}

std::string location_path(const Finding& f) {
  if (!f.path.empty()) return f.path;
  if (f.source == Source::kCommitMessage) return "COMMIT_MSG";
  const std::string& blob = f.provenance.blob;
  if (blob.size() > 2) return fmt::format(".git/objects/{}/{}", blob.substr(0, 2), blob.substr(2));
  return "UNKNOWN";
}

std::string uri_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      out += c;
    else
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

std::string directory_uri(std::string_view dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path abs =
      fs::absolute(fs::path(dir.empty() ? "." : std::string(dir)), ec).lexically_normal();
  std::string path = abs.generic_string();
  if (path.empty() || path.back() != '/') path += '/';
  // file:///abs/dir/ : an absolute path already starts with the third '/'.
  return "file://" + uri_path(path);
}

std::string_view capitalized(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "Critical";
    case Severity::kHigh:
      return "High";
    case Severity::kMedium:
      return "Medium";
    case Severity::kLow:
      return "Low";
  }
  return "Unknown";
}

bool client_side(Severity s) { return s == Severity::kCritical || s == Severity::kMedium; }

std::string title_of(Environment env, Severity s) {
  return fmt::format("{} Ziett API key in {}", env == Environment::kLive ? "Live" : "Test",
                     client_side(s) ? "client-side code" : "the repository");
}

namespace {

// The remedy as steps; each step is plain text. Markdown and plain renderings share them.
std::vector<std::string> remedy_steps(Environment env, Severity s) {
  const bool live = env == Environment::kLive;
  const std::string rotate = "Rotate the key in the Ziett Dashboard (Organizations → API Keys)";
  if (client_side(s))
    return {
        fmt::format("{}: a key that reached a browser or an app package is public, and "
                    "removing it from the code does not recall the copies already shipped{}.",
                    rotate, live ? " (a live key sends real, billed messages)" : ""),
        "Remove the key from the client code, its built bundles and source maps.",
        "Call the Ziett API from your backend instead: keep the new key there, in an environment "
        "variable or a secret manager, and let the client call your backend.",
    };
  return {
      live ? fmt::format("{}: the key is in version control, so everyone with a clone has it, "
                         "and rewriting history does not recall clones.",
                         rotate)
           : fmt::format("{} if the repository is shared: a test key sends no real messages, "
                         "but it is still a credential of your organization.",
                         rotate),
      "Remove it from the code and load it at run time from an environment variable or a secret "
      "manager (a git-ignored .env file for local development).",
      "Keep one key per environment: the live key only in production, a zk_test_ key in "
      "development, test and staging.",
  };
}

}  // namespace

std::string remedy_of(Environment env, Severity s) {
  std::string out;
  int n = 0;
  for (const std::string& step : remedy_steps(env, s)) {
    if (n != 0) out += '\n';
    out += fmt::format("{}. {}", ++n, step);
  }
  return out;
}

std::string remedy_markdown(Environment env, Severity s) {
  std::string out = fmt::format("**{}.** Found by zkscan.\n\n", title_of(env, s));
  int n = 0;
  for (const std::string& step : remedy_steps(env, s)) out += fmt::format("{}. {}\n", ++n, step);
  return out;
}

RunTimes run_times(const Report& report) {
  using Clock = std::chrono::system_clock;
  auto elapsed = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(report.summary.seconds));
  Clock::time_point start =
      report.started != Clock::time_point{} ? report.started : Clock::now() - elapsed;
  return {start, start + elapsed};
}

std::string utc_timestamp(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

void write(const Report& report, std::string_view format, const Style& style, std::ostream& out) {
  if (format == "text") return write_text(report, style, out);
  if (format == "json") return write_json(report, style, out);
  if (format == "sarif") return write_sarif(report, style, out);
  if (format == "gitlab") return write_gitlab(report, style, out);
  throw Error(fmt::format("unknown report format '{}'", format));
}

}  // namespace zkscan::report
