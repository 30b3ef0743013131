// The progress meter's thread: sleeps, then redraws one line with \r.
#include "report/progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace zkscan::report {

ProgressMeter::ProgressMeter(const Progress& progress, std::string noun, bool enabled)
    : progress_(progress), noun_(std::move(noun)) {
  if (enabled) thread_ = std::thread([this] { run(); });
}

ProgressMeter::~ProgressMeter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (drawn_) std::fputs("\r\033[K", stderr);
}

bool ProgressMeter::wanted(bool quiet) { return !quiet && ::isatty(STDERR_FILENO) == 1; }

void ProgressMeter::run() {
  using namespace std::chrono;
  auto start = steady_clock::now();
  std::unique_lock lock(mu_);
  if (cv_.wait_for(lock, seconds(1), [&] { return stop_; })) return;
  do {
    double secs = duration<double>(steady_clock::now() - start).count();
    double mib = static_cast<double>(progress_.bytes.load(std::memory_order_relaxed)) / (1 << 20);
    std::fputs(fmt::format("\r\033[Kzkscan: {} {}, {:.0f} MiB, {:.0f} MiB/s",
                           progress_.items.load(std::memory_order_relaxed), noun_, mib, mib / secs)
                   .c_str(),
               stderr);
    std::fflush(stderr);
    drawn_ = true;
  } while (!cv_.wait_for(lock, milliseconds(200), [&] { return stop_; }));
}

}  // namespace zkscan::report
