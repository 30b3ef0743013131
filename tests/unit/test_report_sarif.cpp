// The SARIF writer on a hand-built history report: rules, severities, fingerprints, locations, provenance.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>

#include "report/report.hpp"
#include "report_fixture.hpp"

using namespace zkscan;
using nlohmann::json;

namespace {

json sarif(const Report& r, report::Style style = {}) { return json::parse(test::render(r, "sarif", style)); }

const json& result_for(const json& run, std::string_view source, std::string_view path_contains = "") {
  for (const json& res : run["results"])
    if (res["properties"]["source"] == source &&
        res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>().find(
            path_contains) != std::string::npos)
      return res;
  FAIL("no result from " << source);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("SARIF: one run of SARIF 2.1.0 with the tool's identity") {
  json doc = sarif(test::history_report());
  CHECK(doc["version"] == "2.1.0");
  CHECK(doc["$schema"].get<std::string>().find("sarif-2.1.0") != std::string::npos);
  REQUIRE(doc["runs"].size() == 1);
  const json& driver = doc["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "zkscan");
  CHECK(driver["version"] == ZKSCAN_VERSION);
  CHECK(driver["semanticVersion"] == ZKSCAN_VERSION);
  CHECK(driver["informationUri"].get<std::string>().rfind("https://", 0) == 0);
}

TEST_CASE("SARIF: one unique rule per (rule, severity) used, with GitHub's security-severity") {
  Report r = test::history_report();
  json run = sarif(r)["runs"][0];
  const json& rules = run["tool"]["driver"]["rules"];
  std::set<std::string> ids;
  for (const json& rule : rules) {
    CHECK(ids.insert(rule["id"].get<std::string>()).second);
    CHECK(rule["name"] != rule["id"]);
    CHECK(!rule["shortDescription"]["text"].get<std::string>().empty());
    CHECK(!rule["fullDescription"]["text"].get<std::string>().empty());
    CHECK(rule["help"]["text"].get<std::string>().find("Ziett Dashboard") != std::string::npos);
    CHECK(rule["help"]["markdown"].get<std::string>().find("secret manager") != std::string::npos);
    CHECK(rule["properties"]["tags"].size() >= 2);
    CHECK(rule["properties"]["precision"] == "very-high");
  }
  CHECK(ids == std::set<std::string>{"ziett-live-key/critical", "ziett-live-key/high",
                                     "ziett-test-key/medium", "ziett-test-key/low"});
  auto score = [&](const std::string& id) {
    for (const json& rule : rules)
      if (rule["id"] == id) return std::stod(rule["properties"]["security-severity"].get<std::string>());
    return -1.0;
  };
  CHECK(score("ziett-live-key/critical") >= 9.0);
  CHECK(score("ziett-live-key/high") >= 7.0);
  CHECK(score("ziett-live-key/high") < 9.0);
  CHECK(score("ziett-test-key/medium") >= 4.0);
  CHECK(score("ziett-test-key/medium") < 7.0);
  CHECK(score("ziett-test-key/low") < 4.0);

  // Every result points at the rule it names, with the matching level.
  REQUIRE(run["results"].size() == r.findings.size());
  for (const json& res : run["results"]) {
    const json& rule = rules[res["ruleIndex"].get<size_t>()];
    CHECK(res["ruleId"] == rule["id"]);
    CHECK(res["level"] == rule["defaultConfiguration"]["level"]);
  }
  CHECK(result_for(run, "commit", "web/")["level"] == "error");
  CHECK(result_for(run, "commit", "app.min.js")["level"] == "warning");
  CHECK(result_for(run, "unreachable")["level"] == "note");
}

TEST_CASE("SARIF: partialFingerprints carry the key's fingerprint, whatever the path or commit") {
  Report r = test::history_report();
  json run = sarif(r)["runs"][0];
  const json& web = result_for(run, "commit", "web/src/config.js");
  const json& moved = result_for(run, "commit", "server/legacy.py");
  CHECK(web["partialFingerprints"]["zkscan/fingerprint/v1"] == util::sha256_hex(test::live_web()));
  CHECK(web["partialFingerprints"] == moved["partialFingerprints"]);
  for (size_t i = 0; i < r.findings.size(); ++i)
    CHECK(run["results"][i]["partialFingerprints"]["zkscan/fingerprint/v1"] == r.findings[i].fingerprint);
}

TEST_CASE("SARIF: locations are relative to %SRCROOT%, percent-encoded, in UTF-16 columns") {
  json run = sarif(test::history_report())["runs"][0];
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///srv/repos/shop/");
  CHECK(run["columnKind"] == "utf16CodeUnits");
  for (const json& res : run["results"]) {
    const json& loc = res["locations"][0]["physicalLocation"];
    CHECK(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    std::string uri = loc["artifactLocation"]["uri"];
    CHECK(uri.find(' ') == std::string::npos);
    CHECK(uri.find("://") == std::string::npos);
    CHECK(loc["region"]["startLine"].get<int>() >= 1);
    CHECK(loc["region"]["endColumn"].get<int>() - loc["region"]["startColumn"].get<int>() == 36);
  }
  const json& web = result_for(run, "commit", "web/")["locations"][0]["physicalLocation"];
  CHECK(web["artifactLocation"]["uri"] == "web/src/config.js");
  CHECK(web["region"]["startLine"] == 4);
  CHECK(web["region"]["startColumn"] == 12);
  // "/* Schlüssel 🔑 */var k=\"": 28 bytes, 25 UTF-16 code units (ü is one, the emoji two).
  const json& bundle = result_for(run, "commit", "app.min.js")["locations"][0]["physicalLocation"];
  CHECK(bundle["artifactLocation"]["uri"] == "assets/%C3%BCber%20uns/app.min.js");
  CHECK(bundle["region"]["startColumn"] == 26);
  CHECK(bundle["region"]["endColumn"] == 62);
  // Findings without a path.
  CHECK(result_for(run, "commit-message")["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "COMMIT_MSG");
  std::string blob = test::fake_oid("dangling");
  CHECK(result_for(run, "unreachable")["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        ".git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2));
}

TEST_CASE("SARIF: history provenance is in the result's properties") {
  json run = sarif(test::history_report())["runs"][0];
  const json& web = result_for(run, "commit", "web/")["properties"];
  CHECK(web["commit"] == test::fake_oid("c1"));
  CHECK(web["author"] == "Ann Dev <ann@example.com>");
  CHECK(web["date"] == "2026-01-30T09:00:00Z");
  CHECK(web["blob"].get<std::string>().size() == 40);
  CHECK(web["in_head"] == false);
  CHECK(web["source"] == "commit");
  CHECK(web["path_class"] == "frontend");
  CHECK(web["environment"] == "live");
  const json& message = result_for(run, "commit-message");
  CHECK(message["properties"]["commit"] == test::fake_oid("c4"));
  CHECK(message["message"]["text"].get<std::string>().find(test::fake_oid("c4")) != std::string::npos);
  const json& dangling = result_for(run, "unreachable")["properties"];
  CHECK_FALSE(dangling.contains("commit"));
  CHECK(dangling["blob"] == test::fake_oid("dangling"));
  CHECK(result_for(run, "staged")["properties"]["source"] == "staged");
}

TEST_CASE("SARIF: versionControlProvenance records the repository and its HEAD") {
  Report r = test::history_report();
  json vcs = sarif(r)["runs"][0]["versionControlProvenance"];
  REQUIRE(vcs.size() == 1);
  CHECK(vcs[0]["repositoryUri"] == "https://git.example.com/acme/shop.git");
  CHECK(vcs[0]["revisionId"] == r.head);
  CHECK(vcs[0]["mappedTo"]["uriBaseId"] == "%SRCROOT%");

  r.repository_uri.clear();  // no remote: the work tree's file URI
  CHECK(sarif(r)["runs"][0]["versionControlProvenance"][0]["repositoryUri"] == "file:///srv/repos/shop/");
  r.head.clear();  // not a repository at all
  CHECK_FALSE(sarif(r)["runs"][0].contains("versionControlProvenance"));
}

TEST_CASE("SARIF: errors make the invocation unsuccessful and become notifications") {
  Report r = test::history_report();
  json inv = sarif(r)["runs"][0]["invocations"][0];
  CHECK(inv["executionSuccessful"] == false);
  const json& notes = inv["toolExecutionNotifications"];
  REQUIRE(notes.size() == 3);
  CHECK(notes[0]["level"] == "error");
  CHECK(notes[2]["level"] == "note");
  r.errors.clear();
  CHECK(sarif(r)["runs"][0]["invocations"][0]["executionSuccessful"] == true);
}

TEST_CASE("SARIF: no full key unless --show-secrets") {
  Report r = test::history_report();
  std::string redacted = test::render(r, "sarif");
  for (const std::string& key : test::history_keys()) CHECK(redacted.find(key) == std::string::npos);
  CHECK(redacted.find("zk_live_****") != std::string::npos);

  json shown = sarif(r, report::Style{.show_secrets = true})["runs"][0];
  const json& web = result_for(shown, "commit", "web/")["locations"][0]["physicalLocation"];
  CHECK(web["region"]["snippet"]["text"] == test::live_web());
  CHECK(web["contextRegion"]["snippet"]["text"].get<std::string>().find(test::live_web()) != std::string::npos);
}

TEST_CASE("SARIF: an empty report is still a valid run") {
  Report r;
  r.command = "scan";
  r.root = "/tmp/empty";
  json run = sarif(r)["runs"][0];
  CHECK(run["results"].empty());
  CHECK(run["tool"]["driver"]["rules"].empty());
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
}
