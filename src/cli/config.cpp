// Finding and loading the configuration files.
#include "cli/config.hpp"

#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <toml++/toml.h>

#include "model/error.hpp"

namespace zkscan::cli {
namespace fs = std::filesystem;

std::string find_rules_dir() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("ZKSCAN_RULES_DIR"); env != nullptr && *env != '\0')
    candidates.emplace_back(env);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / ZKSCAN_INSTALL_RULES_DIR);
  candidates.emplace_back(ZKSCAN_SOURCE_RULES_DIR);
  for (const fs::path& dir : candidates)
    if (fs::exists(dir / "paths.toml", ec)) return dir.string();
  throw Error(fmt::format("cannot find the rules directory (looked in {}); set ZKSCAN_RULES_DIR",
                          candidates.front().string()));
}

Config load_config(Options options, const std::string& root) {
  Config c;
  c.options = std::move(options);
  c.rules_dir = find_rules_dir();
  c.rules = rules::load_rule_dir(c.rules_dir);
  c.paths = rules::PathClassifier::load(c.rules_dir + "/paths.toml");
  c.config_files.push_back(c.rules_dir);

  std::string config_file = c.options.config;
  if (config_file.empty() && fs::exists(fs::path(root) / ".zkscan.toml"))
    config_file = (fs::path(root) / ".zkscan.toml").string();
  if (!config_file.empty()) {
    if (!fs::exists(config_file)) throw Error(fmt::format("config file not found: {}", config_file));
    toml::table doc;
    try {
      doc = toml::parse_file(config_file);
    } catch (const toml::parse_error& e) {
      throw Error(fmt::format("{}:{}: {}", config_file, e.source().begin.line, e.description()));
    }
    rules::merge_rules(c.rules, rules::parse_rules(doc, config_file));
    c.paths.extend(doc, config_file);
    std::vector<std::string> allow;
    if (const toml::array* paths = doc["allowlist"]["paths"].as_array()) {
      for (const toml::node& n : *paths) {
        auto v = n.value<std::string>();
        if (!v) throw Error(fmt::format("{}: allowlist.paths must be an array of strings", config_file));
        allow.push_back(*v);
      }
    }
    c.suppressions.allow_paths(std::move(allow));
    c.config_files.push_back(config_file);
  }
  c.suppressions.load_ignore_file((fs::path(root) / ".zkscanignore").string());
  if (!c.options.baseline.empty()) c.suppressions.load_baseline(c.options.baseline);
  return c;
}

}  // namespace zkscan::cli
