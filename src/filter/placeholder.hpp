// Placeholder detection: documentation keys such as zk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx are counted, not reported.
#pragma once

#include <string_view>

namespace zkscan::filter {

// The part of a key after its last '_' (the random body of `zk_live_<body>`).
std::string_view key_body(std::string_view key);

// Shannon entropy of `s` in bits per character.
double shannon_entropy(std::string_view s);

// True when the body of `key` is a placeholder rather than a real random key: entropy below
// `min_entropy`, a run of 5+ identical characters, a short repeating unit (abab…, abcabc…),
// an ascending or descending sequence of 8+ (12345678, abcdefgh), or a filler word
// (example, placeholder, yourkey, redacted …).
bool is_placeholder(std::string_view key, double min_entropy);

}  // namespace zkscan::filter
