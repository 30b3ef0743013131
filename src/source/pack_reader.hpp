// A pack file reader for history scans: every object decoded once, deltas resolved from their bases.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/types.hpp"
#include "source/git_repo.hpp"

namespace zkscan::source {

// Called on worker `worker` for each object of the pack, with its full content.
using PackVisitor =
    std::function<void(unsigned worker, const git_oid& id, git_object_t type, std::string_view data)>;

// Decodes every object of `pack_path` (with its .idx v2 beside it) the way git index-pack
// resolves deltas: each base is inflated once, then the deltas built on it, depth first,
// so memory is bounded by the delta depth and nothing is inflated twice. `threads` workers
// take delta trees from a shared queue. Returns the ids it could not decode (no usable .idx,
// a base outside the pack, a corrupt entry): the caller reads those through libgit2, which
// reports what is really broken.
// With `only` set, just the objects of that type are decoded (a delta has its base's type).
std::vector<git_oid> read_pack(const std::string& pack_path, unsigned threads, const PackVisitor& visit,
                               git_object_t only = GIT_OBJECT_ANY);

}  // namespace zkscan::source
