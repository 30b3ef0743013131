// `zkscan git`: the whole object database, the staged index, or a range of commits.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <unordered_map>

#include "cli/config.hpp"
#include "filter/findings.hpp"
#include "model/error.hpp"
#include "pipeline.hpp"
#include "pipeline_git.hpp"
#include "report/progress.hpp"
#include "source/changes.hpp"
#include "source/objects.hpp"
#include "source/provenance.hpp"
#include "source/repo_info.hpp"

namespace zkscan::pipeline {
namespace {

using HitIndex = std::unordered_map<git_oid, const scan::ScanResult*, source::OidHash, source::OidEqual>;

void set_commit(Finding& f, const source::CommitMeta& c) {
  f.provenance.commit = source::oid_hex(c.id);
  f.provenance.author = c.author;
  f.provenance.date = source::iso_date(c.author_time);
}

bool is_partial_clone(git_repository* repo) {
  ffi::GitConfig cfg;
  if (git_repository_config_snapshot(cfg.out(), repo) < 0) return false;
  ffi::GitBuf value;
  if (git_config_get_string_buf(value.get(), cfg.get(), "extensions.partialclone") == 0) return true;
  // remote.<name>.promisor = true. Matched by hand: libgit2 1.5's regex matching
  // (git_config_foreach_match, over PCRE2) leaks its match data.
  bool promisor = false;
  git_config_foreach(
      cfg.get(),
      [](const git_config_entry* e, void* payload) {
        std::string_view name(e->name);
        int on = 0;
        if (name.starts_with("remote.") && name.ends_with(".promisor") &&
            git_config_parse_bool(&on, e->value) == 0 && on != 0)
          *static_cast<bool*>(payload) = true;
        return 0;
      },
      &promisor);
  return promisor;
}

// Marks each finding whose key is anywhere in HEAD's tree (`in_head`: the targets there).
void mark_in_head(GitRun& run, const std::vector<source::BlobHit>& hits, const source::OidSet& in_head) {
  std::set<std::string> head_keys;
  for (const auto& h : hits)
    if (in_head.count(h.blob) != 0)
      for (const scan::Match& m : h.result.matches) head_keys.insert(m.secret);
  for (Finding& f : run.report.findings) f.provenance.in_head = head_keys.count(f.secret) != 0;
}

source::OidSet targets_of(const std::vector<source::BlobHit>& hits) {
  source::OidSet targets;
  for (const auto& h : hits) targets.insert(h.blob);
  return targets;
}

// Commit and tag messages with keys.
void add_messages(GitRun& run, const std::vector<source::MessageHit>& messages) {
  for (const source::MessageHit& m : messages) {
    for (Finding& f : run.findings(m.result, "", Source::kCommitMessage)) {
      f.provenance.commit = source::oid_is_zero(m.commit) ? "" : source::oid_hex(m.commit);
      f.provenance.author = m.author;
      f.provenance.date = source::iso_date(m.time);
      f.provenance.blob = source::oid_hex(m.object);
      if (m.is_tag) {
        size_t at = f.message.find("a commit message");
        if (at != std::string::npos) f.message.replace(at, 16, "an annotated tag's message");
      }
      run.report.findings.push_back(std::move(f));
    }
  }
}

void scan_history(GitRun& run) {
  source::ObjectScan scan = scan_all_objects(run);
  if (scan.blobs.empty() && scan.messages.empty()) return;
  run.phase("read and scan");

  source::OidSet targets = targets_of(scan.blobs);
  source::TreeIndex trees(run.repo.get(), targets, run.options.threads, /*preload=*/true);
  source::Appearances appearances = trees.attribute(scan.commits);
  std::vector<size_t> rank(scan.commits.size());
  std::vector<size_t> order = source::oldest_first(scan.commits);
  for (size_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  using Place = std::pair<std::string, std::string>;  // (key, path)
  std::map<Place, size_t> oldest;                      // its oldest commit so far
  std::map<Place, Finding> at;
  for (const source::BlobHit& hit : scan.blobs) {
    auto found = appearances.find(hit.blob);
    if (found == appearances.end()) {  // no commit reaches this blob
      for (Finding& f : run.findings(hit.result, "", Source::kUnreachable)) {
        f.provenance.blob = source::oid_hex(hit.blob);
        run.report.findings.push_back(std::move(f));
      }
      continue;
    }
    for (const source::Appearance& a : found->second) {
      for (Finding& f : run.findings(hit.result, a.path, Source::kCommit)) {
        // A key that stays in a file through many edits is one finding, at its oldest commit.
        auto [it, fresh] = oldest.try_emplace({f.secret, f.path}, a.commit);
        if (!fresh && rank[it->second] <= rank[a.commit]) continue;
        it->second = a.commit;
        set_commit(f, scan.commits[a.commit]);
        f.provenance.blob = source::oid_hex(hit.blob);
        at[{f.secret, f.path}] = std::move(f);
      }
    }
  }
  for (auto& [place, f] : at) run.report.findings.push_back(std::move(f));
  run.phase("provenance");
  add_messages(run, scan.messages);
  git_oid head_tree;
  source::OidSet in_head;
  if (source::tree_of_commit(run.repo.get(), nullptr, head_tree)) in_head = trees.targets_in(head_tree);
  mark_in_head(run, scan.blobs, in_head);
  run.phase("in_head");
}

// Staged changes or a range: scan each blob a change adds once, report only keys that were
// not in the file's previous version.
void scan_changes(GitRun& run, const std::vector<source::Change>& changes,
                  const std::vector<git_oid>& commits, Source source) {
  std::vector<git_oid> ids = commits;
  for (const source::Change& c : changes) {
    ids.push_back(c.blob);
    ids.insert(ids.end(), c.before.begin(), c.before.end());
  }
  std::sort(ids.begin(), ids.end(), source::OidLess{});
  ids.erase(std::unique(ids.begin(), ids.end(), source::OidEqual{}), ids.end());
  source::ObjectScan scan = source::scan_objects(run.objects, run.common_dir, ids, run.rules, run.options.threads);
  run.account(scan);
  // The summary counts the files the change adds, not the previous versions read beside them.
  std::set<std::string> added;
  for (const source::Change& c : changes) added.insert(source::oid_hex(c.blob));
  run.report.summary.files = added.size();

  HitIndex hits;
  for (const auto& h : scan.blobs) hits.emplace(h.blob, &h.result);
  std::unordered_map<git_oid, const source::CommitMeta*, source::OidHash, source::OidEqual> metas;
  for (const auto& c : scan.commits) metas.emplace(c.id, &c);

  std::set<std::pair<std::string, std::string>> reported;  // (key, path): once, at its oldest commit
  for (const source::Change& c : changes) {
    auto hit = hits.find(c.blob);
    if (hit == hits.end()) continue;
    std::set<std::string> old_keys;
    for (const git_oid& b : c.before)
      if (auto before = hits.find(b); before != hits.end())
        for (const scan::Match& m : before->second->matches) old_keys.insert(m.secret);
    scan::ScanResult fresh;
    for (const scan::Match& m : hit->second->matches)
      if (old_keys.count(m.secret) == 0 && reported.emplace(m.secret, c.path).second) fresh.matches.push_back(m);
    for (Finding& f : run.findings(fresh, c.path, source)) {
      if (auto meta = metas.find(c.commit); meta != metas.end()) set_commit(f, *meta->second);
      f.provenance.blob = source::oid_hex(c.blob);
      run.report.findings.push_back(std::move(f));
    }
  }
  add_messages(run, scan.messages);
  if (source == Source::kCommit)
    mark_in_head(run, scan.blobs, source::blobs_in_tree(run.repo.get(), nullptr, targets_of(scan.blobs)));
}

void scan_range(GitRun& run, const source::Range& range) {
  source::RangeChanges changes =
      source::range_changes(run.repo.get(), range, run.shallow);
  for (const git_oid& id : changes.cut)
    run.report.notes.push_back(fmt::format(
        "shallow clone: the parents of {} are not here, so everything in it counts as added by it",
        source::oid_hex(id)));
  scan_changes(run, changes.changes, changes.commits, Source::kCommit);
}

// Applies the suppressions and stamps the time: the report as finish() expects it.
Report complete(GitRun& run, std::chrono::steady_clock::time_point start) {
  run.report.summary.suppressed += run.config.suppressions.apply(run.report.findings);
  run.report.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return std::move(run.report);
}

}  // namespace

GitRun::GitRun(const cli::Options& o, const std::string& repo_path, const std::string& command)
    : options(o),
      repo(source::open_repository(repo_path)),
      common_dir(git_repository_commondir(repo.get())),
      objects(common_dir + "/objects"),
      config(cli::load_config(o, source::repository_root(repo.get()))),
      rules(config.rules) {
  report.root = source::repository_root(repo.get());
  git_oid head;
  if (git_reference_name_to_id(&head, repo.get(), "HEAD") == 0) report.head = source::oid_hex(head);
  report.repository_uri = source::repository_uri(repo.get());
  start(command);
}

GitRun::GitRun(const cli::Options& o, const source::GitDirs& dirs, const source::Head& head,
               source::ObjectStore store, const std::string& command)
    : options(o),
      common_dir(dirs.common_dir),
      objects(std::move(store)),
      config(cli::load_config(o, dirs.work_dir)),
      rules(config.rules) {
  report.root = dirs.work_dir;
  if (!head.unborn) report.head = source::oid_hex(head.commit);
  // Only SARIF shows the remote, and reading it means loading libgit2 (its config parser).
  if (o.format == "sarif") report.repository_uri = source::repository_uri(source::open_repository(dirs.work_dir).get());
  start(command);
}

void GitRun::start(const std::string& command) {
  report.command = command;
  report.started = std::chrono::system_clock::now();
  // $GIT_DIR/shallow lives in the common directory: libgit2 1.5's git_repository_is_shallow
  // misses it from a linked worktree.
  shallow = source::shallow_commits(common_dir);
  if (!shallow.empty())
    report.notes.push_back("shallow clone: history is scanned only as far as it goes");
}

void GitRun::phase(const char* name) {
  auto now = std::chrono::steady_clock::now();
  if (timings)
    std::cerr << fmt::format("zkscan: {}: {:.3f} s\n", name,
                             std::chrono::duration<double>(now - phase_start).count());
  phase_start = now;
}

void GitRun::account(source::ObjectScan& scan) {
  report.summary.files += scan.blobs_read;
  report.summary.bytes += scan.bytes;
  report.summary.placeholders += scan.placeholders;
  std::move(scan.errors.begin(), scan.errors.end(), std::back_inserter(report.errors));
}

source::ObjectScan scan_all_objects(GitRun& run) {
  std::vector<git_oid> ids = source::all_objects(run.repo.get());
  Progress progress;
  source::ObjectScan scan;
  {
    report::ProgressMeter meter(progress, "objects", report::ProgressMeter::wanted(run.options.quiet));
    // The common directory holds the packs; a linked worktree's git dir has none of its own.
    scan = source::scan_all_objects(git_repository_commondir(run.repo.get()), ids, run.rules,
                                    run.options.threads, run.shallow,
                                    &progress);
  }
  run.account(scan);
  for (Diagnostic& d : source::check_packs(git_repository_commondir(run.repo.get())))
    run.report.errors.push_back(std::move(d));
  // What refs and reflogs name but is gone: listed once, even if an object points at it too.
  std::vector<source::MissingTarget> gone = source::missing_ref_targets(run.repo.get(), ids);
  std::erase_if(gone, [&](const source::MissingTarget& t) {
    return std::any_of(scan.missing_ids.begin(), scan.missing_ids.end(),
                       [&](const git_oid& id) { return source::oid_equal(id, t.id); });
  });
  uint64_t missing = scan.missing + gone.size();
  if (missing != 0) {
    if (is_partial_clone(run.repo.get())) {
      run.report.summary.missing_objects = missing;
      run.report.notes.push_back(fmt::format(
          "partial clone: {} objects are not in this repository and were not scanned", missing));
    } else {
      for (const git_oid& id : scan.missing_ids)
        run.report.errors.push_back(
            {source::oid_hex(id), "missing object (referenced by a commit, tag or tree)"});
      if (scan.missing > scan.missing_ids.size())
        run.report.errors.push_back(
            {"", fmt::format("{} more missing objects", scan.missing - scan.missing_ids.size())});
      for (const source::MissingTarget& t : gone)
        run.report.errors.push_back(
            {source::oid_hex(t.id), fmt::format("missing object (named by {})", t.referrer)});
    }
  }
  return scan;
}

Report scan_git_range(const cli::Options& o, const std::string& repo, const source::Range& range) {
  auto start = std::chrono::steady_clock::now();
  GitRun run(o, repo, "git");
  scan_range(run, range);
  return complete(run, start);
}

// --staged, the pre-commit hook: without libgit2 when zkscan's own readers can (most
// repositories; loading libgit2 costs more than `git diff --cached`), else through it.
Report scan_staged(const cli::Options& o, const std::string& path) {
  auto start = std::chrono::steady_clock::now();
  std::optional<source::GitDirs> dirs = source::find_git_dirs(path);
  std::optional<source::Head> head = dirs ? source::resolve_head(*dirs) : std::nullopt;
  if (head) {
    source::ObjectStore objects(dirs->common_dir + "/objects");
    if (std::optional<std::vector<source::Change>> changes = source::staged_changes(*dirs, *head, objects)) {
      GitRun run(o, *dirs, *head, std::move(objects), "git");
      scan_changes(run, *changes, {}, Source::kStaged);
      return complete(run, start);
    }
  }
  GitRun run(o, path, "git");
  scan_changes(run, source::staged_changes(run.repo.get()), {}, Source::kStaged);
  return complete(run, start);
}

int run_git(const cli::Options& o) {
  std::string path = o.paths.empty() ? "." : o.paths.front();
  if (o.staged) {
    Report report = scan_staged(o, path);
    return finish(report, o);
  }
  auto start = std::chrono::steady_clock::now();
  GitRun run(o, path, "git");
  if (!o.range.empty() || !o.since.empty()) {
    bool since = o.range.empty();
    scan_range(run, source::parse_range(run.repo.get(), since ? o.since : o.range, since));
  } else {
    scan_history(run);
  }
  Report report = complete(run, start);
  return finish(report, o);
}

}  // namespace zkscan::pipeline
