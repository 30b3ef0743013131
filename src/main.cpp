// zkscan's entry point: parse arguments, run, map the outcome to an exit code.
#include <fmt/core.h>

#include <exception>
#include <iostream>

#include "cli/options.hpp"
#include "model/error.hpp"
#include "pipeline.hpp"
#include "report/report.hpp"

int main(int argc, char** argv) {
  zkscan::cli::Parsed parsed = zkscan::cli::parse(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  // Messages can quote paths or file contents: keys in them are redacted like everywhere else.
  zkscan::report::Style style{.show_secrets = parsed.options->show_secrets};
  try {
    return zkscan::run(*parsed.options);
  } catch (const zkscan::Error& e) {
    std::cerr << zkscan::report::shown_text(fmt::format("zkscan: error: {}\n", e.what()), style);
  } catch (const std::exception& e) {
    std::cerr << zkscan::report::shown_text(
        fmt::format("zkscan: internal error: {}\n", e.what()), style);
  }
  return 2;
}
