// Placeholder heuristics, tuned so a random 28-character body practically never trips them.
#include "filter/placeholder.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>

namespace zkscan::filter {
namespace {

constexpr size_t kMaxRun = 5;        // identical characters in a row
constexpr size_t kMaxSequence = 8;   // consecutive ascending/descending characters
constexpr size_t kMaxPeriodic = 12;  // characters following a repeating unit of 2..4
constexpr std::array<std::string_view, 9> kFillerWords{
    "example", "placeholder", "yourkey", "yourapikey", "redacted",
    "replaceme", "changeme", "insertkey", "dummykey"};

bool has_run(std::string_view s) {
  size_t run = 1;
  for (size_t i = 1; i < s.size(); ++i) {
    run = s[i] == s[i - 1] ? run + 1 : 1;
    if (run >= kMaxRun) return true;
  }
  return false;
}

bool has_sequence(std::string_view s) {
  for (int step : {1, -1}) {
    size_t run = 1;
    for (size_t i = 1; i < s.size(); ++i) {
      run = (s[i] - s[i - 1] == step) ? run + 1 : 1;
      if (run >= kMaxSequence) return true;
    }
  }
  return false;
}

bool is_periodic(std::string_view s) {
  for (size_t period = 2; period <= 4; ++period) {
    size_t run = 0;
    for (size_t i = period; i < s.size(); ++i) {
      run = s[i] == s[i - period] ? run + 1 : 0;
      if (run + period >= kMaxPeriodic) return true;
    }
  }
  return false;
}

bool has_filler_word(std::string_view s) {
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(kFillerWords.begin(), kFillerWords.end(),
                     [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

}  // namespace

std::string_view key_body(std::string_view key) {
  size_t underscore = key.rfind('_');
  return underscore == std::string_view::npos ? key : key.substr(underscore + 1);
}

double shannon_entropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<size_t, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0;
  for (size_t n : counts) {
    if (n == 0) continue;
    double p = static_cast<double>(n) / static_cast<double>(s.size());
    h -= p * std::log2(p);
  }
  return h;
}

bool is_placeholder(std::string_view key, double min_entropy) {
  std::string_view body = key_body(key);
  return shannon_entropy(body) < min_entropy || has_run(body) || has_sequence(body) ||
         is_periodic(body) || has_filler_word(body);
}

}  // namespace zkscan::filter
