// Repository discovery and HEAD per git's Documentation/gitrepository-layout.txt: only the
// common layouts; anything else is left to libgit2 (see git_dirs.hpp).
#include "source/git_dirs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

#include "ffi/fd.hpp"
#include "ffi/handle.hpp"
#include "util/file.hpp"

namespace zkscan::source {
namespace {

using util::FileRead;

// Control files (HEAD, refs, config, .git files) are small; packed-refs of a big repository is
// not, but is read once.
constexpr size_t kMaxFile = size_t{256} << 20;

FileRead read_file(const std::string& path, std::string& out) {
  return util::read_file(path, out, kMaxFile);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The canonical absolute path (symlinks resolved, as libgit2 reports paths); nullopt if it
// does not exist.
std::optional<std::string> real_path(const std::string& path) {
  ffi::Malloced<char> resolved(::realpath(path.c_str(), nullptr));
  if (!resolved) return std::nullopt;
  return std::string(resolved.get());
}

bool is_dir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string parent_of(const std::string& dir) {
  size_t slash = dir.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : dir.substr(0, slash);
}

// `rel` taken from `dir`, as git reads the paths in .git files and commondir: an absolute
// one stands as it is.
std::string resolve_path(const std::string& dir, std::string_view rel) {
  if (!rel.empty() && rel.front() == '/') return std::string(rel);
  return util::join_path(dir, rel);
}

// Whether a config file leaves the repository a plain work tree this code can read: not
// bare, no core.worktree, no includes, a known format and known extensions only. Lines this
// reader does not understand make it say no. An absent file is fine.
bool plain_config(const std::string& path, bool& worktree_config) {
  std::string text;
  FileRead r = read_file(path, text);
  if (r == FileRead::kAbsent) return true;
  if (r == FileRead::kFailed) return false;
  std::string section;
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = trim(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.back() == '\\') return false;  // a continued value
    if (line.front() == '[') {
      size_t close = line.find(']');
      if (close == std::string_view::npos) return false;
      std::string_view header = line.substr(1, close - 1);
      section = lower(header.substr(0, header.find_first_of(" \t.")));
      if (section == "include" || section == "includeif") return false;
      line = trim(line.substr(close + 1));  // a variable may follow on the same line
      if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    }
    size_t eq = line.find('=');
    std::string key = lower(trim(line.substr(0, eq)));
    std::string value = lower(eq == std::string_view::npos ? "true" : trim(line.substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    bool yes = value == "true" || value == "yes" || value == "on" || value == "1";
    bool no = value == "false" || value == "no" || value == "off" || value == "0" || value.empty();
    if (section == "core") {
      if (key == "worktree" || (key == "bare" && !no)) return false;
      if (key == "repositoryformatversion" && value != "0" && value != "1") return false;
    } else if (section == "extensions") {
      if (key == "worktreeconfig") {
        if (!yes && !no) return false;
        worktree_config = yes;
      } else if (key != "noop" && key != "preciousobjects" && key != "partialclone") {
        return false;  // objectformat, refstorage, …: libgit2 decides
      }
    }
  }
  return true;
}

// A git directory that libgit2 would accept: HEAD, and objects/ and refs/ in the common
// directory. Fills `dirs.common_dir`.
bool valid_git_dir(GitDirs& dirs) {
  if (!exists(dirs.git_dir + "/HEAD")) return false;
  std::string common;
  switch (read_file(dirs.git_dir + "/commondir", common)) {
    case FileRead::kOk: {
      auto resolved = real_path(resolve_path(dirs.git_dir, trim(common)));
      if (!resolved) return false;
      dirs.common_dir = *resolved;
      break;
    }
    case FileRead::kAbsent:
      dirs.common_dir = dirs.git_dir;
      break;
    case FileRead::kFailed:
      return false;
  }
  return is_dir(dirs.common_dir + "/objects") && is_dir(dirs.common_dir + "/refs");
}

// A `.git` file: "gitdir: <path>", relative to the directory holding it.
std::optional<std::string> read_git_link(const std::string& file, const std::string& dir) {
  std::string text;
  if (read_file(file, text) != FileRead::kOk) return std::nullopt;
  std::string_view line = trim(std::string_view(text).substr(0, text.find('\n')));
  if (!line.starts_with("gitdir:")) return std::nullopt;
  return real_path(resolve_path(dir, trim(line.substr(7))));
}

// A ref name HEAD may point at, safe to use as a path under a git directory.
bool plain_ref_name(std::string_view name) {
  if (!name.starts_with("refs/") || name.ends_with("/") || name.ends_with(".lock")) return false;
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == ' ' || c == '~' || c == '^' ||
        c == ':' || c == '?' || c == '*' || c == '[' || c == '\\')
      return false;
  size_t at = 0;
  while (at <= name.size()) {  // no empty, "." or ".." component, none starting with '.'
    size_t slash = std::min(name.find('/', at), name.size());
    if (slash == at || name[at] == '.') return false;
    at = slash + 1;
  }
  return true;
}

// Refs that belong to one work tree, in its own git directory (gitrepository-layout.txt).
bool per_worktree(std::string_view name) {
  return name.starts_with("refs/bisect/") || name.starts_with("refs/worktree/") ||
         name.starts_with("refs/rewritten/");
}

enum class Lookup { kFound, kAbsent, kFailed };

// `name` in packed-refs ("<hex> <name>" lines; "#" header and "^" peeled lines skipped).
Lookup packed_ref(const std::string& common_dir, std::string_view name, git_oid& out) {
  std::string text;
  FileRead r = read_file(common_dir + "/packed-refs", text);
  if (r != FileRead::kOk) return r == FileRead::kAbsent ? Lookup::kAbsent : Lookup::kFailed;
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (line.size() > GIT_OID_HEXSZ + 1 && line[GIT_OID_HEXSZ] == ' ' &&
        trim(line.substr(GIT_OID_HEXSZ + 1)) == name)
      return oid_from_hex(line, out) ? Lookup::kFound : Lookup::kFailed;
  }
  return Lookup::kAbsent;
}

}  // namespace

std::optional<GitDirs> find_git_dirs(const std::string& path) {
  auto start = real_path(path);
  struct stat top;
  if (!start || ::stat(start->c_str(), &top) != 0 || !S_ISDIR(top.st_mode)) return std::nullopt;
  for (std::string dir = *start;; dir = parent_of(dir)) {
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0 || st.st_dev != top.st_dev) return std::nullopt;
    GitDirs dirs;
    dirs.work_dir = dir;
    dirs.git_dir = dir;
    if (valid_git_dir(dirs)) return std::nullopt;  // a bare repository, or inside .git
    std::string dot_git = util::join_path(dir, ".git");
    if (::stat(dot_git.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) {
        auto resolved = real_path(dot_git);
        if (!resolved) return std::nullopt;
        dirs.git_dir = *resolved;
      } else {
        auto linked = read_git_link(dot_git, dir);
        if (!linked) return std::nullopt;
        dirs.git_dir = *linked;
      }
      if (!valid_git_dir(dirs)) return std::nullopt;
      bool worktree_config = false;
      if (!plain_config(dirs.common_dir + "/config", worktree_config)) return std::nullopt;
      if (worktree_config && !plain_config(dirs.git_dir + "/config.worktree", worktree_config))
        return std::nullopt;
      return dirs;
    }
    if (dir == "/") return std::nullopt;
  }
}

std::optional<Head> resolve_head(const GitDirs& dirs) {
  std::string text;
  if (read_file(dirs.git_dir + "/HEAD", text) != FileRead::kOk) return std::nullopt;
  // git follows at most 5 levels of symbolic refs.
  for (int depth = 0; depth < 5; ++depth) {
    std::string_view content = trim(text);
    Head head;
    if (!content.starts_with("ref:")) {
      if (content.size() != GIT_OID_HEXSZ || !oid_from_hex(content, head.commit)) return std::nullopt;
      return head;
    }
    std::string name(trim(content.substr(4)));
    if (!plain_ref_name(name)) return std::nullopt;
    const std::string& base = per_worktree(name) ? dirs.git_dir : dirs.common_dir;
    switch (read_file(base + "/" + name, text)) {
      case FileRead::kOk:
        continue;  // a loose ref: an id, or another symbolic ref
      case FileRead::kFailed:
        return std::nullopt;
      case FileRead::kAbsent:
        break;
    }
    switch (packed_ref(dirs.common_dir, name, head.commit)) {
      case Lookup::kFound:
        return head;
      case Lookup::kAbsent:
        head.unborn = true;
        return head;
      case Lookup::kFailed:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace zkscan::source
