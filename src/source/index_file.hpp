// A reader for git's index file (versions 2-4) and its cache-tree extension, for --staged.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/oid.hpp"

namespace zkscan::source {

struct IndexEntry {
  std::string_view path;  // into IndexFile's storage
  git_oid id{};
  uint32_t mode = 0;
  unsigned stage = 0;          // 0 unless the path is in conflict
  bool intent_to_add = false;  // `git add -N`: no content staged yet
};

// The cache-tree ("TREE" extension): for each directory, the tree id that the index entries
// under it would write, or invalid when an entry under it changed since.
struct CacheTree {
  std::string_view name;  // path component ("" for the root), into IndexFile's storage
  int64_t entries = -1;  // -1: invalid
  git_oid id{};
  std::vector<CacheTree> children;
  const CacheTree* child(std::string_view component) const;
};

struct IndexFile {
  std::vector<IndexEntry> entries;  // sorted by path, as git writes them
  std::optional<CacheTree> cache_tree;
  // What the paths and names point into: the file, and version 4's decompressed paths. One
  // block instead of a string per entry: a pre-commit run reads indexes of 100,000 entries.
  std::unique_ptr<char[]> file;
  std::string v4_paths;
};

// Parses the index file at `path`. Returns nullopt when the file uses something this reader
// does not handle (split or sparse index, an unknown version) or is malformed: callers then
// fall back to libgit2. A missing file is an empty index.
std::optional<IndexFile> read_index_file(const std::string& path);

}  // namespace zkscan::source
