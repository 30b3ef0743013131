// The scripts of hooks/, compiled in so that `zkscan hook install` needs no data files.
#pragma once

#include <string_view>

namespace zkscan::hooks {

// hooks/pre-commit and hooks/pre-push as they are in the source tree (CMake embeds them).
extern const std::string_view kPreCommitScript;
extern const std::string_view kPrePushScript;

}  // namespace zkscan::hooks
