// Options plus rules/, .zkscan.toml and .zkscanignore: the validated configuration of one run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/options.hpp"
#include "filter/suppress.hpp"
#include "rules/paths.hpp"
#include "rules/rules.hpp"

namespace zkscan::cli {

struct Config {
  Options options;
  std::string rules_dir;            // where the built-in rules were found
  std::vector<std::string> config_files;  // rule files and .zkscan.toml files that were read
  std::vector<rules::Rule> rules;
  rules::PathClassifier paths;
  filter::Suppressions suppressions;
};

// The built-in rules directory: $ZKSCAN_RULES_DIR, then <prefix>/share/zkscan/rules next to
// the installed binary, then the source tree's rules/. Throws when none exists.
std::string find_rules_dir();

// Adds a .zkscan.toml (its text) to `c`: its rules, path classes and allowlisted paths.
// Throws zkscan::Error naming `origin` for anything it cannot parse or use.
void apply_project_config(Config& c, std::string_view text, const std::string& origin);

// Loads the rules and path classes, then `--config` or `<root>/.zkscan.toml`, then
// `<root>/.zkscanignore` and `--baseline`. `root` is the directory being scanned.
Config load_config(Options options, const std::string& root);

}  // namespace zkscan::cli
