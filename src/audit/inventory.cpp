// Building the key inventory: key occurrences per tree and commit, introductions, sightings, refs.
//
// Definitions (README.md, "zkscan audit", says the same for users):
// - A place is a key at a path (with the path class that decides its severity there). The
//   places of a tree come from a dynamic program over trees (audit/trees.hpp); a commit's
//   keys are the keys of its root tree's places, plus the keys of its message.
// - History order: source::oldest_first, parents before children and otherwise the oldest
//   committer date first (the order in which `zkscan git` attributes findings).
// - Considered: a commit whose committer date is inside --since/--until (inclusive), a tag
//   message whose tag date is. Everything below counts considered commits only, but a
//   commit outside the window still is a parent that decides what its children introduced.
// - A commit introduces a key when its message holds it, or when its tree holds the key at a
//   path where none of its parents does, and at more paths than each parent does: adding or
//   copying a key introduces it, moving or renaming a file does not, and a merge introduces
//   only what none of its parents had there. A root commit introduces every
//   key of its tree. A tag introduces the keys of its message (the tagger is its author).
// - first_seen / last_seen: the first and last considered sighting in history order. A tag
//   message is placed right after the commit it tags (tags of no known commit go last, by
//   date). Within a commit the tree wins over the message, and the smallest path wins.
// - commits: considered commits whose tree or message holds the key. refs: refs from which a
//   considered commit holding the key is reachable, or whose tag chain has a considered tag
//   message with it. in_head: HEAD's tree holds the key (whatever the window).
// - Blobs that no commit's tree holds (staged only, dangling) have no author and no date:
//   they are listed only without filters.
#include "audit/inventory.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <climits>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "audit/key_sets.hpp"
#include "audit/trees.hpp"
#include "filter/findings.hpp"
#include "model/error.hpp"
#include "source/provenance.hpp"

namespace zkscan::audit {
namespace {

constexpr int64_t kNoOrder = INT64_MIN;
constexpr KeySetPool::Id kUnknown = UINT32_MAX;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool icontains(std::string_view haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [](char a, char b) { return lower(a) == lower(b); }) != haystack.end();
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// A key found somewhere, reduced to what its entry needs.
struct Occurrence {
  uint32_t key = 0;
  Severity severity = Severity::kLow;
  PathClass path_class = PathClass::kOther;
};

// A key at a path of a tree.
struct Place {
  Occurrence occurrence;
  std::string path;
};

// What the inventory knows about one key while it is being built.
struct KeyState {
  std::string rule, secret, fingerprint;
  Environment environment = Environment::kLive;
  std::optional<Severity> severity;  // from occurrences that count; none: no entry
  bool client_side = false, live_outside_production = false, in_message = false;
  bool selected = false;  // introduced by a matching author
  uint64_t commits = 0;
  int64_t first_order = INT64_MAX, last_order = kNoOrder;
  size_t first_event = 0, last_event = 0;  // indices into Builder::events_
  std::set<std::string> authors, refs, paths;
  std::vector<std::string> unreachable;
};

// A commit or a tag message in which keys were seen.
struct Event {
  int64_t order = 0;                           // 2 x position in history order (+1 for a tag)
  const source::CommitMeta* commit = nullptr;  // the commit, or the tagged commit
  const source::MessageHit* tag = nullptr;     // a tag message
  KeySetPool::Id places = KeySetPool::kEmpty;  // the commit's tree places
};

class Builder {
 public:
  Builder(git_repository* repo, const source::ObjectScan& scan, const rules::CompiledRules& rules,
          const cli::Config& config, const Filter& filter)
      : repo_(repo),
        scan_(scan),
        rules_(rules),
        config_(config),
        filter_(filter),
        trees_(repo, places_pool_, targets_, [this](const git_oid& blob, const std::string& path) {
          return blob_places(blob, path);
        }) {
    for (const source::BlobHit& h : scan.blobs) {
      targets_.insert(h.blob);
      hits_.emplace(h.blob, &h.result);
    }
    for (size_t i = 0; i < scan.commits.size(); ++i) index_.emplace(scan.commits[i].id, i);
  }

