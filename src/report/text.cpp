// Human-readable report: one block per finding, grouped by severity, most severe first.
#include <fmt/core.h>

#include <array>

#include "report/diagnostic.hpp"
#include "report/report.hpp"

namespace zkscan::report {
namespace {

constexpr std::array<Severity, 4> kOrder{Severity::kCritical, Severity::kHigh, Severity::kMedium,
                                         Severity::kLow};
constexpr size_t kWidth = 100;       // message lines are wrapped to this many bytes
constexpr size_t kExcerptSide = 60;  // bytes of the line shown on each side of the key

constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kDim = "\033[2m";

// What a severity group holds, from PRODUCT.md's table.
std::string_view group_title(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "live keys in client-side code";
    case Severity::kHigh:
      return "live keys in the repository";
    case Severity::kMedium:
      return "test keys in client-side code";
    case Severity::kLow:
      return "test keys in the repository";
  }
  return "";
}

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

// At most kExcerptSide bytes each side of the key, cut on character boundaries.
std::string clip_excerpt(std::string_view line, size_t key_at, size_t key_len) {
  size_t from = key_at > kExcerptSide ? key_at - kExcerptSide : 0;
  size_t to = std::min(line.size(), key_at + key_len + kExcerptSide);
  while (from > 0 && from < line.size() && continuation(line[from])) --from;
  while (to < line.size() && continuation(line[to])) ++to;
  return fmt::format("{}{}{}", from > 0 ? "..." : "", line.substr(from, to - from),
                     to < line.size() ? "..." : "");
}

// Words of `text` on lines of at most kWidth bytes, each starting with `indent`.
std::string wrap(std::string_view text, std::string_view indent) {
  std::string out, line;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t space = text.find(' ', pos);
    std::string_view word =
        text.substr(pos, space == std::string_view::npos ? std::string_view::npos : space - pos);
    pos = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    if (!line.empty() && indent.size() + line.size() + 1 + word.size() > kWidth) {
      out += fmt::format("{}{}\n", indent, line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty()) out += fmt::format("{}{}\n", indent, line);
  return out;
}

std::string location(const Finding& f) {
  const Provenance& p = f.provenance;
  if (f.source == Source::kCommitMessage)
    return fmt::format("{} {}:{}:{}", p.commit.empty() ? "message of tag" : "message of commit",
                       (p.commit.empty() ? p.blob : p.commit).substr(0, 12), f.line, f.column);
  if (f.path.empty()) return fmt::format("unreachable blob {}:{}:{}", p.blob, f.line, f.column);
  return fmt::format("{}:{}:{}", one_line(f.path), f.line, f.column);
}

class TextWriter {
 public:
  TextWriter(const Style& style, std::ostream& out) : style_(style), out_(out) {}

  std::string paint(std::string_view code, std::string_view text) const {
    return style_.color ? fmt::format("{}{}\033[0m", code, text) : std::string(text);
  }

  void finding(const Finding& f) {
    const std::string secret = shown_secret(f, style_);
    out_ << fmt::format("  {}\n", paint(kBold, location(f)));
    out_ << fmt::format("    {}  [{}, {}]  fingerprint {}\n", paint(severity_color(f.severity), secret),
                        f.rule, to_string(f.path_class), f.fingerprint);
    const Provenance& p = f.provenance;
    if (!p.commit.empty() && f.source != Source::kCommitMessage)
      out_ << fmt::format(
          "    {} commit {} by {} on {}{}\n",
          f.source == Source::kStaged ? "staged against" : "first in", p.commit.substr(0, 12),
          one_line(p.author), p.date,
          p.in_head ? (*p.in_head ? " (still in HEAD)" : " (no longer in HEAD)") : "");
    else if (f.source == Source::kCommitMessage && !p.commit.empty())
      out_ << fmt::format("    commit {} by {} on {}\n", p.commit.substr(0, 12),
                          one_line(p.author), p.date);
    else if (f.source == Source::kStaged)
      out_ << "    staged for the next commit\n";
    excerpt(f, secret);
    out_ << wrap(f.message, "    ") << '\n';
  }

  void excerpt(const Finding& f, const std::string& secret) {
    const std::string& line = shown_excerpt(f, style_);
    if (line.empty()) return;
    size_t at = line.find(secret);
    std::string shown = at == std::string::npos ? one_line(line.substr(0, 2 * kExcerptSide))
                                                : one_line(clip_excerpt(line, at, secret.size()));
    if (size_t key = shown.find(secret); style_.color && key != std::string::npos)
      shown.replace(key, secret.size(), paint(severity_color(f.severity), secret));
    out_ << fmt::format("    {} {}\n", paint(kDim, fmt::format("{:>5} |", f.line)), shown);
  }

 private:
  const Style& style_;
  std::ostream& out_;
};

}  // namespace

void write_text(const Report& report, const Style& style, std::ostream& out) {
  TextWriter writer(style, out);
  std::array<uint64_t, 4> counts{};
  for (const Finding& f : report.findings) ++counts[static_cast<size_t>(f.severity)];

  for (Severity sev : kOrder) {
    uint64_t n = counts[static_cast<size_t>(sev)];
    if (n == 0) continue;
    out << writer.paint(severity_color(sev),
                        fmt::format("{} ({}): {}", upper(to_string(sev)), n, group_title(sev)))
        << "\n\n";
    for (const Finding& f : report.findings)
      if (f.severity == sev) writer.finding(f);
  }
  for (const Diagnostic& d : report.errors)
    out << writer.paint("\033[31m", "error: ")
        << one_line(shown_text(
               d.path.empty() ? d.message : fmt::format("{}: {}", d.path, d.message), style))
        << '\n';

  const Summary& s = report.summary;
  std::string by_severity;
  for (Severity sev : kOrder) {
    uint64_t n = counts[static_cast<size_t>(sev)];
    if (n == 0) continue;
    by_severity += fmt::format("{}{} {}", by_severity.empty() ? " (" : ", ", n, to_string(sev));
  }
  if (!by_severity.empty()) by_severity += ")";
  const size_t findings = report.findings.size();
  std::string line = findings == 0 ? std::string("no findings")
                                   : fmt::format("{} finding{}{}", findings,
                                                 findings == 1 ? "" : "s", by_severity);
  line = fmt::format("zkscan: {} in {} {} ({}) in {:.2f} s", line, s.files,
                     report.command == "scan" ? (s.files == 1 ? "file" : "files") : "objects",
                     human_bytes(s.bytes), s.seconds);
  if (s.placeholders)
    line +=
        fmt::format("; {} placeholder{} ignored", s.placeholders, s.placeholders == 1 ? "" : "s");
  if (s.suppressed) line += fmt::format("; {} suppressed", s.suppressed);
  if (s.env_files) line += fmt::format("; {} in git-ignored .env files", s.env_files);
  if (s.missing_objects)
    line += fmt::format("; {} objects missing (partial clone)", s.missing_objects);
  if (!report.errors.empty())
    line += fmt::format("; {} error{} (scan incomplete)", report.errors.size(),
                        report.errors.size() == 1 ? "" : "s");
  out << writer.paint(kBold, line) << '\n';
}

}  // namespace zkscan::report
