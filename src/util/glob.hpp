// Glob matching for path patterns in rules/paths.toml and .zkscan.toml allowlists.
#pragma once

#include <string_view>

namespace zkscan::util {

// `*` matches any run of characters except '/', `**` any run including '/', `?` one
// character except '/', `[abc]`/`[a-z]`/`[!a]` a set. ASCII case-insensitive when `fold_case`.
bool glob_match(std::string_view pattern, std::string_view text, bool fold_case = false);

}  // namespace zkscan::util
