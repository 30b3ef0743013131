// Parallel object reading: one scanner (and repository handle) per thread, packs decoded directly.
#include "source/objects.hpp"

#include <fcntl.h>
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

#include "model/error.hpp"
#include "source/object_store.hpp"
#include "source/pack_format.hpp"
#include "source/pack_reader.hpp"
#include "util/file.hpp"

namespace zkscan::source {
namespace {

constexpr size_t kBatch = 64;
constexpr size_t kMaxMissingListed = 20;

// Why an object the object database lists cannot be read, in words a user can act on.
std::string read_error(int rc) {
  const git_error* e = git_error_last();
  if (rc == GIT_ENOTFOUND)  // listed a moment ago: the pack file does not match its index
    return "cannot read object: listed in a pack index, but not readable from the pack";
  if (e != nullptr && e->klass == GIT_ERROR_ZLIB)
    return "cannot read object: corrupt compressed data (" + ffi::git_last_error() + ")";
  return "cannot read object: " + ffi::git_last_error();
}

// What a worker does with an object's content, whoever read it (libgit2 or the pack reader).
class ObjectSink {
 public:
  ObjectSink(const rules::CompiledRules& rules, const std::vector<git_oid>* all_ids,
             const std::vector<git_oid>* shallow, Progress* progress)
      : rules_(rules), scanner_(rules), all_ids_(all_ids), shallow_(shallow), progress_(progress) {}

  void handle(const git_oid& id, git_object_t type, std::string_view data) {
    ++out.objects;
    if (progress_ != nullptr) progress_->add(data.size());
    result_.clear();
    switch (type) {
      case GIT_OBJECT_BLOB:
        ++out.blobs_read;
        out.bytes += data.size();
        if (data.size() < rules_.min_width()) return;
        scanner_.scan(data, result_);
        out.placeholders += result_.placeholders;
        if (!result_.matches.empty()) out.blobs.push_back({id, std::move(result_)});
        return;
      case GIT_OBJECT_COMMIT: {
        CommitMeta meta;
        std::string_view message;
        if (!parse_commit(data, meta, message)) {
          out.errors.push_back({source::oid_hex(id), "malformed commit"});
          return;
        }
        meta.id = id;
        check(meta.tree);
        // A shallow clone leaves out the parents of its boundary commits on purpose.
        if (shallow_ == nullptr ||
            !std::binary_search(shallow_->begin(), shallow_->end(), id, OidLess{}))
          for (const git_oid& parent : meta.parents) check(parent);
        scan_message(message);
        if (!result_.matches.empty())
          out.messages.push_back({id, id, false, meta.author, meta.author_time, std::move(result_)});
        out.commits.push_back(std::move(meta));
        return;
      }
      case GIT_OBJECT_TAG: {
        TagMeta tag;
        std::string_view message;
        if (!parse_tag(data, tag, message)) {
          out.errors.push_back({source::oid_hex(id), "malformed tag"});
          return;
        }
        check(tag.target);
        scan_message(message);
        if (result_.matches.empty()) return;
        git_oid commit{};
        if (tag.target_type == GIT_OBJECT_COMMIT) commit = tag.target;
        out.messages.push_back({id, commit, true, tag.tagger, tag.tag_time, std::move(result_)});
        return;
      }
      case GIT_OBJECT_TREE:
        if (all_ids_ != nullptr) for_each_tree_entry(data, [&](const RawTreeEntry& e) {
            if (e.mode != GIT_FILEMODE_COMMIT) check(e.id);  // a submodule's commit is elsewhere
          });
        return;
      default:
        return;
    }
  }

  ObjectScan out;
  std::vector<git_oid> missing;
  std::vector<git_oid> unread;  // left for libgit2 by zkscan's own object reader

 private:
  void scan_message(std::string_view message) {
    scanner_.scan(message, result_);
    out.placeholders += result_.placeholders;
  }
  void check(const git_oid& id) {
    if (all_ids_ != nullptr && !std::binary_search(all_ids_->begin(), all_ids_->end(), id, OidLess{}))
      missing.push_back(id);
  }

  const rules::CompiledRules& rules_;
  scan::Scanner scanner_;
  scan::ScanResult result_;
  const std::vector<git_oid>* all_ids_;
  const std::vector<git_oid>* shallow_;
  Progress* progress_;
};

using Sinks = std::vector<std::unique_ptr<ObjectSink>>;

Sinks make_sinks(const rules::CompiledRules& rules, unsigned threads,
                 const std::vector<git_oid>* all_ids, const std::vector<git_oid>* shallow,
                 Progress* progress) {
  Sinks sinks;
  for (unsigned i = 0; i < threads; ++i)
    sinks.push_back(std::make_unique<ObjectSink>(rules, all_ids, shallow, progress));
  return sinks;
}

// Runs `work(sink)` for every sink at once, the first on this thread.
template <typename F>
void on_every_sink(Sinks& sinks, F work) {
  std::vector<std::thread> pool;
  for (size_t i = 1; i < sinks.size(); ++i) pool.emplace_back([&work, &sink = *sinks[i]] { work(sink); });
  work(*sinks[0]);
  for (std::thread& t : pool) t.join();
}

// Hands out the indexes of `count` items in batches, to whichever worker asks first.
class Batches {
 public:
  explicit Batches(size_t count) : count_(count) {}
  // The next [begin, end); false when all are taken.
  bool take(size_t& begin, size_t& end) {
    begin = next_.fetch_add(kBatch);
    end = std::min(count_, begin + kBatch);
    return begin < count_;
  }

