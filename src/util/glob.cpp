// Backtracking glob matcher (iterative for `*`, recursive only for `**`).
#include "util/glob.hpp"

#include <cctype>

namespace zkscan::util {
namespace {

char fold(char c, bool fold_case) {
  return fold_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// Matches a `[...]` set starting at pattern[p] == '['; sets `end` past the ']'.
bool match_set(std::string_view pat, size_t p, char c, bool fold_case, size_t& end) {
  size_t i = p + 1;
  bool negate = i < pat.size() && (pat[i] == '!' || pat[i] == '^');
  if (negate) ++i;
  bool hit = false;
  bool first = true;
  for (; i < pat.size() && (first || pat[i] != ']'); ++i, first = false) {
    char lo = fold(pat[i], fold_case);
    char hi = lo;
    if (i + 2 < pat.size() && pat[i + 1] == '-' && pat[i + 2] != ']') {
      hi = fold(pat[i + 2], fold_case);
      i += 2;
    }
    if (lo <= c && c <= hi) hit = true;
  }
  end = i + 1;
  return hit != negate;
}

bool match(std::string_view pat, std::string_view text, bool fold_case) {
  size_t p = 0, t = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pat.size()) {
      char pc = pat[p];
      if (pc == '*' && p + 1 < pat.size() && pat[p + 1] == '*') {
        // `**`: try every suffix, across '/'. A following '/' may also match nothing.
        size_t rest = p + 2;
        if (rest < pat.size() && pat[rest] == '/' && match(pat.substr(rest + 1), text.substr(t), fold_case))
          return true;
        for (size_t k = t; k <= text.size(); ++k)
          if (match(pat.substr(rest), text.substr(k), fold_case)) return true;
        return false;
      }
      if (pc == '*') {
        star_p = p++;
        star_t = t;
        continue;
      }
      char tc = fold(text[t], fold_case);
      if (pc == '?' && tc != '/') {
        ++p, ++t;
        continue;
      }
      size_t end = 0;
      if (pc == '[' && tc != '/' && match_set(pat, p, tc, fold_case, end)) {
        p = end, ++t;
        continue;
      }
      if (pc != '?' && pc != '[' && fold(pc, fold_case) == tc) {
        ++p, ++t;
        continue;
      }
    }
    // Mismatch: let the last `*` swallow one more character, but never a '/'.
    if (star_p == std::string_view::npos || text[star_t] == '/') return false;
    p = star_p + 1;
    t = ++star_t;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text, bool fold_case) {
  return match(pattern, text, fold_case);
}

}  // namespace zkscan::util
