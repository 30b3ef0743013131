// `zkscan hook install`: writes zkscan's git hooks into the directory git runs hooks from.
#pragma once

#include <string>
#include <string_view>

#include "cli/options.hpp"

namespace zkscan::hooks {

// The suffix a hook of another tool gets when zkscan's hook takes its place and chains to it.
inline constexpr std::string_view kChainedSuffix = ".zkscan-chained";

// The hooks directory git uses for the repository at `repo_path`: what
// `git rev-parse --git-path hooks` says (core.hooksPath, linked worktrees share the main
// repository's hooks); libgit2's view of the same when git is not installed. Absolute.
std::string hooks_dir(const std::string& repo_path);

// Installs the pre-commit hook, the pre-push hook, or both (neither flag: both). A hook of
// another tool is moved to <name>.zkscan-chained and runs before zkscan's; --force replaces
// it instead. Re-running updates zkscan's own hooks in place. Prints what it did; returns 0.
int install(const cli::Options& options);

}  // namespace zkscan::hooks
