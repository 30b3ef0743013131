// zkfloor: the floor for history scanning — read every blob of a repository with libgit2.
//
//   zkfloor REPO [THREADS=2] [oid|pack]
//
// Enumerates every object id with git_odb_foreach, then THREADS threads, each with its own
// git_repository/git_odb handle, read their share of the objects with git_odb_read and count
// blobs and blob bytes. Each blob's content is touched (one byte every 4 KiB plus a memchr)
// so the read cannot be optimised away. Strict hash verification is off, as in zkscan.
// Prints "blobs=N bytes=N" on stdout; object count and timings go to stderr.
//
// Order: "oid" (default) reads in object id order, as git_odb_foreach lists a pack; "pack"
// reads packed objects in pack-offset order (from the pack .idx files), then loose ones. Pack
// order lets libgit2's small delta base cache serve whole delta chains, so it is the floor
// for a scanner that reads in pack order too; zkscan git / zkfloor is then the overhead of
// scanning, provenance and reporting.
#include <git2.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Totals {
  std::uint64_t objects = 0;
  std::uint64_t blobs = 0;
  std::uint64_t bytes = 0;
  std::uint64_t touched = 0;  // checksum of touched bytes, printed so it is observable
  std::uint64_t errors = 0;
};

[[noreturn]] void die(const char* what) {
  const git_error* e = git_error_last();
  std::fprintf(stderr, "zkfloor: %s: %s\n", what, e != nullptr ? e->message : "unknown error");
  std::exit(2);
}

int collect(const git_oid* id, void* payload) {
  static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
  return 0;
}

bool oid_less(const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; }
bool oid_equal(const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) == 0; }

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

