// Self-check of rule and path-class examples.
#include "scan/rule_check.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "scan/scanner.hpp"

namespace zkscan::scan {

std::vector<std::string> check_rules(const rules::CompiledRules& rules) {
  std::vector<std::string> failures;
  Scanner scanner(rules);
  ScanResult result;
  auto found_by = [&](const std::string& text, size_t rule) {
    result.clear();
    scanner.scan(text, result);
    return std::any_of(result.matches.begin(), result.matches.end(),
                       [&](const Match& m) { return m.rule == rule; });
  };
  for (size_t i = 0; i < rules.rules().size(); ++i) {
    const rules::Rule& r = rules.rules()[i];
    if (r.examples.empty()) failures.push_back(fmt::format("rule '{}' ({}): has no examples", r.id, r.origin));
    for (size_t e = 0; e < r.examples.size(); ++e)
      if (!found_by(r.examples[e], i))
        failures.push_back(fmt::format("rule '{}' ({}): example {} is not found", r.id, r.origin, e + 1));
    for (size_t e = 0; e < r.negative_examples.size(); ++e)
      if (found_by(r.negative_examples[e], i))
        failures.push_back(
            fmt::format("rule '{}' ({}): negative example {} is found", r.id, r.origin, e + 1));
  }
  return failures;
}

std::vector<std::string> check_paths(const rules::PathClassifier& paths) {
  std::vector<std::string> failures;
  for (const rules::PathExample& ex : paths.examples()) {
    PathClass got = paths.classify(ex.path, ex.client_env);
    if (got != ex.cls)
      failures.push_back(fmt::format("path '{}'{}: expected {}, got {}", ex.path,
                                     ex.client_env ? " (client env)" : "", to_string(ex.cls),
                                     to_string(got)));
  }
  return failures;
}

}  // namespace zkscan::scan
