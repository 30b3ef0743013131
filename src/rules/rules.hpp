// Key rules as data: loading rules/*.toml and .zkscan.toml, and compiling them into one Hyperscan database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ffi/hyperscan.hpp"
#include "model/types.hpp"

namespace toml {
inline namespace v3 {
class table;
}
}  // namespace toml

namespace zkscan::rules {

struct Rule {
  std::string id;
  std::string description;
  std::string regex;  // Hyperscan syntax; boundaries are applied by the scanner
  Environment environment = Environment::kLive;
  std::vector<std::string> keywords;
  double entropy = 3.0;  // minimum Shannon entropy (bits/char) of the key body; lower = placeholder
  std::vector<std::string> examples;           // each must yield a finding
  std::vector<std::string> negative_examples;  // each must yield none
  std::string origin;                          // file the rule came from, for error messages
};

// Reads the `[[rules]]` array of a parsed TOML document; `origin` names the file in errors.
std::vector<Rule> parse_rules(const toml::table& doc, const std::string& origin);

// Loads every rules file in `dir` (all *.toml but paths.toml), sorted by name.
std::vector<Rule> load_rule_dir(const std::string& dir);

// Adds `extra` to `base`; an extra rule with the id of an existing one replaces it.
void merge_rules(std::vector<Rule>& base, std::vector<Rule> extra);

// The rules compiled into one block-mode database. Immutable and shared between threads.
class CompiledRules {
 public:
  // Throws zkscan::Error naming the rule and its file when a rule does not compile.
  explicit CompiledRules(std::vector<Rule> rules);

  const std::vector<Rule>& rules() const { return rules_; }
  const hs_database_t* database() const { return db_.get(); }
  const hs_scratch_t* scratch_prototype() const { return scratch_.get(); }
  // Width of a rule's matches when fixed, 0 when variable (then start-of-match is reported).
  uint32_t fixed_width(size_t rule) const { return widths_[rule]; }
  // Bytes carried between chunks of a large file so a key across a boundary is still found.
  size_t overlap() const { return overlap_; }
  // The shortest match any rule can make: shorter blobs need not be scanned.
  size_t min_width() const { return min_width_; }

 private:
  void compile(const std::vector<const char*>& expressions, const std::vector<unsigned>& flags,
               const std::vector<unsigned>& ids);

  std::vector<Rule> rules_;
  std::vector<uint32_t> widths_;
  size_t overlap_ = 0;
  size_t min_width_ = SIZE_MAX;
  ffi::HsDatabase db_;
  ffi::HsScratch scratch_;
};

}  // namespace zkscan::rules
