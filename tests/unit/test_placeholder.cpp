// Placeholder detection: documentation keys are counted, random keys never mistaken for them.
#include <catch2/catch.hpp>

#include <string>

#include "filter/placeholder.hpp"
#include "helpers.hpp"

using zkscan::filter::is_placeholder;
using zkscan::filter::key_body;
using zkscan::filter::shannon_entropy;
using zkscan::testing::KeyGen;

namespace {

constexpr double kEntropy = 3.0;  // the threshold rules/ziett.toml uses

bool placeholder_body(const std::string& body) { return is_placeholder("zk_live_" + body, kEntropy); }

// A random body of 28 characters with `middle` written over it at position 10.
std::string body_with(KeyGen& keys, const std::string& middle) {
  std::string body = keys.body();
  body.replace(10, middle.size(), middle);
  return body.substr(0, 28);
}

}  // namespace

TEST_CASE("key_body is what follows the last underscore") {
  CHECK(key_body("zk_live_abc") == "abc");
  CHECK(key_body("zk_test_") == "");
  CHECK(key_body("a_b_c") == "c");
  CHECK(key_body("nounderscore") == "nounderscore");
}

TEST_CASE("shannon_entropy in bits per character") {
  CHECK(shannon_entropy("") == 0);
  CHECK(shannon_entropy("aaaa") == 0);
  CHECK(shannon_entropy("ab") == Approx(1.0));
  CHECK(shannon_entropy("abcd") == Approx(2.0));
  CHECK(shannon_entropy("aabb") == Approx(1.0));
  CHECK(shannon_entropy("0123456789abcdef") == Approx(4.0));
}

TEST_CASE("the provider's documentation placeholders are placeholders") {
  for (const char* key : {"zk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx", "zk_test_xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                          "zk_live_XXXXXXXXXXXXXXXXXXXXXXXXXXXX", "zk_live_0000000000000000000000000000",
                          "zk_live_abababababababababababababab", "zk_live_abcabcabcabcabcabcabcabcabca",
                          "zk_live_a1b2a1b2a1b2a1b2a1b2a1b2a1b2", "zk_live_1234567890abcdefghijklmnopqr"}) {
    INFO(key);
    CHECK(is_placeholder(key, kEntropy));
  }
}

TEST_CASE("runs of five identical characters are placeholders, four are not") {
  KeyGen keys(31);
  std::string four = body_with(keys, "QQQQ"), five = body_with(keys, "77777");
  CHECK_FALSE(placeholder_body(four));
  CHECK(placeholder_body(five));
}

TEST_CASE("short repeating units over twelve characters are placeholders") {
  KeyGen keys(32);
  CHECK(placeholder_body(body_with(keys, "abababababab")));  // abab…, 12
  CHECK(placeholder_body(body_with(keys, "xyzxyzxyzxyz")));  // abcabc…
  CHECK(placeholder_body(body_with(keys, "k9P2k9P2k9P2")));  // a unit of four
  CHECK_FALSE(placeholder_body(body_with(keys, "Ab3Ab3Ab3A")));   // ten characters
  CHECK_FALSE(placeholder_body(body_with(keys, "Q7Q7Q7Q7Q")));    // nine characters
}

TEST_CASE("ascending or descending sequences of eight are placeholders, seven are not") {
  KeyGen keys(33);
  CHECK(placeholder_body(body_with(keys, "abcdefgh")));
  CHECK(placeholder_body(body_with(keys, "23456789")));
  CHECK(placeholder_body(body_with(keys, "HGFEDCBA")));
  CHECK(placeholder_body(body_with(keys, "98765432")));
  CHECK_FALSE(placeholder_body(body_with(keys, "abcdefg")));
  CHECK_FALSE(placeholder_body(body_with(keys, "9876543")));
}

TEST_CASE("filler words make a placeholder, in any case") {
  KeyGen keys(34);
  for (const char* word : {"example", "EXAMPLE", "Placeholder", "yourkey", "YourApiKey", "REDACTED",
                           "replaceme", "changeme", "InsertKey", "dummykey"}) {
    INFO(word);
    CHECK(placeholder_body(body_with(keys, word)));
  }
}

TEST_CASE("a body below the rule's entropy is a placeholder") {
  // Four symbols, no runs, no period, no sequence: two bits per character.
  const std::string body = "a1b2ba21ab12b1a2a21bb1a2ab12";
  REQUIRE(body.size() == 28);
  CHECK(shannon_entropy(body) < kEntropy);
  CHECK(placeholder_body(body));
  CHECK_FALSE(is_placeholder("zk_live_" + body, 1.5));  // a rule may set a lower threshold
}

TEST_CASE("20,000 random 28-character bodies are never placeholders") {
  KeyGen keys(20240131);
  int flagged = 0;
  for (int i = 0; i < 20000; ++i) flagged += placeholder_body(keys.body()) ? 1 : 0;
  CHECK(flagged == 0);
}
