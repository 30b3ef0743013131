// libgit2, loaded on first use. zkscan does not link libgit2: loading libgit2.so.1.5 and its
// dependency chain (krb5, mbedTLS, libssh2 and OpenSSL's libcrypto, PCRE2, http-parser) costs
// about 8.5 M instructions and 1.8 ms per process, a quarter of a pre-commit run, and most runs
// of `zkscan scan` or `zkscan rules` never call it (`scan` does for a key in a .env file). So
// each libgit2 function that zkscan calls is defined here, with the exact prototype of git2.h
// (a different one is a conflicting declaration of a C function: a compile error), and forwards
// to the library, which the first call loads with dlopen. A function missing from the table is
// a link error: nothing else provides libgit2's symbols.
#include "ffi/libgit2_loader.hpp"

#include <dlfcn.h>
#include <git2.h>

#include <atomic>
#include <fmt/core.h>

#include "model/error.hpp"

namespace zkscan::ffi {
namespace {

std::atomic<bool> g_loaded{false};

// dlerror() says which file or symbol, and why.
[[noreturn]] void fail() {
  const char* why = dlerror();
  throw Error(fmt::format("cannot load libgit2 ({}): {}", ZKSCAN_LIBGIT2_SONAME,
                          why != nullptr ? why : "unknown error"));
}

void* library() {
  // Loaded once (a function-local static is initialized thread-safely) and never closed:
  // libgit2 keeps global state and thread-local data until the process exits. RTLD_LOCAL keeps
  // its symbols out of the global scope, so that nothing but this file's dlsym reaches them.
  // RTLD_LAZY, as when it was linked: binding all of krb5's symbols up front cost 0.3 ms.
  static void* const handle = [] {
    void* h = dlopen(ZKSCAN_LIBGIT2_SONAME, RTLD_LAZY | RTLD_LOCAL);
    if (h == nullptr) fail();
    g_loaded.store(true, std::memory_order_release);
    return h;
  }();
  return handle;
}

}  // namespace

void* git_symbol(const char* name) {
  void* lib = library();
  void* sym = dlsym(lib, name);
  if (sym == nullptr) fail();
  return sym;
}

bool git_loaded() noexcept { return g_loaded.load(std::memory_order_acquire); }

}  // namespace zkscan::ffi

