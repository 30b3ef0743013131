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
  uint64_t missing = 0;  // distinct objects referenced by a tree or commit but absent
  std::vector<git_oid> missing_ids;  // the first few of them
  std::vector<Diagnostic> errors;
};

// Every object id in the object database (packs, loose objects, alternates), sorted.
std::vector<git_oid> all_objects(git_repository* repo);

// Reads `ids` with `threads` workers, each with its own repository handle on `git_dir`:
// blobs are scanned, commit and tag messages too, commits collected.
ObjectScan scan_objects(const std::string& git_dir, const std::vector<git_oid>& ids,
                        const rules::CompiledRules& rules, unsigned threads);

// The same for every object of the repository (`all_ids`, sorted, from all_objects): packs
// are decoded directly (pack_reader.hpp), each object once; loose objects, alternates and
// anything the pack reader could not decode go through libgit2. Tree entries and commit
// trees that are not among `all_ids` are counted as missing. `progress`, when given,
// counts objects and bytes as they are read.
ObjectScan scan_all_objects(const std::string& git_dir, const std::vector<git_oid>& all_ids,
                            const rules::CompiledRules& rules, unsigned threads,
                            Progress* progress = nullptr);

}  // namespace zkscan::source
