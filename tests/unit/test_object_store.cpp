// The object store against libgit2: every object of real repositories (loose, packed with deep
// OFS_DELTA chains, REF_DELTA packs, alternates) reads back the same, and damaged or hostile
// repositories read as false without crashing. Hand-made packs cover what git does not write
// for small repositories: 8-byte offsets, REF_DELTA bases in another pack, delta cycles.
#include <sys/mman.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "helpers.hpp"
#include "source/git_repo.hpp"
#include "source/object_store.hpp"
#include "source/pack_format.hpp"
#include "source/pack_reader.hpp"

namespace fs = std::filesystem;
using namespace zkscan;
using source::ObjectStore;
using source::RawObject;

namespace {

std::string git_command(const fs::path& dir, const std::string& args) {
  return "git -C '" + dir.string() + "' -c user.name=T -c user.email=t@e -c gc.auto=0 " + args;
}

void git(const fs::path& dir, const std::string& args) {
  std::string cmd = git_command(dir, args) + " >/dev/null 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
}

// What git prints, without the final newline.
std::string git_out(const fs::path& dir, const std::string& args) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(
      ::popen((git_command(dir, args) + " 2>/dev/null").c_str(), "r"), ::pclose);
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0;) out.append(buf, n);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& file, std::string_view bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

git_oid parse_oid(const std::string& hex) {
  git_oid id;
  REQUIRE(source::oid_from_hex(hex, id));
  return id;
}

// A repository whose history edits a few files many times (long delta chains once packed), in
// a subdirectory too, with an empty file, binary data and an annotated tag.
void make_history(const fs::path& dir, int commits, uint32_t seed = 7) {
  fs::create_directories(dir);
  git(dir, "init -q");
  std::mt19937 rng(seed);
  std::string text;
  for (int line = 0; line < 300; ++line) text += "line " + std::to_string(rng()) + "\n";
  std::string binary(6000, '\0');
  for (char& c : binary) c = static_cast<char>(rng());
  write_bytes(dir / "empty", "");
  write_bytes(dir / "data.bin", binary);
  const char* files[] = {"a.txt", "b.txt", "sub/deeper/c.txt"};
  for (int commit = 0; commit < commits; ++commit) {
    for (const char* f : files) {
      text.insert(rng() % text.size(), "edit " + std::to_string(commit) + " " + f + "\n");
      write_bytes(dir / f, text);
    }
    git(dir, "add -A");
    git(dir, "commit -q -m c" + std::to_string(commit));
  }
  git(dir, "tag -a v1 -m release");
}

struct Expected {
  git_object_t type;
  std::string data;
};
using ObjectMap = std::map<std::string, Expected>;  // by hex id

// Every object of the repository at `repo_dir`, alternates included, as libgit2 reads it.
ObjectMap libgit2_objects(const fs::path& repo_dir) {
  ffi::GitRepository repo = source::open_repository(repo_dir.string());
  ffi::GitOdb odb;
  REQUIRE(git_repository_odb(odb.out(), repo.get()) == 0);
  std::vector<git_oid> ids;
  auto collect = [](const git_oid* id, void* payload) {
    static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
    return 0;
  };
  REQUIRE(git_odb_foreach(odb.get(), collect, &ids) == 0);
  ObjectMap out;
  for (const git_oid& id : ids) {
    ffi::GitOdbObject object;
    REQUIRE(git_odb_read(object.out(), odb.get(), &id) == 0);
    out[source::oid_hex(id)] = {
        git_odb_object_type(object.get()),
        std::string(static_cast<const char*>(git_odb_object_data(object.get())),
                    git_odb_object_size(object.get()))};
  }
  return out;
}

// The ids of `expected` that `store` does not read back exactly (type and bytes).
std::vector<std::string> mismatches(const ObjectStore& store, const ObjectMap& expected) {
  std::vector<std::string> bad;
  for (const auto& [hex, object] : expected) {
    RawObject got;
    if (!store.read(parse_oid(hex), got) || got.type != object.type || got.data != object.data)
      bad.push_back(hex);
  }
  return bad;
}

