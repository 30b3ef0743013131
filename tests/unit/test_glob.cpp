// Glob matching for path classes and allowlists: *, **, ?, sets, case folding.
#include <catch2/catch.hpp>

#include "util/glob.hpp"

using zkscan::util::glob_match;

TEST_CASE("literal patterns match exactly") {
  CHECK(glob_match("a.js", "a.js"));
  CHECK_FALSE(glob_match("a.js", "a.jsx"));
  CHECK_FALSE(glob_match("a.js", "b/a.js"));
  CHECK(glob_match("", ""));
  CHECK_FALSE(glob_match("", "a"));
}

TEST_CASE("* matches any run of characters but '/'") {
  CHECK(glob_match("*.js", "app.js"));
  CHECK(glob_match("*.js", ".js"));
  CHECK(glob_match("*.min.js", "main.3f2a.min.js"));
  CHECK(glob_match("*.test.*", "App.test.tsx"));
  CHECK(glob_match(".env.development*", ".env.development"));
  CHECK(glob_match(".env.development*", ".env.development.local"));
  CHECK_FALSE(glob_match("*.js", "src/app.js"));
  CHECK_FALSE(glob_match("*.test.*", "App.tsx"));
  CHECK(glob_match("src/*.js", "src/app.js"));
  CHECK_FALSE(glob_match("src/*.js", "src/lib/app.js"));
  CHECK(glob_match("res/values/*.xml", "res/values/strings.xml"));
  CHECK(glob_match("*", "anything"));
  CHECK_FALSE(glob_match("*", "a/b"));
  CHECK(glob_match("a*b*c", "aXXbYYc"));
  CHECK_FALSE(glob_match("a*b*c", "aXXbYY"));
}

TEST_CASE("** matches across directories, including none") {
  CHECK(glob_match("src/**/*.js", "src/a/b/c.js"));
  CHECK(glob_match("src/**/*.js", "src/c.js"));
  CHECK(glob_match("**/*.map", "dist/js/app.js.map"));
  CHECK(glob_match("**/*.map", "app.js.map"));
  CHECK(glob_match("vendor/**", "vendor/a/b/c"));
  CHECK(glob_match("**", "a/b/c"));
  CHECK_FALSE(glob_match("src/**/*.js", "lib/a/c.js"));
  CHECK_FALSE(glob_match("src/**/*.js", "src/a/c.ts"));
}

TEST_CASE("? matches one character but '/'") {
  CHECK(glob_match("?.js", "a.js"));
  CHECK_FALSE(glob_match("?.js", "ab.js"));
  CHECK_FALSE(glob_match("?.js", ".js"));
  CHECK_FALSE(glob_match("a?b", "a/b"));
  CHECK(glob_match("file.??", "file.js"));
}

TEST_CASE("[...] sets, ranges and negation") {
  CHECK(glob_match("[abc].js", "b.js"));
  CHECK_FALSE(glob_match("[abc].js", "d.js"));
  CHECK(glob_match("v[0-9].txt", "v7.txt"));
  CHECK_FALSE(glob_match("v[0-9].txt", "vx.txt"));
  CHECK(glob_match("[!a]*", "b.js"));
  CHECK_FALSE(glob_match("[!a]*", "a.js"));
  CHECK(glob_match("[^a]*", "b.js"));
  CHECK(glob_match("[]]", "]"));
  CHECK(glob_match("*.[jt]s", "app.ts"));
  CHECK_FALSE(glob_match("*.[jt]s", "app.cs"));
  CHECK_FALSE(glob_match("a[/]b", "a/b"));
}

TEST_CASE("case folding is ASCII and only on request") {
  CHECK_FALSE(glob_match("*.JSX", "app.jsx"));
  CHECK(glob_match("*.JSX", "app.jsx", true));
  CHECK(glob_match("*.jsx", "APP.JSX", true));
  CHECK(glob_match("[A-C].js", "b.js", true));
  CHECK(glob_match("[a-c].JS", "B.js", true));
  CHECK_FALSE(glob_match("[A-C].js", "b.js"));
  CHECK(glob_match("Info.plist", "INFO.PLIST", true));
}
