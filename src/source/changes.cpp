// Tree-to-index and tree-to-tree diffs through libgit2 (no content loaded but for rename detection).
#include "source/changes.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "model/error.hpp"
#include "source/index_file.hpp"
#include "source/object_store.hpp"
#include "source/provenance.hpp"

namespace zkscan::source {
namespace {

bool is_blob_mode(uint32_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE || mode == GIT_FILEMODE_LINK;
}

// Reads one object; false when it cannot.
using ObjectReader = std::function<bool(const git_oid&, RawObject&)>;

// Calls `f(delta)` for every delta that puts a blob at a path.
template <typename F>
void for_each_addition(git_diff* diff, F f) {
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES;
  ffi::git_check(git_diff_find_similar(diff, &find), "cannot detect renames");
  size_t n = git_diff_num_deltas(diff);
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff, i);
    switch (d->status) {
      case GIT_DELTA_ADDED:
      case GIT_DELTA_MODIFIED:
      case GIT_DELTA_RENAMED:
      case GIT_DELTA_COPIED:
      case GIT_DELTA_TYPECHANGE:
        if (is_blob_mode(d->new_file.mode)) f(*d);
        break;
      default:
        break;
    }
  }
}

ffi::GitTree tree_of(git_repository* repo, const git_oid& commit_id) {
  ffi::GitCommit commit;
  ffi::git_check(git_commit_lookup(commit.out(), repo, &commit_id),
                 fmt::format("cannot read commit {}", source::oid_hex(commit_id)));
  ffi::GitTree tree;
  ffi::git_check(git_commit_tree(tree.out(), commit.get()),
                 fmt::format("cannot read the tree of {}", source::oid_hex(commit_id)));
  return tree;
}

git_oid resolve(git_repository* repo, const std::string& rev) {
  ffi::GitObject obj;
  if (git_revparse_single(obj.out(), repo, rev.c_str()) < 0)
    throw Error(fmt::format("unknown revision '{}': {}", rev, ffi::git_last_error()));
  ffi::GitObject commit;
  if (git_object_peel(commit.out(), obj.get(), GIT_OBJECT_COMMIT) < 0)
    throw Error(fmt::format("revision '{}' is not a commit", rev));
  return *git_object_id(commit.get());
}

// A directory of HEAD's tree: its entries by name (views into the object, hence not movable).
struct TreeDir {
  TreeDir(const ObjectReader& read, const git_oid& id) {
    if (!read(id, object) || object.type != GIT_OBJECT_TREE)
      throw Error(fmt::format("cannot read tree {}", oid_hex(id)));
    for_each_tree_entry(object.data, [&](const RawTreeEntry& e) { by_name.emplace(e.name, e); });
  }
  TreeDir(const TreeDir&) = delete;
  TreeDir& operator=(const TreeDir&) = delete;

  RawObject object;
  std::unordered_map<std::string_view, RawTreeEntry> by_name;
};

// Compares index entries [begin, end), all under `prefix`, with the HEAD tree `tree` (null
// when the directory is new). A directory whose cache-tree id equals the HEAD tree's id is
// unchanged and not looked at: the walk follows the change, not the repository.
class StagedWalk {
 public:
  StagedWalk(const ObjectReader& read, const std::vector<IndexEntry>& entries)
      : read_(read), entries_(entries) {}

