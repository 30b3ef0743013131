// libgit2, loaded with dlopen on the first call of any git_* function (libgit2_loader.cpp).
#pragma once

namespace zkscan::ffi {

// The address of libgit2's function `name`. The first call loads the library (thread-safe).
// Throws zkscan::Error when the library or the symbol cannot be loaded.
void* git_symbol(const char* name);

// Whether this process has loaded libgit2.
bool git_loaded() noexcept;

}  // namespace zkscan::ffi
