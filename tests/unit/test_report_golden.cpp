// Golden files for the four formats of a hand-built history report (tests/golden/history.*).
// Regenerate with ZKSCAN_UPDATE_GOLDEN=1 and review the diff; tests/cli/test_reports.py runs
// Microsoft's SARIF validator on history.sarif.
#include <catch2/catch.hpp>


#include "golden.hpp"
#include "report/report.hpp"
#include "report_fixture.hpp"

using namespace zkscan;

TEST_CASE("golden: history report in text, JSON, SARIF and GitLab") {
  Report r = test::history_report();
  const std::pair<const char*, const char*> formats[] = {
      {"text", "history.txt"}, {"json", "history.json"}, {"sarif", "history.sarif"},
      {"gitlab", "history.gitlab.json"}};
  for (auto [format, file] : formats) {
    std::string problem = test::check_golden(file, test::render(r, format));
    INFO(problem);
    CHECK(problem.empty());
  }
}

TEST_CASE("golden: line_diff shows removed and added lines with context") {
  std::string diff = test::line_diff("a\nb\nc\nd\n", "a\nb\nC\nd\n");
  CHECK(diff == " a\n b\n-c\n+C\n d\n");
}
