// Building the key inventory: key sets per tree and commit, introductions, sightings, refs.
//
// Definitions (also in README.md, "zkscan audit"):
// - History order: source::oldest_first, parents before children and otherwise the oldest
//   committer date first (the order `zkscan git` attributes findings in).
// - A commit is considered when its committer date is inside --since/--until; a tag message
//   when its tag date is. Commits outside the window count for nothing below, but they still
//   are the parents that decide whether a considered commit introduced a key.
// - A commit contains a key when its tree holds it (at a path that is not suppressed) or its
//   message does. It introduces the key when its tree holds it and none of its parents' trees
//   do, or when its message does. A tag introduces the keys of its message (tagger as author).
// - first_seen: the first sighting in history order; last_seen: the last. A tag message is
//   placed right after the commit it tags. Within a commit the tree wins over the message,
//   and the smallest path wins.
// - commits: considered commits containing the key; refs: refs from which a considered commit
//   containing the key is reachable (or whose tag chain has a considered tag message with it).
// - Blobs that no commit's tree reaches are listed only without filters (no author, no date).
#include "audit/inventory.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <climits>
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

// One occurrence of a key: a finding at a path or in a message, reduced to what the entry needs.
struct Occurrence {
  uint32_t key = 0;
  Severity severity = Severity::kLow;
  PathClass path_class = PathClass::kOther;
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
  std::set<std::string> authors, refs;
  std::map<std::string, int64_t> paths;  // path -> order of the first sighting there
  std::vector<std::string> unreachable;
};

// A commit or tag in which keys were seen, in history order.
struct Event {
  int64_t order = 0;
  const source::CommitMeta* commit = nullptr;  // the commit, or the tagged commit
  const source::MessageHit* tag = nullptr;     // for a tag message
  KeySetPool::Id tree_keys = KeySetPool::kEmpty;  // keys in the commit's tree (commits only)
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
        trees_(repo, pool_, targets_,
               [this](const git_oid& blob, const std::string& path) { return blob_keys(blob, path); }) {
    for (const source::BlobHit& h : scan.blobs) {
      targets_.insert(h.blob);
      hits_.emplace(h.blob, &h.result);
    }
    for (size_t i = 0; i < scan.commits.size(); ++i) index_.emplace(scan.commits[i].id, i);
  }

  Inventory build();

 private:
  uint32_t key_of(const Finding& f);
  // Findings of a scan result at a path (or in a message), minus suppressed ones.
  std::vector<Occurrence> occurrences(const scan::ScanResult& result, const std::string& path, Source source);
  KeySetPool::Id intern(const std::vector<Occurrence>& occ);
  KeySetPool::Id blob_keys(const git_oid& blob, const std::string& path);
  KeySetPool::Id tree_of(size_t commit);
  void note(const Occurrence& o, bool message);
  void sight(uint32_t key, int64_t order, size_t event);
  void history();
  void tags();
  void paths();
  void last_paths();
  void refs();
  void unreachable();
  Sighting sighting(uint32_t key, size_t event, bool first) const;
  Inventory entries();

  git_repository* repo_;
  const source::ObjectScan& scan_;
  const rules::CompiledRules& rules_;
  const cli::Config& config_;
  const Filter& filter_;
  KeySetPool pool_;
  source::OidSet targets_;
  TreeKeys trees_;
  std::unordered_map<git_oid, const scan::ScanResult*, source::OidHash, source::OidEqual> hits_;
  std::unordered_map<git_oid, size_t, source::OidHash, source::OidEqual> index_;  // commit id -> index
  std::vector<KeyState> keys_;
  std::unordered_map<std::string, uint32_t> key_ids_;  // secret -> key id
  std::unordered_map<std::string, std::vector<Occurrence>> blob_memo_;  // place_key(blob, path)
  std::set<std::string> suppressed_;  // secret + '\0' + path
  std::vector<size_t> order_;         // commit indices in history order
  std::vector<int64_t> position_;     // commit index -> position in order_ (-1: none)
  std::vector<bool> considered_;
  std::vector<KeySetPool::Id> tree_keys_;  // per commit; kUnknown until computed
  std::vector<KeySetPool::Id> contains_;   // per commit: tree and message keys, if considered
  std::unordered_map<git_oid, KeySetPool::Id, source::OidHash, source::OidEqual> messages_;  // commit or tag id
  std::unordered_map<git_oid, KeySetPool::Id, source::OidHash, source::OidEqual> tag_messages_;  // considered
  std::vector<Event> events_;
  std::unordered_map<uint32_t, std::string> last_path_;  // key -> path of its last sighting
  uint64_t considered_commits_ = 0;

