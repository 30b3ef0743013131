// Pack index (.idx v2) parsing: object ids and their offsets in the pack.
#include "source/pack_order.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <tuple>

namespace zkscan::source {
namespace {

struct Placed {
  size_t pack;
  uint64_t offset;
  git_oid id;
};

uint32_t be32(const unsigned char* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

// Appends the objects of one .idx (version 2: magic, version, fan-out, ids, CRCs, 31-bit
// offsets whose top bit selects a 64-bit offset). Other versions are left to id order.
void read_idx(const std::filesystem::path& file, size_t pack, std::vector<Placed>& out) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return;
  std::string data(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(data.data(), static_cast<std::streamsize>(data.size()))) return;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const size_t header = 8 + 256 * 4;
  if (data.size() < header || data.compare(0, 4, "\377tOc") != 0 || be32(p + 4) != 2) return;
  const size_t n = be32(p + 8 + 255 * 4);
  const size_t ids_at = header, offsets_at = header + n * (GIT_OID_RAWSZ + 4);
  const size_t large_at = offsets_at + n * 4;
  if (data.size() < large_at) return;
  for (size_t i = 0; i < n; ++i) {
    Placed e{pack, be32(p + offsets_at + 4 * i), {}};
    if (e.offset & 0x80000000u) {
      size_t at = large_at + 8 * (e.offset & 0x7fffffffu);
      if (at + 8 > data.size()) return;
      e.offset = uint64_t{be32(p + at)} << 32 | be32(p + at + 4);
    }
    git_oid_fromraw(&e.id, p + ids_at + GIT_OID_RAWSZ * i);
    out.push_back(e);
  }
}

}  // namespace

std::vector<git_oid> in_pack_order(const std::string& objects_dir, const std::vector<git_oid>& ids) {
  namespace fs = std::filesystem;
  std::vector<fs::path> idx_files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(objects_dir) / "pack", ec))
    if (entry.path().extension() == ".idx") idx_files.push_back(entry.path());
  std::sort(idx_files.begin(), idx_files.end());

  std::vector<Placed> placed;
  for (size_t i = 0; i < idx_files.size(); ++i) read_idx(idx_files[i], i, placed);
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
    return std::tie(a.pack, a.offset) < std::tie(b.pack, b.offset);
  });

  std::vector<git_oid> out;
  out.reserve(ids.size());
  std::vector<bool> taken(ids.size(), false);
  for (const Placed& e : placed) {
    auto it = std::lower_bound(ids.begin(), ids.end(), e.id, OidLess{});
    if (it == ids.end() || !git_oid_equal(&*it, &e.id)) continue;
    size_t k = static_cast<size_t>(it - ids.begin());
    if (taken[k]) continue;  // the same object in two packs
    taken[k] = true;
    out.push_back(e.id);
  }
  for (size_t k = 0; k < ids.size(); ++k)
    if (!taken[k]) out.push_back(ids[k]);
  return out;
}

}  // namespace zkscan::source
