// git's pre-push input: the lines zkscan hook pre-push accepts and the ones it refuses.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "ffi/git.hpp"
#include "hooks/pre_push.hpp"
#include "model/error.hpp"

using zkscan::hooks::read_push_refs;

namespace {
const std::string kZero(40, '0');
const std::string kA = "1111111111111111111111111111111111111111";
const std::string kB = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";

std::vector<zkscan::hooks::PushRef> parse(const std::string& text) {
  std::istringstream in(text);
  return read_push_refs(in);
}
}  // namespace

TEST_CASE("pre-push lines: update, new branch, deletion") {
  auto refs = parse("refs/heads/main " + kB + " refs/heads/main " + kA + "\n" +
                    "refs/heads/topic " + kA + " refs/heads/topic " + kZero + "\n" +
                    "(delete) " + kZero + " refs/heads/old " + kB + "\n");
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].local_ref == "refs/heads/main");
  CHECK(zkscan::source::oid_hex(refs[0].local) == kB);
  CHECK(zkscan::source::oid_hex(refs[0].remote) == kA);
  CHECK(zkscan::source::oid_is_zero(refs[1].remote));
  CHECK(refs[2].local_ref == "(delete)");
  CHECK(zkscan::source::oid_is_zero(refs[2].local));
}

TEST_CASE("pre-push input: nothing, blank lines and CRLF are fine") {
  CHECK(parse("").empty());
  CHECK(parse("\n\n").empty());
  CHECK(parse("HEAD " + kA + " refs/heads/x " + kZero + "\r\n").size() == 1);
}

TEST_CASE("pre-push input: anything else is an error, not a silent pass") {
  CHECK_THROWS_AS(parse("refs/heads/main " + kA + "\n"), zkscan::Error);
  CHECK_THROWS_AS(parse("refs/heads/main main refs/heads/main " + kA + "\n"), zkscan::Error);
  CHECK_THROWS_AS(parse("a " + kA + " b " + kA.substr(1) + "\n"), zkscan::Error);
  CHECK_THROWS_AS(parse("a " + kA + " b " + kA + " extra\n"), zkscan::Error);
}
