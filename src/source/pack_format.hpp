// Git's pack format (Documentation/gitformat-pack.txt), shared by the whole-history pack reader
// and the object store: the .idx v2, entry headers, zlib streams and deltas. Nothing here calls
// libgit2 (only its types): the object store must work where libgit2 was never loaded.
#pragma once

#include <git2.h>
#include <zlib.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "ffi/fd.hpp"
#include "util/file.hpp"

namespace zkscan::source {

// Applies a git delta to `base`; false when the delta is malformed or its result is not the
// size it declares.
bool apply_delta(std::string_view base, std::string_view delta, std::string& out);

namespace pack {

enum Type : int { kCommit = 1, kTree = 2, kBlob = 3, kTag = 4, kOfsDelta = 6, kRefDelta = 7 };

// The object type of a non-delta entry type; GIT_OBJECT_INVALID for the others.
git_object_t object_type(int type);

uint32_t be32(const unsigned char* p);

// The 12 bytes a pack starts with: "PACK", version 2 or 3, the object count.
constexpr size_t kPackHeader = 12;
bool header_ok(std::string_view first);

// What a pack file's two ends say, read without the rest: whether it starts with a pack
// header, the object count there, and its trailing checksum, which its .idx repeats. A pack
// whose ends do not match its index was truncated or replaced.
struct PackEnds {
  bool header_ok = false;
  uint32_t objects = 0;
  std::string checksum;
};
// False when the file cannot be read or is too short for a header and a checksum.
bool read_pack_ends(const ffi::Fd& pack, PackEnds& out);

// A file mapped read-only that can also be read with pread(): released pages and pread keep
// what stays resident bounded by what is in use, not by the size of the file.
class MappedFile {
 public:
  // `advice` goes to madvise (MADV_SEQUENTIAL for a file read front to back).
  explicit MappedFile(const std::string& path, int advice);
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();
  std::string_view data() const { return data_; }

  // Drops the mapped pages of [0, upto) from this process (they stay in the page cache).
  void release(uint64_t upto) const;

  // Reads [from, to) into `out`; false on a short read.
  bool read(uint64_t from, uint64_t to, std::string& out) const;

 private:
  ffi::Fd fd_;
  std::string_view data_;
};

// A pack's .idx (version 2): sorted ids, their offsets, 8-byte offsets for packs over 2 GiB.
class Index {
 public:
  Index(const std::string& idx_path, int advice);
  // False for anything but a v2 index whose tables fit in the file.
  bool ok() const { return ok_; }
  size_t size() const { return count_; }
  const unsigned char* id(size_t i) const;
  // False when an 8-byte offset's slot lies outside the file.
  bool offset(size_t i, uint64_t& out) const;
  // The position of `id`, or SIZE_MAX.
  size_t find(const git_oid& id) const;
  // The checksum of the pack this index was written for.
  std::string_view pack_checksum() const;

 private:
  const unsigned char* at(size_t pos) const {
    return reinterpret_cast<const unsigned char*>(file_.data().data()) + pos;
  }
  MappedFile file_;
  bool ok_ = false;
  size_t count_ = 0;
  size_t offsets_at_ = 0, large_at_ = 0;
};

// The longest entry header: the type and a 64-bit size in 10 bytes, then a REF_DELTA's base id.
constexpr size_t kMaxHeader = 10 + GIT_OID_RAWSZ;

// An entry's header.
struct Header {
  int type = 0;
  uint64_t size = 0;         // inflated size (of the delta, for deltas)
  uint64_t data = 0;         // offset of the zlib stream
  uint64_t base_offset = 0;  // OFS_DELTA's base
  git_oid base_id{};         // REF_DELTA's base
};

// Parses the header of the entry at `offset`, whose bytes from there on are `bytes` (as many as
// are available). False when it is malformed or runs past `bytes`.
bool parse_header(std::string_view bytes, uint64_t offset, Header& h);

// A zlib stream inflated into a buffer of known final size. The output grows with the input
// consumed, so a size declared by a damaged or hostile file costs no more than its data.
class Inflater {
 public:
  // Replaces the consumed input with the next piece of the stream; false when there is none.
  using More = std::function<bool(std::string_view& in)>;

  Inflater() { ok_ = inflateInit(&z_) == Z_OK; }
  // zlib's state points back at the z_stream: it cannot move.
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (ok_) inflateEnd(&z_);
  }

  // Starts a new stream on `in`.
  bool start(std::string_view in);
  // Inflates up to `n` bytes more, appended to `out`: for a header of unknown length.
  bool take(std::string& out, size_t n);
  // Inflates the rest of the stream, appended to `out`: true when it ends with `out` holding
  // exactly `size` bytes.
  bool finish(std::string& out, uint64_t size, const More& more = nullptr);

 private:
  void give(std::string_view in);
  bool refill(const More& more);

  z_stream z_{};
  bool ok_ = false;
  std::string_view pending_;  // input beyond what zlib's 32-bit counts took
  uint64_t fed_ = 0;          // input given to zlib since start()
};

}  // namespace pack
}  // namespace zkscan::source
