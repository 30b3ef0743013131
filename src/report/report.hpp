// Reporters: a sorted Report in, text, JSON, SARIF or GitLab out.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "model/types.hpp"

namespace zkscan::report {

struct Style {
  bool show_secrets = false;  // print full keys
  bool color = false;         // ANSI colours (text only)
};

// The key as it may be printed: redacted unless show_secrets.
std::string shown_secret(const Finding& f, const Style& style);
const std::string& shown_excerpt(const Finding& f, const Style& style);

void write_text(const Report& report, const Style& style, std::ostream& out);
void write_json(const Report& report, const Style& style, std::ostream& out);

// Dispatches on the --format name. Throws zkscan::Error for an unknown format.
void write(const Report& report, std::string_view format, const Style& style, std::ostream& out);

}  // namespace zkscan::report
