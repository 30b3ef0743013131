// What `zkscan git` and `zkscan audit` share: the repository, its configuration, one object read.
#pragma once

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/config.hpp"
#include "cli/options.hpp"
#include "filter/findings.hpp"
#include "model/types.hpp"
#include "rules/rules.hpp"
#include "source/git_dirs.hpp"
#include "source/objects.hpp"

namespace zkscan::pipeline {

// The repository, its configuration and the compiled rules, and the report being built.
struct GitRun {
  // Opens the repository at `repo_path`; `command` names the report ("git", "audit").
  GitRun(const cli::Options& o, const std::string& repo_path, const std::string& command);
  // For runs that read the repository without libgit2 (`repo` stays empty): `head` is
  // resolve_head(dirs), `objects` the store of dirs.common_dir.
  GitRun(const cli::Options& o, const source::GitDirs& dirs, const source::Head& head,
         source::ObjectStore objects, const std::string& command);

  std::vector<Finding> findings(const scan::ScanResult& result, const std::string& path,
                                Source source) {
    return filter::to_findings(result, rules, config.paths, path, source,
                               report.summary.suppressed);
  }

  // Adds the scan's totals and errors to the report.
  void account(source::ObjectScan& scan);
  // With ZKSCAN_TIMINGS set, prints how long the phase that just ended took.
  void phase(const char* name);
  // What both constructors do last: the report's command and start time, the shallow boundary.
  void start(const std::string& command);

  const cli::Options& options;
  bool timings = std::getenv("ZKSCAN_TIMINGS") != nullptr;
  std::chrono::steady_clock::time_point phase_start = std::chrono::steady_clock::now();
  ffi::GitRepository repo;
  std::string common_dir;  // objects, refs (git_repository_commondir)
  source::ObjectStore objects;  // of common_dir
  std::vector<git_oid> shallow;  // a shallow clone's boundary commits (sorted), else empty
  cli::Config config;
  rules::CompiledRules rules;
  Report report;
};

// Reads and scans every object of the repository once (all refs, stash, reflogs, unreachable
// objects, commit and tag messages). Missing objects become errors, or a note in a partial clone.
source::ObjectScan scan_all_objects(GitRun& run);

}  // namespace zkscan::pipeline
