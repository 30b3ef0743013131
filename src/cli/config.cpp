// Finding and loading the configuration files.
#include "cli/config.hpp"

#include <fmt/core.h>
#include <toml++/toml.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "model/error.hpp"

namespace zkscan::cli {
namespace fs = std::filesystem;
namespace {

std::string read_config_file(const std::string& file) {
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw Error(fmt::format("config file {} is a directory", file));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read config file {}: {}", file, std::strerror(errno)));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

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

void apply_project_config(Config& c, std::string_view text, const std::string& origin) {
  toml::table doc;
  try {
    doc = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    throw Error(fmt::format("{}:{}: {}", origin, e.source().begin.line, e.description()));
  }
  rules::merge_rules(c.rules, rules::parse_rules(doc, origin));
  c.paths.extend(doc, origin);
  std::vector<std::string> allow;
  if (const toml::array* paths = doc["allowlist"]["paths"].as_array()) {
    for (const toml::node& n : *paths) {
      auto v = n.value<std::string>();
      if (!v) throw Error(fmt::format("{}: allowlist.paths must be an array of strings", origin));
      allow.push_back(*v);
    }
  }
  c.suppressions.allow_paths(std::move(allow));
  c.config_files.push_back(origin);
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
    apply_project_config(c, read_config_file(config_file), config_file);
  }
  c.suppressions.load_ignore_file((fs::path(root) / ".zkscanignore").string());
  if (!c.options.baseline.empty()) c.suppressions.load_baseline(c.options.baseline);
  return c;
}

}  // namespace zkscan::cli
