// Provenance, resolved after the scan and only for blobs that matched: where and since when a blob was in history.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/types.hpp"
#include "source/git_repo.hpp"
#include "util/file.hpp"

namespace zkscan::source {

using OidSet = std::unordered_set<git_oid, OidHash, OidEqual>;

// A path at which a blob appears, with the oldest commit that has it there.
struct Appearance {
  std::string path;
  size_t commit = 0;  // index into the commits given to attribute()
};
using Appearances = std::unordered_map<git_oid, std::vector<Appearance>, OidHash, OidEqual>;

// Commit indices with parents before children and, among commits whose parents are done,
// the oldest (committer time) first: "oldest" survives clock skew and rebases.
std::vector<size_t> oldest_first(const std::vector<CommitMeta>& commits);

// The trees of a repository, reduced to what leads to a set of target blobs: each tree keeps
// its subtrees and target blobs only. With `preload`, every tree of the packs is decoded
// up front, once, in parallel (pack_reader.hpp) — right for walking all of history; without
// it, or for trees outside the packs, a tree is read through libgit2 when first needed. A
// tree that contains no target, at any depth, is never walked into.
class TreeIndex {
 public:
  TreeIndex(git_repository* repo, const OidSet& targets, unsigned threads, bool preload);
  ~TreeIndex();
  TreeIndex(const TreeIndex&) = delete;
  TreeIndex& operator=(const TreeIndex&) = delete;

  // For every target blob, each path it appears at in any of `commits`, attributed to the
  // oldest such commit (see oldest_first).
  Appearances attribute(const std::vector<CommitMeta>& commits);

  // The targets present anywhere in the tree `tree`.
  OidSet targets_in(const git_oid& tree);

  // Calls `on_blob(path, blob)` for every target under `tree` at `prefix`. `seen` holds
  // (tree, prefix) pairs already walked (skipped); nullptr walks everything.
  template <typename F>
  void walk(const git_oid& tree, const std::string& prefix, std::unordered_set<std::string>* seen,
            F&& on_blob);

 private:
  struct Node;
  Node* node(const git_oid& tree);  // nullptr when the tree cannot be read
  std::unique_ptr<Node> make_node(std::string_view raw_tree) const;
  bool contains_target(const git_oid& tree);

  git_repository* repo_;
  const OidSet& targets_;
  std::unordered_map<git_oid, std::unique_ptr<Node>, OidHash, OidEqual> nodes_;
};

struct TreeIndex::Node {
  std::vector<std::pair<std::string, git_oid>> subtrees;
  std::vector<std::pair<std::string, git_oid>> blobs;  // target blobs only
  int contains = -1;  // memo of contains_target: -1 unknown
};

template <typename F>
void TreeIndex::walk(const git_oid& tree, const std::string& prefix,
                     std::unordered_set<std::string>* seen, F&& on_blob) {
  if (!contains_target(tree)) return;
  if (seen != nullptr) {
    std::string key(reinterpret_cast<const char*>(tree.id), GIT_OID_RAWSZ);
    key += prefix;
    if (!seen->insert(std::move(key)).second) return;
  }
  Node* n = node(tree);
  for (const auto& [name, blob] : n->blobs) on_blob(util::join_path(prefix, name), blob);
  for (size_t i = 0; i < n->subtrees.size(); ++i) {
    const auto& [name, sub] = n->subtrees[i];
    walk(sub, util::join_path(prefix, name), seen, on_blob);
  }
}

// Convenience wrappers for one-off questions (each builds a TreeIndex).
Appearances attribute_blobs(git_repository* repo, const std::vector<CommitMeta>& commits,
                            const OidSet& targets, unsigned threads = 1);
// The blobs of `targets` present anywhere in the tree of `commit` (or HEAD when null).
OidSet blobs_in_tree(git_repository* repo, const git_oid* commit, const OidSet& targets,
                     unsigned threads = 1);

// The tree of `commit`, or of HEAD when null; false for an unborn HEAD or a missing commit.
bool tree_of_commit(git_repository* repo, const git_oid* commit, git_oid& tree);

}  // namespace zkscan::source