// How many of `expected` the store reads at all (damaged repositories: no crash is the point).
size_t readable(const ObjectStore& store, const ObjectMap& expected) {
  size_t n = 0;
  RawObject got;
  for (const auto& entry : expected) n += store.read(parse_oid(entry.first), got);
  return n;
}

std::vector<fs::path> files_with(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == extension) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<fs::path> loose_files(const fs::path& objects) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(objects))
    if (e.is_regular_file() && e.path().parent_path().filename().string().size() == 2)
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// A pack's entries by type, and its longest delta chain, from the entry headers.
struct PackShape {
  std::map<int, size_t> types;
  size_t deepest = 0;
};
PackShape shape_of(const fs::path& pack_path) {
  fs::path idx_path = fs::path(pack_path).replace_extension(".idx");
  source::pack::Index idx(idx_path.string(), MADV_NORMAL);
  REQUIRE(idx.ok());
  std::string pack = read_bytes(pack_path);
  std::map<uint64_t, source::pack::Header> by_offset;
  for (size_t i = 0; i < idx.size(); ++i) {
    uint64_t offset = 0;
    REQUIRE(idx.offset(i, offset));
    source::pack::Header h;
    REQUIRE(source::pack::parse_header(std::string_view(pack).substr(offset), offset, h));
    by_offset[offset] = h;
  }
  PackShape shape;
  for (const auto& [offset, h] : by_offset) {
    ++shape.types[h.type];
    size_t depth = 0;
    for (auto at = by_offset.find(offset);
         at != by_offset.end() && at->second.type == source::pack::kOfsDelta;
         at = by_offset.find(at->second.base_offset))
      ++depth;
    shape.deepest = std::max(shape.deepest, depth);
  }
  return shape;
}

// --- Hand-made packs ---------------------------------------------------------------------

std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string zlib(std::string_view data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  REQUIRE(compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                    reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
                    6) == Z_OK);
  out.resize(size);
  return out;
}

// An entry header: type and (inflated) size.
std::string entry_header(int type, uint64_t size) {
  std::string out;
  auto c = static_cast<unsigned char>(type << 4 | (size & 15));
  for (size >>= 4; size != 0; size >>= 7) {
    out += static_cast<char>(c | 0x80);
    c = static_cast<unsigned char>(size & 0x7f);
  }
  return out + static_cast<char>(c);
}

// An OFS_DELTA's distance back to its base, in git's encoding.
std::string ofs_distance(uint64_t back) {
  std::string out(1, static_cast<char>(back & 0x7f));
  while (back >>= 7) out.insert(out.begin(), static_cast<char>(0x80 | (--back & 0x7f)));
  return out;
}

std::string varint(uint64_t v) {
  std::string out;
  for (; v >= 0x80; v >>= 7) out += static_cast<char>(0x80 | (v & 0x7f));
  return out + static_cast<char>(v);
}

// A delta copying all of a base of `base_size` bytes (0 < base_size < 16 MiB), then `tail`.
std::string append_delta(uint64_t base_size, std::string_view tail, uint64_t declared_result = 0) {
  std::string d =
      varint(base_size) + varint(declared_result ? declared_result : base_size + tail.size());
  d += static_cast<char>(0x80 | 0x10 | 0x20 | 0x40);  // copy from offset 0, three size bytes
  for (int i = 0; i < 3; ++i) d += static_cast<char>(base_size >> (8 * i));
  d += static_cast<char>(tail.size());  // insert, at most 127 bytes
  return d + std::string(tail);
}

git_oid hash_of(git_object_t type, std::string_view data) {
  git_oid id;
  REQUIRE(git_odb_hash(&id, data.data(), data.size(), type) == 0);
  return id;
}

struct Crafted {
  git_oid id;
  std::string bytes;  // header and zlib stream
};

Crafted plain_entry(int type, git_object_t git_type, std::string_view data) {
  return {hash_of(git_type, data), entry_header(type, data.size()) + zlib(data)};
}