  Inventory build() {
    history();
    tags();
    places();
    refs();
    unreachable();
    return entries();
  }

 private:
  uint32_t key_of(const Finding& f);
  std::vector<Occurrence> occurrences(const scan::ScanResult& result, const std::string& path,
                                      Source source);
  KeySetPool::Id key_set(const std::vector<Occurrence>& occurrences);
  KeySetPool::Id blob_places(const git_oid& blob, const std::string& path);
  KeySetPool::Id tree_places(size_t commit);
  KeySetPool::Id keys_of(KeySetPool::Id places);
  size_t paths_holding(KeySetPool::Id places, uint32_t key) const;
  KeySetPool::Id introduced_by_tree(size_t commit);
  void introduce(KeySetPool::Id keys, const std::string& author);
  void note(const Occurrence& o, bool message);
  void sight(uint32_t key, size_t event);
  void history();
  void tags();
  void places();
  void refs();
  void unreachable();
  Sighting sighting(uint32_t key, size_t event) const;
  Inventory entries();

  git_repository* repo_;
  const source::ObjectScan& scan_;
  const rules::CompiledRules& rules_;
  const cli::Config& config_;
  const Filter& filter_;
  KeySetPool places_pool_;  // sets of place ids
  KeySetPool keys_pool_;    // sets of key ids
  source::OidSet targets_;  // blobs with matches
  TreeSets trees_;
  std::unordered_map<git_oid, const scan::ScanResult*, source::OidHash, source::OidEqual> hits_;
  std::unordered_map<git_oid, size_t, source::OidHash, source::OidEqual>
      index_;  // commit id -> index

  std::vector<KeyState> keys_;
  std::unordered_map<std::string, uint32_t> key_ids_;  // secret -> key id
  std::vector<Place> places_;
  std::unordered_map<std::string, uint32_t> place_ids_;        // key id, class, path -> place id
  std::unordered_map<std::string, KeySetPool::Id> blob_memo_;  // place_key(blob, path) -> places
  std::unordered_map<KeySetPool::Id, KeySetPool::Id> projections_;  // places -> their keys
  std::set<std::string> suppressed_;                                // secret + '\0' + path

