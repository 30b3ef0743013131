// A reader for git's index file (versions 2-4) and its cache-tree extension, for --staged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <git2.h>

namespace zkscan::source {

struct IndexEntry {
  std::string path;
  git_oid id{};
  uint32_t mode = 0;
  unsigned stage = 0;          // 0 unless the path is in conflict
  bool intent_to_add = false;  // `git add -N`: no content staged yet
};

// The cache-tree ("TREE" extension): for each directory, the tree id that the index entries
// under it would write, or invalid when an entry under it changed since.
struct CacheTree {
  std::string name;  // path component ("" for the root)
  int64_t entries = -1;  // -1: invalid
  git_oid id{};
  std::vector<CacheTree> children;
  const CacheTree* child(std::string_view component) const;
};

struct IndexFile {
  std::vector<IndexEntry> entries;  // sorted by path, as git writes them
  std::optional<CacheTree> cache_tree;
};

// Parses the index file at `path`. Returns nullopt when the file uses something this reader
// does not handle (split or sparse index, an unknown version) or is malformed: callers then
// fall back to libgit2. A missing file is an empty index.
std::optional<IndexFile> read_index_file(const std::string& path);

}  // namespace zkscan::source
