// A progress line on stderr for scans that take longer than a second, only on a terminal.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "model/progress.hpp"

namespace zkscan::report {

// Shows "<items> <noun>, <MiB>, <MiB/s>" on stderr while alive, refreshed every 200 ms after
// the first second. Does nothing unless `enabled` (stderr is a terminal and not --quiet).
class ProgressMeter {
 public:
  ProgressMeter(const Progress& progress, std::string noun, bool enabled);
  ~ProgressMeter();  // clears the line
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  // Whether a progress line makes sense here: stderr is a terminal and output is not quiet.
  static bool wanted(bool quiet);

 private:
  void run();

  const Progress& progress_;
  std::string noun_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

}  // namespace zkscan::report