  void compare(const std::string& prefix, const git_oid* tree_id, const CacheTree* cache,
               size_t begin, size_t end) {
    if (tree_id != nullptr && cache != nullptr && cache->entries >= 0 && oid_equal(cache->id, *tree_id))
      return;
    std::optional<TreeDir> tree;
    if (tree_id != nullptr) tree.emplace(read_, *tree_id);
    std::unordered_set<std::string_view> present;  // names the index has in this directory
    auto in_tree = [&](std::string_view name) -> const RawTreeEntry* {
      present.insert(name);
      if (!tree) return nullptr;
      auto it = tree->by_name.find(name);
      return it != tree->by_name.end() ? &it->second : nullptr;
    };
    for (size_t i = begin; i < end;) {
      std::string_view rest = entries_[i].path.substr(prefix.size());
      size_t slash = rest.find('/');
      if (slash == std::string_view::npos) {
        const IndexEntry& e = entries_[i++];
        if (e.stage != 0 || e.intent_to_add || !is_blob_mode(e.mode)) continue;
        const RawTreeEntry* old = in_tree(rest);
        bool old_blob = old != nullptr && is_blob_mode(old->mode);
        if (old_blob && oid_equal(old->id, e.id)) continue;
        Change c;
        c.path = e.path;
        c.blob = e.id;
        if (old_blob) c.before.push_back(old->id);
        changes.push_back(std::move(c));
        continue;
      }
      std::string_view dir = rest.substr(0, slash);
      std::string child_prefix = prefix + std::string(dir) + "/";
      size_t j = i;
      while (j < end && entries_[j].path.starts_with(child_prefix)) ++j;
      const RawTreeEntry* old = in_tree(dir);
      const git_oid* child_tree = old != nullptr && old->mode == GIT_FILEMODE_TREE ? &old->id : nullptr;
      compare(child_prefix, child_tree, cache != nullptr ? cache->child(dir) : nullptr, i, j);
      i = j;
    }
    if (tree)
      for (const auto& [name, e] : tree->by_name)
        if (present.count(name) == 0) deleted.push_back(Dropped{e.id, e.mode});
  }

  // Every blob under what the index dropped (trees expanded; submodules are not blobs).
  std::vector<git_oid> deleted_blobs() const {
    std::vector<git_oid> out;
    std::vector<Dropped> todo = deleted;
    while (!todo.empty()) {
      Dropped d = todo.back();
      todo.pop_back();
      if (is_blob_mode(d.mode)) {
        out.push_back(d.id);
      } else if (d.mode == GIT_FILEMODE_TREE) {
        TreeDir sub(read_, d.id);
        for (const auto& [name, e] : sub.by_name) todo.push_back(Dropped{e.id, e.mode});
      }
    }
    return out;
  }

  struct Dropped {
    git_oid id;
    uint32_t mode;
  };
  std::vector<Change> changes;
  std::vector<Dropped> deleted;  // in HEAD, not in the index
 private:
  const ObjectReader& read_;
  const std::vector<IndexEntry>& entries_;
};

// The index against HEAD's tree (none on an unborn branch).
std::vector<Change> staged_walk(const IndexFile& index, const std::optional<git_oid>& head_tree,
                                const ObjectReader& read) {
  StagedWalk walk(read, index.entries);
  walk.compare("", head_tree ? &*head_tree : nullptr, index.cache_tree ? &*index.cache_tree : nullptr,
               0, index.entries.size());
  // A file that moved keeps its keys: what the index dropped counts as a previous version
  // of what it added.
  bool added = std::any_of(walk.changes.begin(), walk.changes.end(),
                           [](const Change& c) { return c.before.empty(); });
  if (added && !walk.deleted.empty()) {
    std::vector<git_oid> gone = walk.deleted_blobs();
    for (Change& c : walk.changes)
      if (c.before.empty()) c.before = gone;
  }
  return std::move(walk.changes);
}

// The tree of commit `id`.
git_oid commit_tree(const ObjectReader& read, const git_oid& id) {
  RawObject commit;
  CommitMeta meta;
  std::string_view message;
  if (!read(id, commit) || commit.type != GIT_OBJECT_COMMIT || !parse_commit(commit.data, meta, message))
    throw Error(fmt::format("cannot read commit {}", oid_hex(id)));
  return meta.tree;
}

// The index file a commit in progress stages into: git commit -a and git commit <paths> use a
// temporary one and tell hooks through GIT_INDEX_FILE (absolute, or relative to the current
// directory). Empty: the repository's own.
std::string index_file_override() {
  const char* file = std::getenv("GIT_INDEX_FILE");
  return file != nullptr ? file : "";
}

