// The GitLab secret-detection writer on a hand-built history report: the schema's required fields.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "report/report.hpp"
#include "report_fixture.hpp"

using namespace zkscan;
using nlohmann::json;

namespace {

json gitlab(const Report& r) { return json::parse(test::render(r, "gitlab")); }

bool matches(const json& value, const char* pattern) {
  return value.is_string() && std::regex_match(value.get<std::string>(), std::regex(pattern));
}

}  // namespace

TEST_CASE("GitLab: scan carries analyzer, scanner, type, times and status") {
  Report r = test::history_report();
  json doc = gitlab(r);
  CHECK(matches(doc["version"], R"(15\.\d+\.\d+)"));
  const json& scan = doc["scan"];
  for (const char* tool : {"analyzer", "scanner"}) {
    CHECK(scan[tool]["id"] == "zkscan");
    CHECK(scan[tool]["name"] == "zkscan");
    CHECK(scan[tool]["version"] == ZKSCAN_VERSION);
    CHECK(scan[tool]["vendor"]["name"] == "zkscan");
  }
  CHECK(scan["type"] == "secret_detection");
  CHECK(scan["start_time"] == "2026-01-31T10:00:00");
  CHECK(scan["end_time"] == "2026-01-31T10:00:01");
  CHECK(scan["status"] == "failure");  // the report has errors: the scan is incomplete
  REQUIRE(scan["messages"].size() == 3);
  CHECK(scan["messages"][0]["level"] == "warning");
  CHECK(scan["messages"][2]["level"] == "info");
  r.errors.clear();
  r.notes.clear();
  json clean = gitlab(r);
  CHECK(clean["scan"]["status"] == "success");
  CHECK_FALSE(clean["scan"].contains("messages"));
}

TEST_CASE("GitLab: every vulnerability has a stable id, identifiers, a location and a severity") {
  Report r = test::history_report();
  json doc = gitlab(r);
  const json& vulns = doc["vulnerabilities"];
  REQUIRE(vulns.size() == r.findings.size());
  std::set<std::string> ids;
  for (size_t i = 0; i < vulns.size(); ++i) {
    const json& v = vulns[i];
    const Finding& f = r.findings[i];
    CHECK(matches(v["id"], "[0-9a-f]{64}"));
    CHECK(ids.insert(v["id"].get<std::string>()).second);
    CHECK(v["severity"] == std::string(report::capitalized(f.severity)));
    CHECK(v["name"] == report::title_of(f.environment, f.severity));
    CHECK(v["description"] == f.message);
    CHECK(v["solution"].get<std::string>().find("Ziett Dashboard") != std::string::npos);
    CHECK(v["identifiers"][0]["type"] == "zkscan_rule_id");
    CHECK(v["identifiers"][0]["value"] == f.rule);
    CHECK(v["identifiers"][0]["name"].get<std::string>().find(f.rule) != std::string::npos);
    CHECK(v["location"]["file"] == report::location_path(f));
    CHECK(v["location"]["start_line"] == f.line);
    CHECK(matches(v["location"]["commit"]["sha"], "[0-9a-f]{40}|0000000"));
    CHECK(v["details"]["fingerprint"]["value"] == f.fingerprint);
  }
  CHECK(gitlab(r)["vulnerabilities"] == vulns);  // the same report, the same ids
}

TEST_CASE("GitLab: location.commit.sha is the finding's commit, else HEAD for work-tree files") {
  Report r = test::history_report();
  json doc = gitlab(r);
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    const json& commit = doc["vulnerabilities"][i]["location"]["commit"];
    if (!f.provenance.commit.empty()) {
      CHECK(commit["sha"] == f.provenance.commit);
      CHECK(commit["author"] == f.provenance.author);
      CHECK(commit["date"] == f.provenance.date);
    } else {
      CHECK(commit["sha"] == "0000000");  // staged or unreachable: in no commit
    }
  }
  Report worktree;
  worktree.command = "scan";
  worktree.findings.push_back(test::make_finding("ziett-live-key", Environment::kLive,
                                                 PathClass::kOther, "app.py", 1, "K='",
                                                 test::fake_key("live", "wt"), "'"));
  CHECK(gitlab(worktree)["vulnerabilities"][0]["location"]["commit"]["sha"] == "0000000");
  worktree.head = test::fake_oid("checkout");
  CHECK(gitlab(worktree)["vulnerabilities"][0]["location"]["commit"]["sha"] == worktree.head);
}

TEST_CASE("GitLab: no full key unless --show-secrets") {
  Report r = test::history_report();
  std::string text = test::render(r, "gitlab");
  for (const std::string& key : test::history_keys()) CHECK(text.find(key) == std::string::npos);
  std::string shown = test::render(r, "gitlab", report::Style{.show_secrets = true});
  CHECK(shown.find(test::live_web()) != std::string::npos);
}
