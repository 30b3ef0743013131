// What reports say about the repository a run scanned: its URI and its HEAD commit.
#pragma once

#include <string>

#include "ffi/git.hpp"
#include "model/types.hpp"

namespace zkscan::source {

// The URL of the repository's "origin" remote as an absolute URI with any user name and
// password removed; scp-style "git@host:org/repo.git" becomes "ssh://host/org/repo.git".
// Empty when there is no origin or it is a local path.
std::string repository_uri(git_repository* repo);

// A remote URL as reports may show it: "https://user:token@host/x" -> "https://host/x",
// "git@host:org/x.git" -> "ssh://host/org/x.git"; empty for local paths, file:// URLs and
// anything that is not a plain URI.
std::string public_remote_uri(std::string_view url);

// For `scan` of a whole checkout: when `root` is the top of a git work tree, sets report.head
// and report.repository_uri. Leaves them empty for a subdirectory or outside any repository,
// where paths relative to `root` are not paths in the repository.
void describe_checkout(const std::string& root, Report& report);

}  // namespace zkscan::source
