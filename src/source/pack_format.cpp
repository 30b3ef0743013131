// Pack decoding per git's Documentation/gitformat-pack.txt.
#include "source/pack_format.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace zkscan::source {

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
  // A damaged delta may declare any size: reserve no more than a real one almost always needs.
  out.reserve(std::min<uint64_t>(result_size, base.size() + delta.size()));
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

namespace pack {

git_object_t object_type(int type) {
  switch (type) {
    case kCommit:
      return GIT_OBJECT_COMMIT;
    case kTree:
      return GIT_OBJECT_TREE;
    case kBlob:
      return GIT_OBJECT_BLOB;
    case kTag:
      return GIT_OBJECT_TAG;
    default:
      return GIT_OBJECT_INVALID;
  }
}

uint32_t be32(const unsigned char* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

bool header_ok(std::string_view first) {
  return first.size() >= kPackHeader && first.substr(0, 4) == "PACK" && first[4] == 0 &&
         first[5] == 0 && first[6] == 0 && (first[7] == 2 || first[7] == 3);
}

bool read_pack_ends(const ffi::Fd& pack, PackEnds& out) {
  struct stat st {};
  if (::fstat(pack.get(), &st) != 0) return false;
  const auto size = static_cast<uint64_t>(st.st_size);
  std::string header;
  if (size < kPackHeader + GIT_OID_RAWSZ || !util::read_at(pack, 0, kPackHeader, header) ||
      header.size() != kPackHeader ||
      !util::read_at(pack, size - GIT_OID_RAWSZ, GIT_OID_RAWSZ, out.checksum) ||
      out.checksum.size() != GIT_OID_RAWSZ)
    return false;
  out.header_ok = header_ok(header);
  out.objects = be32(reinterpret_cast<const unsigned char*>(header.data()) + 8);
  return true;
}

MappedFile::MappedFile(const std::string& path, int advice)
    : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
  struct stat st {};
  if (!fd_ || ::fstat(fd_.get(), &st) != 0 || st.st_size <= 0) return;
  void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd_.get(), 0);
  if (p == MAP_FAILED) return;
  if (advice != MADV_NORMAL) ::madvise(p, static_cast<size_t>(st.st_size), advice);
  data_ = std::string_view(static_cast<const char*>(p), static_cast<size_t>(st.st_size));
}

MappedFile::~MappedFile() {
  if (!data_.empty()) ::munmap(const_cast<char*>(data_.data()), data_.size());
}

void MappedFile::release(uint64_t upto) const {
  size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t len = static_cast<size_t>(std::min<uint64_t>(upto, data_.size())) / page * page;
  if (len != 0) ::madvise(const_cast<char*>(data_.data()), len, MADV_DONTNEED);
}

bool MappedFile::read(uint64_t from, uint64_t to, std::string& out) const {
  return util::read_at(fd_, from, static_cast<size_t>(to - from), out) && out.size() == to - from;
}

namespace {
constexpr size_t kFanout = 8;  // after the magic and the version
constexpr size_t kIndexHeader = kFanout + 256 * 4;
}  // namespace

Index::Index(const std::string& idx_path, int advice) : file_(idx_path, advice) {
  std::string_view d = file_.data();
  if (d.size() < kIndexHeader || d.substr(0, 4) != "\377tOc" || be32(at(4)) != 2) return;
  const size_t n = be32(at(kFanout + 255 * 4));
  offsets_at_ = kIndexHeader + n * (GIT_OID_RAWSZ + 4);
  large_at_ = offsets_at_ + 4 * n;
  if (d.size() < large_at_) return;
  count_ = n;
  ok_ = true;
}

const unsigned char* Index::id(size_t i) const { return at(kIndexHeader + GIT_OID_RAWSZ * i); }

bool Index::offset(size_t i, uint64_t& out) const {
  uint64_t off = be32(at(offsets_at_ + 4 * i));
  if (off & 0x80000000u) {
    size_t slot = large_at_ + 8 * (off & 0x7fffffffu);
    if (slot + 8 > file_.data().size()) return false;
    off = uint64_t{be32(at(slot))} << 32 | be32(at(slot + 4));
  }
  out = off;
  return true;
}

