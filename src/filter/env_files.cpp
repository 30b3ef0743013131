// Git-ignore lookups for .env files, through libgit2.
#include "filter/env_files.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

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

  // The repository around each directory holding an env file, opened once per directory: with
  // several paths on the command line the files may sit in different repositories, none of
  // which need contain the current directory. Null: not in a work tree.
  struct Repo {
    ffi::GitRepository handle;
    fs::path workdir;
  };
  std::map<fs::path, std::unique_ptr<Repo>> repos;
  auto repo_of = [&](const fs::path& dir) -> const Repo* {
    auto [it, inserted] = repos.try_emplace(dir);
    if (inserted) {
      auto repo = std::make_unique<Repo>();
      if (git_repository_open_ext(repo->handle.out(), dir.c_str(), 0, nullptr) == 0) {
        if (const char* workdir = git_repository_workdir(repo->handle.get())) {
          repo->workdir = fs::path(workdir).lexically_normal();
          it->second = std::move(repo);
        }
      }
    }
    return it->second.get();
  };

  auto ignored = [&](const Finding& f) {
    if (!is_env_file(f.path) || f.client_exposed) return false;
    if (f.environment == Environment::kLive && f.path_class == PathClass::kNonprod) return false;
    fs::path file = abs_root / f.path;  // f.path is absolute when an absolute file was named
    std::error_code dir_ec;
    fs::path dir = fs::canonical(file.parent_path(), dir_ec);
    if (dir_ec) return false;
    const Repo* repo = repo_of(dir);
    if (repo == nullptr) return false;
    std::string rel = (dir / file.filename()).lexically_relative(repo->workdir).generic_string();
    int is_ignored = 0;
    return git_ignore_path_is_ignored(&is_ignored, repo->handle.get(), rel.c_str()) == 0 &&
           is_ignored == 1;
  };
  auto removed = std::remove_if(findings.begin(), findings.end(), ignored);
  uint64_t n = static_cast<uint64_t>(findings.end() - removed);
  findings.erase(removed, findings.end());
  return n;
}

}  // namespace zkscan::filter
