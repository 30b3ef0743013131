// Repository discovery and HEAD without libgit2, against what git itself says.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "helpers.hpp"
#include "source/git_dirs.hpp"

namespace fs = std::filesystem;
using zkscan::testing::git;
using zkscan::testing::TempDir;
using namespace zkscan::source;

namespace {

std::string real(const fs::path& p) { return fs::canonical(p).string(); }

// HEAD as resolve_head sees it, as a hex id ("unborn" for a branch without commits).
std::string head_of(const GitDirs& dirs) {
  auto head = resolve_head(dirs);
  REQUIRE(head);
  return head->unborn ? "unborn" : oid_hex(head->commit);
}

void append(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::app) << text; }

}  // namespace

TEST_CASE("git dirs: a work tree, from its top and from a subdirectory") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  fs::create_directories(repo / "a" / "b");
  git(repo, "init -q");
  for (const fs::path& from : {repo, repo / "a" / "b"}) {
    auto dirs = find_git_dirs(from.string());
    REQUIRE(dirs);
    CHECK(dirs->work_dir == real(repo));
    CHECK(dirs->git_dir == real(repo / ".git"));
    CHECK(dirs->common_dir == dirs->git_dir);
  }
  CHECK(head_of(*find_git_dirs(repo.string())) == "unborn");
}

TEST_CASE("git dirs: HEAD through loose refs, packed-refs, detached and symbolic chains") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  fs::create_directories(repo);
  git(repo, "init -q");
  git(repo, "commit -q --allow-empty -m one");
  git(repo, "commit -q --allow-empty -m two");
  GitDirs dirs = *find_git_dirs(repo.string());
  CHECK(head_of(dirs) == git(repo, "rev-parse HEAD"));

  git(repo, "pack-refs --all");
  REQUIRE_FALSE(fs::exists(repo / ".git" / "refs" / "heads" / "main"));
  CHECK(head_of(dirs) == git(repo, "rev-parse HEAD"));

  git(repo, "checkout -q --detach HEAD~1");
  CHECK(head_of(dirs) == git(repo, "rev-parse HEAD~0"));

  git(repo, "checkout -q main");
  git(repo, "symbolic-ref refs/heads/alias refs/heads/main");
  git(repo, "symbolic-ref HEAD refs/heads/alias");
  CHECK(head_of(dirs) == git(repo, "rev-parse main"));

  git(repo, "symbolic-ref HEAD refs/heads/not-yet");
  CHECK(head_of(dirs) == "unborn");
}

TEST_CASE("git dirs: a linked worktree has its own HEAD and index, and shares the rest") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo", wt = tmp.path() / "wt";
  fs::create_directories(repo);
  git(repo, "init -q");
  git(repo, "commit -q --allow-empty -m one");
  git(repo, "worktree add -q -b side '" + wt.string() + "'");
  git(wt, "commit -q --allow-empty -m side");
  auto dirs = find_git_dirs((wt).string());
  REQUIRE(dirs);
  CHECK(dirs->work_dir == real(wt));
  CHECK(dirs->git_dir == real(repo / ".git" / "worktrees" / "wt"));
  CHECK(dirs->common_dir == real(repo / ".git"));
  CHECK(head_of(*dirs) == git(wt, "rev-parse HEAD"));
  CHECK(head_of(*find_git_dirs(repo.string())) == git(repo, "rev-parse HEAD"));
}

TEST_CASE("git dirs: what is left to libgit2") {
  TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  fs::create_directories(repo / "sub");
  git(repo, "init -q");
  fs::path config = repo / ".git" / "config";

  SECTION("no repository") { CHECK_FALSE(find_git_dirs((tmp.path() / "nowhere").string())); }
  SECTION("a bare repository, and a path inside a git directory") {
    git(tmp.path(), "init -q --bare bare.git");
    CHECK_FALSE(find_git_dirs((tmp.path() / "bare.git").string()));
    CHECK_FALSE(find_git_dirs((repo / ".git" / "refs").string()));
  }
  SECTION("core.bare") {
    append(config, "[core]\n\tbare = true\n");
    CHECK_FALSE(find_git_dirs(repo.string()));
  }
  SECTION("core.worktree") {
    git(repo, "config core.worktree ../elsewhere");
    CHECK_FALSE(find_git_dirs(repo.string()));
  }
  SECTION("includes") {
    append(config, "[include]\n\tpath = other.config\n");
    CHECK_FALSE(find_git_dirs(repo.string()));
  }
  SECTION("an unknown extension") {
    append(config, "[extensions]\n\tobjectFormat = sha256\n");
    CHECK_FALSE(find_git_dirs(repo.string()));
  }
  SECTION("known extensions are fine") {
    append(config, "[extensions]\n\tnoop = x\n\tpartialClone = origin\n");
    CHECK(find_git_dirs(repo.string()));
  }
  SECTION("a HEAD that leaves refs/ or is malformed") {
    GitDirs dirs = *find_git_dirs(repo.string());
    for (const char* head : {"ref: refs/heads/../../../config\n", "ref: HEAD\n", "ref: refs/heads/\n",
                             "0123\n", "ref: refs/heads/a b\n"}) {
      std::ofstream(repo / ".git" / "HEAD") << head;
      CHECK_FALSE(resolve_head(dirs));
    }
  }
  SECTION("a symbolic-ref loop") {
    GitDirs dirs = *find_git_dirs(repo.string());
    std::ofstream(repo / ".git" / "refs" / "heads" / "a") << "ref: refs/heads/b\n";
    std::ofstream(repo / ".git" / "refs" / "heads" / "b") << "ref: refs/heads/a\n";
    std::ofstream(repo / ".git" / "HEAD") << "ref: refs/heads/a\n";
    CHECK_FALSE(resolve_head(dirs));
  }
}
