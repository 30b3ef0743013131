// RAII for libgit2 handles and the library's global init; check() turns error codes into exceptions.
#pragma once

#include <git2.h>

#include <string>

#include "ffi/handle.hpp"

namespace zkscan::ffi {

using GitRepository = Handle<git_repository, git_repository_free>;
using GitOdb = Handle<git_odb, git_odb_free>;
using GitOdbObject = Handle<git_odb_object, git_odb_object_free>;
using GitObject = Handle<git_object, git_object_free>;
using GitCommit = Handle<git_commit, git_commit_free>;
using GitTree = Handle<git_tree, git_tree_free>;
using GitTreeEntry = Handle<git_tree_entry, git_tree_entry_free>;
using GitConfig = Handle<git_config, git_config_free>;
using GitBlob = Handle<git_blob, git_blob_free>;
using GitTag = Handle<git_tag, git_tag_free>;
using GitIndex = Handle<git_index, git_index_free>;
using GitRevwalk = Handle<git_revwalk, git_revwalk_free>;
using GitDiff = Handle<git_diff, git_diff_free>;
using GitReference = Handle<git_reference, git_reference_free>;
using GitReferenceIterator = Handle<git_reference_iterator, git_reference_iterator_free>;
using GitReflog = Handle<git_reflog, git_reflog_free>;

// A git_buf that libgit2 fills and this frees.
class GitBuf {
 public:
  GitBuf() noexcept = default;
  GitBuf(const GitBuf&) = delete;
  GitBuf& operator=(const GitBuf&) = delete;
  ~GitBuf() { git_buf_dispose(&buf_); }
  git_buf* get() noexcept { return &buf_; }

 private:
  git_buf buf_{nullptr, 0, 0};
};

// Initializes libgit2 once per process (thread-safe) and sets zkscan's global options.
void git_init();

// The message of the last libgit2 error on this thread.
std::string git_last_error();

// Throws zkscan::Error("<what>: <libgit2 message>") when rc < 0.
void git_check(int rc, const std::string& what);

}  // namespace zkscan::ffi
