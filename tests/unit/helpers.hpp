// Shared helpers for the unit tests: the project's rules, fake keys made at test time, temp files.
#pragma once

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <random>
#include <string>
#include <string_view>
#include <toml++/toml.h>

#include "rules/paths.hpp"
#include "rules/rules.hpp"
#include "scan/scanner.hpp"

namespace zkscan::testing {

inline const std::string kRulesDir = ZKSCAN_TEST_RULES_DIR;

// rules/*.toml and rules/paths.toml, loaded once.
inline const rules::CompiledRules& project_rules() {
  static const rules::CompiledRules compiled(rules::load_rule_dir(kRulesDir));
  return compiled;
}
inline const rules::PathClassifier& project_paths() {
  static const rules::PathClassifier paths = rules::PathClassifier::load(kRulesDir + "/paths.toml");
  return paths;
}

// Index of the rule with `id` in the project's rules.
inline uint32_t rule_index(std::string_view id) {
  const auto& all = project_rules().rules();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].id == id) return static_cast<uint32_t>(i);
  throw std::runtime_error("no rule " + std::string(id));
}

// Fake keys generated from a fixed seed: deterministic, and never written in a test file.
class KeyGen {
 public:
  explicit KeyGen(uint32_t seed) : rng_(seed) {}
  // `n` random ASCII letters and digits.
  std::string body(size_t n = 28) {
    static constexpr std::string_view kAlnum =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::uniform_int_distribution<size_t> pick(0, kAlnum.size() - 1);
    std::string out;
    for (size_t i = 0; i < n; ++i) out += kAlnum[pick(rng_)];
    return out;
  }
  std::string live() { return "zk_live_" + body(); }
  std::string test() { return "zk_test_" + body(); }

 private:
  std::mt19937 rng_;
};

// Compares keys without letting Catch2 print them when they differ.
inline bool same_key(std::string_view a, std::string_view b) { return a == b; }

// Scans `text` in memory with the project's rules.
inline scan::ScanResult scan_text(std::string_view text) {
  static scan::Scanner scanner(project_rules());
  scan::ScanResult result;
  scanner.scan(text, result);
  return result;
}

// A temporary directory removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "zkscan-unit-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to `rel` (creating directories) and returns its full path.
  std::string write(const std::string& rel, std::string_view content) const {
    std::filesystem::path p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

inline toml::table parse_toml(std::string_view text) { return toml::parse(text); }

// Runs `git -C dir ARGS` (a shell word list, quoted by the caller) with a fixed identity and
// no user or system configuration; returns its output without the trailing newline. Throws
// when git fails.
inline std::string git(const std::filesystem::path& dir, const std::string& args) {
  std::string cmd = "GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git -C '" + dir.string() +
                    "' -c user.name=T -c user.email=t@example.com -c init.defaultBranch=main " +
                    args + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
  if (!pipe) throw std::runtime_error("popen failed");
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0;) out.append(buf, n);
  if (::pclose(pipe.release()) != 0) throw std::runtime_error("git " + args + " failed");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace zkscan::testing