  static constexpr KeySetPool::Id kUnknown = UINT32_MAX;
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

std::vector<Occurrence> Builder::occurrences(const scan::ScanResult& result, const std::string& path,
                                             Source source) {
  uint64_t allowed = 0;
  std::vector<Occurrence> out;
  for (const scan::Match& m : result.matches)
    if (m.allowed) suppressed_.insert(m.secret + '\0' + path);
  for (const Finding& f : filter::to_findings(result, rules_, config_.paths, path, source, allowed)) {
    if (config_.suppressions.suppressed(f)) {
      suppressed_.insert(f.secret + '\0' + path);
      continue;
    }
    out.push_back({key_of(f), f.severity, f.path_class});
  }
  return out;
}

KeySetPool::Id Builder::intern(const std::vector<Occurrence>& occ) {
  std::vector<uint32_t> ids;
  for (const Occurrence& o : occ) ids.push_back(o.key);
  return pool_.intern(std::move(ids));
}

KeySetPool::Id Builder::blob_keys(const git_oid& blob, const std::string& path) {
  auto [it, added] = blob_memo_.try_emplace(place_key(blob, path));
  if (added) it->second = occurrences(*hits_.at(blob), path, Source::kCommit);
  return intern(it->second);
}

KeySetPool::Id Builder::tree_of(size_t commit) {
  if (tree_keys_[commit] == kUnknown) tree_keys_[commit] = trees_.keys(scan_.commits[commit].tree, "");
  return tree_keys_[commit];
}

void Builder::note(const Occurrence& o, bool message) {
  KeyState& k = keys_[o.key];
  k.severity = std::max(k.severity.value_or(Severity::kLow), o.severity);
  if (o.path_class == PathClass::kFrontend || o.path_class == PathClass::kMobile) k.client_side = true;
  if (o.path_class == PathClass::kNonprod && k.environment == Environment::kLive)
    k.live_outside_production = true;
  if (message) k.in_message = true;
}

void Builder::sight(uint32_t key, int64_t order, size_t event) {
  KeyState& k = keys_[key];
  if (order < k.first_order) k.first_order = order, k.first_event = event;
  if (order > k.last_order) k.last_order = order, k.last_event = event;
}

// Commits: what each considered commit contains and introduces, aggregated per distinct set.
void Builder::history() {
  const auto& commits = scan_.commits;
  order_ = source::oldest_first(commits);
  position_.assign(commits.size(), -1);
  for (size_t p = 0; p < order_.size(); ++p) position_[order_[p]] = static_cast<int64_t>(p);
  considered_.assign(commits.size(), false);
  tree_keys_.assign(commits.size(), kUnknown);
  contains_.assign(commits.size(), KeySetPool::kEmpty);

  for (const source::MessageHit& m : scan_.messages) {
    auto occ = occurrences(m.result, "", Source::kCommitMessage);
    messages_.emplace(m.object, intern(occ));
    bool counts = m.is_tag ? filter_.in_window(m.time)
                           : index_.count(m.object) != 0 &&
                                 filter_.in_window(commits[index_.at(m.object)].commit_time);
    if (!counts) continue;
    for (const Occurrence& o : occ) note(o, true);
    if (m.is_tag) tag_messages_.emplace(m.object, messages_.at(m.object));
  }

  // Commits grouped by the set of keys they contain: count, first and last.
  struct SetStats {
    uint64_t count = 0;
    size_t first = SIZE_MAX, last = 0;  // positions in order_
  };
  std::unordered_map<KeySetPool::Id, SetStats> stats;
  for (size_t p = 0; p < order_.size(); ++p) {
    size_t i = order_[p];
    const source::CommitMeta& c = commits[i];
    if (!filter_.in_window(c.commit_time)) continue;
    considered_[i] = true;
    ++considered_commits_;
    KeySetPool::Id tree = tree_of(i);
    KeySetPool::Id message = KeySetPool::kEmpty;
    if (auto m = messages_.find(c.id); m != messages_.end()) message = m->second;
    contains_[i] = pool_.unite(tree, message);
    if (contains_[i] == KeySetPool::kEmpty) continue;

    KeySetPool::Id parents = KeySetPool::kEmpty;
    for (const git_oid& parent : c.parents)
      if (auto it = index_.find(parent); it != index_.end()) parents = pool_.unite(parents, tree_of(it->second));
    KeySetPool::Id introduced = pool_.unite(pool_.subtract(tree, parents), message);
    for (uint32_t key : pool_.keys(introduced)) {
      keys_[key].authors.insert(c.author);
      if (filter_.author_matches(c.author)) keys_[key].selected = true;
    }
    SetStats& s = stats[contains_[i]];
    ++s.count;
    s.first = std::min(s.first, p);
    s.last = std::max(s.last, p);
  }
  for (const auto& [set, s] : stats) {
    size_t first = events_.size();
    events_.push_back({static_cast<int64_t>(2 * s.first), &commits[order_[s.first]], nullptr, tree_of(order_[s.first])});
    size_t last = first;
    if (s.last != s.first) {
      last = events_.size();
      events_.push_back({static_cast<int64_t>(2 * s.last), &commits[order_[s.last]], nullptr, tree_of(order_[s.last])});
    }
    for (uint32_t key : pool_.keys(set)) {
      keys_[key].commits += s.count;
      sight(key, events_[first].order, first);
      sight(key, events_[last].order, last);
    }
  }
}

// Tag messages: placed right after the commit they tag; tags of no known commit go last.
void Builder::tags() {
  std::vector<const source::MessageHit*> loose;
  auto add = [&](const source::MessageHit* m, int64_t order, const source::CommitMeta* commit) {
    size_t e = events_.size();
    events_.push_back({order, commit, m, KeySetPool::kEmpty});
    for (uint32_t key : pool_.keys(messages_.at(m->object))) {
      sight(key, order, e);
      keys_[key].authors.insert(m->author);
      if (filter_.author_matches(m->author)) keys_[key].selected = true;
    }
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
    return std::tie(a->time, a->object.id) < std::tie(b->time, b->object.id);
  });
  for (size_t n = 0; n < loose.size(); ++n)
    add(loose[n], 2 * static_cast<int64_t>(order_.size()) + static_cast<int64_t>(n), nullptr);
}

