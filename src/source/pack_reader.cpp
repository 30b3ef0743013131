// Pack decoding per git's Documentation/gitformat-pack.txt: entry headers, zlib, delta trees.
#include "source/pack_reader.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

#include "source/pack_format.hpp"

namespace zkscan::source {
namespace {

using pack::MappedFile;

// One object of the pack: its header, where it lies, and its place in the delta trees.
struct Entry : pack::Header {
  uint64_t offset = 0;  // of the entry header
  uint64_t end = 0;     // where the next entry starts
  git_oid id{};
  size_t base = SIZE_MAX;        // index of the base entry, for deltas
  std::vector<size_t> children;  // deltas whose base this is
};

// Reads the .idx (v2): ids and offsets. Empty on any problem.
std::vector<Entry> read_index(const std::string& idx_path) {
  pack::Index idx(idx_path, MADV_SEQUENTIAL);
  if (!idx.ok()) return {};
  std::vector<Entry> out(idx.size());
  for (size_t i = 0; i < out.size(); ++i) {
    std::memcpy(out[i].id.id, idx.id(i), GIT_OID_RAWSZ);
    if (!idx.offset(i, out[i].offset)) return {};
  }
  return out;
}

// Parses the entry header at e.offset. False when it runs past the end.
bool parse_header(std::string_view pack, Entry& e) {
  return pack::parse_header(pack.substr(e.offset, e.end - e.offset), e.offset, e);
}

// Inflates entry `e` into `out` (exactly e.size bytes), reading its zlib stream into `in`.
// False on a read or zlib error, or a size mismatch.
bool inflate_entry(const MappedFile& pack, const Entry& e, pack::Inflater& z, std::string& in,
                   std::string& out) {
  if (!pack.read(e.data, e.end, in)) return false;
  out.clear();
  return z.start(in) && z.finish(out, e.size);
}

}  // namespace

std::vector<git_oid> read_pack(const std::string& pack_path, unsigned threads, const PackVisitor& visit,
                               git_object_t only) {
  std::string idx_path = pack_path.substr(0, pack_path.size() - 5) + ".idx";
  std::vector<Entry> entries = read_index(idx_path);
  MappedFile pack(pack_path, MADV_SEQUENTIAL);
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
    if (e.type == pack::kOfsDelta) {
      base = by_offset(e.base_offset);
    } else if (e.type == pack::kRefDelta) {
      auto it = std::lower_bound(by_id.begin(), by_id.end(), e.base_id,
                                 [](const auto& a, const git_oid& id) { return OidLess{}(a.first, id); });
      if (it != by_id.end() && oid_equal(it->first, e.base_id)) base = it->second;
    } else {
      if (only == GIT_OBJECT_ANY || pack::object_type(e.type) == only) roots.push_back(i);
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
    pack::Inflater z;
    struct Frame {
      size_t entry;
      std::string content;
      git_object_t type;
    };
    std::vector<Frame> stack;
    std::string delta, compressed;
    for (size_t r; (r = next.fetch_add(1)) < roots.size();) {
      stack.clear();
      Frame root{roots[r], {}, pack::object_type(entries[roots[r]].type)};
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