// The libgit2 route, for index files the reader above does not handle.
std::vector<Change> staged_changes_libgit2(git_repository* repo, git_tree* head_tree) {
  ffi::GitIndex index;
  if (std::string file = index_file_override(); !file.empty())
    ffi::git_check(git_index_open(index.out(), file.c_str()),
                   fmt::format("cannot read the index {}", file));
  else
    ffi::git_check(git_repository_index(index.out(), repo), "cannot read the index");
  git_diff_options opts;
  git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
  ffi::GitDiff diff;
  ffi::git_check(git_diff_tree_to_index(diff.out(), repo, head_tree, index.get(), &opts),
                 "cannot compare the index with HEAD");
  std::vector<Change> out;
  for_each_addition(diff.get(), [&](const git_diff_delta& d) {
    Change c;
    c.path = d.new_file.path;
    c.blob = d.new_file.id;
    if (!oid_is_zero(d.old_file.id) && is_blob_mode(d.old_file.mode)) c.before.push_back(d.old_file.id);
    out.push_back(std::move(c));
  });
  return out;
}

}  // namespace

std::vector<Change> staged_changes(git_repository* repo) {
  // A bare repository has no index file, which reads as an empty index: that would look like
  // a clean commit, not like the mistake it is.
  if (git_repository_is_bare(repo) == 1)
    throw Error(fmt::format("--staged needs a work tree, and {} is a bare repository",
                            git_repository_path(repo)));
  ffi::GitOdb odb;
  ffi::git_check(git_repository_odb(odb.out(), repo), "cannot open the object database");
  ObjectReader read = [&](const git_oid& id, RawObject& out) {
    ffi::GitOdbObject obj;
    if (git_odb_read(obj.out(), odb.get(), &id) < 0) return false;
    out.type = git_odb_object_type(obj.get());
    out.data.assign(static_cast<const char*>(git_odb_object_data(obj.get())), git_odb_object_size(obj.get()));
    return true;
  };
  // An unborn branch (first commit): everything in the index is new.
  std::optional<git_oid> head_tree;
  git_oid head;
  if (git_reference_name_to_id(&head, repo, "HEAD") == 0) head_tree = commit_tree(read, head);

  std::string file = index_file_override();
  if (file.empty()) file = std::string(git_repository_path(repo)) + "index";
  if (std::optional<IndexFile> index = read_index_file(file)) return staged_walk(*index, head_tree, read);
  ffi::GitTree tree;
  if (head_tree)
    ffi::git_check(git_tree_lookup(tree.out(), repo, &*head_tree),
                   fmt::format("cannot read tree {}", oid_hex(*head_tree)));
  return staged_changes_libgit2(repo, tree.get());
}

std::optional<std::vector<Change>> staged_changes(const GitDirs& dirs, const Head& head,
                                                  const ObjectStore& objects) {
  std::string file = index_file_override();
  std::optional<IndexFile> index = read_index_file(file.empty() ? dirs.git_dir + "/index" : file);
  if (!index) return std::nullopt;
  ObjectReader read = [&](const git_oid& id, RawObject& out) { return objects.read(id, out); };
  try {
    std::optional<git_oid> head_tree;
    if (!head.unborn) head_tree = commit_tree(read, head.commit);
    return staged_walk(*index, head_tree, read);
  } catch (const Error&) {
    return std::nullopt;  // an object this reader cannot read: libgit2 says what is wrong
  }
}

Range parse_range(git_repository* repo, const std::string& spec, bool since) {
  Range r;
  if (since) {
    r.exclude.push_back(resolve(repo, spec));
    r.include.push_back(resolve(repo, "HEAD"));
    return r;
  }
  size_t dots = spec.find("..");
  if (dots == std::string::npos || spec.find("...") != std::string::npos)
    throw Error(fmt::format("--range expects A..B, not '{}'", spec));
  std::string from = spec.substr(0, dots), to = spec.substr(dots + 2);
  r.exclude.push_back(resolve(repo, from.empty() ? "HEAD" : from));
  r.include.push_back(resolve(repo, to.empty() ? "HEAD" : to));
  return r;
}

