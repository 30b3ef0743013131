// Interning and memoized union/difference of key-id sets.
#include "audit/key_sets.hpp"

#include <algorithm>
#include <iterator>

namespace zkscan::audit {
namespace {

uint64_t pair_key(KeySetPool::Id a, KeySetPool::Id b) { return (uint64_t{a} << 32) | b; }

// FNV-1a over the ids.
uint64_t hash_of(const std::vector<uint32_t>& ids) {
  uint64_t h = 14695981039346656037ull;
  for (uint32_t id : ids) {
    h ^= id;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

KeySetPool::KeySetPool() {
  sets_.emplace_back();
  index_.emplace(hash_of(sets_.front()), kEmpty);
}

KeySetPool::Id KeySetPool::intern(std::vector<uint32_t> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  const uint64_t h = hash_of(keys);
  for (auto [it, end] = index_.equal_range(h); it != end; ++it)
    if (sets_[it->second] == keys) return it->second;
  const Id id = static_cast<Id>(sets_.size());
  sets_.push_back(std::move(keys));
  index_.emplace(h, id);
  return id;
}

KeySetPool::Id KeySetPool::unite(Id a, Id b) {
  if (a == b || b == kEmpty) return a;
  if (a == kEmpty) return b;
  if (a > b) std::swap(a, b);  // union is symmetric: one cache entry per pair
  if (auto it = unions_.find(pair_key(a, b)); it != unions_.end()) return it->second;
  std::vector<uint32_t> out;
  std::set_union(sets_[a].begin(), sets_[a].end(), sets_[b].begin(), sets_[b].end(),
                 std::back_inserter(out));
  Id id = intern(std::move(out));
  unions_.emplace(pair_key(a, b), id);
  return id;
}

KeySetPool::Id KeySetPool::subtract(Id a, Id b) {
  if (a == kEmpty || a == b) return kEmpty;
  if (b == kEmpty) return a;
  if (auto it = differences_.find(pair_key(a, b)); it != differences_.end()) return it->second;
  std::vector<uint32_t> out;
  std::set_difference(sets_[a].begin(), sets_[a].end(), sets_[b].begin(), sets_[b].end(),
                      std::back_inserter(out));
  Id id = intern(std::move(out));
  differences_.emplace(pair_key(a, b), id);
  return id;
}

bool KeySetPool::contains(Id id, uint32_t key) const {
  return std::binary_search(sets_[id].begin(), sets_[id].end(), key);
}

}  // namespace zkscan::audit
