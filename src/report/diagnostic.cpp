// One-line, key-free text for diagnostics and paths on a terminal.
#include "report/diagnostic.hpp"

#include <fmt/core.h>

#include "filter/findings.hpp"

namespace zkscan::report {

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 0x20 && c != 0x7f) || c == '\t') {
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