namespace {

// The range through libgit2's revwalk: fast on long histories, but it needs every parent.
std::vector<git_oid> walk_range(git_repository* repo, const Range& range) {
  ffi::GitRevwalk walk;
  ffi::git_check(git_revwalk_new(walk.out(), repo), "cannot walk history");
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  for (const git_oid& id : range.include)
    ffi::git_check(git_revwalk_push(walk.get(), &id), "cannot walk history");
  for (const git_oid& id : range.exclude)
    ffi::git_check(git_revwalk_hide(walk.get(), &id), "cannot walk history");
  std::vector<git_oid> out;
  git_oid id;
  int rc;
  while ((rc = git_revwalk_next(&id, walk.get())) == 0) out.push_back(id);
  if (rc != GIT_ITEROVER) ffi::git_check(rc, "cannot walk history");
  return out;
}

// The range in a shallow clone (libgit2 does not know where a shallow history stops): every
// commit reachable from `include` and not from `exclude`, the walks stopping at the shallow
// commits. A shallow history is short, so both sides are walked in full.
std::vector<git_oid> walk_shallow_range(git_repository* repo, const Range& range,
                                        const std::vector<git_oid>& shallow) {
  std::unordered_map<git_oid, CommitMeta, OidHash, OidEqual> seen;
  auto reach = [&](const std::vector<git_oid>& starts) {
    OidSet out;
    std::vector<git_oid> todo = starts;
    while (!todo.empty()) {
      git_oid id = todo.back();
      todo.pop_back();
      if (!out.insert(id).second) continue;
      auto [it, added] = seen.try_emplace(id);
      CommitMeta& meta = it->second;
      if (added) {
        ffi::GitCommit commit;
        ffi::git_check(git_commit_lookup(commit.out(), repo, &id),
                       fmt::format("cannot read commit {}", source::oid_hex(id)));
        meta.id = id;
        meta.commit_time = git_commit_time(commit.get());
        if (!std::binary_search(shallow.begin(), shallow.end(), id, OidLess{}))
          for (unsigned p = 0; p < git_commit_parentcount(commit.get()); ++p)
            meta.parents.push_back(*git_commit_parent_id(commit.get(), p));
      }
      todo.insert(todo.end(), meta.parents.begin(), meta.parents.end());
    }
    return out;
  };
  OidSet hidden = reach(range.exclude);
  std::vector<CommitMeta> commits;
  for (const git_oid& id : reach(range.include))
    if (hidden.count(id) == 0) commits.push_back(seen.at(id));
  std::vector<git_oid> out;
  for (size_t i : oldest_first(commits)) out.push_back(commits[i].id);
  return out;
}

}  // namespace

RangeChanges range_changes(git_repository* repo, const Range& range,
                           const std::vector<git_oid>& shallow) {
  auto is_shallow = [&](const git_oid& id) {
    return std::binary_search(shallow.begin(), shallow.end(), id, OidLess{});
  };
  RangeChanges out;
  out.commits =
      shallow.empty() ? walk_range(repo, range) : walk_shallow_range(repo, range, shallow);
  for (const git_oid& id : out.commits) {
    ffi::GitCommit commit;
    ffi::git_check(git_commit_lookup(commit.out(), repo, &id), fmt::format("cannot read commit {}", source::oid_hex(id)));
    ffi::GitTree tree = tree_of(repo, id);
    unsigned parents = git_commit_parentcount(commit.get());
    if (parents != 0 && is_shallow(id)) {
      parents = 0;
      out.cut.push_back(id);
    }
    std::vector<ffi::GitTree> parent_trees;
    for (unsigned p = 0; p < parents; ++p) parent_trees.push_back(tree_of(repo, *git_commit_parent_id(commit.get(), p)));

    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    ffi::GitDiff diff;
    ffi::git_check(git_diff_tree_to_tree(diff.out(), repo, parents ? parent_trees[0].get() : nullptr,
                                         tree.get(), &opts),
                   fmt::format("cannot diff commit {}", source::oid_hex(id)));
    for_each_addition(diff.get(), [&](const git_diff_delta& d) {
      Change c;
      c.path = d.new_file.path;
      c.blob = d.new_file.id;
      c.commit = id;
      if (!oid_is_zero(d.old_file.id) && is_blob_mode(d.old_file.mode)) c.before.push_back(d.old_file.id);
      // A merge adds only what differs from every parent.
      for (size_t p = 1; p < parent_trees.size(); ++p) {
        ffi::GitTreeEntry entry;
        if (git_tree_entry_bypath(entry.out(), parent_trees[p].get(), c.path.c_str()) < 0) continue;
        const git_oid* other = git_tree_entry_id(entry.get());
        if (oid_equal(*other, c.blob)) return;
        c.before.push_back(*other);
      }
      out.changes.push_back(std::move(c));
    });
  }
  return out;
}

}  // namespace zkscan::source
