// Path classes as data (rules/paths.toml): where a key sits decides who can read it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/types.hpp"

namespace toml {
inline namespace v3 {
class table;
}
}  // namespace toml

namespace zkscan::rules {

// One `[[class]]` entry: a path matching any of its patterns gets `cls`.
struct ClassRule {
  PathClass cls = PathClass::kOther;
  std::vector<std::vector<std::string>> dirs;  // directory name sequences, anywhere in the path
  std::vector<std::string> files;  // globs on the file name, or on the last components if they hold '/'
  std::string origin;
};

// An expected classification, checked by the test suite and `zkscan rules check`.
struct PathExample {
  std::string path;
  PathClass cls = PathClass::kOther;
  bool client_env = false;  // the key is assigned to a client-exposed variable
};

class PathClassifier {
 public:
  PathClassifier() = default;
  // Loads a paths file (the `[[class]]`, `[client_env]` and `[[examples]]` tables).
  static PathClassifier load(const std::string& file);
  // Adds the `[[class]]` and `[client_env]` tables of a config file; its classes take precedence.
  void extend(const toml::table& doc, const std::string& origin);

  // The class of `path` ('/'-separated, relative to the scanned root). A key assigned to a
  // client-exposed environment variable is frontend wherever the file is.
  PathClass classify(std::string_view path, bool client_env = false) const;
  // Whether the text on the key's line before it assigns it to a client-exposed variable
  // (`VITE_KEY=`, `"NEXT_PUBLIC_KEY": "`, `REACT_APP_KEY: '` …).
  bool assigns_client_env(std::string_view line_before_key) const;

  const std::vector<PathExample>& examples() const { return examples_; }

 private:
  void add_classes(const toml::table& doc, const std::string& origin, bool front);

  std::vector<ClassRule> classes_;  // first match wins
  std::vector<std::string> client_prefixes_;
  std::vector<PathExample> examples_;
};

}  // namespace zkscan::rules
