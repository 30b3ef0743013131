// What a change adds: the staged index against HEAD (pre-commit), or the commits of a range (CI, pre-push).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "source/git_dirs.hpp"
#include "source/git_repo.hpp"
#include "source/object_store.hpp"

namespace zkscan::source {

// A blob a change puts at `path`, and the versions that path had before: keys already in
// one of those are not new.
struct Change {
  std::string path;
  git_oid blob{};
  std::vector<git_oid> before;
  git_oid commit{};  // the commit that made the change (zero for staged changes)
};

// Blobs in the index that differ from HEAD's tree (renames detected). Cost follows the size
// of the change: HEAD's tree and the index are compared, no file is read unless it changed.
// The index is $GIT_INDEX_FILE when set: git sets it for hooks during `git commit -a`.
// Throws zkscan::Error for a bare repository (it has no index to commit from).
std::vector<Change> staged_changes(git_repository* repo);

// The same with zkscan's own readers (git_dirs.hpp, index_file.hpp, object_store.hpp), for a
// pre-commit run that never loads libgit2: `head` is resolve_head(dirs), `objects` the
// store of dirs.common_dir. nullopt when one of them declines (an index they do not handle,
// an object they cannot read): then use the above.
std::optional<std::vector<Change>> staged_changes(const GitDirs& dirs, const Head& head,
                                                  const ObjectStore& objects);

// The commits to check: reachable from `include`, not from `exclude`.
struct Range {
  std::vector<git_oid> include;
  std::vector<git_oid> exclude;
};

// "A..B" (also "A..", "..B"), or a single revision meaning REV..HEAD (--since).
// Throws zkscan::Error naming the revision that does not resolve.
Range parse_range(git_repository* repo, const std::string& spec, bool since);

// The range's commits, oldest first, and the blobs each adds against its parents. A merge
// adds only what differs from every parent. In a shallow clone the walk stops at the commits
// listed in `shallow` (sorted, see shallow_commits): a range commit among them has no parents
// here, so its whole tree counts as added, and it is listed in `cut`.
// Throws zkscan::Error when a commit of the range cannot be read.
struct RangeChanges {
  std::vector<git_oid> commits;
  std::vector<Change> changes;
  std::vector<git_oid> cut;
};
RangeChanges range_changes(git_repository* repo, const Range& range,
                           const std::vector<git_oid>& shallow = {});

}  // namespace zkscan::source