  std::vector<size_t> order_;                   // commit indices in history order
  std::vector<int64_t> position_;               // commit index -> position in order_ (-1: none)
  std::vector<KeySetPool::Id> tree_places_;     // per commit, kUnknown until needed
  std::vector<KeySetPool::Id> contains_;        // per considered commit: keys of tree and message
  std::set<KeySetPool::Id> considered_places_;  // distinct place sets of considered commits
  std::unordered_map<git_oid, KeySetPool::Id, source::OidHash, source::OidEqual>
      messages_;  // key sets
  std::unordered_map<git_oid, KeySetPool::Id, source::OidHash, source::OidEqual>
      tag_messages_;  // considered
  std::vector<Event> events_;
  uint64_t considered_commits_ = 0;
};

uint32_t Builder::key_of(const Finding& f) {
  auto [it, added] = key_ids_.emplace(f.secret, static_cast<uint32_t>(keys_.size()));
  if (added) {
    KeyState k;
    k.rule = f.rule;
    k.secret = f.secret;
    k.fingerprint = f.fingerprint;
    k.environment = f.environment;
    keys_.push_back(std::move(k));
  }
  return it->second;
}

// The findings of a blob at a path (or of a message), minus suppressed ones.
std::vector<Occurrence> Builder::occurrences(const scan::ScanResult& result,
                                             const std::string& path, Source source) {
  for (const scan::Match& m : result.matches)
    if (m.allowed) suppressed_.insert(m.secret + '\0' + path);
  uint64_t allowed = 0;
  std::vector<Occurrence> out;
  for (const Finding& f :
       filter::to_findings(result, rules_, config_.paths, path, source, allowed)) {
    if (config_.suppressions.suppressed(f)) {
      suppressed_.insert(f.secret + '\0' + path);
      continue;
    }
    out.push_back({key_of(f), f.severity, f.path_class});
  }
  return out;
}

KeySetPool::Id Builder::key_set(const std::vector<Occurrence>& occurrences) {
  std::vector<uint32_t> ids;
  for (const Occurrence& o : occurrences) ids.push_back(o.key);
  return keys_pool_.intern(std::move(ids));
}

KeySetPool::Id Builder::blob_places(const git_oid& blob, const std::string& path) {
  auto [memo, added] = blob_memo_.try_emplace(place_key(blob, path), KeySetPool::kEmpty);
  if (!added) return memo->second;
  std::vector<uint32_t> ids;
  for (const Occurrence& o : occurrences(*hits_.at(blob), path, Source::kCommit)) {
    std::string id(reinterpret_cast<const char*>(&o.key), sizeof o.key);
    id += static_cast<char>(o.path_class);
    id += path;
    auto [it, fresh] = place_ids_.emplace(std::move(id), static_cast<uint32_t>(places_.size()));
    if (fresh) places_.push_back({o, path});
    ids.push_back(it->second);
  }
  return memo->second = places_pool_.intern(std::move(ids));
}

KeySetPool::Id Builder::tree_places(size_t commit) {
  if (tree_places_[commit] == kUnknown)
    tree_places_[commit] = trees_.of(scan_.commits[commit].tree, "");
  return tree_places_[commit];
}

KeySetPool::Id Builder::keys_of(KeySetPool::Id places) {
  auto [it, added] = projections_.try_emplace(places, KeySetPool::kEmpty);
  if (added) {
    std::vector<uint32_t> ids;
    for (uint32_t p : places_pool_.keys(places)) ids.push_back(places_[p].occurrence.key);
    it->second = keys_pool_.intern(std::move(ids));
  }
  return it->second;
}

size_t Builder::paths_holding(KeySetPool::Id places, uint32_t key) const {
  std::set<std::string_view> paths;
  for (uint32_t p : places_pool_.keys(places))
    if (places_[p].occurrence.key == key) paths.insert(places_[p].path);
  return paths.size();
}

// The keys a commit's tree introduces against its parents (see the definitions above): held at
// a path where no parent holds them, and at more paths than any parent.
KeySetPool::Id Builder::introduced_by_tree(size_t commit) {
  KeySetPool::Id mine = tree_places(commit);
  if (mine == KeySetPool::kEmpty) return KeySetPool::kEmpty;
  std::vector<KeySetPool::Id> parents;
  KeySetPool::Id inherited = KeySetPool::kEmpty;
  for (const git_oid& parent : scan_.commits[commit].parents) {
    if (auto it = index_.find(parent); it != index_.end()) {
      parents.push_back(tree_places(it->second));
      inherited = places_pool_.unite(inherited, parents.back());
    }
  }
  std::vector<uint32_t> keys = keys_pool_.keys(keys_of(places_pool_.subtract(mine, inherited)));
  auto grew = [&](uint32_t key) {
    size_t count = paths_holding(mine, key);
    return std::all_of(parents.begin(), parents.end(),
                       [&](KeySetPool::Id p) { return count > paths_holding(p, key); });
  };
  keys.erase(std::remove_if(keys.begin(), keys.end(), [&](uint32_t k) { return !grew(k); }),
             keys.end());
  return keys_pool_.intern(std::move(keys));
}

void Builder::introduce(KeySetPool::Id keys, const std::string& author) {
  const bool matches = filter_.author_matches(author);
  for (uint32_t key : keys_pool_.keys(keys)) {
    keys_[key].authors.insert(author);
    if (matches) keys_[key].selected = true;
  }
}

void Builder::note(const Occurrence& o, bool message) {
  KeyState& k = keys_[o.key];
  k.severity = std::max(k.severity.value_or(Severity::kLow), o.severity);
  if (o.path_class == PathClass::kFrontend || o.path_class == PathClass::kMobile)
    k.client_side = true;
  if (o.path_class == PathClass::kNonprod && k.environment == Environment::kLive)
    k.live_outside_production = true;
  if (message) k.in_message = true;
}

void Builder::sight(uint32_t key, size_t event) {
  KeyState& k = keys_[key];
  int64_t order = events_[event].order;
  if (order < k.first_order) k.first_order = order, k.first_event = event;
  if (order > k.last_order) k.last_order = order, k.last_event = event;
}

// Commit messages, then every considered commit in history order: what it contains and
// introduces. Commits are grouped by the set of keys they contain for counts and sightings.
void Builder::history() {
  const auto& commits = scan_.commits;
  order_ = source::oldest_first(commits);
  position_.assign(commits.size(), -1);
  for (size_t p = 0; p < order_.size(); ++p) position_[order_[p]] = static_cast<int64_t>(p);
  tree_places_.assign(commits.size(), kUnknown);
  contains_.assign(commits.size(), KeySetPool::kEmpty);

  for (const source::MessageHit& m : scan_.messages) {
    std::vector<Occurrence> found = occurrences(m.result, "", Source::kCommitMessage);
    messages_.emplace(m.object, key_set(found));
    auto commit = index_.find(m.object);
    bool counts =
        m.is_tag ? filter_.in_window(m.time)
                 : commit != index_.end() && filter_.in_window(commits[commit->second].commit_time);
    if (!counts) continue;
    for (const Occurrence& o : found) note(o, true);
    if (m.is_tag) tag_messages_.emplace(m.object, messages_.at(m.object));
  }

  struct Group {
    uint64_t commits = 0;
    size_t first = SIZE_MAX, last = 0;  // positions in order_
  };
  std::map<KeySetPool::Id, Group> groups;
  for (size_t p = 0; p < order_.size(); ++p) {
    size_t i = order_[p];
    const source::CommitMeta& c = commits[i];
    if (!filter_.in_window(c.commit_time)) continue;
    ++considered_commits_;
    KeySetPool::Id places = tree_places(i);
    considered_places_.insert(places);
    KeySetPool::Id message = KeySetPool::kEmpty;
    if (auto m = messages_.find(c.id); m != messages_.end()) message = m->second;
    contains_[i] = keys_pool_.unite(keys_of(places), message);
    if (contains_[i] == KeySetPool::kEmpty) continue;
    introduce(keys_pool_.unite(introduced_by_tree(i), message), c.author);
    Group& g = groups[contains_[i]];
    ++g.commits;
    g.first = std::min(g.first, p);
    g.last = std::max(g.last, p);
  }
  for (const auto& [keys, g] : groups) {
    size_t first = events_.size();
    events_.push_back({static_cast<int64_t>(2 * g.first), &commits[order_[g.first]], nullptr,
                       tree_places(order_[g.first])});
    size_t last = events_.size();
    events_.push_back({static_cast<int64_t>(2 * g.last), &commits[order_[g.last]], nullptr,
                       tree_places(order_[g.last])});
    for (uint32_t key : keys_pool_.keys(keys)) {
      keys_[key].commits += g.commits;
      sight(key, first);
      sight(key, last);
    }
  }
}

// Considered tag messages: placed right after the commit they tag; tags of no known commit last.
void Builder::tags() {
  std::vector<const source::MessageHit*> loose;
  auto add = [&](const source::MessageHit* m, int64_t order, const source::CommitMeta* commit) {
    events_.push_back({order, commit, m, KeySetPool::kEmpty});
    KeySetPool::Id keys = tag_messages_.at(m->object);
    for (uint32_t key : keys_pool_.keys(keys)) sight(key, events_.size() - 1);
    introduce(keys, m->author);
  };
  for (const source::MessageHit& m : scan_.messages) {
    if (!m.is_tag || tag_messages_.count(m.object) == 0) continue;
    auto it = index_.find(m.commit);
    if (it != index_.end() && position_[it->second] >= 0)
      add(&m, 2 * position_[it->second] + 1, &scan_.commits[it->second]);
    else
      loose.push_back(&m);
  }
  std::sort(loose.begin(), loose.end(), [](const auto* a, const auto* b) {
    return a->time != b->time ? a->time < b->time : source::oid_cmp(a->object, b->object) < 0;
  });
  for (size_t n = 0; n < loose.size(); ++n)
    add(loose[n], 2 * static_cast<int64_t>(order_.size()) + static_cast<int64_t>(n), nullptr);
}

// Paths and severities: every place of every considered commit, from the distinct place sets.
void Builder::places() {
  std::vector<bool> done(places_.size(), false);
  for (KeySetPool::Id set : considered_places_) {
    for (uint32_t p : places_pool_.keys(set)) {
      if (done[p]) continue;
      done[p] = true;
      keys_[places_[p].occurrence.key].paths.insert(places_[p].path);
      note(places_[p].occurrence, false);
    }
  }
}

// Every ref with its target: symbolic refs resolved, a detached HEAD as "HEAD", and the older
// entries of the stash (its reflog) as stash@{N}.
std::vector<std::pair<std::string, git_oid>> list_refs(git_repository* repo) {
  std::vector<std::pair<std::string, git_oid>> out;
  ffi::GitReferenceIterator iter;
  if (git_reference_iterator_new(iter.out(), repo) == 0) {
    git_reference* raw = nullptr;
    while (git_reference_next(&raw, iter.get()) == 0) {
      ffi::GitReference ref(raw);
      ffi::GitReference resolved;
      if (git_reference_resolve(resolved.out(), ref.get()) < 0) continue;  // dangling symbolic ref
      if (const git_oid* id = git_reference_target(resolved.get()))
        out.emplace_back(git_reference_name(ref.get()), *id);
    }
  }
  git_oid head;
  if (git_repository_head_detached(repo) == 1 && git_reference_name_to_id(&head, repo, "HEAD") == 0)
    out.emplace_back("HEAD", head);
  ffi::GitReflog reflog;
  if (git_reflog_read(reflog.out(), repo, "refs/stash") == 0) {
    for (size_t n = 1; n < git_reflog_entrycount(reflog.get()); ++n)
      out.emplace_back(fmt::format("stash@{{{}}}", n),
                       *git_reflog_entry_id_new(git_reflog_entry_byindex(reflog.get(), n)));
  }
  return out;
}

// Refs: the keys reachable from each commit, propagated once over the graph, parents first.
void Builder::refs() {
  const auto& commits = scan_.commits;
  std::vector<KeySetPool::Id> reach(commits.size(), KeySetPool::kEmpty);
  for (size_t i : order_) {
    KeySetPool::Id r = contains_[i];
    for (const git_oid& parent : commits[i].parents)
      if (auto it = index_.find(parent); it != index_.end())
        r = keys_pool_.unite(r, reach[it->second]);
    reach[i] = r;
  }
  for (const auto& [name, target] : list_refs(repo_)) {
    KeySetPool::Id keys = KeySetPool::kEmpty;
    git_oid id = target;
    for (int depth = 0; depth < 32; ++depth) {  // a tag of a tag of ... a commit
      if (auto it = index_.find(id); it != index_.end()) {
        keys = keys_pool_.unite(keys, reach[it->second]);
        break;
      }
      ffi::GitTag tag;
      if (git_tag_lookup(tag.out(), repo_, &id) < 0) break;  // a tree or a blob: no history
      if (auto m = tag_messages_.find(id); m != tag_messages_.end())
        keys = keys_pool_.unite(keys, m->second);
      id = *git_tag_target_id(tag.get());
    }
    for (uint32_t key : keys_pool_.keys(keys)) keys_[key].refs.insert(name);
  }
}

// Blobs with keys that no commit's tree holds. Only without filters: they have no author and
// no date. Without filters every commit was considered, so every tree was read.
void Builder::unreachable() {
  if (filter_.any()) return;
  for (const source::BlobHit& h : scan_.blobs) {
    if (trees_.reached().count(h.blob) != 0) continue;
    for (const Occurrence& o : occurrences(h.result, "", Source::kUnreachable)) {
      note(o, false);
      keys_[o.key].unreachable.push_back(source::oid_hex(h.blob));
    }
  }
}

Sighting Builder::sighting(uint32_t key, size_t event) const {
  const Event& e = events_[event];
  Sighting s;
  s.source = Source::kCommitMessage;
  if (e.commit != nullptr) s.commit = source::oid_hex(e.commit->id);
  if (e.tag != nullptr) {
    s.tag = source::oid_hex(e.tag->object);
    s.author = e.tag->author;
    s.date = source::iso_date(e.tag->time);
    return s;
  }
  s.author = e.commit->author;
  s.date = source::iso_date(e.commit->commit_time);
  for (uint32_t p : places_pool_.keys(e.places)) {
    const Place& place = places_[p];
    if (place.occurrence.key != key) continue;
    if (s.source == Source::kCommitMessage || place.path < s.path) s.path = place.path;
    s.source = Source::kCommit;
  }
  return s;
}

Inventory Builder::entries() {
  KeySetPool::Id head = KeySetPool::kEmpty;
  git_oid head_id;
  if (git_reference_name_to_id(&head_id, repo_, "HEAD") == 0)
    if (auto it = index_.find(head_id); it != index_.end()) head = keys_of(tree_places(it->second));

  Inventory inv;
  inv.commits = considered_commits_;
  inv.suppressed = suppressed_.size();
  for (uint32_t key = 0; key < keys_.size(); ++key) {
    KeyState& k = keys_[key];
    const bool seen = k.last_order != kNoOrder;
    if (!k.severity || (!seen && k.unreachable.empty())) continue;
    if (!filter_.author.empty() && !k.selected) continue;
    Entry e;
    e.rule = k.rule;
    e.secret = k.secret;
    e.fingerprint = k.fingerprint;
    e.environment = k.environment;
    e.severity = *k.severity;
    e.in_head = keys_pool_.contains(head, key);
    if (seen) {
      e.first_seen = sighting(key, k.first_event);
      e.last_seen = sighting(key, k.last_event);
    }
    e.authors.assign(k.authors.begin(), k.authors.end());
    e.paths.assign(k.paths.begin(), k.paths.end());
    e.refs.assign(k.refs.begin(), k.refs.end());
    e.commits = k.commits;
    std::sort(k.unreachable.begin(), k.unreachable.end());
    e.unreachable_blobs = std::move(k.unreachable);
    e.client_side = k.client_side;
    e.live_outside_production = k.live_outside_production;
    e.in_message = k.in_message;
    inv.entries.push_back(std::move(e));
  }
  std::sort(inv.entries.begin(), inv.entries.end(), [](const Entry& a, const Entry& b) {
    // Most severe first, live before test, still in HEAD first, then by fingerprint.
    return std::make_tuple(-static_cast<int>(a.severity), a.environment, !a.in_head,
                           a.fingerprint) <
           std::make_tuple(-static_cast<int>(b.severity), b.environment, !b.in_head, b.fingerprint);
  });
  return inv;
}

}  // namespace

bool Filter::author_matches(std::string_view who) const {
  if (author.empty()) return true;
  size_t open = who.rfind('<');
  std::string_view name = who.substr(0, open == std::string_view::npos ? who.size() : open);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  std::string_view email;
  if (open != std::string_view::npos) {
    email = who.substr(open + 1);
    if (!email.empty() && email.back() == '>') email.remove_suffix(1);
  }
  return icontains(name, author) || icontains(email, author);
}

int64_t parse_date(std::string_view text, bool end_of_day, std::string_view option) {
  auto fail = [&]() {
    throw Error(fmt::format(
        "{}: invalid date '{}' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])", option,
        text));
  };
  size_t pos = 0;
  auto number = [&](size_t digits) {
    if (pos + digits > text.size()) fail();
    int v = 0;
    for (size_t i = 0; i < digits; ++i) {
      char c = text[pos + i];
      if (c < '0' || c > '9') fail();
      v = v * 10 + (c - '0');
    }
    pos += digits;
    return v;
  };
  auto expect = [&](char c) {
    if (pos >= text.size() || text[pos] != c) fail();
    ++pos;
  };
  auto at = [&](std::string_view chars) {
    return pos < text.size() && chars.find(text[pos]) != std::string_view::npos;
  };

  const int year = number(4);
  expect('-');
  const int month = number(2);
  expect('-');
  const int day = number(2);
  constexpr std::array<int, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
      (month == 2 && day == 29 && !leap))
    fail();
  int64_t t =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400;
  if (pos == text.size()) return end_of_day ? t + 86399 : t;

