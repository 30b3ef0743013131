// Classification and message building for findings.
#include "filter/findings.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "filter/placeholder.hpp"
#include "util/sha256.hpp"

namespace zkscan::filter {
namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

}  // namespace

std::string redact(std::string_view key) {
  // The prefix and the last four characters help find the key, but only while enough of the
  // key stays hidden: a custom rule's secret may have a short body (`abc_`, `token_x1`) or none.
  std::string_view body = key_body(key);
  std::string_view prefix = key.substr(0, key.size() - body.size());
  if (body.size() < 8) return "****";
  std::string_view last4 = body.size() >= 12 ? body.substr(body.size() - 4) : std::string_view{};
  return fmt::format("{}****{}", prefix, last4);
}

std::string redact_keys(std::string_view text) {
  constexpr size_t kBody = 28;
  auto alnum = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  };
  std::string out;
  size_t copied = 0;
  for (size_t at = text.find("zk_"); at != std::string_view::npos; at = text.find("zk_", at + 1)) {
    std::string_view rest = text.substr(at);
    if (rest.substr(0, 8) != "zk_live_" && rest.substr(0, 8) != "zk_test_") continue;
    if (rest.size() < 8 + kBody || (at > 0 && alnum(text[at - 1]))) continue;
    std::string_view key = rest.substr(0, 8 + kBody);
    if (!std::all_of(key.begin() + 8, key.end(), alnum)) continue;
    if (rest.size() > key.size() && alnum(rest[key.size()])) continue;
    out.append(text.substr(copied, at - copied));
    out += redact(key);
    copied = at + key.size();
    at = copied - 1;
  }
  out.append(text.substr(copied));
  return out;
}

std::string message_for(Environment env, PathClass cls, bool client_exposed) {
  const bool live = env == Environment::kLive;
  std::string what = live ? "Live Ziett API key (sends real, billed messages)"
                          : "Test Ziett API key";
  std::string rotate = "Rotate the key in the Ziett Dashboard (Organizations → API Keys)";
  switch (cls) {
    case PathClass::kFrontend:
      return fmt::format(
          "{} in client-side code{}: anyone who loads the page can extract it. {}, remove it from "
          "the client and call the Ziett API from your backend instead.",
          what, client_exposed ? " (assigned to a client-exposed environment variable)" : "", rotate);
    case PathClass::kMobile:
      return fmt::format(
          "{} shipped inside a mobile app: anyone can extract it from the app package. {}, remove "
          "it from the app and call the Ziett API from your backend instead.",
          what, rotate);
    case PathClass::kNonprod:
      if (live)
        return fmt::format(
            "{} in a development, test or staging context: this breaks the one-key-per-environment "
            "rule (never use the production key outside production). {}, and use a zk_test_ key "
            "here, loaded from the environment.",
            what, rotate);
      return fmt::format(
          "{} committed in test or development code: keys never belong in version control. Load "
          "it from an environment variable instead.",
          what);
    case PathClass::kOther:
      break;
  }
  return fmt::format(
      "{} in source or configuration: keys never belong in version control. {}, then load it "
      "from an environment variable or a secret manager.",
      what, live ? rotate : std::string("Move it out of the code"));
}

std::vector<Finding> to_findings(const scan::ScanResult& result, const rules::CompiledRules& rules,
                                 const rules::PathClassifier& paths, const std::string& path,
                                 Source source, uint64_t& allowed) {
  std::vector<Finding> out;
  for (const scan::Match& m : result.matches) {
    if (m.allowed) {
      ++allowed;
      continue;
    }
    const rules::Rule& rule = rules.rules()[m.rule];
    Finding f;
    f.rule = rule.id;
    f.environment = rule.environment;
    f.client_exposed = paths.assigns_client_env(m.before);
    f.path_class = paths.classify(path, f.client_exposed);
    f.severity = severity_of(f.environment, f.path_class);
    f.path = path;
    f.line = m.line;
    f.column = m.column;
    f.secret = m.secret;
    f.fingerprint = util::sha256_hex(m.secret);
    f.message = source == Source::kCommitMessage
                    ? fmt::format("{} Ziett API key in a commit message: everyone with a clone can "
                                  "read it, and only a history rewrite removes it. Rotate the key "
                                  "in the Ziett Dashboard (Organizations → API Keys).",
                                  f.environment == Environment::kLive ? "Live" : "Test")
                    : message_for(f.environment, f.path_class, f.client_exposed);
    f.source = source;
    f.excerpt_full = m.before + m.secret + m.after;
    f.excerpt = f.excerpt_full;
    // Every key of this blob that shows in the excerpt is redacted, not only this one.
    for (const scan::Match& other : result.matches) replace_all(f.excerpt, other.secret, redact(other.secret));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace zkscan::filter