Crafted ref_delta(const git_oid& id, const git_oid& base, std::string_view delta) {
  return {id, entry_header(source::pack::kRefDelta, delta.size()) +
                  std::string(reinterpret_cast<const char*>(base.id), GIT_OID_RAWSZ) + zlib(delta)};
}

// Writes objects/pack/pack-<name>.{pack,idx} holding `entries` in this order. With `large`,
// every offset goes through the index's 8-byte table, as in a pack over 2 GiB. An OFS_DELTA's
// bytes are given by `ofs_entry` (it needs its own offset): see below.
void write_pack(const fs::path& objects, const std::string& name,
                const std::vector<Crafted>& entries, bool large = false) {
  std::string pack = "PACK" + be32(2) + be32(static_cast<uint32_t>(entries.size()));
  std::vector<std::pair<std::string, uint64_t>> index;  // raw id, offset
  for (const Crafted& e : entries) {
    index.emplace_back(std::string(reinterpret_cast<const char*>(e.id.id), GIT_OID_RAWSZ),
                       pack.size());
    pack += e.bytes;
  }
  const std::string checksum(GIT_OID_RAWSZ, 'c');  // never verified by the store
  pack += checksum;
  std::sort(index.begin(), index.end());
  std::string idx = "\377tOc" + be32(2);
  for (unsigned b = 0; b < 256; ++b)
    idx += be32(static_cast<uint32_t>(std::count_if(index.begin(), index.end(), [&](const auto& e) {
      return static_cast<unsigned char>(e.first[0]) <= b;
    })));
  for (const auto& e : index) idx += e.first;
  for (size_t i = 0; i < index.size(); ++i) idx += be32(0);  // CRC-32s, unchecked
  for (size_t i = 0; i < index.size(); ++i)
    idx += be32(large ? static_cast<uint32_t>(0x80000000u | i)
                      : static_cast<uint32_t>(index[i].second));
  if (large)
    for (const auto& e : index)
      idx += be32(static_cast<uint32_t>(e.second >> 32)) + be32(static_cast<uint32_t>(e.second));
  idx += checksum + std::string(GIT_OID_RAWSZ, 'i');
  write_bytes(objects / "pack" / ("pack-" + name + ".pack"), pack);
  write_bytes(objects / "pack" / ("pack-" + name + ".idx"), idx);
}

// An empty repository's objects directory.
fs::path empty_objects(const fs::path& dir) {
  fs::create_directories(dir);
  git(dir, "init -q --bare");
  return dir / "objects";
}

}  // namespace

TEST_CASE("ObjectStore reads loose objects exactly as libgit2 does") {
  testing::TempDir tmp;
  const fs::path repo = tmp.path() / "repo";
  make_history(repo, 8);
  REQUIRE(files_with(repo / ".git" / "objects" / "pack", ".pack").empty());
  ObjectMap expected = libgit2_objects(repo);
  REQUIRE(expected.size() > 40);
  ObjectStore store((repo / ".git" / "objects").string());
  CHECK(mismatches(store, expected).empty());

  RawObject got;
  CHECK_FALSE(store.read(parse_oid(std::string(40, 'e')), got));  // missing
  CHECK(got.type == GIT_OBJECT_INVALID);
}