  if (!at("Tt ")) fail();
  ++pos;
  const int hour = number(2);
  expect(':');
  const int minute = number(2);
  int second = 0;
  if (at(":")) {
    ++pos;
    second = number(2);
    if (at(".,")) {  // fractions of a second: ignored
      ++pos;
      number(1);
      while (at("0123456789")) ++pos;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) fail();
  t += hour * 3600 + minute * 60 + second;
  if (at("Zz")) {
    ++pos;
  } else if (at("+-")) {
    const int sign = text[pos++] == '-' ? -1 : 1;
    const int oh = number(2);
    if (at(":")) ++pos;
    const int om = number(2);
    if (oh > 23 || om > 59) fail();
    t -= sign * (oh * 3600 + om * 60);
  }
  if (pos != text.size()) fail();
  return t;
}

Filter make_filter(const std::string& author, const std::string& since, const std::string& until) {
  Filter f;
  f.author = author;
  f.since_text = since;
  f.until_text = until;
  if (!since.empty()) f.since = parse_date(since, false, "--since");
  if (!until.empty()) f.until = parse_date(until, true, "--until");
  if (f.since && f.until && *f.since > *f.until)
    throw Error(fmt::format("--since {} is after --until {}: no commit can match", since, until));
  return f;
}

Inventory build_inventory(git_repository* repo, const source::ObjectScan& scan,
                          const rules::CompiledRules& rules, const cli::Config& config,
                          const Filter& filter) {
  return Builder(repo, scan, rules, config, filter).build();
}

std::vector<std::string> actions(const Entry& e) {
  std::vector<std::string> out;
  const bool live = e.environment == Environment::kLive;
  out.push_back(
      live ? "Rotate it now in the Ziett Dashboard (Organizations → API Keys): it sends real, "
             "billed messages. Put the new key in a secret store, never in the repository."
           : "Rotate it in the Ziett Dashboard (Organizations → API Keys): a test key sends "
             "no real messages, but it belongs in no repository either.");
  if (e.in_head)
    out.push_back(
        "Remove it from the current code (HEAD) and load the key from an environment variable "
        "or a secret manager.");
  if (e.client_side)
    out.push_back(
        "It reached client-side code or a mobile app: call the Ziett API from your backend "
        "instead, and rebuild and redeploy what shipped it.");
  if (e.live_outside_production)
    out.push_back(
        "A live key in a development, test or staging context breaks the one-key-per-environment "
        "rule: use a zk_test_ key there.");
  auto is_stash = [](const std::string& r) {
    return r == "refs/stash" || r.rfind("stash@{", 0) == 0;
  };
  const bool shared =
      std::any_of(e.refs.begin(), e.refs.end(), [&](const std::string& r) { return !is_stash(r); });
  if (!e.in_head && shared && !e.paths.empty())
    out.push_back(
        "It is gone from HEAD, but still in the history of a branch, tag or other ref: anyone with "
        "a copy of that history has it. Rotation is the fix; rewrite history (git filter-repo) "
        "only if you must, after rotating.");
  if (e.in_message)
    out.push_back("It is written in a commit or tag message: only a history rewrite removes it.");
  if (!shared && !e.refs.empty())
    out.push_back("It is only in a stash: drop that stash entry (git stash drop) after rotating.");
  if (e.refs.empty() && e.first_seen)
    out.push_back(
        "No ref reaches it (a dangling commit, or a deleted branch): after rotating, expire the "
        "reflogs and prune (git reflog expire --expire-unreachable=now --all && git gc "
        "--prune=now).");
  if (!e.unreachable_blobs.empty())
    out.push_back(
        "It is in blobs that no commit holds (staged, or left dangling): after rotating, unstage "
        "it "
        "and prune (git gc --prune=now).");
  return out;
}

}  // namespace zkscan::audit
