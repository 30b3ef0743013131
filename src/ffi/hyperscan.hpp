// RAII for Hyperscan/Vectorscan handles (database, scratch, compile error).
#pragma once

#include <hs.h>

#include <string>

#include "ffi/handle.hpp"

namespace zkscan::ffi {

inline void free_database(hs_database_t* db) { hs_free_database(db); }
inline void free_scratch(hs_scratch_t* s) { hs_free_scratch(s); }
inline void free_compile_error(hs_compile_error_t* e) { hs_free_compile_error(e); }

using HsDatabase = Handle<hs_database_t, free_database>;
using HsScratch = Handle<hs_scratch_t, free_scratch>;
using HsCompileError = Handle<hs_compile_error_t, free_compile_error>;

// Throws zkscan::Error when a Hyperscan call fails; `what` names the call.
void hs_check(hs_error_t rc, const char* what);

// A scratch for `db`, cloned from `prototype` when given (one per thread).
HsScratch make_scratch(const hs_database_t* db);
HsScratch clone_scratch(const hs_scratch_t* prototype);

}  // namespace zkscan::ffi
