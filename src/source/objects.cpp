// Parallel object reading: one repository handle and one scanner per thread, work handed out in batches.
#include "source/objects.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "model/error.hpp"

namespace zkscan::source {
namespace {

constexpr size_t kBatch = 64;
constexpr size_t kMaxMissingListed = 20;

// Calls `f(oid)` for each entry of a raw tree that is not a submodule commit.
template <typename F>
void for_each_tree_entry(std::string_view raw, F f) {
  while (!raw.empty()) {
    size_t nul = raw.find('\0');
    if (nul == std::string_view::npos || nul + 1 + GIT_OID_RAWSZ > raw.size()) return;
    bool submodule = raw.substr(0, 6) == "160000";
    git_oid oid;
    git_oid_fromraw(&oid, reinterpret_cast<const unsigned char*>(raw.data() + nul + 1));
    if (!submodule) f(oid);
    raw.remove_prefix(nul + 1 + GIT_OID_RAWSZ);
  }
}

struct Worker {
  explicit Worker(const rules::CompiledRules& rules) : scanner(rules) {}
  scan::Scanner scanner;
  ObjectScan out;
};

}  // namespace

std::vector<git_oid> all_objects(git_repository* repo) {
  ffi::GitOdb odb;
  ffi::git_check(git_repository_odb(odb.out(), repo), "cannot open the object database");
  std::vector<git_oid> ids;
  auto collect = [](const git_oid* id, void* payload) {
    static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
    return 0;
  };
  ffi::git_check(git_odb_foreach(odb.get(), collect, &ids), "cannot list the object database");
  std::sort(ids.begin(), ids.end(), OidLess{});
  ids.erase(std::unique(ids.begin(), ids.end(), OidEqual{}), ids.end());
  return ids;
}

ObjectScan scan_objects(const std::string& git_dir, const std::vector<git_oid>& ids,
                        const rules::CompiledRules& rules, unsigned threads,
                        const std::vector<git_oid>* all_ids, Progress* progress) {
  const bool check_links = all_ids != nullptr;
  std::atomic<size_t> next{0};
  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned i = 0; i < threads; ++i) workers.push_back(std::make_unique<Worker>(rules));
  std::vector<git_oid> missing_all;
  std::mutex missing_mu;

  auto run = [&](Worker& w) {
    ObjectScan& out = w.out;
    ffi::GitRepository repo;
    ffi::GitOdb odb;
    if (git_repository_open(repo.out(), git_dir.c_str()) < 0 ||
        git_repository_odb(odb.out(), repo.get()) < 0) {
      out.errors.push_back({git_dir, "cannot open repository: " + ffi::git_last_error()});
      return;
    }
    std::vector<git_oid> missing;
    auto check = [&](const git_oid& id) {
      if (!std::binary_search(all_ids->begin(), all_ids->end(), id, OidLess{})) missing.push_back(id);
    };
    scan::ScanResult result;
    for (size_t begin; (begin = next.fetch_add(kBatch)) < ids.size();) {
      for (size_t i = begin; i < std::min(ids.size(), begin + kBatch); ++i) {
        ffi::GitOdbObject obj;
        if (git_odb_read(obj.out(), odb.get(), &ids[i]) < 0) {
          out.errors.push_back({ffi::oid_hex(ids[i]), "cannot read object: " + ffi::git_last_error()});
          continue;
        }
        ++out.objects;
        std::string_view data(static_cast<const char*>(git_odb_object_data(obj.get())),
                              git_odb_object_size(obj.get()));
        if (progress != nullptr) progress->add(data.size());
        result.clear();
        switch (git_odb_object_type(obj.get())) {
          case GIT_OBJECT_BLOB:
            ++out.blobs_read;
            out.bytes += data.size();
            if (data.size() < rules.min_width()) break;
            w.scanner.scan(data, result);
            out.placeholders += result.placeholders;
            if (!result.matches.empty()) out.blobs.push_back({ids[i], std::move(result)});
            break;
          case GIT_OBJECT_COMMIT: {
            CommitMeta meta;
            std::string_view message;
            if (!parse_commit(data, meta, message)) {
              out.errors.push_back({ffi::oid_hex(ids[i]), "malformed commit"});
              break;
            }
            meta.id = ids[i];
            if (check_links) check(meta.tree);
            w.scanner.scan(message, result);
            out.placeholders += result.placeholders;
            if (!result.matches.empty())
              out.messages.push_back({ids[i], ids[i], false, meta.author, meta.author_time, std::move(result)});
            out.commits.push_back(std::move(meta));
            break;
          }
          case GIT_OBJECT_TAG: {
            TagMeta tag;
            std::string_view message;
            if (!parse_tag(data, tag, message)) break;
            w.scanner.scan(message, result);
            out.placeholders += result.placeholders;
            if (!result.matches.empty()) {
              git_oid commit{};
              if (tag.target_type == GIT_OBJECT_COMMIT) commit = tag.target;
              out.messages.push_back({ids[i], commit, true, tag.tagger, tag.tag_time, std::move(result)});
            }
            break;
          }
          case GIT_OBJECT_TREE:
            if (check_links) for_each_tree_entry(data, check);
            break;
          default:
            break;
        }
      }
    }
    std::lock_guard lock(missing_mu);
    missing_all.insert(missing_all.end(), missing.begin(), missing.end());
  };

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(run, std::ref(*workers[i]));
  run(*workers[0]);
  for (std::thread& t : pool) t.join();

  ObjectScan total;
  for (auto& w : workers) {
    ObjectScan& o = w->out;
    std::move(o.blobs.begin(), o.blobs.end(), std::back_inserter(total.blobs));
    std::move(o.messages.begin(), o.messages.end(), std::back_inserter(total.messages));
    std::move(o.commits.begin(), o.commits.end(), std::back_inserter(total.commits));
    std::move(o.errors.begin(), o.errors.end(), std::back_inserter(total.errors));
    total.objects += o.objects;
    total.blobs_read += o.blobs_read;
    total.bytes += o.bytes;
    total.placeholders += o.placeholders;
  }
  std::sort(missing_all.begin(), missing_all.end(), OidLess{});
  missing_all.erase(std::unique(missing_all.begin(), missing_all.end(), OidEqual{}), missing_all.end());
  total.missing = missing_all.size();
  missing_all.resize(std::min(missing_all.size(), kMaxMissingListed));
  total.missing_ids = std::move(missing_all);
  return total;
}

}  // namespace zkscan::source
