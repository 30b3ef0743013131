// zkscan's entry point: parse arguments, run, map the outcome to an exit code.
#include <fmt/core.h>

#include <exception>
#include <iostream>

#include "cli/options.hpp"
#include "model/error.hpp"
#include "pipeline.hpp"
#include "report/diagnostic.hpp"

int main(int argc, char** argv) {
  zkscan::cli::Parsed parsed = zkscan::cli::parse(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  // Messages can quote paths or file contents: one line each, keys redacted.
  try {
    return zkscan::run(*parsed.options);
  } catch (const zkscan::Error& e) {
    std::cerr << fmt::format("zkscan: error: {}\n", zkscan::report::diagnostic_line(e.what()));
  } catch (const std::exception& e) {
    std::cerr << fmt::format("zkscan: internal error: {}\n",
                             zkscan::report::diagnostic_line(e.what()));
  }
  return 2;
}
