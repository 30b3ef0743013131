// Opening repositories and reading git's raw objects: shared by every history source.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "ffi/git.hpp"

namespace zkscan::source {

struct OidHash {
  size_t operator()(const git_oid& oid) const noexcept {
    size_t h;
    std::memcpy(&h, oid.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept { return git_oid_equal(&a, &b) != 0; }
};
struct OidLess {
  bool operator()(const git_oid& a, const git_oid& b) const noexcept { return git_oid_cmp(&a, &b) < 0; }
};

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

// ISO 8601 in UTC: 2026-01-31T10:00:00Z.
std::string iso_date(int64_t unix_time);

}  // namespace zkscan::source
