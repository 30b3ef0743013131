// Interned sets of small ids (keys, key places): equal sets of trees and commits are stored once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace zkscan::audit {

// Sets of ids (small integers), each stored once; set operations are memoized by the ids
// of their operands. Most trees and commits hold no key or the same keys as their parent, so
// the work follows the number of distinct sets, not of trees or commits.
class KeySetPool {
 public:
  using Id = uint32_t;
  static constexpr Id kEmpty = 0;

  KeySetPool();

  // The id of the set holding `keys` (any order, duplicates allowed).
  Id intern(std::vector<uint32_t> keys);
  Id unite(Id a, Id b);
  Id subtract(Id a, Id b);  // keys of a that are not in b

  // The keys of a set, sorted.
  const std::vector<uint32_t>& keys(Id id) const { return sets_[id]; }
  bool contains(Id id, uint32_t key) const;
  size_t size() const { return sets_.size(); }

 private:
  std::vector<std::vector<uint32_t>> sets_;
  // The hash of a sorted set -> the ids of the sets with that hash.
  std::unordered_multimap<uint64_t, Id> index_;
  std::unordered_map<uint64_t, Id> unions_;
  std::unordered_map<uint64_t, Id> differences_;
};

}  // namespace zkscan::audit
