// Reads git's pre-push lines, scans the commits the remote does not have, explains a block.
#include "hooks/pre_push.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "model/error.hpp"
#include "model/types.hpp"
#include "pipeline.hpp"
#include "report/report.hpp"
#include "source/git_repo.hpp"

namespace zkscan::hooks {
namespace {

bool parse_sha(const std::string& hex, git_oid& out) {
  return hex.size() == GIT_OID_HEXSZ && source::oid_from_hex(hex, out);
}

// The commit an object is or points to (a tag is peeled); nullopt when there is none here.
std::optional<git_oid> peel_commit(git_repository* repo, const git_oid& id) {
  ffi::GitObject object;
  ffi::GitObject commit;
  if (git_object_lookup(object.out(), repo, &id, GIT_OBJECT_ANY) < 0 ||
      git_object_peel(commit.out(), object.get(), GIT_OBJECT_COMMIT) < 0)
    return std::nullopt;
  return *git_object_id(commit.get());
}

// Configured remotes whose url or pushurl is `url` (git passes the URL as its name when the
// push is not to a named remote).
std::vector<std::string> remotes_with_url(git_repository* repo, const std::string& url) {
  struct Search {
    std::string url;
    std::vector<std::string> names;
  } search{url, {}};
  ffi::GitConfig cfg;
  if (git_repository_config_snapshot(cfg.out(), repo) < 0) return {};
  git_config_foreach_match(
      cfg.get(), "^remote\\..*\\.(url|pushurl)$",
      [](const git_config_entry* e, void* payload) {
        auto* s = static_cast<Search*>(payload);
        if (s->url != e->value) return 0;
        std::string_view key = e->name;
        key.remove_prefix(std::string_view("remote.").size());
        key.remove_suffix(key.size() - key.rfind('.'));
        s->names.emplace_back(key);
        return 0;
      },
      &search);
  return search.names;
}

bool is_configured_remote(git_repository* repo, const std::string& name) {
  ffi::GitConfig cfg;
  if (name.empty() || git_repository_config_snapshot(cfg.out(), repo) < 0) return false;
  const char* value = nullptr;
  return git_config_get_string(&value, cfg.get(), fmt::format("remote.{}.url", name).c_str()) == 0;
}

// The commits the remote-tracking refs of `remote` point to.
std::vector<git_oid> tracking_tips(git_repository* repo, const std::string& remote) {
  std::vector<git_oid> tips;
  ffi::GitReferenceIterator it;
  std::string glob = fmt::format("refs/remotes/{}/*", remote);
  if (git_reference_iterator_glob_new(it.out(), repo, glob.c_str()) < 0) return tips;
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, it.get()) == 0) {
    ffi::GitReference owned(ref);
    ffi::GitObject commit;
    if (git_reference_peel(commit.out(), owned.get(), GIT_OBJECT_COMMIT) == 0)
      tips.push_back(*git_object_id(commit.get()));
  }
  return tips;
}

// The commit named by 40 hex digits; empty when there is none.
ffi::GitCommit lookup_commit(git_repository* repo, const std::string& hex) {
  git_oid id;
  ffi::GitCommit commit;
  if (parse_sha(hex, id) && git_commit_lookup(commit.out(), repo, &id) < 0) commit.reset();
  return commit;
}

