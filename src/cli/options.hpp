// Command-line options: CLI11 in, a plain struct out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/types.hpp"

namespace zkscan::cli {

enum class Command { kScan, kGit, kAudit, kHookInstall, kHookPrePush, kRulesList, kRulesCheck };

struct Options {
  Command command = Command::kScan;
  std::vector<std::string> paths;  // scan: files and directories; git/audit: the repository
  // Common to the scanning commands.
  std::string format = "text";
  std::string output;
  std::string config;
  std::string baseline;
  bool show_secrets = false;
  unsigned threads = 0;  // 0: all cores
  Severity fail_on = Severity::kLow;
  bool no_color = false;
  bool quiet = false;
  // git
  bool staged = false;
  std::string range;
  std::string since;  // git: a revision; audit: a date
  // audit
  std::string author;
  std::string until;
  // hook install
  bool pre_commit = false;
  bool pre_push = false;
  bool force = false;
};

// What parsing decided: run with options, or exit now (help, version, or a usage error).
struct Parsed {
  std::optional<Options> options;
  int exit_code = 0;
};

// Parses argv. Help and version are printed to stdout; a usage error is one line on stderr.
Parsed parse(int argc, const char* const* argv);

}  // namespace zkscan::cli
