// The inventory as a rotation checklist (text), as JSON, and as Markdown to paste into a ticket.
#include "audit/report.hpp"

#include <fmt/core.h>

#include <array>
#include <nlohmann/json.hpp>

#include "filter/findings.hpp"
#include "report/diagnostic.hpp"
#include "report/report.hpp"
#include "model/error.hpp"
#include "source/git_repo.hpp"

namespace zkscan::audit {
namespace {

constexpr std::array<Severity, 4> kOrder{Severity::kCritical, Severity::kHigh, Severity::kMedium,
                                         Severity::kLow};

std::string shown(const Entry& e, const report::Style& style) {
  return style.show_secrets ? e.secret : filter::redact(e.secret);
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string plural(uint64_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// "live key, still in HEAD"
std::string status(const Entry& e) {
  std::string where = e.in_head                         ? "still in HEAD"
                      : e.paths.empty() && e.in_message ? "in a commit or tag message"
                      : e.commits != 0 || e.first_seen  ? "removed before HEAD"
                                                        : "in no commit";
  return fmt::format("{} key, {}", to_string(e.environment), where);
}

// "(2 critical, 1 low)"
std::string by_severity(const Inventory& inv) {
  std::array<uint64_t, 4> counts{};
  for (const Entry& e : inv.entries) ++counts[static_cast<size_t>(e.severity)];
  std::string out;
  for (Severity s : kOrder)
    if (uint64_t n = counts[static_cast<size_t>(s)])
      out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, to_string(s));
  return out.empty() ? out : "(" + out + ")";
}

std::string filters(const Filter& f) {
  std::vector<std::string> parts;
  if (!f.author.empty())
    parts.push_back(fmt::format("introduced by an author matching \"{}\"", f.author));
  if (f.since) parts.push_back(fmt::format("commits from {}", source::iso_date(*f.since)));
  if (f.until) parts.push_back(fmt::format("commits until {}", source::iso_date(*f.until)));
  return join(parts, "; ");
}

// Text for a terminal: control characters in paths, names or refs cannot move the cursor or
// change colours.
using report::one_line;
std::vector<std::string> one_line(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& s : items) out.push_back(one_line(s));
  return out;
}

std::string text_sighting(const Sighting& s) {
  std::string where = s.source == Source::kCommit ? one_line(s.path)
                      : s.tag.empty()             ? std::string("(commit message)")
                                      : fmt::format("(message of tag {})", s.tag.substr(0, 12));
  return fmt::format("{}  {}  {}  {}", s.date,
                     s.commit.empty() ? "(no commit)" : s.commit.substr(0, 12), one_line(s.author),
                     where);
}

nlohmann::ordered_json json_sighting(const std::optional<Sighting>& s) {
  if (!s) return nullptr;
  nlohmann::ordered_json j{{"commit", s->commit},
                           {"author", s->author},
                           {"date", s->date},
                           {"path", s->path},
                           {"source", to_string(s->source)}};
  if (!s->tag.empty()) j["tag"] = s->tag;
  return j;
}

// Markdown code span that survives backticks, pipes (in tables) and control characters.
std::string code(std::string_view s, bool in_table = false) {
  std::string text;
  size_t run = 0, longest = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
    if (c == '|' && in_table) text += '\\';
    text += c;
  }
  std::string fence(longest + 1, '`');
  bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

std::string md_sighting(const Sighting& s) {
  std::string out = s.date;
  if (!s.commit.empty()) out += " in " + code(s.commit.substr(0, 12));
  out += " by " + code(s.author);
  out += s.source == Source::kCommit ? " at " + code(s.path)
         : s.tag.empty()             ? std::string(", in the commit message")
                                     : ", in the message of tag " + code(s.tag.substr(0, 12));
  return out;
}

}  // namespace

void write_text(const AuditReport& r, const report::Style& style, std::ostream& out) {
  auto paint = [&](std::string_view color, std::string_view text) {
    return style.color ? fmt::format("{}{}\033[0m", color, text) : std::string(text);
  };
  const Inventory& inv = r.inventory;
  out << fmt::format("Ziett key inventory of {}{}: {} to rotate\n", one_line(r.run.root),
                     r.run.head.empty() ? "" : fmt::format(" (HEAD {})", r.run.head.substr(0, 12)),
                     plural(inv.entries.size(), "key"));
  if (r.filter.any()) out << "Only " << one_line(filters(r.filter)) << ".\n";
  out << '\n';
  size_t n = 0;
  for (const Entry& e : inv.entries) {
    out << fmt::format("[ ] {}. {}  {}  ({})\n", ++n,
                       paint(report::severity_color(e.severity), report::upper(to_string(e.severity))), shown(e, style),
                       status(e));
    auto line = [&](std::string_view label, const std::string& value) {
      if (!value.empty()) out << fmt::format("      {:<12} {}\n", label, value);
    };
    line("fingerprint", e.fingerprint);
    if (e.first_seen) line("first seen", text_sighting(*e.first_seen));
    if (e.last_seen) line("last seen", text_sighting(*e.last_seen));
    line("introduced", join(one_line(e.authors), ", "));
    line("paths", join(one_line(e.paths), ", "));
    line("refs", join(one_line(e.refs), ", "));
    if (e.commits != 0 || e.first_seen) line("commits", std::to_string(e.commits));
    line("unreachable", join(e.unreachable_blobs, ", "));
    std::string label = "to do";
    for (const std::string& a : actions(e)) {
      out << fmt::format("      {:<12} - {}\n", label, a);
      label.clear();
    }
    out << '\n';
  }
  for (const Diagnostic& d : r.run.errors)
    out << fmt::format("error: {}: {}\n", one_line(d.path), one_line(d.message));
  const Summary& s = r.run.summary;
  out << fmt::format("zkscan audit: {}{}{} from {}, {} ({}) read in {:.2f} s",
                     plural(inv.entries.size(), "key"), inv.entries.empty() ? "" : " ",
                     by_severity(inv), plural(inv.commits, "commit"), plural(s.files, "blob"),
                     report::human_bytes(s.bytes), s.seconds);
  if (s.placeholders) out << fmt::format("; {} ignored", plural(s.placeholders, "placeholder"));
  if (inv.suppressed) out << fmt::format("; {} suppressed", inv.suppressed);
  if (!r.run.errors.empty())
    out << fmt::format("; {} (inventory incomplete)", plural(r.run.errors.size(), "error"));
  out << '\n';
}

void write_json(const AuditReport& r, const report::Style& style, std::ostream& out) {
  using nlohmann::ordered_json;
  ordered_json keys = ordered_json::array();
  for (const Entry& e : r.inventory.entries) {
    keys.push_back({{"secret", shown(e, style)},
                    {"fingerprint", e.fingerprint},
                    {"rule", e.rule},
                    {"environment", to_string(e.environment)},
                    {"severity", to_string(e.severity)},
                    {"in_head", e.in_head},
                    {"first_seen", json_sighting(e.first_seen)},
                    {"last_seen", json_sighting(e.last_seen)},
                    {"authors", e.authors},
                    {"paths", e.paths},
                    {"refs", e.refs},
                    {"commits", e.commits},
                    {"unreachable_blobs", e.unreachable_blobs},
                    {"actions", actions(e)}});
  }
  ordered_json errors = ordered_json::array();
  for (const Diagnostic& d : r.run.errors)
    errors.push_back({{"path", d.path}, {"message", d.message}});
  const Filter& f = r.filter;
  auto date = [](const std::optional<int64_t>& t) {
    return t ? ordered_json(source::iso_date(*t)) : ordered_json(nullptr);
  };
  const Summary& s = r.run.summary;
  ordered_json doc{{"tool", "zkscan"},
                   {"version", ZKSCAN_VERSION},
                   {"command", "audit"},
                   {"head", r.run.head.empty() ? ordered_json(nullptr) : ordered_json(r.run.head)},
                   {"filters",
                    {{"author", f.author.empty() ? ordered_json(nullptr) : ordered_json(f.author)},
                     {"since", date(f.since)},
                     {"until", date(f.until)}}},
                   {"keys", std::move(keys)},
                   {"errors", std::move(errors)},
                   {"summary",
                    {{"keys", r.inventory.entries.size()},
                     {"commits", r.inventory.commits},
                     {"blobs", s.files},
                     {"bytes", s.bytes},
                     {"placeholders", s.placeholders},
                     {"suppressed", r.inventory.suppressed},
                     {"seconds", s.seconds}}}};
  if (s.missing_objects != 0) doc["summary"]["missing_objects"] = s.missing_objects;
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

void write_markdown(const AuditReport& r, const report::Style& style, std::ostream& out) {
  const Inventory& inv = r.inventory;
  out << fmt::format("## Ziett API keys to rotate: {}\n\n", inv.entries.size());
  out << "Repository " << code(r.run.root);
  if (!r.run.head.empty()) out << " at " << code(r.run.head.substr(0, 12));
  out << fmt::format(", {} considered", plural(inv.commits, "commit"));
  if (r.filter.any()) out << "; only " << filters(r.filter);
  out << ". Keys are shown "
      << (style.show_secrets ? "in full: do not paste this into a shared ticket"
                             : "redacted; the fingerprint is the SHA-256 of the full key")
      << ".\n\n";
  if (!inv.entries.empty()) {
    out << "| # | Key | Severity | Status | Introduced by | Commits |\n";
    out << "|---:|---|---|---|---|---:|\n";
    size_t n = 0;
    for (const Entry& e : inv.entries) {
      std::vector<std::string> authors;
      for (const std::string& a : e.authors) authors.push_back(code(a, true));
      out << fmt::format("| {} | {} | {} | {} | {} | {} |\n", ++n, code(shown(e, style), true),
                         to_string(e.severity), status(e),
                         authors.empty() ? "–" : join(authors, ", "), e.commits);
    }
    out << '\n';
  }
  size_t n = 0;
  for (const Entry& e : inv.entries) {
    out << fmt::format("### {}. {}: {}, {}\n\n", ++n, code(shown(e, style)), to_string(e.severity),
                       status(e));
    for (const std::string& a : actions(e)) out << "- [ ] " << a << '\n';
    out << "- Fingerprint: " << code(e.fingerprint) << '\n';
    if (e.first_seen) out << "- First seen: " << md_sighting(*e.first_seen) << '\n';
    if (e.last_seen) out << "- Last seen: " << md_sighting(*e.last_seen) << '\n';
    auto list = [&](std::string_view label, const std::vector<std::string>& items) {
      if (items.empty()) return;
      std::vector<std::string> coded;
      for (const std::string& i : items) coded.push_back(code(i));
      out << "- " << label << ": " << join(coded, ", ") << '\n';
    };
    list("Introduced by", e.authors);
    list("Paths", e.paths);
    list("Refs", e.refs);
    if (e.commits != 0 || e.first_seen) out << "- Commits: " << e.commits << '\n';
    list("Unreachable blobs", e.unreachable_blobs);
    out << '\n';
  }
  if (!r.run.errors.empty()) {
    out << "**The inventory is incomplete:**\n\n";
    for (const Diagnostic& d : r.run.errors)
      out << "- " << code(d.path) << ": " << d.message << '\n';
    out << '\n';
  }
}

void write(const AuditReport& report, std::string_view format, const report::Style& style,
           std::ostream& out) {
  if (format == "text") return write_text(report, style, out);
  if (format == "json") return write_json(report, style, out);
  if (format == "markdown") return write_markdown(report, style, out);
  throw Error(fmt::format("the audit report has no format '{}' (text, json, markdown)", format));
}

}  // namespace zkscan::audit
