// Reading git objects in parallel: every blob scanned once, commit and tag messages too.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/progress.hpp"
#include "model/types.hpp"
#include "rules/rules.hpp"
#include "scan/scanner.hpp"
#include "source/git_repo.hpp"
#include "source/object_store.hpp"

namespace zkscan::source {

// A blob with at least one match (blobs without matches are not kept).
struct BlobHit {
  git_oid blob{};
  scan::ScanResult result;
};

// A commit or annotated-tag message with at least one match.
struct MessageHit {
  git_oid object{};  // the commit, or the tag object
  git_oid commit{};  // the commit (a tag's target when it points at one; else zero)
  bool is_tag = false;
  std::string author;  // author of the commit, or tagger
  int64_t time = 0;
  scan::ScanResult result;
};

struct ObjectScan {
  std::vector<BlobHit> blobs;
  std::vector<MessageHit> messages;
  std::vector<CommitMeta> commits;  // every commit read
  uint64_t objects = 0;             // objects read
  uint64_t blobs_read = 0;
  uint64_t bytes = 0;  // blob bytes
  uint64_t placeholders = 0;
  uint64_t missing = 0;  // distinct objects referenced by a commit, tag or tree but absent
  std::vector<git_oid> missing_ids;  // the first few of them
  std::vector<Diagnostic> errors;
};

// Every object id in the object database (packs, loose objects, alternates), sorted.
std::vector<git_oid> all_objects(git_repository* repo);

// Reads `ids` of the repository whose common directory (git_repository_commondir) is
// `common_dir` with up to `threads` workers: blobs are scanned, commit and tag messages too,
// commits collected. `objects` (that directory's store) reads what it can; libgit2 is loaded
// only for the rest.
ObjectScan scan_objects(const ObjectStore& objects, const std::string& common_dir,
                        const std::vector<git_oid>& ids,
                        const rules::CompiledRules& rules, unsigned threads);

// The same for every object of the repository (`all_ids`, sorted, from all_objects): packs
// are decoded directly (pack_reader.hpp), each object once; loose objects, alternates and
// anything the pack reader could not decode go through libgit2. What commits (tree,
// parents), tags (target) and trees (entries) point at that is not among `all_ids` is
// counted as missing, but for the parents of the `shallow` commits (sorted, from
// shallow_commits), which a shallow clone leaves out on purpose. `progress`, when given,
// counts objects and bytes as they are read.
ObjectScan scan_all_objects(const std::string& git_dir, const std::vector<git_oid>& all_ids,
                            const rules::CompiledRules& rules, unsigned threads,
                            const std::vector<git_oid>& shallow = {}, Progress* progress = nullptr);

// The commits of a shallow clone whose parents are not in the repository (the `shallow` file
// of the common directory, git_repository_commondir), sorted; empty for a complete repository.
std::vector<git_oid> shallow_commits(const std::string& common_dir);

// Pack files whose header or trailing checksum do not match their index: truncated or
// overwritten packs, named by a clear diagnostic ("objects/pack/pack-….pack"). Only the ends
// are read: hashing every pack would cost more than the scan. `common_dir` is the repository's
// common directory (git_repository_commondir).
std::vector<Diagnostic> check_packs(const std::string& common_dir);

// An object that a ref, HEAD or a reflog entry names but that is not in the repository.
struct MissingTarget {
  git_oid id{};
  std::string referrer;  // "refs/heads/main", "the reflog of HEAD", ...
};
// What every ref, HEAD and every reflog entry (its new value) names that is not among `ids`
// (every object, sorted): nothing else points at a branch tip, so the object scan cannot
// notice it missing. One entry per object, naming a ref rather than a reflog when both do.
std::vector<MissingTarget> missing_ref_targets(git_repository* repo,
                                               const std::vector<git_oid>& ids);

}  // namespace zkscan::source
