// Reading a few git objects by id without libgit2: the pre-commit path reads HEAD's commit,
// some trees and the staged blobs, and loading libgit2 would cost more than reading them.
#pragma once

#include <git2.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace zkscan::source {

// A git object as stored: its type and its content (without the "blob 123\0" header).
struct RawObject {
  git_object_t type = GIT_OBJECT_INVALID;
  std::string data;
};

// Reads objects by id from a repository's object directory without libgit2: loose objects,
// packs (through their v2 .idx), and the alternates listed in objects/info/alternates.
// Opening lists the pack directories and reads info/alternates; an .idx is mapped, and its
// pack opened, when a lookup first needs it. Reading is thread-safe.
class ObjectStore {
 public:
  explicit ObjectStore(const std::string& objects_dir);  // e.g. "<common dir>/objects"
  ObjectStore(ObjectStore&&) noexcept;
  ObjectStore& operator=(ObjectStore&&) noexcept;
  ~ObjectStore();

  // False when the object is not found or cannot be decoded here (missing, corrupt, a pack
  // without a usable v2 .idx, ...): callers then fall back to libgit2, which reports what is
  // really wrong. Never throws for a bad repository.
  bool read(const git_oid& id, RawObject& out) const;

 private:
  class Pack;
  struct Source;                                // an object directory: this one, or an alternate
  class Lookup;                                 // one read()
  using DirId = std::pair<uint64_t, uint64_t>;  // device and inode

  void add_source(const std::string& dir);
  void add_alternates(const std::string& dir, int depth, std::vector<DirId>& seen);

  std::vector<Source> sources_;
};

}  // namespace zkscan::source
