// audit::KeySetPool: interning and memoized set operations.
#include <catch2/catch.hpp>
#include <vector>

#include "audit/key_sets.hpp"

using zkscan::audit::KeySetPool;
using Keys = std::vector<uint32_t>;

TEST_CASE("audit key sets: equal sets share one id, whatever the order and duplicates") {
  KeySetPool pool;
  CHECK(pool.intern({}) == KeySetPool::kEmpty);
  auto a = pool.intern({3, 1, 2});
  CHECK(pool.intern({1, 2, 3, 3, 1}) == a);
  CHECK(pool.keys(a) == Keys{1, 2, 3});
  CHECK(pool.intern({1, 2}) != a);
  CHECK(pool.contains(a, 2));
  CHECK_FALSE(pool.contains(a, 4));
  CHECK_FALSE(pool.contains(KeySetPool::kEmpty, 0));
}

TEST_CASE("audit key sets: union and difference") {
  KeySetPool pool;
  auto a = pool.intern({1, 2, 5});
  auto b = pool.intern({2, 3});
  CHECK(pool.keys(pool.unite(a, b)) == Keys{1, 2, 3, 5});
  CHECK(pool.unite(a, b) == pool.unite(b, a));
  CHECK(pool.unite(a, KeySetPool::kEmpty) == a);
  CHECK(pool.unite(KeySetPool::kEmpty, b) == b);
  CHECK(pool.unite(a, a) == a);
  CHECK(pool.keys(pool.subtract(a, b)) == Keys{1, 5});
  CHECK(pool.keys(pool.subtract(b, a)) == Keys{3});
  CHECK(pool.subtract(a, a) == KeySetPool::kEmpty);
  CHECK(pool.subtract(a, KeySetPool::kEmpty) == a);
  CHECK(pool.subtract(KeySetPool::kEmpty, a) == KeySetPool::kEmpty);
  CHECK(pool.subtract(a, pool.intern({1, 2, 5, 7})) == KeySetPool::kEmpty);
}

TEST_CASE("audit key sets: set results stay valid while the pool grows") {
  KeySetPool pool;
  auto acc = KeySetPool::kEmpty;
  for (uint32_t k = 0; k < 1000; ++k) acc = pool.unite(acc, pool.intern({k}));
  CHECK(pool.keys(acc).size() == 1000);
  CHECK(pool.keys(acc).front() == 0);
  CHECK(pool.keys(acc).back() == 999);
  auto evens = KeySetPool::kEmpty;
  for (uint32_t k = 0; k < 1000; k += 2) evens = pool.unite(evens, pool.intern({k}));
  CHECK(pool.keys(pool.subtract(acc, evens)).size() == 500);
}
