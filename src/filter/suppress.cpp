// Ignore-file, baseline and allowlist handling.
#include "filter/suppress.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "model/error.hpp"
#include "util/glob.hpp"

namespace zkscan::filter {

void Suppressions::load_ignore_file(const std::string& file) {
  errno = 0;
  std::ifstream in(file);
  if (!in) {
    if (errno == ENOENT) return;
    // Unreadable is not absent: reporting keys the team chose to ignore would be noise, and
    // guessing silently is worse.
    throw Error(
        fmt::format("cannot read {}: {}", file, errno != 0 ? std::strerror(errno) : "read error"));
  }
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (size_t hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    line.erase(std::remove_if(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); }),
               line.end());
    if (line.empty()) continue;
    bool hex64 = line.size() == 64 && std::all_of(line.begin(), line.end(), [](unsigned char c) {
                   return std::isdigit(c) || (c >= 'a' && c <= 'f');
                 });
    if (!hex64)
      throw Error(fmt::format("{}:{}: not a fingerprint (64 lower-case hex characters)", file, number));
    ignored_.insert(line);
  }
}

void Suppressions::load_baseline(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw Error(fmt::format("cannot read baseline {}", file));
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("findings") ||
      !doc["findings"].is_array())
    throw Error(fmt::format("baseline {} is not a zkscan JSON report", file));
  for (const auto& f : doc["findings"]) {
    if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string())
      throw Error(fmt::format("baseline {}: a finding has no fingerprint", file));
    baseline_.emplace(f["fingerprint"].get<std::string>(), f.value("path", std::string{}));
  }
}

bool Suppressions::path_allowed(std::string_view path) const {
  return std::any_of(allowed_paths_.begin(), allowed_paths_.end(), [&](const std::string& glob) {
    if (!glob.empty() && glob.back() == '/')  // a directory: everything under it
      return path.substr(0, glob.size()) == glob || path.find("/" + glob) != std::string_view::npos;
    if (glob.find('/') == std::string::npos) {  // a file name pattern
      size_t slash = path.rfind('/');
      return util::glob_match(glob, slash == std::string_view::npos ? path : path.substr(slash + 1));
    }
    return util::glob_match(glob, path);
  });
}

bool Suppressions::suppressed(const Finding& f) const {
  return ignored_.count(f.fingerprint) != 0 || baseline_.count({f.fingerprint, f.path}) != 0 ||
         (!f.path.empty() && path_allowed(f.path));
}

uint64_t Suppressions::apply(std::vector<Finding>& findings) const {
  auto removed = std::remove_if(findings.begin(), findings.end(),
                                [&](const Finding& f) { return suppressed(f); });
  uint64_t n = static_cast<uint64_t>(findings.end() - removed);
  findings.erase(removed, findings.end());
  return n;
}

}  // namespace zkscan::filter
