// Git-ignore lookups for .env files, through libgit2.
#include "filter/env_files.hpp"

#include <algorithm>
#include <filesystem>

#include "ffi/git.hpp"

namespace zkscan::filter {

namespace {

bool is_env_file(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string_view name = std::string_view(path).substr(slash == std::string::npos ? 0 : slash + 1);
  return name == ".env" || name.rfind(".env.", 0) == 0;
}

}  // namespace

uint64_t drop_ignored_env_files(std::vector<Finding>& findings, const std::string& root) {
  if (std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return is_env_file(f.path); }))
    return 0;
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path abs_root = fs::canonical(root, ec);
  if (ec) return 0;
  ffi::git_init();
  ffi::GitRepository repo;
  if (git_repository_open_ext(repo.out(), abs_root.c_str(), 0, nullptr) != 0) return 0;
  const char* workdir = git_repository_workdir(repo.get());
  if (workdir == nullptr) return 0;
  fs::path work = fs::path(workdir).lexically_normal();

  auto ignored = [&](const Finding& f) {
    if (!is_env_file(f.path) || f.client_exposed) return false;
    if (f.environment == Environment::kLive && f.path_class == PathClass::kNonprod) return false;
    std::string rel = (abs_root / f.path).lexically_relative(work).generic_string();
    int is_ignored = 0;
    return git_ignore_path_is_ignored(&is_ignored, repo.get(), rel.c_str()) == 0 && is_ignored == 1;
  };
  auto removed = std::remove_if(findings.begin(), findings.end(), ignored);
  uint64_t n = static_cast<uint64_t>(findings.end() - removed);
  findings.erase(removed, findings.end());
  return n;
}

}  // namespace zkscan::filter
