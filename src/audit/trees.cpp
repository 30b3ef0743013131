// The tree dynamic program of the audit: sets of key occurrences per (tree, path).
#include "audit/trees.hpp"

#include <vector>

#include "util/file.hpp"

namespace zkscan::audit {

std::string place_key(const git_oid& id, const std::string& path) {
  std::string key(reinterpret_cast<const char*>(id.id), GIT_OID_RAWSZ);
  key += path;
  return key;
}

TreeSets::TreeSets(git_repository* repo, KeySetPool& pool, const source::OidSet& targets,
                   BlobSet blob_set)
    : repo_(repo), pool_(pool), targets_(targets), blob_set_(std::move(blob_set)) {}

KeySetPool::Id TreeSets::of(const git_oid& tree_id, const std::string& prefix) {
  std::string memo_key = place_key(tree_id, prefix);
  if (auto it = memo_.find(memo_key); it != memo_.end()) return it->second;
  KeySetPool::Id out = KeySetPool::kEmpty;
  ffi::GitTree tree;
  if (git_tree_lookup(tree.out(), repo_, &tree_id) == 0) {
    size_t n = git_tree_entrycount(tree.get());
    for (size_t i = 0; i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
      const git_oid& id = *git_tree_entry_id(e);
      switch (git_tree_entry_type(e)) {
        case GIT_OBJECT_TREE:
          out = pool_.unite(out, of(id, util::join_path(prefix, git_tree_entry_name(e))));
          break;
        case GIT_OBJECT_BLOB:
          if (targets_.count(id) != 0) {
            reached_.insert(id);
            out = pool_.unite(out, blob_set_(id, util::join_path(prefix, git_tree_entry_name(e))));
          }
          break;
        default:
          break;  // submodules: another repository
      }
    }
  }
  memo_.emplace(std::move(memo_key), out);
  return out;
}

}  // namespace zkscan::audit
