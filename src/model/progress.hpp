// Counters that workers bump as they go, read by the progress meter.
#pragma once

#include <atomic>
#include <cstdint>

namespace zkscan {

struct Progress {
  std::atomic<uint64_t> items{0};  // files or objects done
  std::atomic<uint64_t> bytes{0};
  void add(uint64_t n_bytes) {
    items.fetch_add(1, std::memory_order_relaxed);
    bytes.fetch_add(n_bytes, std::memory_order_relaxed);
  }
};

}  // namespace zkscan
