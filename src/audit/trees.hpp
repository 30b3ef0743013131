// Which keys each tree holds: a dynamic program over trees, each (tree, path) read once.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "audit/key_sets.hpp"
#include "source/provenance.hpp"

namespace zkscan::audit {

// The keys of a tree are the union of its entries' keys, so they are computed once per
// distinct (tree id, path) and shared by every commit whose tree contains that subtree: the
// cost follows the number of distinct trees in history, as for `zkscan git`'s provenance.
// The path is part of the memo key because whether a key counts can depend on where it sits
// (allowlisted paths, baseline entries).
class TreeKeys {
 public:
  // The keys of `blob` at `path`; called once per (blob, path), only for blobs in `targets`.
  using BlobKeys = std::function<KeySetPool::Id(const git_oid& blob, const std::string& path)>;
  using OnBlob = std::function<void(const std::string& path, const git_oid& blob)>;

  TreeKeys(git_repository* repo, KeySetPool& pool, const source::OidSet& targets, BlobKeys blob_keys);

  // The keys anywhere under `tree` placed at `prefix` ("" for a commit's root tree). A tree
  // that cannot be read holds no key (the object scan reports it as missing).
  KeySetPool::Id keys(const git_oid& tree, const std::string& prefix);

  // Calls `on_blob(path, blob)` for every target blob under `tree` at `prefix`, descending only
  // into subtrees that hold a key. With `seen`, (tree, path) pairs already in it are skipped and
  // the ones walked are added: successive walks visit only what changed.
  void walk(const git_oid& tree, const std::string& prefix, std::unordered_set<std::string>* seen,
            const OnBlob& on_blob);

  // Target blobs found in at least one tree passed to keys().
  const source::OidSet& reached() const { return reached_; }
  // Distinct (tree, path) pairs read.
  size_t trees_read() const { return memo_.size(); }

 private:
  git_repository* repo_;
  KeySetPool& pool_;
  const source::OidSet& targets_;
  BlobKeys blob_keys_;
  std::unordered_map<std::string, KeySetPool::Id> memo_;  // raw tree id + path -> keys
  source::OidSet reached_;
};

// The memo key of an object at a path: its 20 raw id bytes followed by the path.
std::string place_key(const git_oid& id, const std::string& path);

}  // namespace zkscan::audit
