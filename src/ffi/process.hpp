// Running a helper program (git) and reading what it prints: posix_spawn behind RAII.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace zkscan::ffi {

struct ProcessOutput {
  int exit_code = 0;  // 128 + signal number when the program was killed
  std::string out;    // everything it wrote to stdout
};

// Runs argv[0], looked up on PATH, with stdin from /dev/null and stderr shared with ours, and
// collects its stdout. Returns nullopt when the program cannot be started (not installed).
// Throws zkscan::Error when the system refuses a pipe or a process.
std::optional<ProcessOutput> run_capture(const std::vector<std::string>& argv);

}  // namespace zkscan::ffi
