// Pack decoding per git's Documentation/gitformat-pack.txt: entry headers, zlib, delta trees.
#include "source/pack_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fmt/core.h>
#include <memory>
#include <thread>

#include "ffi/fd.hpp"

namespace zkscan::source {
namespace {

enum PackType : int { kCommit = 1, kTree = 2, kBlob = 3, kTag = 4, kOfsDelta = 6, kRefDelta = 7 };

// A file mapped read-only (the .idx; a pack's entry headers) that can also be read with pread()
// (a pack's objects): released pages and pread keep what stays resident bounded by the
// objects in flight, not by the size of the pack.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    struct stat st {};
    if (!fd_ || ::fstat(fd_.get(), &st) != 0 || st.st_size <= 0) return;
    void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd_.get(), 0);
    if (p == MAP_FAILED) return;
    ::madvise(p, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
    data_ = std::string_view(static_cast<const char*>(p), static_cast<size_t>(st.st_size));
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (!data_.empty()) ::munmap(const_cast<char*>(data_.data()), data_.size());
  }
  std::string_view data() const { return data_; }

  // Drops the mapped pages of [0, upto) from this process (they stay in the page cache).
  void release(uint64_t upto) const {
    size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    size_t len = static_cast<size_t>(std::min<uint64_t>(upto, data_.size())) / page * page;
    if (len != 0) ::madvise(const_cast<char*>(data_.data()), len, MADV_DONTNEED);
  }