// What a block looks like: the keys by commit, oldest commit first, then what to do.
void explain_block(git_repository* repo, const Report& report, const cli::Options& o,
                   const std::string& remote) {
  report::Style style;
  style.show_secrets = o.show_secrets;
  struct Blocked {
    std::string id;
    int64_t time = 0;
    bool root = false;
    std::string subject;
    std::vector<std::string> keys;
  };
  std::map<std::string, Blocked> by_commit;
  size_t keys = 0;
  for (const Finding& f : report.findings) {
    if (f.severity < o.fail_on) continue;
    Blocked& b = by_commit[f.provenance.commit];
    if (b.id.empty()) {
      b.id = f.provenance.commit;
      if (ffi::GitCommit c = lookup_commit(repo, b.id)) {
        b.time = git_commit_time(c.get());
        b.root = git_commit_parentcount(c.get()) == 0;
        const char* summary = git_commit_summary(c.get());
        b.subject = summary != nullptr ? summary : "";
      }
    }
    std::string where = f.source == Source::kCommitMessage ? std::string("in the commit message")
                                                           : fmt::format("{}:{}", f.path, f.line);
    b.keys.push_back(fmt::format("{}  {}  ({}, {})", report::shown_secret(f, style), where,
                                 to_string(f.severity), to_string(f.path_class)));
    ++keys;
  }
  std::vector<const Blocked*> commits;
  for (const auto& [id, b] : by_commit) commits.push_back(&b);
  std::stable_sort(commits.begin(), commits.end(),
                   [](const Blocked* a, const Blocked* b) { return a->time < b->time; });
  if (commits.empty()) return;

  std::ostringstream out;
  out << fmt::format(
      "\nzkscan: push{} blocked: {} Ziett API key{} in commits the remote does not have yet.\n",
      remote.empty() ? "" : " to " + remote, keys, keys == 1 ? "" : "s");
  for (const Blocked* b : commits) {
    out << fmt::format("  commit {}  {}\n", b->id.substr(0, 12), b->subject);
    for (const std::string& k : b->keys) out << "    " << k << '\n';
  }
  const Blocked& oldest = *commits.front();
  std::string rebase = oldest.root ? std::string("git rebase -i --root")
                                   : fmt::format("git rebase -i {}^", oldest.id.substr(0, 12));
  out << "What to do before pushing again:\n"
         "  1. Rotate the key: revoke it in the Ziett dashboard (Organizations → API Keys) and\n"
         "     issue a new one. A committed key is exposed to everyone who gets this history.\n"
         "  2. Rewrite the commit so the key is gone from it, then push again:\n"
         "       the last commit:  remove the key, git add the file, git commit --amend\n"
      << fmt::format("       an older commit:  {}  (mark the commit 'edit', remove the key,\n",
                     rebase)
      << "                         git commit --amend, git rebase --continue)\n"
         "     Load the new key from an environment variable or a secret manager instead.\n"
         "  Not a real key? List its fingerprint (--format json) in .zkscanignore.\n"
         "  git's own `git push --no-verify` skips pre-push hooks.\n";
  std::cerr << out.str() << std::flush;
}

}  // namespace

std::vector<PushRef> read_push_refs(std::istream& in) {
  std::vector<PushRef> refs;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    if (f.empty()) continue;
    PushRef r;
    if (f.size() != 4 || !parse_sha(f[1], r.local) || !parse_sha(f[3], r.remote))
      throw Error(fmt::format("unexpected pre-push input '{}': expected {}", line,
                              "'<local ref> <local sha> <remote ref> <remote sha>'"));
    r.local_ref = f[0];
    r.remote_ref = f[2];
    refs.push_back(std::move(r));
  }
  return refs;
}

source::Range push_range(git_repository* repo, const std::vector<PushRef>& refs,
                         const std::string& remote, const std::string& url,
                         std::vector<std::string>& notes) {
  source::Range range;
  bool new_ref = false;
  for (const PushRef& r : refs) {
    if (source::oid_is_zero(r.local)) continue;  // a deletion publishes nothing
    std::optional<git_oid> local = peel_commit(repo, r.local);
    if (!local) {  // a tag of a tree or a blob: no commits to check
      notes.push_back(fmt::format("{} is not a commit: not checked", r.local_ref));
      continue;
    }
    range.include.push_back(*local);
    std::optional<git_oid> old =
        source::oid_is_zero(r.remote) ? std::nullopt : peel_commit(repo, r.remote);
    if (old)
      range.exclude.push_back(*old);
    else
      new_ref = true;
  }
  if (!new_ref) return range;

  std::vector<std::string> names;
  if (is_configured_remote(repo, remote))
    names.push_back(remote);
  else
    names = remotes_with_url(repo, url.empty() ? remote : url);
  size_t known = 0;
  for (const std::string& name : names)
    for (const git_oid& tip : tracking_tips(repo, name)) {
      range.exclude.push_back(tip);
      ++known;
    }
  if (known == 0)
    notes.push_back(
        fmt::format("nothing is known of what {} has (no remote-tracking refs): every commit of a "
                    "new branch is checked",
                    remote.empty() ? "the remote" : remote));
  return range;
}

int pre_push(const cli::Options& o) {
  if (::isatty(STDIN_FILENO) == 1)
    throw Error(
        "zkscan hook pre-push reads the refs to push on stdin, as git passes them to a pre-push "
        "hook; install it with `zkscan hook install`, or check a range with `zkscan git --range "
        "A..B`");
  std::string remote = o.paths.size() > 0 ? o.paths[0] : "";
  std::string url = o.paths.size() > 1 ? o.paths[1] : "";
  std::vector<PushRef> refs = read_push_refs(std::cin);

  // git runs the hook in the work tree's top directory (the git directory when bare).
  ffi::GitRepository repo = source::open_repository(".");
  std::vector<std::string> notes;
  source::Range range = push_range(repo.get(), refs, remote, url, notes);
  Report report = pipeline::scan_git_range(o, ".", range);
  report.notes.insert(report.notes.begin(), notes.begin(), notes.end());
  int rc = pipeline::finish(report, o);
  if (rc == 1) explain_block(repo.get(), report, o, remote);
  return rc;
}

}  // namespace zkscan::hooks
