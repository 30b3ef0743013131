// Problems and paths as zkscan prints them on a terminal: one line each, no key in clear.
#pragma once

#include <string>
#include <string_view>

namespace zkscan::report {

// Control characters (newline, carriage return, escape, DEL …) written as \n, \r or \xHH, and
// C1 controls encoded in UTF-8 as \u00HH, so a file name, excerpt or message can neither
// break a line nor drive the terminal. Tabs and every other byte pass unchanged.
std::string one_line(std::string_view text);

// A message as printed on stderr: one line, every Ziett key in it redacted.
std::string diagnostic_line(std::string_view message);

}  // namespace zkscan::report