  // Reads [from, to) into `out`; false on a short read.
  bool read(uint64_t from, uint64_t to, std::string& out) const {
    out.resize(static_cast<size_t>(to - from));
    size_t got = 0;
    while (got < out.size()) {
      ssize_t n = ::pread(fd_.get(), out.data() + got, out.size() - got, static_cast<off_t>(from + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      got += static_cast<size_t>(n);
    }
    return true;
  }

 private:
  ffi::Fd fd_;
  std::string_view data_;
};

// One object of the pack, from its entry header.
struct Entry {
  uint64_t offset = 0;      // of the entry header
  uint64_t data = 0;        // of the zlib stream
  uint64_t end = 0;         // where the next entry starts
  uint64_t size = 0;        // inflated size (of the delta, for deltas)
  int type = 0;
  git_oid id{};
  size_t base = SIZE_MAX;   // index of the base entry, for deltas
  uint64_t base_offset = 0; // OFS_DELTA's base
  git_oid base_id{};        // REF_DELTA's base
  std::vector<size_t> children;  // deltas whose base this is
};

uint32_t be32(const unsigned char* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

// Reads the .idx (v2): ids and offsets. Empty on any problem.
std::vector<Entry> read_index(const std::string& idx_path) {
  MappedFile idx(idx_path);
  std::string_view d = idx.data();
  const auto* p = reinterpret_cast<const unsigned char*>(d.data());
  const size_t header = 8 + 256 * 4;
  if (d.size() < header || d.substr(0, 4) != "\377tOc" || be32(p + 4) != 2) return {};
  const size_t n = be32(p + 8 + 255 * 4);
  const size_t offsets_at = header + n * (GIT_OID_RAWSZ + 4), large_at = offsets_at + 4 * n;
  if (d.size() < large_at) return {};
  std::vector<Entry> out(n);
  for (size_t i = 0; i < n; ++i) {
    git_oid_fromraw(&out[i].id, p + header + GIT_OID_RAWSZ * i);
    uint64_t off = be32(p + offsets_at + 4 * i);
    if (off & 0x80000000u) {
      size_t at = large_at + 8 * (off & 0x7fffffffu);
      if (at + 8 > d.size()) return {};
      off = uint64_t{be32(p + at)} << 32 | be32(p + at + 4);
    }
    out[i].offset = off;
  }
  return out;
}

// Parses the entry header at e.offset. False when it runs past the end.
bool parse_header(std::string_view pack, Entry& e) {
  const auto* p = reinterpret_cast<const unsigned char*>(pack.data());
  uint64_t at = e.offset;
  if (at >= e.end) return false;
  unsigned char c = p[at++];
  e.type = (c >> 4) & 7;
  e.size = c & 15;
  for (int shift = 4; c & 0x80; shift += 7) {
    if (at >= e.end || shift > 57) return false;
    c = p[at++];
    e.size |= uint64_t{c & 0x7fu} << shift;
  }
  if (e.type == kOfsDelta) {
    if (at >= e.end) return false;
    c = p[at++];
    uint64_t back = c & 0x7f;
    while (c & 0x80) {
      if (at >= e.end || back > (uint64_t{1} << 56)) return false;
      c = p[at++];
      back = ((back + 1) << 7) | (c & 0x7f);
    }
    if (back == 0 || back > e.offset) return false;
    e.base_offset = e.offset - back;
    e.data = at;
    return true;
  }
  if (e.type == kRefDelta) {
    if (at + GIT_OID_RAWSZ > e.end) return false;
    git_oid_fromraw(&e.base_id, p + at);
    at += GIT_OID_RAWSZ;
  }
  e.data = at;
  return e.type == kCommit || e.type == kTree || e.type == kBlob || e.type == kTag ||
         e.type == kRefDelta;
}

// Inflates entry `e` into `out` (exactly e.size bytes), reading its zlib stream into `in`.
// False on a read or zlib error, or a size mismatch.
bool inflate_entry(const MappedFile& pack, const Entry& e, z_stream& z, std::string& in, std::string& out) {
  if (!pack.read(e.data, e.end, in)) return false;
  out.resize(e.size);
  if (inflateReset(&z) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT32_MAX));
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  if (e.size == 0) return rc == Z_STREAM_END || rc == Z_BUF_ERROR || rc == Z_OK;
  return rc == Z_STREAM_END && z.avail_out == 0;
}

git_object_t object_type(int t) {
  switch (t) {
    case kCommit: return GIT_OBJECT_COMMIT;
    case kTree: return GIT_OBJECT_TREE;
    case kBlob: return GIT_OBJECT_BLOB;
    case kTag: return GIT_OBJECT_TAG;
    default: return GIT_OBJECT_INVALID;
  }
}

}  // namespace

bool apply_delta(std::string_view base, std::string_view delta, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(delta.data());
  size_t at = 0, n = delta.size();
  auto varint = [&](uint64_t& v) {
    v = 0;
    for (int shift = 0;; shift += 7) {
      if (at >= n || shift > 63) return false;
      unsigned char c = p[at++];
      v |= uint64_t{c & 0x7fu} << shift;
      if (!(c & 0x80)) return true;
    }
  };
  uint64_t base_size = 0, result_size = 0;
  if (!varint(base_size) || !varint(result_size) || base_size != base.size()) return false;
  out.clear();
  out.reserve(result_size);
  while (at < n) {
    unsigned char op = p[at++];
    if (op & 0x80) {  // copy from the base
      uint64_t off = 0, len = 0;
      for (int i = 0; i < 4; ++i)
        if (op & (1 << i)) {
          if (at >= n) return false;
          off |= uint64_t{p[at++]} << (8 * i);
        }
      for (int i = 0; i < 3; ++i)
        if (op & (0x10 << i)) {
          if (at >= n) return false;
          len |= uint64_t{p[at++]} << (8 * i);
        }
      if (len == 0) len = 0x10000;
      if (off + len > base.size() || out.size() + len > result_size) return false;
      out.append(base.data() + off, len);
    } else if (op != 0) {  // insert literal bytes
      if (at + op > n || out.size() + op > result_size) return false;
      out.append(delta.data() + at, op);
      at += op;
    } else {
      return false;  // reserved
    }
  }
  return out.size() == result_size;
}

std::vector<git_oid> read_pack(const std::string& pack_path, unsigned threads, const PackVisitor& visit,
                               git_object_t only) {
  std::string idx_path = pack_path.substr(0, pack_path.size() - 5) + ".idx";
  std::vector<Entry> entries = read_index(idx_path);
  MappedFile pack(pack_path);
  std::string_view data = pack.data();
  std::vector<git_oid> fallback;
  if (data.size() < 12 + GIT_OID_RAWSZ || data.substr(0, 4) != "PACK") {
    for (const Entry& e : entries) fallback.push_back(e.id);
    return fallback;
  }

  // Entries in pack order: each ends where the next begins, the last before the checksum.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.offset < b.offset; });
  const uint64_t trailer = data.size() - GIT_OID_RAWSZ;
  std::vector<bool> broken(entries.size(), false);  // no usable header
  constexpr uint64_t kReleaseEvery = uint64_t{64} << 20;
  uint64_t released = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    Entry& e = entries[i];
    e.end = i + 1 < entries.size() ? entries[i + 1].offset : trailer;
    if (e.offset < 12 || e.end > trailer || e.offset >= e.end || !parse_header(data, e)) {
      broken[i] = true;
      continue;
    }
    if (e.offset - released > kReleaseEvery) pack.release(released = e.offset);
  }
  pack.release(data.size());  // objects are read with pread from here on
  // Link each delta to its base entry.
  auto by_offset = [&](uint64_t off) -> size_t {
    auto it = std::lower_bound(entries.begin(), entries.end(), off,
                               [](const Entry& e, uint64_t o) { return e.offset < o; });
    return it != entries.end() && it->offset == off ? static_cast<size_t>(it - entries.begin()) : SIZE_MAX;
  };
  std::vector<std::pair<git_oid, size_t>> by_id;
  for (size_t i = 0; i < entries.size(); ++i) by_id.emplace_back(entries[i].id, i);
  std::sort(by_id.begin(), by_id.end(), [](const auto& a, const auto& b) { return OidLess{}(a.first, b.first); });
  std::vector<size_t> roots;
  for (size_t i = 0; i < entries.size(); ++i) {
    Entry& e = entries[i];
    if (broken[i]) continue;
    size_t base = SIZE_MAX;
    if (e.type == kOfsDelta) {
      base = by_offset(e.base_offset);
    } else if (e.type == kRefDelta) {
      auto it = std::lower_bound(by_id.begin(), by_id.end(), e.base_id,
                                 [](const auto& a, const git_oid& id) { return OidLess{}(a.first, id); });
      if (it != by_id.end() && git_oid_equal(&it->first, &e.base_id)) base = it->second;
    } else {
      if (only == GIT_OBJECT_ANY || object_type(e.type) == only) roots.push_back(i);
      continue;
    }
    e.base = base;
    if (base == SIZE_MAX || base == i) {
      broken[i] = true;  // the base is not in this pack (a thin pack): libgit2 resolves it
      continue;
    }
    entries[base].children.push_back(i);
  }