TEST_CASE("ObjectStore resolves deep OFS_DELTA chains as libgit2 does") {
  testing::TempDir tmp;
  const fs::path repo = tmp.path() / "repo";
  make_history(repo, 60);
  git(repo, "repack -adf --depth=50 --window=50");
  const auto packs = files_with(repo / ".git" / "objects" / "pack", ".pack");
  REQUIRE(packs.size() == 1);
  REQUIRE(loose_files(repo / ".git" / "objects").empty());
  PackShape shape = shape_of(packs[0]);
  CHECK(shape.types[source::pack::kOfsDelta] > 100);
  CHECK(shape.deepest >= 30);

  ObjectMap expected = libgit2_objects(repo);
  ObjectStore store((repo / ".git" / "objects").string());
  CHECK(mismatches(store, expected).empty());
  RawObject got;
  CHECK_FALSE(store.read(parse_oid(std::string(40, '0')), got));
  CHECK_FALSE(store.read(parse_oid(std::string(40, 'f')), got));

  SECTION("from several threads at once, on a store none has read from yet") {
    const ObjectStore fresh((repo / ".git" / "objects").string());
    std::vector<std::vector<std::string>> bad(4);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < bad.size(); ++t)
      threads.emplace_back([&, t] {
        for (const auto& [hex, object] : expected) {
          RawObject mine;
          git_oid id;
          if (!source::oid_from_hex(hex, id) || !fresh.read(id, mine) ||
              mine.type != object.type || mine.data != object.data)
            bad[t].push_back(hex);
        }
      });
    for (std::thread& t : threads) t.join();
    for (const auto& b : bad) CHECK(b.empty());
  }
}

TEST_CASE(
    "ObjectStore resolves REF_DELTA entries, and reads packed and loose objects side by side") {
  testing::TempDir tmp;
  const fs::path repo = tmp.path() / "repo";
  make_history(repo, 30);
  const fs::path objects = repo / ".git" / "objects";
  std::string cmd =
      git_command(repo, "rev-list --objects --all") + " | " +
      git_command(repo, "pack-objects -q --no-delta-base-offset --depth=50 --window=50 '" +
                            (objects / "pack" / "pack").string() + "'") +
      " >/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  git(repo, "prune-packed");
  const auto packs = files_with(objects / "pack", ".pack");
  REQUIRE(packs.size() == 1);
  PackShape shape = shape_of(packs[0]);
  CHECK(shape.types[source::pack::kRefDelta] > 50);
  CHECK(shape.types[source::pack::kOfsDelta] == 0);

  // New commits stay loose beside the pack.
  write_bytes(repo / "a.txt", "rewritten\n");
  git(repo, "commit -q -am loose");
  CHECK(!loose_files(objects).empty());

  ObjectMap expected = libgit2_objects(repo);
  ObjectStore store(objects.string());
  CHECK(mismatches(store, expected).empty());
}

TEST_CASE("ObjectStore: an object both loose and packed, several packs") {
  testing::TempDir tmp;
  const fs::path repo = tmp.path() / "repo";
  make_history(repo, 10);
  const fs::path objects = repo / ".git" / "objects";
  const fs::path saved = tmp.path() / "saved";
  fs::copy(objects, saved, fs::copy_options::recursive);
  git(repo, "repack -ad");
  write_bytes(repo / "b.txt", "second pack\n");
  git(repo, "commit -q -am second");
  git(repo, "repack -d");  // an incremental pack: the new objects only
  CHECK(files_with(objects / "pack", ".pack").size() == 2);
  // The loose copies come back beside the first pack.
  for (const fs::path& f : loose_files(saved))
    write_bytes(objects / f.parent_path().filename() / f.filename(), read_bytes(f));

  ObjectMap expected = libgit2_objects(repo);
  ObjectStore store(objects.string());
  CHECK(mismatches(store, expected).empty());
}

