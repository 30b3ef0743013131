// `zkscan hook pre-push`: the body of the pre-push hook, run by git before it sends commits.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "ffi/git.hpp"
#include "source/changes.hpp"

namespace zkscan::hooks {

// One line of git's pre-push input: "<local ref> <local sha> <remote ref> <remote sha>".
// A zero local sha deletes the remote ref; a zero remote sha creates it.
struct PushRef {
  std::string local_ref;
  git_oid local{};
  std::string remote_ref;
  git_oid remote{};
};

// Parses git's lines; blank lines are skipped. Throws zkscan::Error for anything else.
std::vector<PushRef> read_push_refs(std::istream& in);

// The commits the push would publish: reachable from a pushed sha, and not from what the
// remote is known to have — the old remote value of each updated ref and, when a ref is new
// to the remote (or its old value is not in this repository), the remote's tracking refs
// (refs/remotes/<name>/*, the remote found by name or by URL). A remote zkscan knows nothing
// about gets every commit of a new branch checked. Deletions add nothing.
source::Range push_range(git_repository* repo, const std::vector<PushRef>& refs,
                         const std::string& remote, const std::string& url,
                         std::vector<std::string>& notes);

// Reads git's lines on stdin, scans the range, writes the report and, when the push is
// blocked, what to do about it. Options: paths holds git's arguments (remote name, URL).
// Returns 0 (push), 1 (blocked: findings), 2 (the check failed).
int pre_push(const cli::Options& options);

}  // namespace zkscan::hooks
