// Format dispatch and the redaction every reporter shares.
#include "report/report.hpp"

#include <fmt/core.h>

#include "filter/findings.hpp"
#include "model/error.hpp"

namespace zkscan::report {

std::string shown_secret(const Finding& f, const Style& style) {
  return style.show_secrets ? f.secret : filter::redact(f.secret);
}

const std::string& shown_excerpt(const Finding& f, const Style& style) {
  return style.show_secrets ? f.excerpt_full : f.excerpt;
}

void write(const Report& report, std::string_view format, const Style& style, std::ostream& out) {
  if (format == "text") return write_text(report, style, out);
  if (format == "json") return write_json(report, style, out);
  throw Error(fmt::format("unknown report format '{}'", format));
}

}  // namespace zkscan::report
