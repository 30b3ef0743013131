// Raw commit and tag parsing, dates, the oldest-first commit order, and the pack-file sanity check.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "source/git_repo.hpp"
#include "source/objects.hpp"
#include "source/provenance.hpp"

using zkscan::source::CommitMeta;
using zkscan::source::TagMeta;

namespace {

// A git_oid whose 40 hex digits are `digit` repeated.
git_oid oid(char digit) {
  git_oid out;
  std::string hex(GIT_OID_HEXSZ, digit);
  REQUIRE(zkscan::source::oid_from_hex(hex, out));
  return out;
}

std::string hex(const git_oid& id) { return zkscan::source::oid_hex(id); }

CommitMeta commit(char id, std::vector<char> parents, int64_t time) {
  CommitMeta c;
  c.id = oid(id);
  for (char p : parents) c.parents.push_back(oid(p));
  c.commit_time = time;
  return c;
}

// The ids of `commits` in oldest_first order, as their digits.
std::string order_of(const std::vector<CommitMeta>& commits) {
  std::string out;
  for (size_t i : zkscan::source::oldest_first(commits)) out += hex(commits[i].id)[0];
  return out;
}

}  // namespace

TEST_CASE("parse_commit reads tree, parents, author, times and message") {
  std::string raw = "tree " + std::string(40, 'a') + "\n" + "parent " + std::string(40, 'b') +
                    "\n" + "parent " + std::string(40, 'c') + "\n" +
                    "author Ada Lovelace <ada@example.com> 1767225600 +0100\n"
                    "committer Bob <bob@example.com> 1767229200 -0500\n"
                    "gpgsig -----BEGIN PGP SIGNATURE-----\n"
                    " \n"
                    " iQEzBAABCAAdFiEE\n"
                    " -----END PGP SIGNATURE-----\n"
                    "\n"
                    "Subject line\n\nBody with a blank line above.\n";
  CommitMeta c;
  std::string_view message;
  REQUIRE(zkscan::source::parse_commit(raw, c, message));
  CHECK(hex(c.tree) == std::string(40, 'a'));
  REQUIRE(c.parents.size() == 2);
  CHECK(hex(c.parents[1]) == std::string(40, 'c'));
  CHECK(c.author == "Ada Lovelace <ada@example.com>");
  CHECK(c.author_time == 1767225600);
  CHECK(c.commit_time == 1767229200);
  CHECK(message == "Subject line\n\nBody with a blank line above.\n");
}

TEST_CASE("parse_commit: a root commit, an empty message, a commit without a tree") {
  CommitMeta c;
  std::string_view message;
  std::string root =
      "tree " + std::string(40, '1') + "\nauthor A <a@x> 5 +0000\ncommitter A <a@x> 6 +0000\n";
  REQUIRE(zkscan::source::parse_commit(root, c, message));
  CHECK(c.parents.empty());
  CHECK(message.empty());

  CommitMeta broken;
  CHECK_FALSE(zkscan::source::parse_commit("author A <a@x> 5 +0000\n\nno tree\n", broken, message));
}

TEST_CASE("parse_tag reads target, type, tagger and message") {
  std::string raw = "object " + std::string(40, 'd') +
                    "\ntype commit\ntag v1.0\ntagger Carol <carol@example.com> 1767232800 +0000\n\n"
                    "Release 1.0\n";
  TagMeta t;
  std::string_view message;
  REQUIRE(zkscan::source::parse_tag(raw, t, message));
  CHECK(hex(t.target) == std::string(40, 'd'));
  CHECK(t.target_type == GIT_OBJECT_COMMIT);
  CHECK(t.tagger == "Carol <carol@example.com>");
  CHECK(t.tag_time == 1767232800);
  CHECK(message == "Release 1.0\n");

  TagMeta broken;
  CHECK_FALSE(zkscan::source::parse_tag("type commit\ntag x\n\nno object\n", broken, message));
}

TEST_CASE("iso_date is UTC, to the second") {
  CHECK(zkscan::source::iso_date(0) == "1970-01-01T00:00:00Z");
  CHECK(zkscan::source::iso_date(1767225600) == "2026-01-01T00:00:00Z");
  CHECK(zkscan::source::iso_date(1769853600) == "2026-01-31T10:00:00Z");
  CHECK(zkscan::source::iso_date(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("oldest_first puts parents first, then the oldest commit time") {
  // 1 ← 2 ← 4 and 1 ← 3 ← 4 (a merge); 3 is older than 2.
  std::vector<CommitMeta> commits{commit('4', {'2', '3'}, 40), commit('2', {'1'}, 30),
                                  commit('3', {'1'}, 20), commit('1', {}, 10)};
  CHECK(order_of(commits) == "1324");
}

TEST_CASE(
    "oldest_first survives clock skew: a child dated before its parent still comes after it") {
  std::vector<CommitMeta> commits{commit('2', {'1'}, 5), commit('1', {}, 100), commit('9', {}, 50)};
  CHECK(order_of(commits) == "912");
}

TEST_CASE("oldest_first: equal times are ordered by id, missing parents are ignored") {
  // 'b' has a parent outside the set (a shallow boundary): it is a root here.
  std::vector<CommitMeta> commits{commit('c', {}, 7), commit('b', {'f'}, 7), commit('a', {}, 7)};
  CHECK(order_of(commits) == "abc");
  CHECK(zkscan::source::oldest_first({}).empty());
}

namespace {

// A pack with a valid header, `body`, and a 20-byte trailer; an index ending with that
// trailer's copy (the pack checksum) and its own 20 bytes.
void write_pack(const zkscan::testing::TempDir& dir, const std::string& name,
                std::string_view header, const std::string& trailer, const std::string& idx_copy) {
  dir.write("objects/pack/" + name + ".pack", std::string(header) + "body" + trailer);
  dir.write("objects/pack/" + name + ".idx", "index-body" + idx_copy + std::string(20, 'i'));
}

}  // namespace

TEST_CASE("check_packs names packs whose header or trailer do not match their index") {
  using namespace std::string_literals;
  const std::string header = "PACK\0\0\0\2\0\0\0\1"s;
  const std::string sum(20, 's'), other(20, 'o');
  zkscan::testing::TempDir dir;
  write_pack(dir, "pack-good", header, sum, sum);
  write_pack(dir, "pack-truncated", header, other, sum);
  write_pack(dir, "pack-garbage", "garbage!\0\0\0\1"s, sum, sum);
  dir.write("objects/pack/pack-noindex.pack", "anything");  // ignored, as git ignores it

  std::vector<zkscan::Diagnostic> found = zkscan::source::check_packs(dir.path().string());
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  REQUIRE(found.size() == 2);
  CHECK(found[0].path == "objects/pack/pack-garbage.pack");
  CHECK_THAT(found[0].message, Catch::Contains("does not start with a pack header"));
  CHECK(found[1].path == "objects/pack/pack-truncated.pack");
  CHECK_THAT(found[1].message, Catch::Contains("checksum does not match its index"));
}

TEST_CASE("check_packs: no pack directory, no diagnostics") {
  zkscan::testing::TempDir dir;
  CHECK(zkscan::source::check_packs(dir.path().string()).empty());
}
