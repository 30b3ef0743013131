// Repository opening and raw commit/tag parsing (faster than a lookup per object, and thread-free).
#include "source/git_repo.hpp"

#include <fmt/core.h>

#include <charconv>
#include <ctime>

#include "model/error.hpp"

namespace zkscan::source {
namespace {

// "Name <email> 1700000000 +0100" → ("Name <email>", 1700000000).
void parse_signature(std::string_view s, std::string& who, int64_t& when) {
  size_t close = s.rfind('>');
  who = std::string(s.substr(0, close == std::string_view::npos ? s.size() : close + 1));
  when = 0;
  if (close == std::string_view::npos) return;
  std::string_view rest = s.substr(close + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  std::from_chars(rest.data(), rest.data() + rest.size(), when);
}

bool parse_oid(std::string_view hex, git_oid& out) {
  return oid_from_hex(hex, out);
}

// Calls `header(name, value)` for each header line; returns the message after the blank line.
template <typename F>
std::string_view for_each_header(std::string_view raw, F header) {
  while (!raw.empty()) {
    size_t nl = raw.find('\n');
    std::string_view line = raw.substr(0, nl);
    raw = nl == std::string_view::npos ? std::string_view{} : raw.substr(nl + 1);
    if (line.empty()) return raw;
    if (line.front() == ' ') continue;  // continuation of a multi-line header (gpgsig)
    size_t sp = line.find(' ');
    if (sp != std::string_view::npos) header(line.substr(0, sp), line.substr(sp + 1));
  }
  return raw;
}

}  // namespace

ffi::GitRepository open_repository(const std::string& path) {
  ffi::git_init();
  ffi::GitRepository repo;
  if (git_repository_open_ext(repo.out(), path.c_str(), 0, nullptr) != 0)
    throw Error(fmt::format("not a git repository: {} ({})", path, ffi::git_last_error()));
  return repo;
}

std::string repository_root(git_repository* repo) {
  const char* dir = git_repository_workdir(repo);
  std::string root = dir != nullptr ? dir : git_repository_path(repo);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root;
}

bool parse_commit(std::string_view raw, CommitMeta& out, std::string_view& message) {
  bool has_tree = false;
  message = for_each_header(raw, [&](std::string_view name, std::string_view value) {
    git_oid oid;
    if (name == "tree") {
      has_tree = parse_oid(value, out.tree);
    } else if (name == "parent" && parse_oid(value, oid)) {
      out.parents.push_back(oid);
    } else if (name == "author") {
      parse_signature(value, out.author, out.author_time);
    } else if (name == "committer") {
      std::string ignored;
      parse_signature(value, ignored, out.commit_time);
    }
  });
  return has_tree;
}

bool parse_tag(std::string_view raw, TagMeta& out, std::string_view& message) {
  bool has_object = false;
  message = for_each_header(raw, [&](std::string_view name, std::string_view value) {
    if (name == "object") {
      has_object = parse_oid(value, out.target);
    } else if (name == "type") {
      out.target_type = object_type_named(value);
    } else if (name == "tagger") {
      parse_signature(value, out.tagger, out.tag_time);
    }
  });
  return has_object;
}

git_object_t object_type_named(std::string_view name) {
  return name == "blob"     ? GIT_OBJECT_BLOB
         : name == "tree"   ? GIT_OBJECT_TREE
         : name == "commit" ? GIT_OBJECT_COMMIT
         : name == "tag"    ? GIT_OBJECT_TAG
                            : GIT_OBJECT_INVALID;
}

std::string iso_date(int64_t unix_time) {
  std::time_t t = static_cast<std::time_t>(unix_time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace zkscan::source