 private:
  size_t count_;
  std::atomic<size_t> next_{0};
};

// Reads `ids` through libgit2, one repository handle per sink.
void read_with_libgit2(const std::string& git_dir, const std::vector<git_oid>& ids, Sinks& sinks) {
  Batches batches(ids.size());
  on_every_sink(sinks, [&](ObjectSink& sink) {
    ffi::GitRepository repo;
    ffi::GitOdb odb;
    if (git_repository_open(repo.out(), git_dir.c_str()) < 0 ||
        git_repository_odb(odb.out(), repo.get()) < 0) {
      sink.out.errors.push_back({git_dir, "cannot open repository: " + ffi::git_last_error()});
      return;
    }
    for (size_t begin, end; batches.take(begin, end);) {
      for (size_t i = begin; i < end; ++i) {
        ffi::GitOdbObject obj;
        if (int rc = git_odb_read(obj.out(), odb.get(), &ids[i]); rc < 0) {
          sink.out.errors.push_back({source::oid_hex(ids[i]), read_error(rc)});
          continue;
        }
        sink.handle(ids[i], git_odb_object_type(obj.get()),
                    std::string_view(static_cast<const char*>(git_odb_object_data(obj.get())),
                                     git_odb_object_size(obj.get())));
      }
    }
  });
}

ObjectScan merge(Sinks& sinks) {
  ObjectScan total;
  std::vector<git_oid> missing;
  for (auto& s : sinks) {
    ObjectScan& o = s->out;
    std::move(o.blobs.begin(), o.blobs.end(), std::back_inserter(total.blobs));
    std::move(o.messages.begin(), o.messages.end(), std::back_inserter(total.messages));
    std::move(o.commits.begin(), o.commits.end(), std::back_inserter(total.commits));
    std::move(o.errors.begin(), o.errors.end(), std::back_inserter(total.errors));
    missing.insert(missing.end(), s->missing.begin(), s->missing.end());
    total.objects += o.objects;
    total.blobs_read += o.blobs_read;
    total.bytes += o.bytes;
    total.placeholders += o.placeholders;
  }
  std::sort(missing.begin(), missing.end(), OidLess{});
  missing.erase(std::unique(missing.begin(), missing.end(), OidEqual{}), missing.end());
  total.missing = missing.size();
  missing.resize(std::min(missing.size(), kMaxMissingListed));
  total.missing_ids = std::move(missing);
  return total;
}

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

ObjectScan scan_objects(const ObjectStore& objects, const std::string& common_dir,
                        const std::vector<git_oid>& ids,
                        const rules::CompiledRules& rules, unsigned threads) {
  // A commit reads a handful of objects: no more workers (scanners, threads) than batches.
  size_t workers = std::clamp<size_t>((ids.size() + kBatch - 1) / kBatch, 1, std::max(threads, 1u));
  Sinks sinks = make_sinks(rules, static_cast<unsigned>(workers), nullptr, nullptr, nullptr);
  Batches batches(ids.size());
  on_every_sink(sinks, [&](ObjectSink& sink) {
    RawObject obj;
    for (size_t begin, end; batches.take(begin, end);)
      for (size_t i = begin; i < end; ++i) {
        if (objects.read(ids[i], obj))
          sink.handle(ids[i], obj.type, obj.data);
        else
          sink.unread.push_back(ids[i]);
      }
  });
  // What zkscan's reader could not read, libgit2 reads or says why not.
  std::vector<git_oid> rest;
  for (auto& sink : sinks) rest.insert(rest.end(), sink->unread.begin(), sink->unread.end());
  if (!rest.empty()) read_with_libgit2(common_dir, rest, sinks);
  return merge(sinks);
}

ObjectScan scan_all_objects(const std::string& git_dir, const std::vector<git_oid>& all_ids,
                            const rules::CompiledRules& rules, unsigned threads,
                            const std::vector<git_oid>& shallow, Progress* progress) {
  namespace fs = std::filesystem;
  Sinks sinks = make_sinks(rules, threads, &all_ids, &shallow, progress);
  // Each object once: a flag per id, set by whoever reads it first (packs may overlap).
  std::unique_ptr<std::atomic<bool>[]> done(new std::atomic<bool>[all_ids.size()]());
  auto claim = [&](const git_oid& id) {
    auto it = std::lower_bound(all_ids.begin(), all_ids.end(), id, OidLess{});
    if (it == all_ids.end() || !oid_equal(*it, id)) return false;
    return !done[static_cast<size_t>(it - all_ids.begin())].exchange(true);
  };

  std::vector<std::string> packs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(git_dir) / "objects" / "pack", ec))
    if (entry.path().extension() == ".pack") packs.push_back(entry.path().string());
  std::sort(packs.begin(), packs.end());
  for (const std::string& pack : packs) {
    read_pack(pack, threads, [&](unsigned w, const git_oid& id, git_object_t type, std::string_view data) {
      if (claim(id)) sinks[w]->handle(id, type, data);
    });
  }
  // Loose objects, alternates, and whatever the pack reader could not decode (it returns
  // those ids; `done` already says the same): through libgit2, which reports what is really
  // unreadable.
  std::vector<git_oid> rest;
  for (size_t i = 0; i < all_ids.size(); ++i)
    if (!done[i]) rest.push_back(all_ids[i]);
  read_with_libgit2(git_dir, rest, sinks);
  return merge(sinks);
}

