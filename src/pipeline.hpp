// Wires sources, scanner, filters and reporters together for each command.
#pragma once

#include "cli/options.hpp"

namespace zkscan {

// Runs one command and returns its exit code (0 clean, 1 findings, 2 error).
// Throws zkscan::Error for fatal problems; main reports them.
int run(const cli::Options& options);

}  // namespace zkscan
