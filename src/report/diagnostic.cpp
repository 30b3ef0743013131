// One-line, key-free text for diagnostics and paths on a terminal.
#include "report/diagnostic.hpp"

#include <fmt/core.h>

#include "filter/findings.hpp"

namespace zkscan::report {

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    auto c = static_cast<unsigned char>(ch);
    auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == 0xc2 && next >= 0x80 && next <= 0x9f) {  // a C1 control in UTF-8 (CSI, OSC …)
      out += fmt::format("\\u{:04x}", next);
      ++i;
    } else if ((c >= 0x20 && c != 0x7f) || c == '\t') {
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  return out;
}

std::string diagnostic_line(std::string_view message) {
  return one_line(filter::redact_keys(message));
}

}  // namespace zkscan::report
