// The model: the severity table, enum names, and the stable sort order of reports.
#include <catch2/catch.hpp>

#include "model/types.hpp"

using namespace zkscan;

TEST_CASE("severity: live keys are critical in client code and high elsewhere; test keys medium and low") {
  CHECK(severity_of(Environment::kLive, PathClass::kFrontend) == Severity::kCritical);
  CHECK(severity_of(Environment::kLive, PathClass::kMobile) == Severity::kCritical);
  CHECK(severity_of(Environment::kLive, PathClass::kOther) == Severity::kHigh);
  CHECK(severity_of(Environment::kLive, PathClass::kNonprod) == Severity::kHigh);
  CHECK(severity_of(Environment::kTest, PathClass::kFrontend) == Severity::kMedium);
  CHECK(severity_of(Environment::kTest, PathClass::kMobile) == Severity::kMedium);
  CHECK(severity_of(Environment::kTest, PathClass::kOther) == Severity::kLow);
  CHECK(severity_of(Environment::kTest, PathClass::kNonprod) == Severity::kLow);
}

TEST_CASE("severities are ordered for --fail-on") {
  CHECK(Severity::kLow < Severity::kMedium);
  CHECK(Severity::kMedium < Severity::kHigh);
  CHECK(Severity::kHigh < Severity::kCritical);
}

TEST_CASE("enum names round-trip and unknown names are rejected") {
  for (const char* name : {"low", "medium", "high", "critical"}) CHECK(to_string(*parse_severity(name)) == name);
  for (const char* name : {"frontend", "mobile", "nonprod", "other"})
    CHECK(to_string(*parse_path_class(name)) == name);
  for (const char* name : {"live", "test"}) CHECK(to_string(*parse_environment(name)) == name);
  CHECK(to_string(Source::kWorktree) == "worktree");
  CHECK(to_string(Source::kCommitMessage) == "commit-message");
  CHECK(to_string(Source::kUnreachable) == "unreachable");
  CHECK_FALSE(parse_severity("Critical"));
  CHECK_FALSE(parse_severity(""));
  CHECK_FALSE(parse_path_class("web"));
  CHECK_FALSE(parse_environment("prod"));
}

TEST_CASE("sort_report orders findings by path, commit, line, column, rule and errors by path") {
  auto finding = [](std::string path, uint64_t line, uint64_t column, std::string rule,
                    std::string commit = "") {
    Finding f;
    f.path = std::move(path);
    f.line = line;
    f.column = column;
    f.rule = std::move(rule);
    f.provenance.commit = std::move(commit);
    return f;
  };
  Report r;
  r.findings = {finding("b.js", 1, 1, "r"),       finding("a.js", 10, 1, "r"),
                finding("a.js", 2, 30, "r"),      finding("a.js", 2, 4, "z"),
                finding("a.js", 2, 4, "a"),       finding("a.js", 1, 1, "r", "ff"),
                finding("a.js", 9, 9, "r", "00"), finding("B.js", 5, 5, "r")};
  r.errors = {{"z", "m"}, {"a", "m2"}, {"a", "m1"}};
  sort_report(r);
  std::vector<std::string> got;
  for (const Finding& f : r.findings)
    got.push_back(f.path + ":" + f.provenance.commit + ":" + std::to_string(f.line) + ":" +
                  std::to_string(f.column) + ":" + f.rule);
  CHECK(got == std::vector<std::string>{"B.js::5:5:r", "a.js::2:4:a", "a.js::2:4:z", "a.js::2:30:r",
                                        "a.js::10:1:r", "a.js:00:9:9:r", "a.js:ff:1:1:r", "b.js::1:1:r"});
  CHECK(r.errors[0].message == "m1");
  CHECK(r.errors[1].message == "m2");
  CHECK(r.errors[2].path == "z");
}
