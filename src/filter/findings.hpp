// From scanner matches to findings: path class, severity, fingerprint, message, redacted excerpt.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/types.hpp"
#include "rules/paths.hpp"
#include "rules/rules.hpp"
#include "scan/scanner.hpp"

namespace zkscan::filter {

// `zk_live_****Gh12`: the prefix up to the body and the last four characters, or less when the
// body is short (a custom rule's secret): never the whole key.
std::string redact(std::string_view key);

// `text` with every Ziett key in it (zk_live_/zk_test_ and 28 letters or digits, with the
// rules' boundaries) redacted: for messages that may quote user input, such as a file name or
// a command-line argument.
std::string redact_keys(std::string_view text);

// What the finding means and what to do about it.
std::string message_for(Environment env, PathClass cls, bool client_exposed);

// The findings of one blob or file at `path`. Matches on `zkscan:allow` lines are skipped and
// counted in `allowed`.
std::vector<Finding> to_findings(const scan::ScanResult& result, const rules::CompiledRules& rules,
                                 const rules::PathClassifier& paths, const std::string& path,
                                 Source source, uint64_t& allowed);

}  // namespace zkscan::filter
