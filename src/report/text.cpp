// Human-readable report: one block per finding, grouped by severity, most severe first.
#include <fmt/core.h>

#include <array>

#include "report/diagnostic.hpp"
#include "report/report.hpp"

namespace zkscan::report {
namespace {

constexpr std::array<Severity, 4> kOrder{Severity::kCritical, Severity::kHigh, Severity::kMedium,
                                         Severity::kLow};

std::string_view color_of(Severity s) {
  switch (s) {
    case Severity::kCritical: return "\033[1;31m";
    case Severity::kHigh: return "\033[31m";
    case Severity::kMedium: return "\033[33m";
    case Severity::kLow: return "\033[36m";
  }
  return "";
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

std::string location(const Finding& f) {
  if (f.source == Source::kCommitMessage)
    return fmt::format("commit message of {}:{}:{}", f.provenance.commit.substr(0, 12), f.line, f.column);
  return fmt::format("{}:{}:{}", one_line(f.path), f.line, f.column);
}

}  // namespace

void write_text(const Report& report, const Style& style, std::ostream& out) {
  auto paint = [&](std::string_view code, std::string_view text) {
    return style.color ? fmt::format("{}{}\033[0m", code, text) : std::string(text);
  };
  std::array<uint64_t, 4> counts{};
  for (const Finding& f : report.findings) ++counts[static_cast<size_t>(f.severity)];

  for (Severity sev : kOrder) {
    if (counts[static_cast<size_t>(sev)] == 0) continue;
    out << paint(color_of(sev), fmt::format("{} ({})", upper(to_string(sev)), counts[static_cast<size_t>(sev)]))
        << "\n\n";
    for (const Finding& f : report.findings) {
      if (f.severity != sev) continue;
      out << fmt::format("  {}  {}  [{}, {}]\n", paint("\033[1m", location(f)), shown_secret(f, style),
                         f.rule, to_string(f.path_class));
      if (!f.provenance.commit.empty())
        out << fmt::format("    commit {} by {} on {}{}\n", f.provenance.commit.substr(0, 12),
                           one_line(f.provenance.author), one_line(f.provenance.date),
                           f.provenance.in_head.value_or(false) ? " (still in HEAD)" : "");
      else if (f.source == Source::kUnreachable)
        out << fmt::format("    unreachable blob {}\n", f.provenance.blob);
      const std::string& excerpt = shown_excerpt(f, style);
      if (!excerpt.empty()) out << "    | " << one_line(excerpt) << '\n';
      out << "    " << f.message << "\n\n";
    }
  }
  for (const Diagnostic& d : report.errors)
    out << fmt::format("error: {}: {}\n", one_line(d.path), one_line(d.message));
  for (const std::string& note : report.notes) out << "note: " << note << '\n';

  const Summary& s = report.summary;
  std::string by_severity;
  for (Severity sev : kOrder) {
    uint64_t n = counts[static_cast<size_t>(sev)];
    if (n == 0) continue;
    by_severity += fmt::format("{}{} {}", by_severity.empty() ? " (" : ", ", n, to_string(sev));
  }
  if (!by_severity.empty()) by_severity += ")";
  out << fmt::format("zkscan: {} finding{}{} in {} {} ({}) in {:.2f} s", s.findings,
                     s.findings == 1 ? "" : "s", by_severity, s.files,
                     report.command == "scan" ? "files" : "objects", human_bytes(s.bytes), s.seconds);
  if (s.placeholders) out << fmt::format("; {} placeholder{} ignored", s.placeholders, s.placeholders == 1 ? "" : "s");
  if (s.suppressed) out << fmt::format("; {} suppressed", s.suppressed);
  if (s.env_files) out << fmt::format("; {} in git-ignored .env files", s.env_files);
  if (!report.errors.empty()) out << fmt::format("; {} error{} (scan incomplete)", report.errors.size(), report.errors.size() == 1 ? "" : "s");
  out << '\n';
}

}  // namespace zkscan::report
