// Wires sources, scanner, filters and reporters together for each command.
#pragma once

#include <string>

#include "cli/options.hpp"

namespace zkscan {

// Runs one command and returns its exit code (0 clean, 1 findings, 2 error).
// Throws zkscan::Error for fatal problems; main reports them.
int run(const cli::Options& options);

struct Report;
namespace source {
struct Range;
}
namespace pipeline {
// Sorts and writes the report where the options say, prints notes and errors on stderr, and
// returns the exit code: 2 if the scan is incomplete, 1 for findings at or above --fail-on.
int finish(Report& report, const cli::Options& options);
// `zkscan git`: whole history, --staged or --range/--since (pipeline_git.cpp).
int run_git(const cli::Options& options);
// The commits of an already resolved range in the repository at `repo`, scanned as
// `zkscan git --range` scans them (the pre-push hook uses it). The report is complete,
// suppressions applied, but not written: pass it to finish().
Report scan_git_range(const cli::Options& options, const std::string& repo, const source::Range& range);
// `zkscan audit`: one entry per distinct key, for offboarding (pipeline_audit.cpp).
int run_audit(const cli::Options& options);
}  // namespace pipeline

}  // namespace zkscan
