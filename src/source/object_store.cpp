// Object lookup as git does it: a directory's packs, then its loose objects, then its
// alternates, depth first. Nothing here calls libgit2.
#include "source/object_store.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <mutex>
#include <optional>

#include "ffi/fd.hpp"
#include "source/git_repo.hpp"
#include "source/oid.hpp"
#include "source/pack_format.hpp"

namespace zkscan::source {
namespace {

// Longer delta chains are taken for a cycle of REF_DELTAs (git writes chains of at most 4095).
constexpr size_t kMaxDeltaDepth = 10000;
// git's limit on alternates of alternates.
constexpr int kMaxAlternateDepth = 5;
// The first read of a pack entry: its header and, for most trees, commits and deltas, all of
// its data, in one system call.
constexpr size_t kFirstRead = 4096;
// Larger objects are read in pieces of at most this.
constexpr uint64_t kMaxRead = uint64_t{16} << 20;
// Room for "commit 18446744073709551615\0".
constexpr size_t kMaxLooseHeader = 32;

bool dir_id(const std::string& dir, std::pair<uint64_t, uint64_t>& id) {
  struct stat st {};
  // Not stat(): ffi/git.cpp interposes it for libgit2, and this file needs none of that.
  if (::fstatat(AT_FDCWD, dir.c_str(), &st, 0) != 0 || !S_ISDIR(st.st_mode)) return false;
  id = {st.st_dev, st.st_ino};
  return true;
}

// dir/xx/yyyy…
std::string loose_path(const std::string& dir, const git_oid& id) {
  std::string hex = oid_hex(id);
  return dir + "/" + hex.substr(0, 2) + "/" + hex.substr(2);
}

// A loose object's "type size" header, with the size in canonical decimal as git requires.
bool parse_loose_header(std::string_view head, git_object_t& type, uint64_t& size) {
  const size_t space = head.find(' ');
  if (space == std::string_view::npos) return false;
  const std::string_view name = head.substr(0, space), digits = head.substr(space + 1);
  type = object_type_named(name);
  if (type == GIT_OBJECT_INVALID || digits.empty() || (digits[0] == '0' && digits.size() > 1))
    return false;
  const char* end = digits.data() + digits.size();
  auto [ptr, ec] = std::from_chars(digits.data(), end, size);
  return ec == std::errc() && ptr == end;
}

}  // namespace

// A pack and its index, each opened on first use: a store is opened to read a few objects, and
// those in the first packs searched need no other.
class ObjectStore::Pack {
 public:
  Pack(const std::string& pack_dir, std::string_view idx_name)
      : idx_path_(pack_dir + std::string(idx_name)),
        path_(pack_dir + std::string(idx_name.substr(0, idx_name.size() - 4)) + ".pack") {}

  const pack::Index& index() const {
    std::call_once(mapped_, [this] { index_.emplace(idx_path_, MADV_NORMAL); });
    return *index_;
  }

  // The pack file, opened on first use; null when it is not the pack its index describes.
  const ffi::Fd* file() const {
    std::call_once(opened_, [this] { open(); });
    return fd_ ? &fd_ : nullptr;
  }

 private:
  // The header's object count and the trailing checksum must match the index: a truncated or
  // replaced pack is left to libgit2.
  void open() const {
    ffi::Fd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    pack::PackEnds ends;
    if (!fd || !pack::read_pack_ends(fd, ends) || !ends.header_ok || ends.objects != index().size() ||
        ends.checksum != index().pack_checksum())
      return;
    fd_ = std::move(fd);
  }

  std::string idx_path_, path_;
  mutable std::once_flag mapped_, opened_;
  mutable std::optional<pack::Index> index_;
  mutable ffi::Fd fd_;
};

struct ObjectStore::Source {
  std::string dir;
  std::vector<std::unique_ptr<Pack>> packs;
};

// One read(): the object's delta chain followed down to its base, then applied back up.
class ObjectStore::Lookup {
 public:
  explicit Lookup(const std::vector<Source>& sources) : sources_(sources) {}

  bool read(const git_oid& id, RawObject& out) {
    std::vector<std::string> deltas;  // the object's first, its base's last
    Location at;
    for (Found found = find(id, nullptr, at, out); found != Found::kLoose;) {
      if (found == Found::kNone || deltas.size() > kMaxDeltaDepth) return false;
      pack::Header h;
      std::string content;
      if (!read_entry(at, h, content)) return false;
      if (h.type != pack::kOfsDelta && h.type != pack::kRefDelta) {
        out.type = pack::object_type(h.type);
        out.data = std::move(content);
        break;
      }
      deltas.push_back(std::move(content));
      if (h.type == pack::kOfsDelta)
        at.offset = h.base_offset;
      else
        found = find(h.base_id, at.pack, at, out);
    }
    std::string next;
    for (auto delta = deltas.rbegin(); delta != deltas.rend(); ++delta) {
      if (!apply_delta(out.data, *delta, next)) return false;
      out.data.swap(next);
    }
    return true;
  }

