// Fuzz target: any bytes as a .zkscan.toml either load (rules compile, examples check, paths
// classify) or throw zkscan::Error; nothing else may escape and nothing may crash.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "cli/config.hpp"
#include "fuzz_input.hpp"
#include "model/error.hpp"
#include "rules/rules.hpp"
#include "scan/rule_check.hpp"

namespace {

// The built-in configuration, loaded once; each input extends a copy of it.
const zkscan::cli::Config& base_config() {
  static const zkscan::cli::Config config = [] {
    zkscan::cli::Config c;
    c.rules = zkscan::rules::load_rule_dir(ZKSCAN_FUZZ_RULES_DIR);
    c.paths = zkscan::rules::PathClassifier::load(ZKSCAN_FUZZ_RULES_DIR "/paths.toml");
    return c;
  }();
  return config;
}

// Hyperscan's compile time grows about with the square of a counted repeat's bound: `V*V{0,4096}`
// takes seconds (tens under ASan). That is the library's cost, not a zkscan bug, so the fuzzer
// stays below 512 instead of reporting timeouts.
bool has_large_repeat(std::string_view regex) {
  constexpr unsigned kMaxBound = 512;
  for (size_t i = 0; i < regex.size(); ++i) {
    if (regex[i] != '{') continue;
    unsigned value = 0;
    for (size_t j = i + 1; j < regex.size() &&
                           (std::isdigit(static_cast<unsigned char>(regex[j])) || regex[j] == ',');
         ++j) {
      if (regex[j] == ',') {
        value = 0;
        continue;
      }
      value = std::min(value * 10 + static_cast<unsigned>(regex[j] - '0'), kMaxBound + 1);
      if (value > kMaxBound) return true;
    }
  }
  return false;
}

void exercise(std::string_view text) {
  zkscan::cli::Config c = base_config();
  zkscan::cli::apply_project_config(c, text, "fuzz/.zkscan.toml");
  for (const zkscan::rules::Rule& r : c.rules)
    if (has_large_repeat(r.regex)) return;
  zkscan::rules::CompiledRules compiled(c.rules);
  // Rules and classes that load must also work: examples go through the real scanner, and
  // every example string doubles as a path for the classifier and the allowlist globs.
  (void)zkscan::scan::check_rules(compiled);
  (void)zkscan::scan::check_paths(c.paths);
  for (const zkscan::rules::Rule& r : compiled.rules()) {
    for (const std::string& s : r.examples) {
      (void)c.paths.classify(s);
      (void)c.paths.assigns_client_env(s);
      (void)c.suppressions.path_allowed(s);
    }
  }
  for (std::string_view p : {"web/src/config.js", "android/app/build/x.kt", "a/b/c/d/e/f/g.min.js",
                             ".env.staging.local", "pages/api/route.ts", ""}) {
    (void)c.paths.classify(p);
    (void)c.suppressions.path_allowed(p);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    exercise(text);
  } catch (const zkscan::Error&) {
    // A configuration zkscan refuses, with a message: the expected outcome for most inputs.
  } catch (const std::exception& e) {
    zkscan::fuzz::fail(std::string("an exception other than zkscan::Error escaped: ") + e.what());
  }
  return 0;
}