TEST_CASE("ObjectStore follows objects/info/alternates") {
  testing::TempDir tmp;
  const fs::path origin = tmp.path() / "origin", borrower = tmp.path() / "borrower";
  make_history(origin, 12);
  git(origin, "repack -adf --depth=50 --window=50");
  git(tmp.path(), "clone -q --shared '" + origin.string() + "' borrower");
  write_bytes(borrower / "a.txt", "only in the borrower\n");
  git(borrower, "commit -q -am own");
  const fs::path objects = borrower / ".git" / "objects";
  const fs::path alternates = objects / "info" / "alternates";
  REQUIRE(fs::exists(alternates));
  ObjectMap expected = libgit2_objects(borrower);
  const ObjectMap origin_objects = libgit2_objects(origin);
  REQUIRE(expected.size() > origin_objects.size());

  SECTION("an absolute path") {
    CHECK(mismatches(ObjectStore(objects.string()), expected).empty());
  }
  SECTION("a relative path, comments, blank lines and CRLF") {
    write_bytes(alternates, "# borrowed\n\n../../../origin/.git/objects\r\n");
    CHECK(mismatches(ObjectStore(objects.string()), expected).empty());
    CHECK(mismatches(ObjectStore(objects.string()), libgit2_objects(borrower)).empty());
  }
  SECTION("alternates of alternates, relative to their own directory, and a cycle") {
    git(tmp.path(), "clone -q --shared '" + borrower.string() + "' third");
    const fs::path third = tmp.path() / "third" / ".git" / "objects";
    write_bytes(alternates, "../../../origin/.git/objects\n");
    write_bytes(origin / ".git" / "objects" / "info" / "alternates",
                third.string() + "\n" + objects.string() + "\n");
    CHECK(mismatches(ObjectStore(third.string()), expected).empty());
    CHECK(mismatches(ObjectStore(objects.string()), expected).empty());
  }
  SECTION("a missing or unreadable alternate leaves the object directory's own objects") {
    write_bytes(alternates, "/nonexistent/objects\n" + objects.string() + "\n");
    ObjectStore store(objects.string());
    for (const auto& [hex, object] : expected) {
      RawObject got;
      CHECK(store.read(parse_oid(hex), got) == (origin_objects.count(hex) == 0));
    }
  }
  SECTION("nesting deeper than git's limit of 5 is not followed") {
    // borrower -> l1 -> ... -> l6 -> origin: origin is 7 levels down.
    fs::path previous = objects;
    for (int level = 1; level <= 6; ++level) {
      const fs::path dir = empty_objects(tmp.path() / ("l" + std::to_string(level)));
      write_bytes(previous / "info" / "alternates", dir.string() + "\n");
      previous = dir;
    }
    write_bytes(previous / "info" / "alternates", (origin / ".git" / "objects").string() + "\n");
    ObjectStore store(objects.string());
    RawObject got;
    CHECK_FALSE(store.read(parse_oid(origin_objects.begin()->first), got));
  }
}

TEST_CASE("ObjectStore: damaged loose objects read as false") {
  testing::TempDir tmp;
  const fs::path repo = tmp.path() / "repo";
  make_history(repo, 3);
  const fs::path objects = repo / ".git" / "objects";
  ObjectMap expected = libgit2_objects(repo);
  std::vector<fs::path> loose = loose_files(objects);
  REQUIRE(loose.size() == expected.size());
  auto id_of = [](const fs::path& f) {
    return parse_oid(f.parent_path().filename().string() + f.filename().string());
  };
  RawObject got;

  SECTION("truncated, at every length") {
    const fs::path victim = loose.front();
    const std::string whole = read_bytes(victim);
    fs::permissions(victim, fs::perms::owner_write, fs::perm_options::add);
    for (size_t n = 0; n < whole.size(); ++n) {
      write_bytes(victim, whole.substr(0, n));
      CHECK_FALSE(ObjectStore(objects.string()).read(id_of(victim), got));
    }
  }
  SECTION("garbage") {
    std::mt19937 rng(3);
    for (const fs::path& victim : loose) {
      std::string junk(200, '\0');
      for (char& c : junk) c = static_cast<char>(rng());
      fs::permissions(victim, fs::perms::owner_write, fs::perm_options::add);
      write_bytes(victim, junk);
    }
    ObjectStore store(objects.string());
    for (const fs::path& victim : loose) CHECK_FALSE(store.read(id_of(victim), got));
  }
  SECTION("valid zlib around a bad header or a wrong size") {
    const fs::path victim = loose.front();
    fs::permissions(victim, fs::perms::owner_write, fs::perm_options::add);
    ObjectStore store(objects.string());
    auto reads = [&](std::string_view raw) {
      write_bytes(victim, zlib(raw));
      return store.read(id_of(victim), got);
    };
    CHECK(reads(std::string("blob 5\0hello", 12)));
    CHECK((got.type == GIT_OBJECT_BLOB && got.data == "hello"));
    CHECK(reads(std::string("tag 0\0", 6)));
    CHECK((got.type == GIT_OBJECT_TAG && got.data.empty()));
    CHECK_FALSE(reads(std::string("blob 6\0hello", 12)));   // shorter than declared
    CHECK_FALSE(reads(std::string("blob 4\0hello", 12)));   // longer
    CHECK_FALSE(reads(std::string("blob 05\0hello", 13)));  // not canonical
    CHECK_FALSE(reads(std::string("blob +5\0hello", 13)));
    CHECK_FALSE(reads(std::string("blob 5 \0hello", 13)));
    CHECK_FALSE(reads(std::string("blub 5\0hello", 12)));
    CHECK_FALSE(reads("blob 5 hello"));                                   // no NUL
    CHECK_FALSE(reads(std::string("blob 99999999999999999999\0x", 27)));  // overflows
    CHECK_FALSE(reads(std::string("blob 1099511627776\0x", 20)));         // 1 TiB declared
  }
}

