// The pack reader against libgit2: every object of a real, deltified pack decodes to the same bytes.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>

#include "source/git_repo.hpp"
#include "source/pack_format.hpp"
#include "source/pack_reader.hpp"

namespace fs = std::filesystem;
using namespace zkscan;

namespace {

// A repository whose history edits a few files many times, packed with deep delta chains.
fs::path make_packed_repo() {
  fs::path dir = fs::temp_directory_path() / ("zkscan-pack-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto git = [&](const std::string& args) {
    std::string cmd = "git -C '" + dir.string() + "' -c user.name=T -c user.email=t@e " + args + " >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
  };
  git("init -q");
  std::mt19937 rng(42);
  std::string text;
  for (int line = 0; line < 400; ++line) text += "line " + std::to_string(rng()) + "\n";
  for (int commit = 0; commit < 40; ++commit) {
    for (int f = 0; f < 3; ++f) {
      size_t at = rng() % text.size();
      text.insert(at, "edit " + std::to_string(commit) + "\n");
      std::ofstream(dir / ("file" + std::to_string(f) + ".txt")) << text;
    }
    git("add -A");
    git("commit -q -m c" + std::to_string(commit));
  }
  git("repack -adf --depth=50 --window=50");
  return dir;
}

}  // namespace

TEST_CASE("read_pack decodes every object exactly as libgit2 reads it") {
  fs::path dir = make_packed_repo();
  ffi::GitRepository repo = source::open_repository(dir.string());
  ffi::GitOdb odb;
  REQUIRE(git_repository_odb(odb.out(), repo.get()) == 0);

  fs::path pack;
  for (const auto& e : fs::directory_iterator(dir / ".git" / "objects" / "pack"))
    if (e.path().extension() == ".pack") pack = e.path();
  REQUIRE(!pack.empty());

  std::mutex mu;
  std::map<std::string, std::pair<git_object_t, std::string>> decoded;
  auto failed = source::read_pack(pack.string(), 2,
                                  [&](unsigned, const git_oid& id, git_object_t type, std::string_view data) {
                                    std::lock_guard lock(mu);
                                    CHECK(decoded.emplace(source::oid_hex(id), std::pair{type, std::string(data)}).second);
                                  });
  CHECK(failed.empty());
  REQUIRE(decoded.size() > 150);  // 40 commits x (commit, tree, 3 blobs) and more

  size_t compared = 0;
  for (const auto& [hex, object] : decoded) {
    git_oid id;
    REQUIRE(source::oid_from_hex(hex, id));
    ffi::GitOdbObject expected;
    REQUIRE(git_odb_read(expected.out(), odb.get(), &id) == 0);
    CHECK(object.first == git_odb_object_type(expected.get()));
    CHECK(object.second == std::string(static_cast<const char*>(git_odb_object_data(expected.get())),
                                       git_odb_object_size(expected.get())));
    ++compared;
  }
  CHECK(compared == decoded.size());

  SECTION("only trees, when asked") {
    size_t trees = 0;
    source::read_pack(pack.string(), 1, [&](unsigned, const git_oid&, git_object_t type, std::string_view) {
      CHECK(type == GIT_OBJECT_TREE);
      ++trees;
    }, GIT_OBJECT_TREE);
    CHECK(trees >= 40);
  }
  fs::remove_all(dir);
}

TEST_CASE("apply_delta rejects malformed deltas") {
  std::string out;
  // base size 3, result size 3, copy offset 0 length 3.
  CHECK(source::apply_delta("abc", std::string("\x03\x03\x90\x03", 4), out));
  CHECK(out == "abc");
  CHECK_FALSE(source::apply_delta("abc", std::string("\x04\x03\x90\x03", 4), out));  // wrong base size
  CHECK_FALSE(source::apply_delta("abc", std::string("\x03\x05\x90\x05", 4), out));  // copy past the base
  CHECK_FALSE(source::apply_delta("abc", std::string("\x03\x03\x02x", 4), out));     // insert past the end
  CHECK_FALSE(source::apply_delta("abc", std::string("\x03\x03\x00", 3), out));      // reserved opcode
}
