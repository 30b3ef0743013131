// Provenance, resolved after the scan and only for blobs that matched: where and since when a blob was in history.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/types.hpp"
#include "source/git_repo.hpp"

namespace zkscan::source {

using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

// A path at which a blob appears, with the oldest commit that has it there.
struct Appearance {
  std::string path;
  size_t commit = 0;  // index into the commits given to attribute_blobs
};
using Appearances = std::unordered_map<git_oid, std::vector<Appearance>, OidHash, OidEqual>;

// Commit indices with parents before children and, among commits whose parents are done,
// the oldest (committer time) first: "oldest" survives clock skew and rebases.
std::vector<size_t> oldest_first(const std::vector<CommitMeta>& commits);

// For every blob in `targets`, each path it appears at in any commit, attributed to the oldest
// such commit. Trees already walked at the same path are not walked again, so the cost follows
// the number of distinct trees, not commits x files.
Appearances attribute_blobs(git_repository* repo, const std::vector<CommitMeta>& commits,
                            const OidSet& targets);

// The blobs of `targets` present anywhere in the tree of `commit` (or HEAD when null).
OidSet blobs_in_tree(git_repository* repo, const git_oid* commit, const OidSet& targets);

}  // namespace zkscan::source
