// The one exception type for fatal problems; main turns it into exit code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace zkscan {

// A problem that stops the whole run: bad arguments, a rule that does not compile,
// a repository that will not open. Per-file problems are diagnostics, not exceptions.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace zkscan
