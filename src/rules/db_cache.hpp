// An on-disk cache of compiled Hyperscan databases: a hook run should not pay for compiling.
#pragma once

#include <string>

#include "ffi/hyperscan.hpp"

namespace zkscan::rules {

// The cache file for a database whose compile inputs hash to `key`, or "" when there is no
// cache directory ($ZKSCAN_CACHE_DIR, $XDG_CACHE_HOME/zkscan or ~/.cache/zkscan) or
// ZKSCAN_NO_CACHE is set.
std::string db_cache_path(const std::string& key);

// A database from the cache, or an empty handle when it is missing, stale or unreadable.
ffi::HsDatabase load_cached_db(const std::string& path);

// Stores `db` (best effort: a cache that cannot be written is not an error).
void store_cached_db(const std::string& path, const hs_database_t* db);

}  // namespace zkscan::rules
