// Suppression: .zkscanignore fingerprints, a baseline report, and allowlisted paths.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/types.hpp"

namespace zkscan::filter {

class Suppressions {
 public:
  // Reads a .zkscanignore file: one fingerprint per line, `#` starts a comment. Missing file:
  // no-op; a file that exists but cannot be read throws zkscan::Error.
  void load_ignore_file(const std::string& file);
  // Reads a previous JSON report; its (fingerprint, path) pairs are not reported again.
  // Throws zkscan::Error when the file cannot be read or is not a zkscan JSON report.
  void load_baseline(const std::string& file);
  void allow_paths(std::vector<std::string> globs) { allowed_paths_ = std::move(globs); }

  // A path the configuration allowlists: not scanned at all.
  bool path_allowed(std::string_view path) const;
  bool suppressed(const Finding& f) const;

  // Removes suppressed findings; returns how many.
  uint64_t apply(std::vector<Finding>& findings) const;

 private:
  std::set<std::string> ignored_;
  std::set<std::pair<std::string, std::string>> baseline_;
  std::vector<std::string> allowed_paths_;
};

}  // namespace zkscan::filter
