// Hyperscan error checking and scratch allocation.
#include "ffi/hyperscan.hpp"

#include <fmt/core.h>

#include "model/error.hpp"

namespace zkscan::ffi {

void hs_check(hs_error_t rc, const char* what) {
  if (rc != HS_SUCCESS) throw Error(fmt::format("{} failed (Hyperscan error {})", what, rc));
}

HsScratch make_scratch(const hs_database_t* db) {
  HsScratch scratch;
  hs_check(hs_alloc_scratch(db, scratch.out()), "hs_alloc_scratch");
  return scratch;
}

HsScratch clone_scratch(const hs_scratch_t* prototype) {
  HsScratch scratch;
  hs_check(hs_clone_scratch(prototype, scratch.out()), "hs_clone_scratch");
  return scratch;
}

}  // namespace zkscan::ffi
