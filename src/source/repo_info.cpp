// Repository URI (credentials removed) and HEAD, for SARIF's versionControlProvenance and GitLab.
#include "source/repo_info.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "source/oid.hpp"

namespace zkscan::source {
namespace {

bool uri_safe(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 ||
           std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(static_cast<char>(c)) !=
               std::string_view::npos;
  });
}

}  // namespace

std::string public_remote_uri(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    size_t colon = url.find(':');
    size_t slash = url.find('/');
    if (colon == std::string_view::npos || colon < 2 ||
        (slash != std::string_view::npos && slash < colon))
      return {};  // a local path (or a Windows drive letter)
    std::string_view host = url.substr(0, colon);
    if (size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
    std::string_view path = url.substr(colon + 1);
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::string out = "ssh://" + std::string(host) + "/" + std::string(path);
    return uri_safe(out) ? out : std::string{};
  }
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme == "file") return {};
  std::string_view rest = url.substr(scheme_end + 3);
  size_t authority_end = std::min(rest.find('/'), rest.size());
  if (size_t at = rest.substr(0, authority_end).rfind('@'); at != std::string_view::npos)
    rest.remove_prefix(at + 1);
  std::string out = std::string(scheme) + "://" + std::string(rest);
  return uri_safe(out) ? out : std::string{};
}

std::string repository_uri(git_repository* repo) {
  // A plain config lookup: libgit2's remote API iterates the configuration with regular
  // expressions, and that leaks in libgit2 1.5 with the system's PCRE2.
  ffi::GitConfig cfg;
  if (git_repository_config_snapshot(cfg.out(), repo) != 0) return {};
  const char* url = nullptr;
  if (git_config_get_string(&url, cfg.get(), "remote.origin.url") != 0 || url == nullptr) return {};
  return public_remote_uri(url);
}

void describe_checkout(const std::string& root, Report& report) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::canonical(root, ec);
  if (ec || !fs::exists(dir / ".git", ec)) return;
  ffi::git_init();
  ffi::GitRepository repo;
  if (git_repository_open_ext(repo.out(), dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0)
    return;
  const char* workdir = git_repository_workdir(repo.get());
  if (workdir == nullptr || fs::canonical(workdir, ec) != dir) return;
  git_oid head;
  if (git_reference_name_to_id(&head, repo.get(), "HEAD") == 0) report.head = source::oid_hex(head);
  report.repository_uri = repository_uri(repo.get());
}

}  // namespace zkscan::source
