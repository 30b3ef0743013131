// Index parsing per git's Documentation/gitformat-index.txt: entries and the TREE extension.
#include "source/index_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "ffi/fd.hpp"

namespace zkscan::source {
namespace {

constexpr size_t kEntryFixed = 62;  // ctime … flags, before the extended flags and the path
constexpr uint16_t kFlagExtended = 0x4000;
constexpr uint16_t kExtIntentToAdd = 0x2000;

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool has(size_t n) const { return pos_ + n <= data_.size(); }
  uint32_t u32() {
    auto b = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
    pos_ += 4;
    return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
  }
  uint16_t u16() {
    auto b = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
    pos_ += 2;
    return static_cast<uint16_t>(b[0] << 8 | b[1]);
  }
  const unsigned char* bytes(size_t n) {
    auto p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
    pos_ += n;
    return p;
  }
  // A NUL-terminated string; false when there is no NUL.
  bool cstring(std::string_view& out) { return until('\0', out); }
  // A newline-terminated string; false when there is no newline.
  bool line(std::string_view& out) { return until('\n', out); }
  // The index v4 path-prefix varint (git's "offset encoding").
  bool varint(uint64_t& out) {
    if (!has(1)) return false;
    unsigned char c = *bytes(1);
    out = c & 0x7f;
    while (c & 0x80) {
      if (!has(1)) return false;
      c = *bytes(1);
      out = ((out + 1) << 7) | (c & 0x7f);
    }
    return true;
  }
  size_t pos() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  void skip(size_t n) { pos_ += n; }

 private:
  bool until(char end, std::string_view& out) {
    size_t at = data_.find(end, pos_);
    if (at == std::string_view::npos) return false;
    out = data_.substr(pos_, at - pos_);
    pos_ = at + 1;
    return true;
  }

  std::string_view data_;
  size_t pos_ = 0;
};

// One TREE node ("<name>\0<entries> <subtrees>\n[<20-byte id>]") and, recursively, its children.
bool parse_cache_tree(Reader& r, CacheTree& node) {
  std::string_view name, counts;
  if (!r.cstring(name) || !r.line(counts)) return false;
  node.name = name;
  size_t sp = counts.find(' ');
  uint64_t subtrees = 0;
  if (sp == std::string_view::npos ||
      std::from_chars(counts.data(), counts.data() + sp, node.entries).ec != std::errc{} ||
      std::from_chars(counts.data() + sp + 1, counts.data() + counts.size(), subtrees).ec != std::errc{})
    return false;
  if (subtrees > r.remaining()) return false;  // each child takes at least two bytes
  if (node.entries >= 0) {
    if (!r.has(GIT_OID_RAWSZ)) return false;
    node.id = oid_from_raw(r.bytes(GIT_OID_RAWSZ));
  }
  node.children.resize(subtrees);
  for (CacheTree& child : node.children)
    if (!parse_cache_tree(r, child)) return false;
  return true;
}

}  // namespace

const CacheTree* CacheTree::child(std::string_view component) const {
  for (const CacheTree& c : children)
    if (c.name == component) return &c;
  return nullptr;
}

std::optional<IndexFile> read_index_file(const std::string& path) {
  IndexFile out;
  ffi::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return errno == ENOENT ? std::optional<IndexFile>(std::move(out)) : std::nullopt;
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return std::nullopt;
  size_t file_size = static_cast<size_t>(st.st_size);
  out.file = std::make_unique_for_overwrite<char[]>(file_size);
  for (size_t done = 0; done < file_size;) {
    ssize_t n = ::pread(fd.get(), out.file.get() + done, file_size - done, static_cast<off_t>(done));
    if (n <= 0) return std::nullopt;  // an error, or the file shrank under us
    done += static_cast<size_t>(n);
  }
  std::string_view data(out.file.get(), file_size);
  Reader r(data);
  if (!r.has(12) || !data.starts_with("DIRC")) return std::nullopt;
  r.skip(4);
  uint32_t version = r.u32();
  uint32_t count = r.u32();
  if (version < 2 || version > 4) return std::nullopt;

  out.entries.reserve(count);
  // Version 4 paths are built in v4_paths as (offset, size); views are taken once it is done.
  std::vector<std::pair<size_t, size_t>> v4_spans;
  for (uint32_t i = 0; i < count; ++i) {
    size_t start = r.pos();
    if (!r.has(kEntryFixed)) return std::nullopt;
    r.skip(24);  // ctime, mtime, dev, ino
    IndexEntry e;
    e.mode = r.u32();
    r.skip(12);  // uid, gid, size
    e.id = oid_from_raw(r.bytes(GIT_OID_RAWSZ));
    uint16_t flags = r.u16();
    e.stage = (flags >> 12) & 0x3;
    if (flags & kFlagExtended) {
      if (version < 3 || !r.has(2)) return std::nullopt;
      e.intent_to_add = (r.u16() & kExtIntentToAdd) != 0;
    }
    std::string_view name;
    if (version == 4) {
      uint64_t strip = 0;
      auto [previous, previous_size] = v4_spans.empty() ? std::pair<size_t, size_t>{} : v4_spans.back();
      if (!r.varint(strip) || strip > previous_size || !r.cstring(name)) return std::nullopt;
      size_t at = out.v4_paths.size(), keep = previous_size - strip;
      out.v4_paths.append(out.v4_paths, previous, keep).append(name);  // git's prefix compression
      v4_spans.emplace_back(at, keep + name.size());
    } else {
      if (!r.cstring(name)) return std::nullopt;
      e.path = name;  // in the file
      // Entries are NUL-padded to a multiple of 8 bytes (the NUL read above counts).
      size_t len = r.pos() - start;
      size_t padded = (len + 7) / 8 * 8;
      if (!r.has(padded - len)) return std::nullopt;
      r.skip(padded - len);
    }
    if ((e.mode & 0170000) == 0040000) return std::nullopt;  // sparse-index directory entry
    out.entries.push_back(e);
  }
  for (size_t i = 0; i < v4_spans.size(); ++i)
    out.entries[i].path = std::string_view(out.v4_paths).substr(v4_spans[i].first, v4_spans[i].second);

  // Extensions, up to the trailing checksum.
  while (r.has(8 + GIT_OID_RAWSZ)) {
    std::string_view sig(reinterpret_cast<const char*>(r.bytes(4)), 4);
    uint32_t size = r.u32();
    if (!r.has(size)) return std::nullopt;
    if (sig == "link" || sig == "sdir") return std::nullopt;  // split or sparse index
    if (sig == "TREE" && size > 0) {
      Reader tree(data.substr(r.pos(), size));
      CacheTree root;
      if (parse_cache_tree(tree, root)) out.cache_tree = std::move(root);
    }
    r.skip(size);
  }
  return out;
}

}  // namespace zkscan::source
