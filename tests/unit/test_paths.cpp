// Path classes (rules/paths.toml): a table of paths → class, precedence, client-exposed variables.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "helpers.hpp"
#include "model/error.hpp"
#include "rules/paths.hpp"
#include "scan/rule_check.hpp"

using namespace zkscan;
using namespace zkscan::testing;

namespace {

struct Row {
  const char* path;
  PathClass cls;
};

constexpr PathClass F = PathClass::kFrontend, M = PathClass::kMobile, N = PathClass::kNonprod,
                    O = PathClass::kOther;

// PRODUCT.md's path-class table, row by row, and its precedence rules.
const std::vector<Row> kTable{
    // frontend: file types shipped to browsers
    {"src/App.jsx", F},
    {"src/Checkout.tsx", F},
    {"src/components/Cart.vue", F},
    {"src/routes/+page.svelte", F},
    {"src/pages/index.astro", F},
    {"index.html", F},
    {"docs/legacy/page.htm", F},
    {"bundle.js.map", F},
    {"vendor/jquery.min.js", F},
    // frontend: folders shipped to browsers
    {"public/config.js", F},
    {"static/js/app.js", F},
    {"www/js/main.js", F},
    {"web/src/config.js", F},
    {"client/src/api.ts", F},
    {"frontend/src/env.ts", F},
    {"assets/settings.json", F},
    {"src/components/Header.ts", F},
    {"pages/checkout.js", F},
    {"dist/main.3f2a1c.js", F},
    {"build/static/js/main.js", F},
    {"out/_next/static/chunks/app.js", F},
    {".next/static/chunks/pages/_app.js", F},
    {"Web/Src/Config.JS", F},  // case-insensitive
    {"SRC/APP.JSX", F},
    // mobile
    {"android/app/src/main/java/co/ziett/Api.kt", M},
    {"android/app/src/main/java/co/ziett/Api.java", M},
    {"ios/App/AppDelegate.m", M},
    {"mobile/src/config.ts", M},
    {"app/src/main/java/co/ziett/Sms.java", M},
    {"Sources/Ziett/Client.swift", M},
    {"Classes/ZTClient.mm", M},
    {"lib/main.dart", M},
    {"Runner/Info.plist", M},
    {"Config/Release.xcconfig", M},
    {"release/app-release.apk", M},
    {"release/app-release.aab", M},
    {"export/App.ipa", M},
    {"app/build.gradle", M},
    {"build.gradle.kts", M},
    {"myapp/src/main/res/values/strings.xml", M},
    // nonprod
    {".env.development", N},
    {".env.development.local", N},
    {".env.test", N},
    {".env.staging", N},
    {"config/development.json", N},
    {"config/staging.yml", N},
    {"config/test.exs", N},
    {"tests/test_api.py", N},
    {"test/api_test.go", N},
    {"src/__tests__/util.js", N},
    {"spec/models/user_spec.rb", N},
    {"fixtures/keys.json", N},
    {"lib/api.test.js", N},
    {"lib/api.spec.ts", N},
    // other: server code, configuration, docs
    {"server/billing.py", O},
    {"README.md", O},
    {"lib/db.js", O},
    {"src/index.ts", O},
    {"index.js", O},
    {".env", O},
    {".env.production", O},
    {"config/production.yml", O},
    {"docs/setup.md", O},
    {"main.go", O},
    {"contest/buildings.py", O},  // names match whole components only
    // precedence: server directories win over frontend folders
    {"web/server/billing.js", O},
    {"frontend/api/send.ts", O},
    {"client/backend/db.js", O},
    {"public/functions/notify.js", O},
    {"pages/api/send.ts", O},
    {"app/api/messages/route.ts", O},
    {"src/pages/api/webhook.js", O},
    // precedence: mobile trees win over frontend folders
    {"android/app/build/outputs/apk/release/app.apk", M},
    {"android/app/build/intermediates/assets/config.js", M},
    {"ios/App/public/index.html", M},
    {"mobile/web/bundle.js", M},
    {"mobile/components/Button.jsx", M},
    // precedence: test files and directories inside frontend or mobile trees are not shipped
    {"src/__tests__/App.test.tsx", N},
    {"web/src/api.spec.ts", N},
    {"public/tests/setup.js", N},
    {"android/app/src/test/java/ApiTest.kt", N},
    {"dist/fixtures/data.js", N},
    {"ios/AppTests/test/Config.swift", N},
};

}  // namespace

TEST_CASE("the path-class table of PRODUCT.md") {
  REQUIRE(kTable.size() >= 40);
  const rules::PathClassifier& paths = project_paths();
  for (const Row& row : kTable) {
    INFO(row.path << " should be " << to_string(row.cls));
    CHECK(paths.classify(row.path) == row.cls);
  }
}