// One forwarding definition per libgit2 function called from src/, tests/unit and tests/fuzz,
// sorted by name. `fn` looks the function up on its first call only. git_libgit2_opts is
// variadic, so it cannot be forwarded: ffi/git.cpp calls it through git_symbol.
#define ZK_GIT(ret, name, params, args)                                                       \
  extern "C" ret name params {                                                                \
    static auto* const fn = reinterpret_cast<ret(*) params>(zkscan::ffi::git_symbol(#name));  \
    return fn args;                                                                           \
  }

// clang-format off
ZK_GIT(void, git_buf_dispose, (git_buf* buffer), (buffer))

ZK_GIT(void, git_commit_free, (git_commit* commit), (commit))
ZK_GIT(int, git_commit_lookup,
       (git_commit** commit, git_repository* repo, const git_oid* id), (commit, repo, id))
ZK_GIT(const git_oid*, git_commit_parent_id,
       (const git_commit* commit, unsigned int n), (commit, n))
ZK_GIT(unsigned int, git_commit_parentcount, (const git_commit* commit), (commit))
ZK_GIT(const char*, git_commit_summary, (git_commit* commit), (commit))
ZK_GIT(git_time_t, git_commit_time, (const git_commit* commit), (commit))
ZK_GIT(int, git_commit_tree, (git_tree** tree_out, const git_commit* commit), (tree_out, commit))
ZK_GIT(const git_oid*, git_commit_tree_id, (const git_commit* commit), (commit))

ZK_GIT(int, git_config_foreach,
       (const git_config* cfg, git_config_foreach_cb callback, void* payload),
       (cfg, callback, payload))
ZK_GIT(int, git_config_foreach_match,
       (const git_config* cfg, const char* regexp, git_config_foreach_cb callback, void* payload),
       (cfg, regexp, callback, payload))
ZK_GIT(void, git_config_free, (git_config* cfg), (cfg))
ZK_GIT(int, git_config_get_string,
       (const char** out, const git_config* cfg, const char* name), (out, cfg, name))
ZK_GIT(int, git_config_get_string_buf,
       (git_buf* out, const git_config* cfg, const char* name), (out, cfg, name))
ZK_GIT(int, git_config_parse_bool, (int* out, const char* value), (out, value))

ZK_GIT(int, git_diff_find_options_init,
       (git_diff_find_options* opts, unsigned int version), (opts, version))
ZK_GIT(int, git_diff_find_similar,
       (git_diff* diff, const git_diff_find_options* options), (diff, options))
ZK_GIT(void, git_diff_free, (git_diff* diff), (diff))
ZK_GIT(const git_diff_delta*, git_diff_get_delta, (const git_diff* diff, size_t idx), (diff, idx))
ZK_GIT(size_t, git_diff_num_deltas, (const git_diff* diff), (diff))
ZK_GIT(int, git_diff_options_init, (git_diff_options* opts, unsigned int version), (opts, version))
ZK_GIT(int, git_diff_tree_to_index,
       (git_diff** diff, git_repository* repo, git_tree* old_tree, git_index* index,
        const git_diff_options* opts),
       (diff, repo, old_tree, index, opts))
ZK_GIT(int, git_diff_tree_to_tree,
       (git_diff** diff, git_repository* repo, git_tree* old_tree, git_tree* new_tree,
        const git_diff_options* opts),
       (diff, repo, old_tree, new_tree, opts))

ZK_GIT(const git_error*, git_error_last, (), ())

ZK_GIT(int, git_ignore_path_is_ignored,
       (int* ignored, git_repository* repo, const char* path), (ignored, repo, path))

ZK_GIT(void, git_index_free, (git_index* index), (index))
ZK_GIT(int, git_index_open, (git_index** out, const char* index_path), (out, index_path))

ZK_GIT(int, git_libgit2_init, (), ())
ZK_GIT(int, git_libgit2_version, (int* major, int* minor, int* rev), (major, minor, rev))

ZK_GIT(void, git_object_free, (git_object* object), (object))
ZK_GIT(const git_oid*, git_object_id, (const git_object* obj), (obj))
ZK_GIT(int, git_object_lookup,
       (git_object** object, git_repository* repo, const git_oid* id, git_object_t type),
       (object, repo, id, type))
ZK_GIT(int, git_object_peel,
       (git_object** peeled, const git_object* object, git_object_t target_type),
       (peeled, object, target_type))

ZK_GIT(int, git_odb_hash, (git_oid* out, const void* data, size_t len, git_object_t type), (out, data, len, type))
ZK_GIT(int, git_odb_foreach, (git_odb* db, git_odb_foreach_cb cb, void* payload), (db, cb, payload))
ZK_GIT(void, git_odb_free, (git_odb* db), (db))
ZK_GIT(const void*, git_odb_object_data, (git_odb_object* object), (object))
ZK_GIT(void, git_odb_object_free, (git_odb_object* object), (object))
ZK_GIT(size_t, git_odb_object_size, (git_odb_object* object), (object))
ZK_GIT(git_object_t, git_odb_object_type, (git_odb_object* object), (object))
ZK_GIT(int, git_odb_read, (git_odb_object** out, git_odb* db, const git_oid* id), (out, db, id))


ZK_GIT(void, git_reference_free, (git_reference* ref), (ref))
ZK_GIT(void, git_reference_iterator_free, (git_reference_iterator* iter), (iter))
ZK_GIT(int, git_reference_iterator_glob_new,
       (git_reference_iterator** out, git_repository* repo, const char* glob), (out, repo, glob))
ZK_GIT(int, git_reference_iterator_new,
       (git_reference_iterator** out, git_repository* repo), (out, repo))
ZK_GIT(int, git_reference_lookup,
       (git_reference** out, git_repository* repo, const char* name), (out, repo, name))
ZK_GIT(const char*, git_reference_name, (const git_reference* ref), (ref))
ZK_GIT(int, git_reference_name_to_id,
       (git_oid* out, git_repository* repo, const char* name), (out, repo, name))
ZK_GIT(int, git_reference_next, (git_reference** out, git_reference_iterator* iter), (out, iter))
ZK_GIT(int, git_reference_peel,
       (git_object** out, const git_reference* ref, git_object_t type), (out, ref, type))
ZK_GIT(int, git_reference_resolve, (git_reference** out, const git_reference* ref), (out, ref))
ZK_GIT(const git_oid*, git_reference_target, (const git_reference* ref), (ref))
ZK_GIT(git_reference_t, git_reference_type, (const git_reference* ref), (ref))

ZK_GIT(const git_reflog_entry*, git_reflog_entry_byindex,
       (const git_reflog* reflog, size_t idx), (reflog, idx))
ZK_GIT(const git_oid*, git_reflog_entry_id_new, (const git_reflog_entry* entry), (entry))
ZK_GIT(size_t, git_reflog_entrycount, (git_reflog* reflog), (reflog))
ZK_GIT(void, git_reflog_free, (git_reflog* reflog), (reflog))
ZK_GIT(int, git_reflog_read,
       (git_reflog** out, git_repository* repo, const char* name), (out, repo, name))

ZK_GIT(const char*, git_repository_commondir, (const git_repository* repo), (repo))
ZK_GIT(int, git_repository_config_snapshot, (git_config** out, git_repository* repo), (out, repo))
ZK_GIT(void, git_repository_free, (git_repository* repo), (repo))
ZK_GIT(int, git_repository_head_detached, (git_repository* repo), (repo))
ZK_GIT(int, git_repository_index, (git_index** out, git_repository* repo), (out, repo))
ZK_GIT(int, git_repository_is_bare, (const git_repository* repo), (repo))
ZK_GIT(int, git_repository_odb, (git_odb** out, git_repository* repo), (out, repo))
ZK_GIT(int, git_repository_open, (git_repository** out, const char* path), (out, path))
ZK_GIT(int, git_repository_open_ext,
       (git_repository** out, const char* path, unsigned int flags, const char* ceiling_dirs),
       (out, path, flags, ceiling_dirs))
ZK_GIT(const char*, git_repository_path, (const git_repository* repo), (repo))
ZK_GIT(const char*, git_repository_workdir, (const git_repository* repo), (repo))

ZK_GIT(int, git_revparse_single,
       (git_object** out, git_repository* repo, const char* spec), (out, repo, spec))

ZK_GIT(void, git_revwalk_free, (git_revwalk* walk), (walk))
ZK_GIT(int, git_revwalk_hide, (git_revwalk* walk, const git_oid* commit_id), (walk, commit_id))
ZK_GIT(int, git_revwalk_new, (git_revwalk** out, git_repository* repo), (out, repo))
ZK_GIT(int, git_revwalk_next, (git_oid* out, git_revwalk* walk), (out, walk))
ZK_GIT(int, git_revwalk_push, (git_revwalk* walk, const git_oid* id), (walk, id))
ZK_GIT(int, git_revwalk_sorting, (git_revwalk* walk, unsigned int sort_mode), (walk, sort_mode))

ZK_GIT(void, git_tag_free, (git_tag* tag), (tag))
ZK_GIT(int, git_tag_lookup,
       (git_tag** out, git_repository* repo, const git_oid* id), (out, repo, id))
ZK_GIT(const git_oid*, git_tag_target_id, (const git_tag* tag), (tag))

ZK_GIT(const git_tree_entry*, git_tree_entry_byindex,
       (const git_tree* tree, size_t idx), (tree, idx))
ZK_GIT(int, git_tree_entry_bypath,
       (git_tree_entry** out, const git_tree* root, const char* path), (out, root, path))
ZK_GIT(void, git_tree_entry_free, (git_tree_entry* entry), (entry))
ZK_GIT(const git_oid*, git_tree_entry_id, (const git_tree_entry* entry), (entry))
ZK_GIT(const char*, git_tree_entry_name, (const git_tree_entry* entry), (entry))
ZK_GIT(git_object_t, git_tree_entry_type, (const git_tree_entry* entry), (entry))
ZK_GIT(size_t, git_tree_entrycount, (const git_tree* tree), (tree))
ZK_GIT(void, git_tree_free, (git_tree* tree), (tree))
ZK_GIT(int, git_tree_lookup,
       (git_tree** out, git_repository* repo, const git_oid* id), (out, repo, id))
// clang-format on

#undef ZK_GIT