  // Depth-first over each delta tree: a base's content lives until its deltas are done.
  std::atomic<size_t> next{0};
  // Written by one worker per entry (delta trees are disjoint), read after the join.
  std::vector<char> visited(entries.size(), 0);
  auto emit = [&](unsigned w, size_t i, git_object_t type, const std::string& content) {
    visited[i] = 1;
    visit(w, entries[i].id, type, content);
  };
  auto worker = [&](unsigned w) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return;
    struct Frame {
      size_t entry;
      std::string content;
      git_object_t type;
    };
    std::vector<Frame> stack;
    std::string delta, compressed;
    for (size_t r; (r = next.fetch_add(1)) < roots.size();) {
      stack.clear();
      Frame root{roots[r], {}, object_type(entries[roots[r]].type)};
      if (!inflate_entry(pack, entries[root.entry], z, compressed, root.content)) continue;
      emit(w, root.entry, root.type, root.content);
      // A frame's children are expanded while it is on top of the stack.
      stack.push_back(std::move(root));
      std::vector<size_t> pending_at;  // per frame: next child to expand
      pending_at.push_back(0);
      while (!stack.empty()) {
        Frame& top = stack.back();
        const Entry& te = entries[top.entry];
        size_t& k = pending_at.back();
        if (k == te.children.size()) {
          stack.pop_back();
          pending_at.pop_back();
          continue;
        }
        size_t child = te.children[k++];
        Frame f{child, {}, top.type};
        // A delta that fails is left (with its own deltas) to libgit2.
        if (!inflate_entry(pack, entries[child], z, compressed, delta) ||
            !apply_delta(top.content, delta, f.content))
          continue;
        emit(w, child, f.type, f.content);
        if (entries[child].children.empty()) continue;  // a leaf: no need to keep it
        stack.push_back(std::move(f));
        pending_at.push_back(0);
      }
    }
    inflateEnd(&z);
  };
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(worker, i);
  worker(0);
  for (std::thread& t : pool) t.join();

  // Whatever was not decoded: broken entries, failed deltas and everything built on them,
  // bases outside the pack (and, with `only`, objects of other types).
  for (size_t i = 0; i < entries.size(); ++i)
    if (!visited[i]) fallback.push_back(entries[i].id);
  return fallback;
}

}  // namespace zkscan::source