size_t Index::find(const git_oid& want) const {
  if (!ok_) return SIZE_MAX;
  const unsigned first = want.id[0];
  size_t lo = first == 0 ? 0 : be32(at(kFanout + 4 * (first - 1)));
  size_t hi = be32(at(kFanout + 4 * first));
  if (lo > hi || hi > count_) return SIZE_MAX;  // a damaged fan-out table
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = std::memcmp(id(mid), want.id, GIT_OID_RAWSZ);
    if (c == 0) return mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return SIZE_MAX;
}

std::string_view Index::pack_checksum() const {
  std::string_view d = file_.data();
  // The index ends with the pack's checksum, then its own.
  if (!ok_ || d.size() < large_at_ + 2 * GIT_OID_RAWSZ) return {};
  return d.substr(d.size() - 2 * GIT_OID_RAWSZ, GIT_OID_RAWSZ);
}

bool parse_header(std::string_view bytes, uint64_t offset, Header& h) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t end = bytes.size();
  size_t at = 0;
  if (at >= end) return false;
  unsigned char c = p[at++];
  h.type = (c >> 4) & 7;
  h.size = c & 15;
  for (int shift = 4; c & 0x80; shift += 7) {
    if (at >= end || shift > 57) return false;
    c = p[at++];
    h.size |= uint64_t{c & 0x7fu} << shift;
  }
  if (h.type == kOfsDelta) {
    if (at >= end) return false;
    c = p[at++];
    uint64_t back = c & 0x7f;
    while (c & 0x80) {
      if (at >= end || back > (uint64_t{1} << 56)) return false;
      c = p[at++];
      back = ((back + 1) << 7) | (c & 0x7f);
    }
    if (back == 0 || back > offset) return false;
    h.base_offset = offset - back;
  } else if (h.type == kRefDelta) {
    if (at + GIT_OID_RAWSZ > end) return false;
    std::memcpy(h.base_id.id, p + at, GIT_OID_RAWSZ);
    at += GIT_OID_RAWSZ;
  } else if (object_type(h.type) == GIT_OBJECT_INVALID) {
    return false;
  }
  h.data = offset + at;
  return true;
}

bool Inflater::start(std::string_view in) {
  if (!ok_ || inflateReset(&z_) != Z_OK) return false;
  fed_ = 0;
  give(in);
  return true;
}

void Inflater::give(std::string_view in) {
  const auto n = static_cast<uInt>(std::min<size_t>(in.size(), UINT_MAX));
  z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z_.avail_in = n;
  pending_ = in.substr(n);
  fed_ += n;
}

bool Inflater::refill(const More& more) {
  std::string_view in = pending_;
  if (in.empty() && (!more || !more(in) || in.empty())) return false;
  give(in);
  return true;
}

bool Inflater::take(std::string& out, size_t n) {
  const size_t have = out.size();
  out.resize(have + n);
  z_.next_out = reinterpret_cast<Bytef*>(out.data() + have);
  z_.avail_out = static_cast<uInt>(n);
  int rc = inflate(&z_, Z_NO_FLUSH);
  out.resize(have + n - z_.avail_out);
  return rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR;
}

bool Inflater::finish(std::string& out, uint64_t size, const More& more) {
  // Deflate's best ratio: the input given so far cannot inflate to more.
  constexpr uint64_t kMaxRatio = 1032;
  uint64_t have = out.size();
  if (!ok_ || have > size) return false;
  int rc = Z_OK;
  for (;;) {
    if (have == out.size() && have < size)
      out.resize(std::min(size, std::max({fed_ * kMaxRatio, have * 2, have + 4096})));
    const auto room = static_cast<uInt>(std::min<uint64_t>(out.size() - have, UINT_MAX));
    z_.next_out = reinterpret_cast<Bytef*>(out.data() + have);
    z_.avail_out = room;
    rc = inflate(&z_, Z_FINISH);
    have += room - z_.avail_out;
    if (rc != Z_BUF_ERROR) break;  // the end, or corrupt data
    if (z_.avail_in == 0) {        // stalled for input
      if (!refill(more)) break;
    } else if (z_.avail_out != 0 || have == size) {
      break;  // stalled with input left: more data than `size`
    }
  }
  out.resize(have);
  return rc == Z_STREAM_END && have == size;
}

}  // namespace pack
}  // namespace zkscan::source
