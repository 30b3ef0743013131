// Golden-file comparison for unit tests: tests/golden/<name>, rewritten only with ZKSCAN_UPDATE_GOLDEN=1.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace zkscan::test {

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A unified-style diff (no hunk headers): "-" expected, "+" actual, three lines of context.
inline std::string line_diff(const std::string& expected, const std::string& actual) {
  std::vector<std::string> a = split_lines(expected), b = split_lines(actual);
  // Longest common subsequence table, then a walk that emits the edit script.
  std::vector<std::vector<size_t>> lcs(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<std::pair<char, std::string>> script;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      script.emplace_back(' ', a[i++]);
      ++j;
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      script.emplace_back('-', a[i++]);
    } else {
      script.emplace_back('+', b[j++]);
    }
  }
  std::string out;
  for (size_t k = 0; k < script.size(); ++k) {
    bool near_change = false;
    for (size_t d = (k >= 3 ? k - 3 : 0); d <= k + 3 && d < script.size(); ++d)
      near_change = near_change || script[d].first != ' ';
    if (near_change) out += script[k].first + script[k].second + '\n';
  }
  return out;
}

// Compares `actual` with tests/golden/<name>. Returns an empty string when they match (or
// when ZKSCAN_UPDATE_GOLDEN=1 rewrote the file), else a message with the diff.
inline std::string check_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(ZKSCAN_GOLDEN_DIR) + "/" + name;
  const char* update = std::getenv("ZKSCAN_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return path + " is missing; create it with ZKSCAN_UPDATE_GOLDEN=1 and review it";
  std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (expected == actual) return {};
  return path + " differs (review, then regenerate with ZKSCAN_UPDATE_GOLDEN=1):\n" +
         line_diff(expected, actual);
}

}  // namespace zkscan::test
