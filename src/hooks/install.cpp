// Finding git's hooks directory, and writing, updating or chaining the hook scripts there.
#include "hooks/install.hpp"

#include <fmt/core.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "ffi/git.hpp"
#include "ffi/process.hpp"
#include "hooks/scripts.hpp"
#include "model/error.hpp"
#include "source/git_repo.hpp"
#include "util/file.hpp"

namespace zkscan::hooks {
namespace {
namespace fs = std::filesystem;

// Every script in hooks/ carries this line; a hook without it belongs to another tool.
constexpr std::string_view kMarker = "# zkscan-hook: managed by `zkscan hook install`";
// ...and this one, which install fills in with the absolute path of the running binary.
constexpr std::string_view kPathLine = "zkscan_installed=''";

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The script with the path of this zkscan binary filled in.
std::string render(std::string_view script, const std::string& zkscan) {
  size_t at = script.find(kPathLine);
  if (at == std::string_view::npos || script.find(kMarker) == std::string_view::npos)
    throw Error("internal error: a hook script lacks its zkscan-hook lines");
  std::string out(script.substr(0, at));
  out += "zkscan_installed=" + shell_quote(zkscan);
  out += script.substr(at + kPathLine.size());
  return out;
}

// Writes through a temporary file and a rename: git never runs a half-written hook, and a
// symbolic link in the hook's place is replaced, not followed.
void write_script(const fs::path& path, const std::string& text) {
  fs::path tmp = path;
  tmp += ".zkscan-new";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw Error(fmt::format("cannot write {}", tmp.string()));
  }
  std::error_code ec;
  fs::permissions(tmp,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  if (!ec) fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp);
    throw Error(fmt::format("cannot install {}: {}", path.string(), ec.message()));
  }
}

// core.hooksPath as git reads it (~/ expanded, relative to where hooks run), else the
// common git directory's hooks/.
std::string hooks_dir_libgit2(git_repository* repo, const fs::path& root) {
  ffi::GitConfig cfg;
  ffi::git_check(git_repository_config_snapshot(cfg.out(), repo),
                 "cannot read the git configuration");
  const char* value = nullptr;
  if (git_config_get_string(&value, cfg.get(), "core.hooksPath") == 0 && *value != '\0') {
    std::string dir = value;
    const char* home = std::getenv("HOME");
    if (dir.rfind("~/", 0) == 0 && home != nullptr) dir = std::string(home) + dir.substr(1);
    return (root / dir).lexically_normal().string();
  }
  return (fs::path(git_repository_commondir(repo)) / "hooks").lexically_normal().string();
}

struct HookSpec {
  std::string_view name;
  std::string_view script;
  std::string_view runs;
};

// Installs one hook and says what happened.
void install_one(const fs::path& dir, const HookSpec& spec, const std::string& zkscan, bool force) {
  fs::path hook = dir / spec.name;
  fs::path chained = dir / (std::string(spec.name) + std::string(kChainedSuffix));
  std::string text = render(spec.script, zkscan);
  std::error_code ec;
  bool exists = fs::exists(fs::symlink_status(hook, ec));
  bool has_chained = fs::exists(fs::symlink_status(chained, ec));
  std::string current;  // what cannot be read is not ours
  if (exists && util::read_file(hook.string(), current) != util::FileRead::kOk) current.clear();
  bool ours = current.find(kMarker) != std::string::npos;

  std::string what;
  if (ours && current == text) {
    what = "up to date";
  } else if (ours || !exists) {
    write_script(hook, text);
    what = ours ? "updated" : "installed";
  } else if (force) {
    write_script(hook, text);
    what = "installed, replacing the hook that was there (--force)";
  } else if (has_chained) {
    throw Error(fmt::format(
        "{} is another tool's hook and {} already exists, so it cannot be chained; move one of "
        "them away, or replace the hook with --force",
        hook.string(), chained.filename().string()));
  } else {
    fs::rename(hook, chained, ec);
    if (ec) throw Error(fmt::format("cannot move {} aside: {}", hook.string(), ec.message()));
    write_script(hook, text);
    std::cout << fmt::format("zkscan: {} hook installed: {} (runs {})\n", spec.name, hook.string(),
                             spec.runs);
    std::cout << fmt::format("zkscan: the hook that was there is now {} and runs first\n",
                             chained.filename().string());
    return;
  }
  std::cout << fmt::format("zkscan: {} hook {}: {} (runs {})\n", spec.name, what, hook.string(),
                           spec.runs);
  if (has_chained)
    std::cout << fmt::format("zkscan: {} (chained by an earlier install) runs first\n",
                             chained.filename().string());
}

}  // namespace

std::string hooks_dir(const std::string& repo_path) {
  ffi::GitRepository repo = source::open_repository(repo_path);
  // Hooks run in the work tree's top directory, or in the git directory of a bare repository;
  // a relative core.hooksPath is relative to that.
  fs::path root = source::repository_root(repo.get());
  std::optional<ffi::ProcessOutput> git =
      ffi::run_capture({"git", "-C", root.string(), "rev-parse", "--git-path", "hooks"});
  if (!git) return hooks_dir_libgit2(repo.get(), root);
  std::string out = git->out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  if (git->exit_code != 0 || out.empty())
    throw Error(fmt::format("git rev-parse --git-path hooks failed in {} (exit {})", root.string(),
                            git->exit_code));
  return (root / out).lexically_normal().string();
}

int install(const cli::Options& o) {
  std::string repo = o.paths.empty() ? "." : o.paths.front();
  fs::path dir = hooks_dir(repo);
  std::error_code ec;
  fs::path zkscan = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw Error(fmt::format("cannot tell where this zkscan binary is: {}", ec.message()));
  fs::create_directories(dir, ec);
  if (ec)
    throw Error(
        fmt::format("cannot create the hooks directory {}: {}", dir.string(), ec.message()));

  bool both = !o.pre_commit && !o.pre_push;
  if (both || o.pre_commit)
    install_one(dir, {"pre-commit", kPreCommitScript, "zkscan git --staged"}, zkscan.string(),
                o.force);
  if (both || o.pre_push)
    install_one(dir, {"pre-push", kPrePushScript, "zkscan hook pre-push"}, zkscan.string(),
                o.force);
  std::cout << "zkscan: to skip the hooks once, use git's own switch: git commit --no-verify, "
               "git push --no-verify\n";
  return 0;
}

}  // namespace zkscan::hooks
