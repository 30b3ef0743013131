// Opening repositories and reading git's raw objects: shared by every history source.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "ffi/git.hpp"
#include "source/oid.hpp"

namespace zkscan::source {

// Opens a work tree, a bare repository or a .git directory, also from a subdirectory.
// Throws zkscan::Error("not a git repository: …") otherwise.
ffi::GitRepository open_repository(const std::string& path);

// The directory reported paths are relative to: the work tree, or the git directory if bare.
std::string repository_root(git_repository* repo);

// What zkscan keeps of a commit: enough to order commits and attribute findings.
struct CommitMeta {
  git_oid id{};
  git_oid tree{};
  std::vector<git_oid> parents;
  std::string author;  // "Name <email>"
  int64_t author_time = 0;
  int64_t commit_time = 0;
};

// Parses a raw commit object ("tree …\nparent …\nauthor …\n\nmessage"); `message` receives
// the message part. Returns false for a malformed commit.
bool parse_commit(std::string_view raw, CommitMeta& out, std::string_view& message);

// A raw annotated tag: its target, tagger ("Name <email>", time) and message.
struct TagMeta {
  git_oid target{};
  git_object_t target_type = GIT_OBJECT_INVALID;
  std::string tagger;
  int64_t tag_time = 0;
};
bool parse_tag(std::string_view raw, TagMeta& out, std::string_view& message);

// "blob", "tree", "commit" or "tag" as the type they name; GIT_OBJECT_INVALID otherwise.
git_object_t object_type_named(std::string_view name);

// An entry of a raw tree object ("<octal mode> <name>\0<20-byte id>").
struct RawTreeEntry {
  uint32_t mode = 0;  // a git_filemode_t: GIT_FILEMODE_TREE, GIT_FILEMODE_COMMIT (submodule), ...
  std::string_view name;
  git_oid id{};
};

// Calls `f(entry)` for each entry of a raw tree object, in order; stops at a malformed entry.
template <typename F>
void for_each_tree_entry(std::string_view raw, F&& f) {
  while (!raw.empty()) {
    size_t nul = raw.find('\0');
    if (nul == std::string_view::npos || nul + 1 + GIT_OID_RAWSZ > raw.size()) return;
    RawTreeEntry e;
    size_t i = 0;
    for (; i < nul && raw[i] >= '0' && raw[i] <= '7'; ++i) e.mode = e.mode << 3 | static_cast<uint32_t>(raw[i] - '0');
    if (i == 0 || i >= nul || raw[i] != ' ') return;
    e.name = raw.substr(i + 1, nul - i - 1);
    e.id = oid_from_raw(reinterpret_cast<const unsigned char*>(raw.data() + nul + 1));
    f(e);
    raw.remove_prefix(nul + 1 + GIT_OID_RAWSZ);
  }
}

// ISO 8601 in UTC: 2026-01-31T10:00:00Z.
std::string iso_date(int64_t unix_time);

}  // namespace zkscan::source