// Sorts `oids` (sorted by object id on entry) by (pack, offset in pack) using the version 2
// .idx files of the repository; objects in no pack (loose) keep object id order at the end.
void sort_pack_order(const std::string& objects_dir, std::vector<git_oid>& oids) {
  namespace fs = std::filesystem;
  constexpr std::uint64_t kLoose = ~std::uint64_t{0};
  std::vector<std::uint64_t> key(oids.size(), kLoose);  // pack << 40 | offset
  std::vector<fs::path> idx_files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(objects_dir) / "pack", ec)) {
    if (e.path().extension() == ".idx") idx_files.push_back(e.path());
  }
  std::sort(idx_files.begin(), idx_files.end());
  std::uint64_t pack_no = 0;
  for (const auto& path : idx_files) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<unsigned char> d((std::istreambuf_iterator<char>(in)),
                                       std::istreambuf_iterator<char>());
    if (d.size() < 8 + 256 * 4 || be32(d.data()) != 0xff744f63u || be32(d.data() + 4) != 2) {
      std::fprintf(stderr, "zkfloor: %s: not a version 2 pack index\n", path.c_str());
      std::exit(2);
    }
    const std::size_t n = be32(d.data() + 8 + 255 * 4);
    const std::size_t large_at = 8 + 256 * 4 + n * 28;  // after names, CRCs and offsets
    if (d.size() < large_at) {
      std::fprintf(stderr, "zkfloor: %s: truncated pack index\n", path.c_str());
      std::exit(2);
    }
    const unsigned char* names = d.data() + 8 + 256 * 4;
    const unsigned char* offs = names + n * 20 + n * 4;
    // Both lists are sorted by object id: merge them.
    std::size_t j = 0;
    for (std::size_t i = 0; i < n && j < oids.size(); ++i) {
      const unsigned char* name = names + i * 20;
      while (j < oids.size() && std::memcmp(oids[j].id, name, 20) < 0) ++j;
      if (j == oids.size() || std::memcmp(oids[j].id, name, 20) != 0) continue;
      std::uint64_t off = be32(offs + i * 4);
      if ((off & 0x80000000u) != 0) {  // index into the table of 64-bit offsets
        const std::size_t at = large_at + (off & 0x7fffffffu) * 8;
        if (d.size() < at + 8) {
          std::fprintf(stderr, "zkfloor: %s: truncated pack index\n", path.c_str());
          std::exit(2);
        }
        off = (std::uint64_t{be32(d.data() + at)} << 32) | be32(d.data() + at + 4);
      }
      if (key[j] == kLoose) key[j] = (pack_no << 40) | off;
    }
    ++pack_no;
  }
  std::vector<std::size_t> perm(oids.size());
  for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = i;
  std::stable_sort(perm.begin(), perm.end(),
                   [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  std::vector<git_oid> sorted;
  sorted.reserve(oids.size());
  for (const std::size_t i : perm) sorted.push_back(oids[i]);
  oids.swap(sorted);
}

// Reads objects [i, i + kBatch) claimed from a shared counter until none are left.
void worker(const char* path, const std::vector<git_oid>& oids, std::atomic<std::size_t>& next,
            Totals& out) {
  constexpr std::size_t kBatch = 64;
  git_repository* repo = nullptr;
  git_odb* odb = nullptr;
  if (git_repository_open_bare(&repo, path) != 0 && git_repository_open(&repo, path) != 0) {
    die("open repository");
  }
  if (git_repository_odb(&odb, repo) != 0) die("open object database");
  Totals t;
  for (;;) {
    const std::size_t begin = next.fetch_add(kBatch, std::memory_order_relaxed);
    if (begin >= oids.size()) break;
    const std::size_t end = std::min(oids.size(), begin + kBatch);
    for (std::size_t i = begin; i < end; ++i) {
      git_odb_object* obj = nullptr;
      if (git_odb_read(&obj, odb, &oids[i]) != 0) {
        ++t.errors;
        continue;
      }
      ++t.objects;
      if (git_odb_object_type(obj) == GIT_OBJECT_BLOB) {
        const auto* data = static_cast<const unsigned char*>(git_odb_object_data(obj));
        const std::size_t size = git_odb_object_size(obj);
        ++t.blobs;
        t.bytes += size;
        for (std::size_t off = 0; off < size; off += 4096) t.touched += data[off];
        if (size != 0 && std::memchr(data, 'z', size) != nullptr) ++t.touched;
      }
      git_odb_object_free(obj);
    }
  }
  git_odb_free(odb);
  git_repository_free(repo);
  out = t;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: zkfloor REPO [THREADS=2] [oid|pack]\n");
    return 2;
  }
  const std::string order = argc == 4 ? argv[3] : "oid";
  if (order != "oid" && order != "pack") {
    std::fprintf(stderr, "zkfloor: order must be oid or pack\n");
    return 2;
  }
  const char* path = argv[1];
  const long nthreads_arg = argc >= 3 ? std::strtol(argv[2], nullptr, 10) : 2;
  if (nthreads_arg < 1 || nthreads_arg > 256) {
    std::fprintf(stderr, "zkfloor: THREADS must be 1..256\n");
    return 2;
  }
  const auto nthreads = static_cast<std::size_t>(nthreads_arg);
  const auto t0 = std::chrono::steady_clock::now();

  git_libgit2_init();
  git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);

  std::vector<git_oid> oids;
  std::string objects_dir;
  {
    git_repository* repo = nullptr;
    git_odb* odb = nullptr;
    if (git_repository_open_bare(&repo, path) != 0 && git_repository_open(&repo, path) != 0) {
      die("open repository");
    }
    if (git_repository_odb(&odb, repo) != 0) die("open object database");
    if (git_odb_foreach(odb, collect, &oids) != 0) die("enumerate objects");
    objects_dir = std::string(git_repository_commondir(repo)) + "objects";
    git_odb_free(odb);
    git_repository_free(repo);
  }
  // An object can be listed twice (loose and packed, or in two packs): read it once.
  std::sort(oids.begin(), oids.end(), oid_less);
  oids.erase(std::unique(oids.begin(), oids.end(), oid_equal), oids.end());
  if (order == "pack") sort_pack_order(objects_dir, oids);
  const double t_enum = seconds_since(t0);

  std::atomic<std::size_t> next{0};
  std::vector<Totals> totals(nthreads);
  std::vector<std::thread> threads;
  threads.reserve(nthreads);
  for (std::size_t i = 0; i < nthreads; ++i) {
    threads.emplace_back(worker, path, std::cref(oids), std::ref(next), std::ref(totals[i]));
  }
  for (auto& th : threads) th.join();

  Totals sum;
  for (const auto& t : totals) {
    sum.objects += t.objects;
    sum.blobs += t.blobs;
    sum.bytes += t.bytes;
    sum.touched += t.touched;
    sum.errors += t.errors;
  }
  std::printf("blobs=%llu bytes=%llu\n", static_cast<unsigned long long>(sum.blobs),
              static_cast<unsigned long long>(sum.bytes));
  std::fprintf(stderr,
               "zkfloor: objects=%llu unreadable=%llu threads=%zu order=%s enumerate=%.3fs "
               "total=%.3fs (checksum %llu)\n",
               static_cast<unsigned long long>(sum.objects),
               static_cast<unsigned long long>(sum.errors), nthreads, order.c_str(), t_enum,
               seconds_since(t0),
               static_cast<unsigned long long>(sum.touched));
  git_libgit2_shutdown();
  return sum.errors == 0 ? 0 : 2;
}