TEST_CASE("a client-exposed variable makes a key frontend wherever the file is") {
  const rules::PathClassifier& paths = project_paths();
  for (const Row& row : kTable) {
    INFO(row.path);
    CHECK(paths.classify(row.path, /*client_env=*/true) == PathClass::kFrontend);
  }
}

TEST_CASE("every [[examples]] entry of rules/paths.toml holds") {
  const rules::PathClassifier& paths = project_paths();
  REQUIRE(paths.examples().size() >= 20);
  std::vector<std::string> failures = scan::check_paths(paths);
  for (const std::string& f : failures) INFO(f);
  CHECK(failures.empty());
  for (const rules::PathExample& ex : paths.examples()) {
    INFO(ex.path);
    CHECK(paths.classify(ex.path, ex.client_env) == ex.cls);
  }
}

TEST_CASE("check_paths reports a wrong expectation") {
  TempDir dir;
  std::string file = dir.write("paths.toml", R"(
[[class]]
name = "frontend"
dirs = ["web"]
[[examples]]
path = "web/a.js"
class = "frontend"
[[examples]]
path = "lib/a.js"
class = "mobile"
)");
  std::vector<std::string> failures = scan::check_paths(rules::PathClassifier::load(file));
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].find("lib/a.js") != std::string::npos);
  CHECK(failures[0].find("expected mobile, got other") != std::string::npos);
}

TEST_CASE("a project's [[class]] entries take precedence over the built-in ones") {
  rules::PathClassifier paths = project_paths();
  paths.extend(parse_toml(R"(
[[class]]
name = "frontend"
dirs = ["widgets", "ui/kit"]
files = ["*.tmpl"]
[[class]]
name = "other"
dirs = ["public"]
)"),
               "/proj/.zkscan.toml");
  CHECK(paths.classify("widgets/key.py") == PathClass::kFrontend);
  CHECK(paths.classify("src/ui/kit/theme.rb") == PathClass::kFrontend);
  CHECK(paths.classify("src/ui/theme.rb") == PathClass::kOther);
  CHECK(paths.classify("server/email.tmpl") == PathClass::kFrontend);
  CHECK(paths.classify("public/config.js") == PathClass::kOther);
  CHECK(paths.classify("web/src/config.js") == PathClass::kFrontend);  // built-ins still apply
  CHECK(project_paths().classify("widgets/key.py") == PathClass::kOther);

  CHECK_THROWS_AS(paths.extend(parse_toml("[[class]]\nname = 'browser'\n"), "/proj/x.toml"), Error);
  CHECK_THROWS_AS(paths.extend(parse_toml("[[class]]\nname = 'other'\ndirs = 'x'\n"), "/proj/x.toml"),
                  Error);
}

TEST_CASE("assigns_client_env recognises assignments to client-exposed variables") {
  const rules::PathClassifier& paths = project_paths();
  for (const char* before : {"VITE_X=", "VITE_ZIETT_KEY = ", "\"NEXT_PUBLIC_X\": \"",
                             "export REACT_APP_X='", "EXPO_PUBLIC_X: ", "NUXT_PUBLIC_ZIETT=",
                             "PUBLIC_ZIETT_KEY=", "GATSBY_ZIETT_KEY=\"", "VUE_APP_KEY=",
                             "STORYBOOK_KEY: '", "VITE_KEY := ",
                             "  const c = { NEXT_PUBLIC_ZIETT: `", "VITE_X:=", "{'REACT_APP_K':'"}) {
    INFO(before);
    CHECK(paths.assigns_client_env(before));
  }
  for (const char* before : {"ZIETT_KEY=", "NEXT_PUBLIC=", "NEXT_PUBLIC_=", "VITE_=", "MY_VITE_KEY=",
                             "vite_key=", "VITE_KEY", "VITE_KEY=x ", "VITE_KEY=\"a\" + \"", "",
                             "apiKey: \"", "REACT_APP_X(", "//"}) {
    INFO(before);
    CHECK_FALSE(paths.assigns_client_env(before));
  }
}

TEST_CASE("a project's [client_env] prefixes add to the built-in ones") {
  rules::PathClassifier paths = project_paths();
  CHECK_FALSE(paths.assigns_client_env("MYAPP_PUBLIC_KEY="));
  paths.extend(parse_toml("[client_env]\nprefixes = ['MYAPP_PUBLIC_']\n"), "/proj/.zkscan.toml");
  CHECK(paths.assigns_client_env("MYAPP_PUBLIC_KEY="));
  CHECK(paths.assigns_client_env("VITE_KEY="));
}
