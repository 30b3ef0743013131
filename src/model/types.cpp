// Names, parsing and the severity table for the model's enums.
#include "model/types.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace zkscan {
namespace {

constexpr std::array<std::string_view, 2> kEnvironments{"live", "test"};
constexpr std::array<std::string_view, 4> kSeverities{"low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 4> kClasses{"frontend", "mobile", "nonprod", "other"};
constexpr std::array<std::string_view, 5> kSources{"worktree", "commit", "commit-message", "staged",
                                                   "unreachable"};

template <typename E, size_t N>
std::optional<E> parse(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Environment e) { return kEnvironments[static_cast<size_t>(e)]; }
std::string_view to_string(Severity s) { return kSeverities[static_cast<size_t>(s)]; }
std::string_view to_string(PathClass c) { return kClasses[static_cast<size_t>(c)]; }
std::string_view to_string(Source s) { return kSources[static_cast<size_t>(s)]; }

std::optional<Environment> parse_environment(std::string_view s) {
  return parse<Environment>(kEnvironments, s);
}
std::optional<Severity> parse_severity(std::string_view s) { return parse<Severity>(kSeverities, s); }
std::optional<PathClass> parse_path_class(std::string_view s) {
  return parse<PathClass>(kClasses, s);
}

Severity severity_of(Environment env, PathClass cls) {
  const bool client = cls == PathClass::kFrontend || cls == PathClass::kMobile;
  if (env == Environment::kLive) return client ? Severity::kCritical : Severity::kHigh;
  return client ? Severity::kMedium : Severity::kLow;
}

void sort_report(Report& report) {
  auto key = [](const Finding& f) {
    // The blob id breaks the remaining ties (dangling blobs, a tag message beside its commit's
    // message), which otherwise come out in whatever order the worker threads produced them.
    return std::tie(f.path, f.provenance.commit, f.line, f.column, f.rule, f.source,
                    f.provenance.blob);
  };
  std::sort(report.findings.begin(), report.findings.end(),
            [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
  std::sort(report.errors.begin(), report.errors.end(), [](const auto& a, const auto& b) {
    return std::tie(a.path, a.message) < std::tie(b.path, b.message);
  });
}

}  // namespace zkscan