std::vector<git_oid> shallow_commits(const std::string& common_dir) {
  std::vector<git_oid> out;
  std::ifstream in(common_dir + "/shallow");
  std::string line;
  git_oid id;
  while (std::getline(in, line))
    if (oid_from_hex(line, id))
      out.push_back(id);
  std::sort(out.begin(), out.end(), OidLess{});
  return out;
}

std::vector<Diagnostic> check_packs(const std::string& common_dir) {
  namespace fs = std::filesystem;
  constexpr size_t kSha = 20;
  std::vector<Diagnostic> out;
  std::error_code ec;
  fs::path dir = fs::path(common_dir) / "objects" / "pack";
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const fs::path& pack = e.path();
    if (pack.extension() != ".pack") continue;
    fs::path idx = fs::path(pack).replace_extension(".idx");
    if (!fs::exists(idx, ec)) continue;  // git ignores a pack without an index, and so does libgit2
    ffi::Fd pack_fd(::open(pack.c_str(), O_RDONLY | O_CLOEXEC));
    pack::PackEnds ends;
    // The index ends with the pack's checksum, then its own.
    ffi::Fd idx_fd(::open(idx.c_str(), O_RDONLY | O_CLOEXEC));
    uintmax_t idx_size = fs::file_size(idx, ec);
    std::string in_idx;
    std::string problem;
    if (!pack_fd || !pack::read_pack_ends(pack_fd, ends) || !ends.header_ok) {
      problem = "damaged pack file: it does not start with a pack header";
    } else if (!idx_fd || idx_size < 2 * kSha ||
               !util::read_at(idx_fd, idx_size - 2 * kSha, kSha, in_idx) || in_idx != ends.checksum) {
      problem =
          "damaged pack file: its checksum does not match its index (truncated or overwritten)";
    }
    if (!problem.empty())
      out.push_back({(fs::path("objects") / "pack" / pack.filename()).string(),
                     problem + "; the objects in it that cannot be read are listed"});
  }
  return out;
}

std::vector<MissingTarget> missing_ref_targets(git_repository* repo,
                                               const std::vector<git_oid>& ids) {
  std::vector<MissingTarget> out;
  auto check = [&](const git_oid& id, std::string referrer) {
    if (!oid_is_zero(id) && !std::binary_search(ids.begin(), ids.end(), id, OidLess{}))
      out.push_back({id, std::move(referrer)});
  };
  auto check_reflog = [&](const char* name) {
    ffi::GitReflog log;
    if (git_reflog_read(log.out(), repo, name) < 0) return;  // no reflog
    for (size_t i = 0, n = git_reflog_entrycount(log.get()); i < n; ++i) {
      const git_reflog_entry* e = git_reflog_entry_byindex(log.get(), i);
      check(*git_reflog_entry_id_new(e), fmt::format("the reflog of {}", name));
    }
  };
  // Refs first: an object is named by the first referrer found, and a ref says more than a reflog.
  std::vector<std::string> names{"HEAD"};
  ffi::GitReferenceIterator refs;
  ffi::git_check(git_reference_iterator_new(refs.out(), repo), "cannot list the refs");
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, refs.get()) == 0) {
    ffi::GitReference owned(ref);
    names.emplace_back(git_reference_name(ref));
  }
  for (const std::string& name : names) {
    ffi::GitReference r;
    if (git_reference_lookup(r.out(), repo, name.c_str()) == 0 &&
        git_reference_type(r.get()) == GIT_REFERENCE_DIRECT)
      check(*git_reference_target(r.get()), name);
  }
  for (const std::string& name : names) check_reflog(name.c_str());
  // One line per object: a missing commit is often both a ref's target and in its reflog.
  std::stable_sort(out.begin(), out.end(), [](const MissingTarget& a, const MissingTarget& b) {
    return OidLess{}(a.id, b.id);
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const MissingTarget& a, const MissingTarget& b) {
                          return OidEqual{}(a.id, b.id);
                        }),
            out.end());
  return out;
}

}  // namespace zkscan::source