 private:
  struct Location {
    const Pack* pack = nullptr;
    uint64_t offset = 0;
  };
  enum class Found { kNone, kPacked, kLoose };

  // Where `id` is: a pack entry, or else a loose object, read into `loose`. `near` is searched
  // first: a REF_DELTA's base is almost always in the delta's own pack.
  Found find(const git_oid& id, const Pack* near, Location& at, RawObject& loose) {
    auto in = [&](const Pack& p) {
      const size_t i = p.index().find(id);
      if (i == SIZE_MAX || !p.index().offset(i, at.offset) || p.file() == nullptr) return false;
      at.pack = &p;
      return true;
    };
    if (near != nullptr && in(*near)) return Found::kPacked;
    for (const Source& source : sources_) {
      for (const auto& p : source.packs)
        if (p.get() != near && in(*p)) return Found::kPacked;
      if (read_loose(source.dir, id, loose)) return Found::kLoose;
    }
    return Found::kNone;
  }

  // Inflates the entry at `at` (a delta's instructions, for deltas) into `out`.
  bool read_entry(const Location& at, pack::Header& h, std::string& out) {
    const ffi::Fd& fd = *at.pack->file();
    if (!util::read_at(fd, at.offset, kFirstRead, chunk_) ||
        !pack::parse_header(chunk_, at.offset, h))
      return false;
    uint64_t next = at.offset + chunk_.size();
    const auto piece = static_cast<size_t>(std::clamp<uint64_t>(h.size + 64, kFirstRead, kMaxRead));
    auto more = [&](std::string_view& in) {
      if (!util::read_at(fd, next, piece, chunk_)) return false;
      next += chunk_.size();
      in = chunk_;
      return true;
    };
    out.clear();
    return z_.start(std::string_view(chunk_).substr(h.data - at.offset)) &&
           z_.finish(out, h.size, more);
  }

  bool read_loose(const std::string& dir, const git_oid& id, RawObject& out) {
    std::string head;
    if (util::read_file(loose_path(dir, id), chunk_) != util::FileRead::kOk || !z_.start(chunk_) ||
        !z_.take(head, kMaxLooseHeader))
      return false;
    const size_t nul = head.find('\0');
    uint64_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (nul == std::string::npos ||
        !parse_loose_header(std::string_view(head).substr(0, nul), type, size))
      return false;
    out.data.assign(head, nul + 1);
    if (!z_.finish(out.data, size)) return false;
    out.type = type;
    return true;
  }

  const std::vector<Source>& sources_;
  pack::Inflater z_;
  std::string chunk_;  // compressed input: a loose file, or a piece of a pack
};

ObjectStore::ObjectStore(const std::string& objects_dir) {
  add_source(objects_dir);
  std::vector<DirId> seen;
  add_alternates(objects_dir, 0, seen);
}

ObjectStore::ObjectStore(ObjectStore&&) noexcept = default;
ObjectStore& ObjectStore::operator=(ObjectStore&&) noexcept = default;
ObjectStore::~ObjectStore() = default;

bool ObjectStore::read(const git_oid& id, RawObject& out) const {
  out.type = GIT_OBJECT_INVALID;
  return Lookup(sources_).read(id, out);
}

void ObjectStore::add_source(const std::string& dir) {
  Source& source = sources_.emplace_back(Source{dir, {}});
  const std::string pack_dir = dir + "/pack/";
  ffi::Dir listing(::opendir(pack_dir.c_str()));
  if (!listing) return;
  while (const dirent* entry = ::readdir(listing.get())) {
    std::string_view name = entry->d_name;
    if (name.size() > 4 && name.ends_with(".idx"))
      source.packs.push_back(std::make_unique<Pack>(pack_dir, name));
  }
}

// Each line of info/alternates names an objects directory, absolute or relative to `dir`.
// Directories are told apart by device and inode, so a cycle or a repeat is followed once.
void ObjectStore::add_alternates(const std::string& dir, int depth, std::vector<DirId>& seen) {
  std::string list;
  if (depth > kMaxAlternateDepth || util::read_file(dir + "/info/alternates", list) != util::FileRead::kOk) return;
  DirId id;
  if (seen.empty() && dir_id(dir, id)) seen.push_back(id);  // the repository's own
  std::string_view rest = list;
  while (!rest.empty()) {
    const size_t eol = std::min(rest.find('\n'), rest.size());
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(std::min(eol + 1, rest.size()));
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const std::string path = line[0] == '/' ? std::string(line) : dir + "/" + std::string(line);
    if (!dir_id(path, id) || std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
    seen.push_back(id);
    add_source(path);
    add_alternates(path, depth + 1, seen);
  }
}

}  // namespace zkscan::source
