// JSON report, version 1: field names exactly as PRODUCT.md writes them.
#include <nlohmann/json.hpp>

#include "report/report.hpp"

namespace zkscan::report {

void write_json(const Report& report, const Style& style, std::ostream& out) {
  using nlohmann::ordered_json;
  ordered_json findings = ordered_json::array();
  for (const Finding& f : report.findings) {
    ordered_json j{{"rule", f.rule},
                   {"environment", to_string(f.environment)},
                   {"severity", to_string(f.severity)},
                   {"path_class", to_string(f.path_class)},
                   {"path", f.path},
                   {"line", f.line},
                   {"column", f.column},
                   {"secret", shown_secret(f, style)},
                   {"fingerprint", f.fingerprint},
                   {"message", f.message},
                   {"source", to_string(f.source)}};
    const Provenance& p = f.provenance;
    if (!p.commit.empty()) {
      j["commit"] = p.commit;
      j["author"] = p.author;
      j["date"] = p.date;
    }
    if (!p.blob.empty()) j["blob"] = p.blob;
    if (p.in_head) j["in_head"] = *p.in_head;
    findings.push_back(std::move(j));
  }
  ordered_json errors = ordered_json::array();
  for (const Diagnostic& d : report.errors)
    errors.push_back(
        {{"path", shown_text(d.path, style)}, {"message", shown_text(d.message, style)}});
  const Summary& s = report.summary;
  ordered_json doc{{"tool", "zkscan"},
                   {"version", ZKSCAN_VERSION},
                   {"findings", std::move(findings)},
                   {"errors", std::move(errors)},
                   {"summary",
                    {{"files", s.files},
                     {"bytes", s.bytes},
                     {"findings", s.findings},
                     {"placeholders", s.placeholders},
                     {"suppressed", s.suppressed},
                     {"env_files", s.env_files},
                     {"seconds", s.seconds}}}};
  if (s.missing_objects != 0) doc["summary"]["missing_objects"] = s.missing_objects;
  // Paths and messages are raw bytes: invalid UTF-8 is replaced, never a reason to fail.
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace zkscan::report
