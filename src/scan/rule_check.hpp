// `zkscan rules check`: every rule compiles, every example is found, no negative example is.
#pragma once

#include <string>
#include <vector>

#include "rules/paths.hpp"
#include "rules/rules.hpp"

namespace zkscan::scan {

// One line per failed check ("rule 'x': example 2 is not found"); empty when all pass.
// Examples are checked through the real scanner, so boundaries and placeholders count.
std::vector<std::string> check_rules(const rules::CompiledRules& rules);
// Path examples of paths.toml against the classifier.
std::vector<std::string> check_paths(const rules::PathClassifier& paths);

}  // namespace zkscan::scan