TEST_CASE("ObjectStore: damaged packs read as false") {
  testing::TempDir tmp;
  const fs::path repo = tmp.path() / "repo";
  make_history(repo, 20);
  git(repo, "repack -adf --depth=50 --window=50");
  const fs::path objects = repo / ".git" / "objects";
  const fs::path pack = files_with(objects / "pack", ".pack").at(0);
  const fs::path idx = fs::path(pack).replace_extension(".idx");
  ObjectMap expected = libgit2_objects(repo);
  const std::string pack_bytes = read_bytes(pack), idx_bytes = read_bytes(idx);
  fs::permissions(pack, fs::perms::owner_write, fs::perm_options::add);
  fs::permissions(idx, fs::perms::owner_write, fs::perm_options::add);

  SECTION("truncated pack") {
    for (size_t keep : {pack_bytes.size() - 1, pack_bytes.size() / 2, size_t{12}, size_t{0}}) {
      write_bytes(pack, pack_bytes.substr(0, keep));
      CHECK(readable(ObjectStore(objects.string()), expected) == 0);
    }
  }
  SECTION("no pack beside the index") {
    fs::remove(pack);
    CHECK(readable(ObjectStore(objects.string()), expected) == 0);
  }
  SECTION("index with a bad magic number, another version, or cut short") {
    std::string bad = idx_bytes;
    bad[0] = 'X';
    write_bytes(idx, bad);
    CHECK(readable(ObjectStore(objects.string()), expected) == 0);
    bad = idx_bytes;
    bad[7] = 3;
    write_bytes(idx, bad);
    CHECK(readable(ObjectStore(objects.string()), expected) == 0);
    write_bytes(idx, idx_bytes.substr(0, idx_bytes.size() / 2));
    CHECK(readable(ObjectStore(objects.string()), expected) == 0);
  }
  SECTION("a header's object count that does not match the index") {
    std::string bad = pack_bytes;
    bad[11] = static_cast<char>(bad[11] + 1);
    write_bytes(pack, bad);
    CHECK(readable(ObjectStore(objects.string()), expected) == 0);
  }
  SECTION("bytes overwritten inside the pack: no crash, whatever is read") {
    std::mt19937 rng(11);
    for (int round = 0; round < 20; ++round) {
      std::string bad = pack_bytes;
      for (int flips = 0; flips < 4; ++flips)
        bad[12 + rng() % (bad.size() - 12 - GIT_OID_RAWSZ)] = static_cast<char>(rng());
      write_bytes(pack, bad);
      CHECK(readable(ObjectStore(objects.string()), expected) <= expected.size());
    }
  }
  SECTION("bytes overwritten inside the index: fan-out, ids, offsets") {
    std::mt19937 rng(13);
    for (int round = 0; round < 20; ++round) {
      std::string bad = idx_bytes;
      for (int flips = 0; flips < 4; ++flips)
        bad[8 + rng() % (bad.size() - 8)] = static_cast<char>(rng());
      write_bytes(idx, bad);
      CHECK(readable(ObjectStore(objects.string()), expected) <= expected.size());
    }
  }
}

