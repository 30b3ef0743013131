// Tree walks for provenance: memoized by (tree, path) so unchanged subtrees are skipped.
#include "source/provenance.hpp"

#include <queue>
#include <tuple>

namespace zkscan::source {
namespace {

// Calls `f(name, id, is_tree)` for each entry of a raw tree object, submodules excepted.
template <typename F>
void for_each_entry(std::string_view raw, F&& f) {
  while (!raw.empty()) {
    size_t space = raw.find(' ');
    size_t nul = raw.find('\0');
    if (space == std::string_view::npos || nul == std::string_view::npos || space > nul ||
        nul + 1 + GIT_OID_RAWSZ > raw.size())
      return;
    std::string_view mode = raw.substr(0, space);
    git_oid id;
    git_oid_fromraw(&id, reinterpret_cast<const unsigned char*>(raw.data() + nul + 1));
    if (mode != "160000") f(raw.substr(space + 1, nul - space - 1), id, mode == "40000");
    raw.remove_prefix(nul + 1 + GIT_OID_RAWSZ);
  }
}

// Walks the tree `tree_id` at `prefix`, calling `on_blob(path, id)`. `seen` holds (tree id,
// prefix) pairs already walked; pass nullptr to walk everything. Trees are read straight
// from the object database: no object cache to grow, no parsed git_tree to build.
template <typename F>
void walk_tree(git_odb* odb, const git_oid& tree_id, const std::string& prefix,
               std::unordered_set<std::string>* seen, F& on_blob) {
  if (seen != nullptr) {
    std::string key(reinterpret_cast<const char*>(tree_id.id), GIT_OID_RAWSZ);
    key += prefix;
    if (!seen->insert(std::move(key)).second) return;
  }
  ffi::GitOdbObject tree;
  if (git_odb_read(tree.out(), odb, &tree_id) < 0) return;  // missing: reported by the scan
  std::string_view raw(static_cast<const char*>(git_odb_object_data(tree.get())),
                       git_odb_object_size(tree.get()));
  for_each_entry(raw, [&](std::string_view name, const git_oid& id, bool is_tree) {
    std::string path = prefix.empty() ? std::string(name) : prefix + "/" + std::string(name);
    if (is_tree)
      walk_tree(odb, id, path, seen, on_blob);
    else
      on_blob(path, id);
  });
}

git_odb* odb_of(git_repository* repo, ffi::GitOdb& holder) {
  ffi::git_check(git_repository_odb(holder.out(), repo), "cannot open the object database");
  return holder.get();
}

}  // namespace

std::vector<size_t> oldest_first(const std::vector<CommitMeta>& commits) {
  std::unordered_map<git_oid, size_t, OidHash, OidEqual> index;
  for (size_t i = 0; i < commits.size(); ++i) index.emplace(commits[i].id, i);
  std::vector<std::vector<size_t>> children(commits.size());
  std::vector<size_t> waiting(commits.size(), 0);
  for (size_t i = 0; i < commits.size(); ++i) {
    for (const git_oid& p : commits[i].parents) {
      auto it = index.find(p);
      if (it == index.end()) continue;  // shallow boundary or missing parent
      children[it->second].push_back(i);
      ++waiting[i];
    }
  }
  using Item = std::tuple<int64_t, git_oid, size_t>;
  auto later = [](const Item& a, const Item& b) {
    return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) > std::get<0>(b)
                                            : git_oid_cmp(&std::get<1>(a), &std::get<1>(b)) > 0;
  };
  std::priority_queue<Item, std::vector<Item>, decltype(later)> ready(later);
  for (size_t i = 0; i < commits.size(); ++i)
    if (waiting[i] == 0) ready.emplace(commits[i].commit_time, commits[i].id, i);
  std::vector<size_t> order;
  order.reserve(commits.size());
  while (!ready.empty()) {
    size_t i = std::get<2>(ready.top());
    ready.pop();
    order.push_back(i);
    for (size_t c : children[i])
      if (--waiting[c] == 0) ready.emplace(commits[c].commit_time, commits[c].id, c);
  }
  return order;  // a parent cycle (impossible in git) would leave commits out
}

Appearances attribute_blobs(git_repository* repo, const std::vector<CommitMeta>& commits,
                            const OidSet& targets) {
  Appearances out;
  ffi::GitOdb odb;
  odb_of(repo, odb);
  std::unordered_set<std::string> seen_trees;
  std::unordered_set<std::string> seen_places;  // blob id + path already attributed
  for (size_t i : oldest_first(commits)) {
    auto on_blob = [&](const std::string& path, const git_oid& blob) {
      if (targets.count(blob) == 0) return;
      std::string key(reinterpret_cast<const char*>(blob.id), GIT_OID_RAWSZ);
      key += path;
      if (seen_places.insert(std::move(key)).second) out[blob].push_back({path, i});
    };
    walk_tree(odb.get(), commits[i].tree, "", &seen_trees, on_blob);
  }
  return out;
}

OidSet blobs_in_tree(git_repository* repo, const git_oid* commit, const OidSet& targets) {
  OidSet found;
  git_oid head;
  if (commit == nullptr) {
    if (git_reference_name_to_id(&head, repo, "HEAD") < 0) return found;  // unborn HEAD
    commit = &head;
  }
  ffi::GitCommit c;
  if (git_commit_lookup(c.out(), repo, commit) < 0) return found;
  auto on_blob = [&](const std::string&, const git_oid& blob) {
    if (targets.count(blob) != 0) found.insert(blob);
  };
  ffi::GitOdb odb;
  walk_tree(odb_of(repo, odb), *git_commit_tree_id(c.get()), "", nullptr, on_blob);
  return found;
}

}  // namespace zkscan::source
