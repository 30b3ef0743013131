// Running a helper program: its stdout, its exit code, and a program that is not installed.
#include <catch2/catch.hpp>

#include "ffi/process.hpp"

using zkscan::ffi::run_capture;

TEST_CASE("run_capture collects stdout and the exit code") {
  auto out = run_capture({"sh", "-c", "printf 'a\\nb'; exit 3"});
  REQUIRE(out.has_value());
  CHECK(out->out == "a\nb");
  CHECK(out->exit_code == 3);
}

TEST_CASE("run_capture gives the child an empty stdin and reads past the pipe buffer") {
  auto out = run_capture({"sh", "-c", "cat; head -c 200000 /dev/zero"});
  REQUIRE(out.has_value());
  CHECK(out->out.size() == 200000);
  CHECK(out->exit_code == 0);
}

TEST_CASE("run_capture returns nothing for a program that is not installed") {
  CHECK_FALSE(run_capture({"zkscan-no-such-program-here"}).has_value());
}