TEST_CASE("ObjectStore: hand-made packs with 8-byte offsets, REF_DELTA bases elsewhere, cycles") {
  testing::TempDir tmp;
  const fs::path objects = empty_objects(tmp.path() / "repo.git");
  source::open_repository(
      (tmp.path() / "repo.git").string());  // libgit2 initialized for git_odb_hash
  const std::string base(3000, 'b');
  const Crafted blob = plain_entry(source::pack::kBlob, GIT_OBJECT_BLOB, base);
  RawObject got;

  SECTION("8-byte offsets, and an OFS_DELTA through them") {
    const std::string tail = "and a tail";
    std::string delta = append_delta(base.size(), tail);
    // The delta's entry follows the blob: 12 bytes of pack header, then the blob's bytes.
    Crafted ofs{hash_of(GIT_OBJECT_BLOB, base + tail),
                entry_header(source::pack::kOfsDelta, delta.size()) +
                    ofs_distance(blob.bytes.size()) + zlib(delta)};
    write_pack(objects, "large", {blob, ofs}, true);
    ObjectStore store(objects.string());
    REQUIRE(store.read(blob.id, got));
    CHECK((got.type == GIT_OBJECT_BLOB && got.data == base));
    REQUIRE(store.read(ofs.id, got));
    CHECK((got.type == GIT_OBJECT_BLOB && got.data == base + tail));
  }
  SECTION("an 8-byte offset slot beyond the index") {
    write_pack(objects, "large", {blob}, true);
    const fs::path idx = objects / "pack" / "pack-large.idx";
    std::string bytes = read_bytes(idx);
    const size_t offsets_at = 8 + 256 * 4 + 24;  // one object
    bytes[offsets_at + 3] = 9;                   // slot 9 of a one-slot table
    write_bytes(idx, bytes);
    CHECK_FALSE(ObjectStore(objects.string()).read(blob.id, got));
  }
  SECTION("a REF_DELTA whose base is loose, or in another pack") {
    const std::string tail = "more";
    const git_oid result = hash_of(GIT_OBJECT_BLOB, base + tail);
    write_pack(objects, "delta", {ref_delta(result, blob.id, append_delta(base.size(), tail))});
    CHECK_FALSE(ObjectStore(objects.string()).read(result, got));  // no base anywhere
    write_pack(objects, "base", {blob});
    REQUIRE(ObjectStore(objects.string()).read(result, got));
    CHECK((got.type == GIT_OBJECT_BLOB && got.data == base + tail));
    fs::remove(objects / "pack" / "pack-base.pack");
    fs::remove(objects / "pack" / "pack-base.idx");
    const std::string hex = source::oid_hex(blob.id);
    write_bytes(objects / hex.substr(0, 2) / hex.substr(2),
                zlib("blob 3000" + std::string(1, '\0') + base));
    REQUIRE(ObjectStore(objects.string()).read(result, got));
    CHECK(got.data == base + tail);
  }
  SECTION("a cycle of REF_DELTAs ends") {
    const git_oid a = hash_of(GIT_OBJECT_BLOB, "a"), b = hash_of(GIT_OBJECT_BLOB, "b");
    const std::string delta = append_delta(1, "x");
    write_pack(
        objects, "cycle",
        {ref_delta(a, b, delta), ref_delta(b, a, delta),
         ref_delta(hash_of(GIT_OBJECT_BLOB, "self"), hash_of(GIT_OBJECT_BLOB, "self"), delta)});
    ObjectStore store(objects.string());
    CHECK_FALSE(store.read(a, got));
    CHECK_FALSE(store.read(hash_of(GIT_OBJECT_BLOB, "self"), got));
  }
  SECTION("declared sizes far beyond the data") {
    const git_oid big = hash_of(GIT_OBJECT_BLOB, "big"),
                  result = hash_of(GIT_OBJECT_BLOB, "result");
    Crafted liar{big, entry_header(source::pack::kBlob, uint64_t{1} << 40) + zlib("tiny")};
    write_pack(objects, "liar",
               {blob, liar,
                ref_delta(result, blob.id, append_delta(base.size(), "t", uint64_t{1} << 50))});
    ObjectStore store(objects.string());
    CHECK_FALSE(store.read(big, got));
    CHECK_FALSE(store.read(result, got));
    CHECK(store.read(blob.id, got));
    // The whole-history reader shares the inflater and apply_delta: it leaves them to libgit2.
    auto failed =
        source::read_pack((objects / "pack" / "pack-liar.pack").string(), 1,
                          [](unsigned, const git_oid&, git_object_t, std::string_view) {});
    CHECK(failed.size() == 2);
  }
}

