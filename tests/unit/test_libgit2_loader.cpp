// libgit2 is loaded on the first call of a git_* function (ffi/libgit2_loader.cpp).
#include <catch2/catch.hpp>

#include <git2.h>

#include <fstream>
#include <string>

#include "ffi/libgit2_loader.hpp"
#include "model/error.hpp"

namespace {

// Whether libgit2 is mapped into this process, as the kernel sees it.
bool libgit2_mapped() {
  std::ifstream maps("/proc/self/maps");
  for (std::string line; std::getline(maps, line);)
    if (line.find("/libgit2.so") != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("ffi::git_loaded() turns true with the first call of a git_* function") {
  // Under ctest every test case runs in a process of its own, where nothing has called
  // libgit2 yet; in a run of the whole binary an earlier test may have.
  CHECK(zkscan::ffi::git_loaded() == libgit2_mapped());
  int major = 0, minor = 0, rev = 0;
  REQUIRE(git_libgit2_version(&major, &minor, &rev) == 0);
  CHECK(major >= 1);
  CHECK(zkscan::ffi::git_loaded());
  CHECK(libgit2_mapped());
}

TEST_CASE("a libgit2 function that cannot be found is a zkscan::Error naming it") {
  CHECK(zkscan::ffi::git_symbol("git_libgit2_init") != nullptr);
  using Catch::Matchers::Contains;
  using Catch::Matchers::StartsWith;
  CHECK_THROWS_AS(zkscan::ffi::git_symbol("git_no_such_function"), zkscan::Error);
  CHECK_THROWS_WITH(zkscan::ffi::git_symbol("git_no_such_function"),
                    StartsWith("cannot load libgit2 (libgit2.so") &&
                        Contains("git_no_such_function"));
}
