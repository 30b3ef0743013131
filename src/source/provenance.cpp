// Provenance: a pruned tree index built from the packs, walked oldest commit first with (tree, path) memoization.
#include "source/provenance.hpp"

#include <filesystem>
#include <mutex>
#include <queue>
#include <tuple>

#include "source/pack_reader.hpp"

namespace zkscan::source {
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
                                            : oid_cmp(std::get<1>(a), std::get<1>(b)) > 0;
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

TreeIndex::TreeIndex(git_repository* repo, const OidSet& targets, unsigned threads, bool preload)
    : repo_(repo), targets_(targets) {
  namespace fs = std::filesystem;
  if (!preload) return;
  // Each worker collects its own nodes; one map is filled once they are done (no lock per tree).
  std::vector<std::vector<std::pair<git_oid, std::unique_ptr<Node>>>> found(std::max(threads, 1u));
  auto keep = [&](unsigned w, const git_oid& id, git_object_t, std::string_view raw) {
    found[w].emplace_back(id, make_node(raw));
  };
  std::error_code ec;
  fs::path pack_dir = fs::path(git_repository_commondir(repo)) / "objects" / "pack";  // worktrees too
  for (const auto& entry : fs::directory_iterator(pack_dir, ec))
    if (entry.path().extension() == ".pack") read_pack(entry.path().string(), threads, keep, GIT_OBJECT_TREE);
  size_t total = 0;
  for (const auto& f : found) total += f.size();
  nodes_.reserve(total);
  for (auto& f : found)
    for (auto& [id, n] : f) nodes_.emplace(id, std::move(n));
}

TreeIndex::~TreeIndex() = default;

TreeIndex::Node* TreeIndex::node(const git_oid& tree) {
  if (auto it = nodes_.find(tree); it != nodes_.end()) return it->second.get();
  // Not in a pack (a loose tree, an alternate): read it through libgit2 once.
  ffi::GitOdb odb;
  ffi::GitOdbObject obj;
  if (git_repository_odb(odb.out(), repo_) < 0 || git_odb_read(obj.out(), odb.get(), &tree) < 0 ||
      git_odb_object_type(obj.get()) != GIT_OBJECT_TREE)
    return nullptr;  // missing: the scan reports it
  std::string_view raw(static_cast<const char*>(git_odb_object_data(obj.get())), git_odb_object_size(obj.get()));
  return nodes_.emplace(tree, make_node(raw)).first->second.get();
}

std::unique_ptr<TreeIndex::Node> TreeIndex::make_node(std::string_view raw_tree) const {
  auto n = std::make_unique<Node>();
  for_each_tree_entry(raw_tree, [&](const RawTreeEntry& e) {
    if (e.mode == GIT_FILEMODE_TREE)
      n->subtrees.emplace_back(std::string(e.name), e.id);
    else if (e.mode != GIT_FILEMODE_COMMIT && targets_.count(e.id) != 0)
      n->blobs.emplace_back(std::string(e.name), e.id);
  });
  return n;
}

bool TreeIndex::contains_target(const git_oid& tree) {
  Node* n = node(tree);
  if (n == nullptr) return false;
  if (n->contains < 0) {
    n->contains = !n->blobs.empty();
    for (size_t i = 0; i < n->subtrees.size() && n->contains == 0; ++i)
      n->contains = contains_target(n->subtrees[i].second);
  }
  return n->contains == 1;
}

Appearances TreeIndex::attribute(const std::vector<CommitMeta>& commits) {
  Appearances out;
  std::unordered_set<std::string> seen_trees;
  std::unordered_set<std::string> seen_places;  // blob id + path already attributed
  for (size_t i : oldest_first(commits)) {
    walk(commits[i].tree, "", &seen_trees, [&](const std::string& path, const git_oid& blob) {
      std::string key(reinterpret_cast<const char*>(blob.id), GIT_OID_RAWSZ);
      key += path;
      if (seen_places.insert(std::move(key)).second) out[blob].push_back({path, i});
    });
  }
  return out;
}

OidSet TreeIndex::targets_in(const git_oid& tree) {
  OidSet found;
  walk(tree, "", nullptr, [&](const std::string&, const git_oid& blob) { found.insert(blob); });
  return found;
}

bool tree_of_commit(git_repository* repo, const git_oid* commit, git_oid& tree) {
  git_oid head;
  if (commit == nullptr) {
    if (git_reference_name_to_id(&head, repo, "HEAD") < 0) return false;  // unborn HEAD
    commit = &head;
  }
  ffi::GitCommit c;
  if (git_commit_lookup(c.out(), repo, commit) < 0) return false;
  tree = *git_commit_tree_id(c.get());
  return true;
}

Appearances attribute_blobs(git_repository* repo, const std::vector<CommitMeta>& commits,
                            const OidSet& targets, unsigned threads) {
  return TreeIndex(repo, targets, threads, true).attribute(commits);
}

OidSet blobs_in_tree(git_repository* repo, const git_oid* commit, const OidSet& targets, unsigned threads) {
  git_oid tree;
  if (!tree_of_commit(repo, commit, tree)) return {};
  return TreeIndex(repo, targets, threads, false).targets_in(tree);
}

}  // namespace zkscan::source