// Not a test: the cost of opening a store and reading what a pre-commit run reads.
//   build/tests/zkscan_unit '[.bench]'   (ZKSCAN_STORE_BENCH_REPO=<repository> to use another)
TEST_CASE("ObjectStore: opening and reading ten objects", "[.bench]") {
  testing::TempDir tmp;
  fs::path repo = tmp.path() / "repo";
  if (const char* other = std::getenv("ZKSCAN_STORE_BENCH_REPO")) {
    repo = other;
  } else {
    make_history(repo, 100);
    git(repo, "repack -adf --depth=50 --window=50");
    for (int pack = 0; pack < 3; ++pack) {
      write_bytes(repo / "a.txt", "pack " + std::to_string(pack) + "\n");
      git(repo, "commit -q -am p" + std::to_string(pack));
      git(repo, "repack -d");
    }
  }
  const std::string objects =
      git_out(repo, "rev-parse --path-format=absolute --git-common-dir") + "/objects";
  std::vector<git_oid> ids;
  for (const char* rev : {"HEAD", "HEAD^{tree}", "HEAD~1", "HEAD~1^{tree}", "HEAD~10^{tree}"})
    ids.push_back(parse_oid(git_out(repo, std::string("rev-parse ") + rev)));
  std::string blobs = git_out(repo, "ls-tree -r HEAD~5");
  for (size_t at = 0; ids.size() < 10 && (at = blobs.find(" blob ", at)) != std::string::npos;
       at += 6)
    ids.push_back(parse_oid(blobs.substr(at + 6, GIT_OID_HEXSZ)));
  REQUIRE(ids.size() == 10);

  using Clock = std::chrono::steady_clock;
  constexpr int kRounds = 200;
  Clock::duration open{}, read{};
  size_t bytes = 0;
  for (int round = 0; round < kRounds; ++round) {
    auto t0 = Clock::now();
    ObjectStore store(objects);
    auto t1 = Clock::now();
    for (const git_oid& id : ids) {
      RawObject got;
      REQUIRE(store.read(id, got));
      bytes += got.data.size();
    }
    open += t1 - t0;
    read += Clock::now() - t1;
  }
  // libgit2 for comparison: opening the repository and its object database, the same reads.
  Clock::duration git_open{}, git_read{};
  for (int round = 0; round < kRounds; ++round) {
    auto t0 = Clock::now();
    ffi::GitRepository handle = source::open_repository(repo.string());
    ffi::GitOdb odb;
    REQUIRE(git_repository_odb(odb.out(), handle.get()) == 0);
    auto t1 = Clock::now();
    for (const git_oid& id : ids) {
      ffi::GitOdbObject object;
      REQUIRE(git_odb_read(object.out(), odb.get(), &id) == 0);
    }
    git_open += t1 - t0;
    git_read += Clock::now() - t1;
  }
  auto us = [](Clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count() / kRounds;
  };
  std::cout << "ObjectStore on " << repo << " (" << files_with(objects + "/pack", ".pack").size()
            << " packs): open " << us(open) << " us, 10 reads " << us(read) << " us ("
            << bytes / kRounds << " bytes); libgit2 (libgit2 already loaded): open " << us(git_open)
            << " us, 10 reads " << us(git_read) << " us\n";
}
