// Which key occurrences each tree holds: a dynamic program over trees, each (tree, path) read once.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>

#include "audit/key_sets.hpp"
#include "source/provenance.hpp"

namespace zkscan::audit {

// A tree's set is the union of its entries' sets, so it is computed once per distinct
// (tree id, path) and shared by every commit whose tree contains that subtree: the cost
// follows the number of distinct trees in history, as for `zkscan git`'s provenance, not
// commits x files. The path is part of the memo key because what a blob's keys mean depends
// on where it sits (path class, allowlisted paths, baseline entries).
class TreeSets {
 public:
  // The set of a blob at a path; called once per (blob, path), only for blobs in `targets`.
  using BlobSet = std::function<KeySetPool::Id(const git_oid& blob, const std::string& path)>;

  TreeSets(git_repository* repo, KeySetPool& pool, const source::OidSet& targets, BlobSet blob_set);

  // The union of the sets of every target blob under `tree` placed at `prefix` ("" for a
  // commit's root tree). A tree that cannot be read is empty (the object scan reports it).
  KeySetPool::Id of(const git_oid& tree, const std::string& prefix);

  // Target blobs found in at least one tree passed to of().
  const source::OidSet& reached() const { return reached_; }
  // Distinct (tree, path) pairs read.
  size_t trees_read() const { return memo_.size(); }

 private:
  git_repository* repo_;
  KeySetPool& pool_;
  const source::OidSet& targets_;
  BlobSet blob_set_;
  std::unordered_map<std::string, KeySetPool::Id> memo_;  // place_key(tree, path) -> set
  source::OidSet reached_;
};

// The memo key of an object at a path: its 20 raw id bytes followed by the path.
std::string place_key(const git_oid& id, const std::string& path);

}  // namespace zkscan::audit
