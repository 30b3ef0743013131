// The provider's own advice: a key in a git-ignored .env file is where keys belong.
#pragma once

#include <string>
#include <vector>

#include "model/types.hpp"

namespace zkscan::filter {

// Removes findings in `.env*` files that the enclosing git repository ignores, unless the key
// is client-exposed (NEXT_PUBLIC_…) or a live key in a development, test or staging env file.
// `root` is the directory the finding paths are relative to. Returns how many were removed.
uint64_t drop_ignored_env_files(std::vector<Finding>& findings, const std::string& root);

}  // namespace zkscan::filter
