// Key rules: loading rules/*.toml, every example both ways, compile errors, merging.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "model/error.hpp"
#include "rules/rules.hpp"
#include "scan/rule_check.hpp"

using namespace zkscan;
using namespace zkscan::testing;

namespace {

rules::Rule make_rule(std::string id, std::string regex, std::string origin = "/cfg/custom.toml") {
  rules::Rule r;
  r.id = std::move(id);
  r.regex = std::move(regex);
  r.origin = std::move(origin);
  return r;
}

// The message of the zkscan::Error that compiling `rules` throws; fails the test if none is thrown.
std::string compile_error(std::vector<rules::Rule> rules) {
  try {
    rules::CompiledRules compiled(std::move(rules));
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("the rules compiled");
  return {};
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

TEST_CASE("rules/ holds the live and the test key rule") {
  const auto& all = project_rules().rules();
  REQUIRE(all.size() == 2);
  const rules::Rule& live = all[rule_index("ziett-live-key")];
  const rules::Rule& test = all[rule_index("ziett-test-key")];
  CHECK(live.environment == Environment::kLive);
  CHECK(test.environment == Environment::kTest);
  CHECK(live.keywords == std::vector<std::string>{"zk_live_"});
  CHECK(test.keywords == std::vector<std::string>{"zk_test_"});
  for (const rules::Rule& r : all) {
    CHECK(r.origin.size() >= 10);
    CHECK(r.origin.substr(r.origin.size() - 10) == "ziett.toml");
    CHECK_FALSE(r.examples.empty());
    CHECK_FALSE(r.negative_examples.empty());
    CHECK(r.entropy == Approx(3.0));
  }
  // A key is the prefix and exactly 28 characters: fixed width, one byte of overlap more.
  CHECK(project_rules().fixed_width(0) == 36);
  CHECK(project_rules().fixed_width(1) == 36);
  CHECK(project_rules().overlap() == 37);
}

TEST_CASE("scan::check_rules passes every example of rules/ both ways") {
  std::vector<std::string> failures = scan::check_rules(project_rules());
  for (const std::string& f : failures) INFO(f);
  CHECK(failures.empty());
}

TEST_CASE("every example is found by its own rule and no negative example by any rule") {
  const auto& all = project_rules().rules();
  for (uint32_t i = 0; i < all.size(); ++i) {
    for (const std::string& example : all[i].examples) {
      INFO("rule " << all[i].id << ", example: " << example);
      scan::ScanResult r = scan_text(example);
      REQUIRE(r.matches.size() == 1);
      CHECK(r.matches[0].rule == i);
      CHECK(r.matches[0].secret.size() == 36);
      CHECK(contains(example, r.matches[0].secret));
      CHECK(r.placeholders == 0);
    }
    for (const std::string& negative : all[i].negative_examples) {
      INFO("rule " << all[i].id << ", negative example: " << negative);
      CHECK(scan_text(negative).matches.empty());
    }
  }
}

TEST_CASE("check_rules reports an example that is not found and a negative one that is") {
  rules::Rule r = make_rule("acme-token", "acme_[a-z0-9]{20}", "/cfg/acme.toml");
  r.examples = {"token=acme_q8w7e6r5t4y3u2i1o0p9!", "acme_short"};
  r.negative_examples = {"nothing here", "x acme_" + std::string("k3j4h5g6f7d8s9a0q1w2") + " y"};
  std::vector<std::string> failures = scan::check_rules(rules::CompiledRules({r}));
  REQUIRE(failures.size() == 2);
  CHECK(contains(failures[0], "'acme-token'"));
  CHECK(contains(failures[0], "example 2 is not found"));
  CHECK(contains(failures[1], "negative example 2 is found"));
  CHECK(contains(failures[1], "/cfg/acme.toml"));

  rules::Rule bare = make_rule("bare", "bare_[0-9]{10}");
  failures = scan::check_rules(rules::CompiledRules({bare}));
  REQUIRE(failures.size() == 1);
  CHECK(contains(failures[0], "has no examples"));
}

TEST_CASE("a rule that does not compile is an error naming the rule and its file") {
  SECTION("syntax error") {
    std::string msg = compile_error({make_rule("ok-rule", "ok_[a-z]{8}", "/a.toml"),
                                     make_rule("broken-rule", "zk_(live", "/cfg/custom.toml")});
    CHECK(contains(msg, "'broken-rule'"));
    CHECK(contains(msg, "/cfg/custom.toml"));
    CHECK_FALSE(contains(msg, "ok-rule"));
  }
  SECTION("a construct Hyperscan does not support") {
    std::string msg = compile_error({make_rule("backref-rule", "(a)\\1zk", "/cfg/x.toml")});
    CHECK(contains(msg, "'backref-rule'"));
    CHECK(contains(msg, "/cfg/x.toml"));
  }
  SECTION("through a rules directory") {
    TempDir dir;
    dir.write("a.toml", "[[rules]]\nid = 'fine'\nregex = 'fine_[0-9]{6}'\n");
    std::string file = dir.write("b.toml", "[[rules]]\nid = 'unbalanced'\nregex = '[a-z'\n");
    std::string msg = compile_error(rules::load_rule_dir(dir.path().string()));
    CHECK(contains(msg, "'unbalanced'"));
    CHECK(contains(msg, file));
  }
}

TEST_CASE("a rule that can match the empty string is rejected") {
  for (const char* regex : {"x*", "(zk_live_)?", "a{0,3}"}) {
    INFO(regex);
    std::string msg = compile_error({make_rule("empty-rule", regex, "/cfg/e.toml")});
    CHECK(contains(msg, "'empty-rule'"));
    CHECK(contains(msg, "/cfg/e.toml"));
    CHECK(contains(msg, "empty"));
  }
  CHECK(contains(compile_error({}), "no rules"));
}

TEST_CASE("parse_rules reads every field and rejects malformed rules with the file name") {
  toml::table doc = parse_toml(R"(
[[rules]]
id = "acme"
description = "Acme token"
regex = 'acme_[a-z]{10}'
environment = "test"
keywords = ["acme_"]
entropy = 2.5
examples = ["a", "b"]
negative_examples = ["c"]
)");
  std::vector<rules::Rule> parsed = rules::parse_rules(doc, "/cfg/acme.toml");
  REQUIRE(parsed.size() == 1);
  const rules::Rule& r = parsed[0];
  CHECK(r.id == "acme");
  CHECK(r.description == "Acme token");
  CHECK(r.regex == "acme_[a-z]{10}");
  CHECK(r.environment == Environment::kTest);
  CHECK(r.keywords == std::vector<std::string>{"acme_"});
  CHECK(r.entropy == Approx(2.5));
  CHECK(r.examples.size() == 2);
  CHECK(r.negative_examples.size() == 1);
  CHECK(r.origin == "/cfg/acme.toml");

  // Defaults: live, entropy 3.0.
  parsed = rules::parse_rules(parse_toml("[[rules]]\nid = 'd'\nregex = 'd_[0-9]{9}'\n"), "f");
  REQUIRE(parsed.size() == 1);
  CHECK(parsed[0].environment == Environment::kLive);
  CHECK(parsed[0].entropy == Approx(3.0));

  CHECK(rules::parse_rules(parse_toml("title = 'no rules'\n"), "f").empty());

  auto error_of = [](std::string_view text) {
    try {
      rules::parse_rules(parse_toml(text), "/cfg/bad.toml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(contains(error_of("[[rules]]\nregex = 'a'\n"), "/cfg/bad.toml"));
  CHECK(contains(error_of("[[rules]]\nregex = 'a'\n"), "`id`"));
  CHECK(contains(error_of("[[rules]]\nid = 'r1'\n"), "`regex`"));
  CHECK(contains(error_of("[[rules]]\nid = 'r1'\n"), "'r1'"));
  CHECK(contains(error_of("[[rules]]\nid = 'r2'\nregex = 'a'\nenvironment = 'prod'\n"), "'prod'"));
  CHECK(contains(error_of("[[rules]]\nid = 'r3'\nregex = 'a'\nkeywords = 'k'\n"), "keywords"));
  CHECK(contains(error_of("[[rules]]\nid = 'r4'\nregex = 'a'\nexamples = [1]\n"), "examples"));
  CHECK(contains(error_of("rules = 3\n"), "/cfg/bad.toml"));
}

TEST_CASE("merge_rules: a rule with a known id replaces it in place, a new id is appended") {
  std::vector<rules::Rule> base{make_rule("a", "a_[0-9]{8}", "/rules/z.toml"),
                                make_rule("b", "b_[0-9]{8}", "/rules/z.toml")};
  rules::merge_rules(base, {make_rule("b", "bb_[0-9]{8}", "/cfg/.zkscan.toml"),
                            make_rule("c", "c_[0-9]{8}", "/cfg/.zkscan.toml")});
  REQUIRE(base.size() == 3);
  CHECK(base[0].id == "a");
  CHECK(base[0].origin == "/rules/z.toml");
  CHECK(base[1].id == "b");
  CHECK(base[1].regex == "bb_[0-9]{8}");
  CHECK(base[1].origin == "/cfg/.zkscan.toml");
  CHECK(base[2].id == "c");
}

TEST_CASE("load_rule_dir reads *.toml but paths.toml, in name order, later files overriding") {
  TempDir dir;
  dir.write("b.toml", "[[rules]]\nid = 'shared'\nregex = 'from_b_[0-9]{6}'\n");
  dir.write("a.toml",
            "[[rules]]\nid = 'shared'\nregex = 'from_a_[0-9]{6}'\n"
            "[[rules]]\nid = 'only-a'\nregex = 'a_[0-9]{6}'\n");
  dir.write("paths.toml", "[[rules]]\nid = 'never'\nregex = 'never_[0-9]{6}'\n");
  dir.write("notes.txt", "not toml");
  std::vector<rules::Rule> loaded = rules::load_rule_dir(dir.path().string());
  REQUIRE(loaded.size() == 2);
  CHECK(loaded[0].id == "shared");
  CHECK(loaded[0].regex == "from_b_[0-9]{6}");
  CHECK(loaded[1].id == "only-a");

  TempDir empty;
  empty.write("paths.toml", "");
  CHECK_THROWS_AS(rules::load_rule_dir(empty.path().string()), Error);

  TempDir broken;
  std::string file = broken.write("x.toml", "[[rules]\nid = 'a'\n");
  try {
    rules::load_rule_dir(broken.path().string());
    FAIL("a TOML syntax error was accepted");
  } catch (const Error& e) {
    CHECK(contains(e.what(), file));
  }
}

TEST_CASE("a rule of variable width reports the whole key, bounded like fixed-width ones") {
  KeyGen keys(12);
  rules::CompiledRules compiled({make_rule("var", "vk_[A-Za-z0-9]{20,40}")});
  CHECK(compiled.fixed_width(0) == 0);
  CHECK(compiled.overlap() == 44);
  scan::Scanner scanner(compiled);
  std::string key = "vk_" + keys.body(30);
  scan::ScanResult r;
  scanner.scan("token: " + key + "\n", r);
  REQUIRE(r.matches.size() == 1);
  CHECK(same_key(r.matches[0].secret, key));
  CHECK(r.matches[0].column == 8);

  r.clear();
  scanner.scan("vk_" + keys.body(41), r);  // longer than the rule allows: glued to a letter
  CHECK(r.matches.empty());
}
