// Finding a repository and its HEAD with zkscan's own code, for the pre-commit path: loading
// libgit2 and its dependencies costs more than the whole of a typical `git diff --cached`.
#pragma once

#include <optional>
#include <string>

#include "source/oid.hpp"

namespace zkscan::source {

// Where a work tree's repository lives. Paths are absolute, without a trailing slash.
struct GitDirs {
  std::string work_dir;    // the top of the work tree
  std::string git_dir;     // its .git directory (a linked worktree's own, under worktrees/)
  std::string common_dir;  // objects/, refs/, packed-refs and config: git_dir unless a linked worktree
};

// The repository of the work tree containing `path`, found as libgit2 finds it (the nearest
// directory upward with a `.git` directory or a `.git` file naming one, without crossing a
// file system boundary). nullopt when this is not a plain work tree: a bare repository or a
// path inside a git directory, core.worktree, config includes, a repository format or
// extension this code does not know, or no repository at all. Callers then go through
// libgit2, which handles those, and says what is wrong.
std::optional<GitDirs> find_git_dirs(const std::string& path);

// What HEAD points at.
struct Head {
  bool unborn = false;  // a branch without commits yet
  git_oid commit{};
};

// Resolves HEAD through symbolic refs, loose refs and packed-refs. nullopt when it cannot be
// resolved here (a malformed ref, a chain deeper than git allows): callers go to libgit2.
std::optional<Head> resolve_head(const GitDirs& dirs);

}  // namespace zkscan::source