// Every path of every key, in considered commits: walks only subtrees that hold a key, and
// each (tree, path) once.
void Builder::paths() {
  std::unordered_set<std::string> seen;
  for (size_t p = 0; p < order_.size(); ++p) {
    size_t i = order_[p];
    if (!considered_[i]) continue;
    trees_.walk(scan_.commits[i].tree, "", &seen, [&](const std::string& path, const git_oid& blob) {
      for (const Occurrence& o : blob_memo_.at(place_key(blob, path))) {
        keys_[o.key].paths.emplace(path, static_cast<int64_t>(2 * p));
        note(o, false);
      }
    });
  }
}

// The path of each key's last sighting: one walk of each commit that is someone's last.
void Builder::last_paths() {
  std::map<size_t, std::vector<uint32_t>> by_event;  // sorted keys per event
  for (uint32_t key = 0; key < keys_.size(); ++key) {
    const KeyState& k = keys_[key];
    if (k.last_order == kNoOrder) continue;
    const Event& e = events_[k.last_event];
    if (e.tag == nullptr && pool_.contains(e.tree_keys, key)) by_event[k.last_event].push_back(key);
  }
  for (const auto& [event, keys] : by_event) {
    trees_.walk(events_[event].commit->tree, "", nullptr, [&](const std::string& path, const git_oid& blob) {
      for (const Occurrence& o : blob_memo_.at(place_key(blob, path))) {
        if (!std::binary_search(keys.begin(), keys.end(), o.key)) continue;
        auto [it, added] = last_path_.emplace(o.key, path);
        if (!added && path < it->second) it->second = path;
      }
    });
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
      if (const git_oid* id = git_reference_target(resolved.get())) out.emplace_back(git_reference_name(ref.get()), *id);
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

// Refs: the keys reachable from each commit are propagated once over the graph, parents first.
void Builder::refs() {
  const auto& commits = scan_.commits;
  std::vector<KeySetPool::Id> reach(commits.size(), KeySetPool::kEmpty);
  for (size_t i : order_) {
    KeySetPool::Id r = contains_[i];
    for (const git_oid& parent : commits[i].parents)
      if (auto it = index_.find(parent); it != index_.end()) r = pool_.unite(r, reach[it->second]);
    reach[i] = r;
  }
  for (const auto& [name, target] : list_refs(repo_)) {
    KeySetPool::Id keys = KeySetPool::kEmpty;
    git_oid id = target;
    for (int depth = 0; depth < 32; ++depth) {  // a tag of a tag of ... a commit
      if (auto it = index_.find(id); it != index_.end()) {
        keys = pool_.unite(keys, reach[it->second]);
        break;
      }
      ffi::GitTag tag;
      if (git_tag_lookup(tag.out(), repo_, &id) < 0) break;  // a tree or blob: no history
      if (auto m = tag_messages_.find(id); m != tag_messages_.end()) keys = pool_.unite(keys, m->second);
      id = *git_tag_target_id(tag.get());
    }
    for (uint32_t key : pool_.keys(keys)) keys_[key].refs.insert(name);
  }
}

// Blobs with keys that no commit's tree holds (staged only, dangling, stashed trees without a
// commit). Only without filters: they have no author and no date.
void Builder::unreachable() {
  if (filter_.any()) return;
  for (const source::BlobHit& h : scan_.blobs) {
    if (trees_.reached().count(h.blob) != 0) continue;
    for (const Occurrence& o : occurrences(h.result, "", Source::kUnreachable)) {
      note(o, false);
      keys_[o.key].unreachable.push_back(ffi::oid_hex(h.blob));
    }
  }
}

Sighting Builder::sighting(uint32_t key, size_t event, bool first) const {
  const Event& e = events_[event];
  Sighting s;
  s.source = Source::kCommitMessage;
  if (e.commit != nullptr) s.commit = ffi::oid_hex(e.commit->id);
  if (e.tag != nullptr) {
    s.author = e.tag->author;
    s.date = source::iso_date(e.tag->time);
    return s;
  }
  s.author = e.commit->author;
  s.date = source::iso_date(e.commit->commit_time);
  if (!pool_.contains(e.tree_keys, key)) return s;  // only in the message
  s.source = Source::kCommit;
  if (first) {
    for (const auto& [path, order] : keys_[key].paths)  // sorted: the smallest path first
      if (order == e.order) return s.path = path, s;
  } else if (auto it = last_path_.find(key); it != last_path_.end()) {
    s.path = it->second;
  }
  return s;
}

Inventory Builder::entries() {
  KeySetPool::Id head = KeySetPool::kEmpty;
  git_oid head_id;
  if (git_reference_name_to_id(&head_id, repo_, "HEAD") == 0)
    if (auto it = index_.find(head_id); it != index_.end()) head = tree_of(it->second);

  Inventory inv;
  inv.commits = considered_commits_;
  inv.suppressed = suppressed_.size();
  for (uint32_t key = 0; key < keys_.size(); ++key) {
    KeyState& k = keys_[key];
    bool seen = k.last_order != kNoOrder;
    if (!k.severity || (!seen && k.unreachable.empty())) continue;
    if (!filter_.author.empty() && !k.selected) continue;
    Entry e;
    e.rule = k.rule;
    e.secret = k.secret;
    e.fingerprint = k.fingerprint;
    e.environment = k.environment;
    e.severity = *k.severity;
    e.in_head = pool_.contains(head, key);
    if (seen) {
      e.first_seen = sighting(key, k.first_event, true);
      e.last_seen = sighting(key, k.last_event, false);
    }
    e.authors.assign(k.authors.begin(), k.authors.end());
    for (const auto& entry : k.paths) e.paths.push_back(entry.first);
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
    return std::make_tuple(-static_cast<int>(a.severity), a.environment, !a.in_head, a.fingerprint) <
           std::make_tuple(-static_cast<int>(b.severity), b.environment, !b.in_head, b.fingerprint);
  });
  return inv;
}

Inventory Builder::build() {
  history();
  tags();
  paths();
  last_paths();
  refs();
  unreachable();
  return entries();
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
    throw Error(fmt::format("{}: invalid date '{}' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])",
                            option, text));
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
  auto at = [&](std::string_view chars) { return pos < text.size() && chars.find(text[pos]) != std::string_view::npos; };

  const int year = number(4);
  expect('-');
  const int month = number(2);
  expect('-');
  const int day = number(2);
  constexpr std::array<int, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) fail();
  int64_t t = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400;
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
  out.push_back(live ? "Rotate it now in the Ziett Dashboard (Organizations → API Keys): it sends real, "
                       "billed messages. Put the new key in a secret store, never in the repository."
                     : "Rotate it in the Ziett Dashboard (Organizations → API Keys): a test key sends "
                       "no real messages, but it belongs in no repository either.");
  if (e.in_head)
    out.push_back("Remove it from the current code (HEAD) and load the key from an environment variable "
                  "or a secret manager.");
  if (e.client_side)
    out.push_back("It reached client-side code or a mobile app: call the Ziett API from your backend "
                  "instead, and rebuild and redeploy what shipped it.");
  if (e.live_outside_production)
    out.push_back("A live key in a development, test or staging context breaks the one-key-per-environment "
                  "rule: use a zk_test_ key there.");
  if (!e.in_head && e.commits != 0)
    out.push_back("It is gone from HEAD, but every clone still has it in history: rotation is the fix; "
                  "rewrite history (git filter-repo) only if you must, after rotating.");
  if (e.in_message) out.push_back("It is written in a commit or tag message: only a history rewrite removes it.");
  bool stash = std::any_of(e.refs.begin(), e.refs.end(), [](const std::string& r) {
    return r == "refs/stash" || r.rfind("stash@{", 0) == 0;
  });
  if (stash) out.push_back("It is in a stash: drop that stash entry (git stash drop) after rotating.");
  if (e.refs.empty() && e.commits != 0)
    out.push_back("No ref reaches it (a dangling commit or an expired branch): after rotating, expire the "
                  "reflogs and prune (git reflog expire --expire-unreachable=now --all && git gc --prune=now).");
  if (!e.unreachable_blobs.empty())
    out.push_back("It is in blobs that no commit holds (staged, or left dangling): after rotating, unstage it "
                  "and prune (git gc --prune=now).");
  return out;
}

}  // namespace zkscan::audit
