// What reports say about a repository: remote URLs without credentials, HEAD of a checkout.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "source/repo_info.hpp"

using zkscan::source::public_remote_uri;

TEST_CASE("report: remote URLs lose their credentials") {
  CHECK(public_remote_uri("https://bob:hunter2@git.example.com/acme/shop.git") ==
        "https://git.example.com/acme/shop.git");
  CHECK(public_remote_uri("https://x-access-token:ghs_abc@github.com/acme/shop") ==
        "https://github.com/acme/shop");
  CHECK(public_remote_uri("https://github.com/acme/shop.git") == "https://github.com/acme/shop.git");
  CHECK(public_remote_uri("ssh://git@git.example.com:2222/acme/shop.git") ==
        "ssh://git.example.com:2222/acme/shop.git");
  CHECK(public_remote_uri("git@github.com:acme/shop.git") == "ssh://github.com/acme/shop.git");
  // An '@' after the authority is part of the path, not a user name.
  CHECK(public_remote_uri("https://host/a@b/repo") == "https://host/a@b/repo");
}

TEST_CASE("report: local remotes and odd URLs give no repository URI") {
  CHECK(public_remote_uri("/srv/git/shop.git").empty());
  CHECK(public_remote_uri("../shop").empty());
  CHECK(public_remote_uri("file:///srv/git/shop.git").empty());
  CHECK(public_remote_uri("C:/repos/shop").empty());
  CHECK(public_remote_uri("https://host/my repo").empty());
  CHECK(public_remote_uri("").empty());
}

TEST_CASE("report: HEAD and origin only for the top of a work tree") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("zkscan-repo-info-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::string git = "git -C '" + dir.string() + "' ";
  REQUIRE(std::system((git + "init -q && " + git +
                       "-c user.name=A -c user.email=a@example.com commit -q --allow-empty -m x && " +
                       git + "remote add origin https://u:p@example.com/r.git")
                          .c_str()) == 0);
  zkscan::Report top;
  zkscan::source::describe_checkout(dir.string(), top);
  CHECK(top.head.size() == 40);
  CHECK(top.repository_uri == "https://example.com/r.git");
  zkscan::Report sub;
  zkscan::source::describe_checkout((dir / "sub").string(), sub);
  CHECK(sub.head.empty());
  CHECK(sub.repository_uri.empty());
  fs::remove_all(dir);
}
