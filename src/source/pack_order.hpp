// Read order for history scans: pack by pack, by offset, so libgit2's delta-base cache hits.
#pragma once

#include <string>
#include <vector>

#include "source/git_repo.hpp"

namespace zkscan::source {

// `ids` (sorted) reordered by their position in the packs under `objects_dir`/pack (each
// pack's .idx, version 2); ids in no pack (loose objects, alternates) follow in id order.
// Reading deltas right after their bases, as git does, avoids re-inflating delta chains.
std::vector<git_oid> in_pack_order(const std::string& objects_dir, const std::vector<git_oid>& ids);

}  // namespace zkscan::source
