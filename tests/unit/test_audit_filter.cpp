// audit::Filter: --since/--until dates, the --author match, and the actions of an entry.
#include <catch2/catch.hpp>
#include <string>

#include "audit/inventory.hpp"
#include "model/error.hpp"

using zkscan::audit::Entry;
using zkscan::audit::Filter;
using zkscan::audit::make_filter;
using zkscan::audit::parse_date;

TEST_CASE("audit dates: a day is UTC, --until a day includes all of it") {
  CHECK(parse_date("1970-01-01", false, "--since") == 0);
  CHECK(parse_date("2024-01-05", false, "--since") == 1704412800);
  CHECK(parse_date("2024-01-05", true, "--until") == 1704412800 + 86399);
  CHECK(parse_date("2024-02-29", false, "--since") == 1709164800);  // leap day
  CHECK(parse_date("2000-02-29", false, "--since") == 951782400);
}

TEST_CASE("audit dates: ISO 8601 date and time, with or without a zone") {
  CHECK(parse_date("2024-01-05T10:00:00Z", true, "--until") == 1704448800);
  CHECK(parse_date("2024-01-05T10:00:00", false, "--since") == 1704448800);
  CHECK(parse_date("2024-01-05 10:00", false, "--since") == 1704448800);
  CHECK(parse_date("2024-01-05T12:00:00+02:00", false, "--since") == 1704448800);
  CHECK(parse_date("2024-01-05T07:30:00-0230", false, "--since") == 1704448800);
  CHECK(parse_date("2024-01-05T10:00:00.750Z", false, "--since") == 1704448800);
}

TEST_CASE("audit dates: anything else is an error naming the option") {
  for (const char* bad : {"", "yesterday", "2024-1-5", "2024-13-01", "2024-02-30", "2023-02-29",
                          "2024-01-05T24:00", "2024-01-05T10:60", "2024-01-05T10", "2024-01-05X",
                          "2024-01-05T10:00:00+2", "2024-01-05T10:00:00Zjunk", "20240105"}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_date(bad, false, "--since"), Catch::Contains("--since"));
  }
}

TEST_CASE("audit filter: the window is inclusive and can be open on either side") {
  Filter f = make_filter("", "2024-01-05", "2024-01-06");
  CHECK(f.any());
  CHECK(f.in_window(1704412800));
  CHECK(f.in_window(1704412800 + 2 * 86400 - 1));
  CHECK_FALSE(f.in_window(1704412800 - 1));
  CHECK_FALSE(f.in_window(1704412800 + 2 * 86400));
  CHECK(make_filter("", "", "").in_window(0));
  CHECK_FALSE(make_filter("", "", "").any());
  CHECK_THROWS_AS(make_filter("", "2024-01-07", "2024-01-06"), zkscan::Error);
  CHECK_NOTHROW(make_filter("", "2024-01-06", "2024-01-06"));
}

TEST_CASE("audit filter: --author is a case-insensitive substring of the name or the email") {
  Filter f;
  f.author = "alice";
  CHECK(f.author_matches("Alice Liddell <alice@example.com>"));
  CHECK(f.author_matches("Someone <ALICE.L@corp.example>"));
  CHECK_FALSE(f.author_matches("Bob <bob@example.com>"));
  f.author = "corp.example";
  CHECK(f.author_matches("Bob <bob@Corp.Example>"));
  f.author = "liddell <alice";  // not across the name/email boundary
  CHECK_FALSE(f.author_matches("Alice Liddell <alice@example.com>"));
  f.author = "";
  CHECK(f.author_matches("anyone <x@y>"));
  f.author = "x";
  CHECK(f.author_matches("no email x"));
}

TEST_CASE("audit actions: what to do follows where the key is") {
  auto has = [](const std::vector<std::string>& actions, const std::string& text) {
    for (const std::string& a : actions)
      if (a.find(text) != std::string::npos) return true;
    return false;
  };
  Entry e;
  e.environment = zkscan::Environment::kLive;
  e.in_head = true;
  e.client_side = true;
  e.commits = 3;
  e.paths = {"web/app.js"};
  e.refs = {"refs/heads/main"};
  auto a = zkscan::audit::actions(e);
  CHECK(has(a, "Rotate it now"));
  CHECK(has(a, "Remove it from the current code"));
  CHECK(has(a, "backend"));
  CHECK_FALSE(has(a, "stash"));

  e.in_head = false;
  e.client_side = false;
  e.refs = {"refs/stash"};
  a = zkscan::audit::actions(e);
  CHECK(has(a, "only in a stash"));
  CHECK_FALSE(has(a, "gone from HEAD"));

  e.refs = {};
  e.first_seen = zkscan::audit::Sighting{};
  CHECK(has(zkscan::audit::actions(e), "No ref reaches it"));

  e.environment = zkscan::Environment::kTest;
  e.live_outside_production = false;
  CHECK(has(zkscan::audit::actions(e), "test key"));
}
