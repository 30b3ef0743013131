// The working-tree source: resolving roots and the parallel walk.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>

#include "helpers.hpp"
#include "model/error.hpp"
#include "source/worktree.hpp"

using namespace zkscan;
using namespace zkscan::testing;
namespace fs = std::filesystem;

namespace {

struct Walked {
  std::multiset<std::string> files;
  std::vector<Diagnostic> errors;
};

Walked walk(const std::vector<std::string>& args, unsigned threads,
            const source::PathFilter& skip = nullptr) {
  Walked out;
  std::mutex mu;
  source::Roots roots = source::resolve_roots(args);
  source::walk(
      roots.roots, threads, skip,
      [&](unsigned worker, const std::string& rel, int fd, uint64_t size) {
        CHECK(worker < threads);
        struct stat st {};
        CHECK(::fstat(fd, &st) == 0);
        CHECK(static_cast<uint64_t>(st.st_size) == size);
        std::lock_guard lock(mu);
        out.files.insert(rel);
      },
      out.errors);
  return out;
}

}  // namespace

TEST_CASE("resolve_roots: one directory is the base, files and several paths are kept as given") {
  TempDir dir;
  dir.write("a/x.txt", "x");
  dir.write("b.txt", "b");
  std::string a = (dir.path() / "a").string();
  std::string b = (dir.path() / "b.txt").string();

  source::Roots one = source::resolve_roots({a + "/"});
  CHECK(one.base == a + "/");
  REQUIRE(one.roots.size() == 1);
  CHECK(one.roots[0].name.empty());
  CHECK(one.roots[0].is_dir);

  source::Roots several = source::resolve_roots({a, b});
  CHECK(several.base == ".");
  REQUIRE(several.roots.size() == 2);
  CHECK(several.roots[0].name == a);
  CHECK(several.roots[1].name == b);
  CHECK_FALSE(several.roots[1].is_dir);

  source::Roots dflt = source::resolve_roots({});
  CHECK(dflt.base == ".");
  REQUIRE(dflt.roots.size() == 1);
  CHECK(dflt.roots[0].name.empty());

  try {
    source::resolve_roots({a, dir.path().string() + "/missing"});
    FAIL("a missing path was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("/missing") != std::string::npos);
  }
}

TEST_CASE("walk visits every regular file once, skips .git and symlinks, whatever the threads") {
  TempDir dir, outside;
  std::set<std::string> want;
  for (int d = 0; d < 8; ++d)
    for (int f = 0; f < 25; ++f) {
      std::string rel = "d" + std::to_string(d) + "/s" + std::to_string(f % 4) + "/f" + std::to_string(f);
      dir.write(rel, "content");
      want.insert(rel);
    }
  dir.write(".hidden", "h");
  want.insert(".hidden");
  dir.write(".git/HEAD", "ref");
  dir.write("d1/.git/config", "x");
  dir.write("empty", "");
  want.insert("empty");
  std::string target = outside.write("t.txt", "t");
  fs::create_symlink(target, dir.path() / "link.txt");
  fs::create_directory_symlink(outside.path(), dir.path() / "linkdir");
  REQUIRE(::mkfifo((dir.path() / "fifo").c_str(), 0600) == 0);

  for (unsigned threads : {1u, 2u, 7u}) {
    INFO(threads << " threads");
    Walked w = walk({dir.path().string()}, threads);
    CHECK(w.errors.empty());
    CHECK(std::set<std::string>(w.files.begin(), w.files.end()) == want);
    CHECK(w.files.size() == want.size());  // each exactly once
  }
}

TEST_CASE("walk leaves out the files the filter rejects") {
  TempDir dir;
  dir.write("keep/a.js", "a");
  dir.write("vendor/b.js", "b");
  Walked w = walk({dir.path().string()}, 2, [](const std::string& rel) { return rel.rfind("vendor/", 0) == 0; });
  CHECK(w.files == std::multiset<std::string>{"keep/a.js"});
}

TEST_CASE("walk follows a root that is a symlink, to a file or to a directory") {
  TempDir dir, outside;
  std::string target = outside.write("sub/t.txt", "t");
  fs::create_symlink(target, dir.path() / "file-link");
  fs::create_directory_symlink(outside.path() / "sub", dir.path() / "dir-link");
  std::string file_link = (dir.path() / "file-link").string();
  Walked w = walk({file_link}, 1);
  CHECK(w.errors.empty());
  CHECK(w.files == std::multiset<std::string>{file_link});
  w = walk({(dir.path() / "dir-link").string()}, 1);
  CHECK(w.files == std::multiset<std::string>{"t.txt"});
}

TEST_CASE("walk reports a visitor's read error and goes on") {
  TempDir dir;
  dir.write("bad.txt", "x");
  dir.write("good.txt", "y");
  Walked out;
  source::Roots roots = source::resolve_roots({dir.path().string()});
  std::mutex mu;
  source::walk(
      roots.roots, 2, nullptr,
      [&](unsigned, const std::string& rel, int, uint64_t) {
        if (rel == "bad.txt") throw std::system_error(EIO, std::generic_category(), "read");
        std::lock_guard lock(mu);
        out.files.insert(rel);
      },
      out.errors);
  CHECK(out.files == std::multiset<std::string>{"good.txt"});
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].path == "bad.txt");
  CHECK(out.errors[0].message.find("cannot read") != std::string::npos);
}
