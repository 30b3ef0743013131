// The key inventory of `zkscan audit`: one entry per distinct key in everything zkscan git reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/config.hpp"
#include "model/types.hpp"
#include "rules/rules.hpp"
#include "source/objects.hpp"

namespace zkscan::audit {

// Which commits count (--since/--until, on committer dates, bounds inclusive) and which keys
// are kept (--author: introduced by a commit or tag whose author matches).
struct Filter {
  std::string author;  // case-insensitive substring of the name or the email; empty: anyone
  std::optional<int64_t> since;  // unix time
  std::optional<int64_t> until;
  std::string since_text, until_text;  // as given, for report headers

  bool any() const { return !author.empty() || since || until; }
  bool in_window(int64_t time) const {
    return (!since || time >= *since) && (!until || time <= *until);
  }
  // `who` is "Name <email>".
  bool author_matches(std::string_view who) const;
};

// Parses YYYY-MM-DD (UTC; the start of the day, or its last second with `end_of_day`) or an
// ISO 8601 date and time (YYYY-MM-DDTHH:MM[:SS] with Z, ±HH:MM or ±HHMM; UTC without a zone).
// Throws zkscan::Error naming `option` for anything else.
int64_t parse_date(std::string_view text, bool end_of_day, std::string_view option);

// Validated filter from the command-line values; throws zkscan::Error on a bad date or an
// empty window.
Filter make_filter(const std::string& author, const std::string& since, const std::string& until);

// A commit (or annotated tag) in which a key was seen.
struct Sighting {
  std::string commit;               // 40 hex; for a tag message, the tagged commit (empty if none)
  std::string author;               // "Name <email>": the commit's author, or the tagger
  std::string date;                 // ISO 8601 UTC: the committer date (the tag date for a tag)
  std::string path;                 // where the key is in that commit's tree; empty for a message
  Source source = Source::kCommit;  // kCommit or kCommitMessage
  std::string tag;                  // the tag object, when the key is in a tag's message
};

struct Entry {
  std::string rule;
  std::string secret;  // the full key; writers redact it unless asked not to
  std::string fingerprint;
  Environment environment = Environment::kLive;
  Severity severity = Severity::kLow;  // the highest of its findings
  bool in_head = false;                // present anywhere in HEAD's tree
  std::optional<Sighting> first_seen;  // none for a key only in unreachable blobs
  std::optional<Sighting> last_seen;
  std::vector<std::string> authors;            // who introduced it, sorted
  std::vector<std::string> paths;              // every path it was at, sorted
  std::vector<std::string> refs;               // refs whose history contains it, sorted
  uint64_t commits = 0;                        // commits whose tree or message holds it
  std::vector<std::string> unreachable_blobs;  // blobs with it that no commit reaches
  bool client_side = false;  // at a frontend or mobile path (or client-exposed variable)
  bool live_outside_production = false;  // a live key at a nonprod path
  bool in_message = false;               // written in a commit or tag message
};

struct Inventory {
  std::vector<Entry> entries;  // severity desc, live first, in HEAD first, then fingerprint
  uint64_t commits = 0;        // commits considered (inside the date window)
  uint64_t suppressed = 0;     // distinct (key, path) occurrences dropped by suppressions
};

// Builds the inventory from one read of every object. `repo` is read for trees and refs.
Inventory build_inventory(git_repository* repo, const source::ObjectScan& scan,
                          const rules::CompiledRules& rules, const cli::Config& config,
                          const Filter& filter);

// What to do about a key, most urgent first.
std::vector<std::string> actions(const Entry& e);

}  // namespace zkscan::audit
