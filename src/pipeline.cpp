// The pipeline: source → scanner (one per thread) → findings → filters → sorted report → reporter.
#include "pipeline.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>

#include "cli/config.hpp"
#include "filter/env_files.hpp"
#include "filter/findings.hpp"
#include "hooks/install.hpp"
#include "hooks/pre_push.hpp"
#include "model/error.hpp"
#include "report/diagnostic.hpp"
#include "report/progress.hpp"
#include "report/report.hpp"
#include "scan/rule_check.hpp"
#include "scan/scanner.hpp"
#include "source/repo_info.hpp"
#include "source/worktree.hpp"

namespace zkscan {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Per-worker state: its scanner and what it found, merged once the walk is over.
struct Worker {
  explicit Worker(const rules::CompiledRules& rules) : scanner(rules) {}
  scan::Scanner scanner;
  scan::ScanResult result;
  std::vector<Finding> findings;
  Summary summary;
};

}  // namespace

int pipeline::finish(Report& report, const cli::Options& o) {
  // Errors may quote a file name or a line: no key in clear there, in any format.
  for (Diagnostic& d : report.errors) {
    d.path = filter::redact_keys(d.path);
    d.message = filter::redact_keys(d.message);
  }
  sort_report(report);
  report.summary.findings = report.findings.size();
  report::Style style;
  style.show_secrets = o.show_secrets;
  style.color = o.format == "text" && o.output.empty() &&
                report::color_wanted(o.no_color, ::isatty(STDOUT_FILENO) == 1);
  // A report that did not get out (a full disk, a closed pipe) must not pass for a clean scan.
  auto write_failed = [](const std::string& where) {
    return Error(fmt::format("cannot write the report to {}: {}", where,
                             errno != 0 ? std::strerror(errno) : "write error"));
  };
  if (o.output.empty()) {
    errno = 0;
    report::write(report, o.format, style, std::cout);
    if (!std::cout.flush()) throw write_failed("standard output");
  } else {
    errno = 0;
    std::ofstream file(o.output, std::ios::binary | std::ios::trunc);
    if (!file) throw write_failed(o.output);
    report::write(report, o.format, style, file);
    if (!file.flush()) throw write_failed(o.output);
  }
  if (!o.quiet)
    for (const std::string& note : report.notes)
      std::cerr << "zkscan: note: " << report::diagnostic_line(note) << '\n';
  if (!o.quiet && (o.format != "text" || !o.output.empty())) {
    for (const Diagnostic& d : report.errors)
      std::cerr << fmt::format("zkscan: error: {}: {}\n", report::one_line(d.path),
                               report::one_line(d.message));
    std::cerr << fmt::format("zkscan: {} findings, {} errors, {} files, {:.2f} s\n",
                             report.summary.findings, report.errors.size(), report.summary.files,
                             report.summary.seconds);
  }
  if (!report.errors.empty()) return 2;  // an incomplete scan is never clean
  for (const Finding& f : report.findings)
    if (f.severity >= o.fail_on) return 1;
  return 0;
}

namespace {

int run_scan(const cli::Options& o) {
  auto start = Clock::now();
  auto started = std::chrono::system_clock::now();
  source::Roots roots = source::resolve_roots(o.paths);
  cli::Config cfg = cli::load_config(o, roots.base);
  rules::CompiledRules compiled(cfg.rules);

  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned i = 0; i < o.threads; ++i) workers.push_back(std::make_unique<Worker>(compiled));

  Report report;
  report.command = "scan";
  report.root = roots.base;
  report.started = started;
  source::describe_checkout(roots.base, report);
  Progress progress;
  {
    report::ProgressMeter meter(progress, "files", report::ProgressMeter::wanted(o.quiet));
    source::walk(
        roots.roots, o.threads,
        [&](const std::string& rel) { return cfg.suppressions.path_allowed(rel); },
        [&](unsigned index, const std::string& rel, int fd, uint64_t size) {
          Worker& w = *workers[index];
          w.result.clear();
          w.scanner.scan_fd(fd, size, w.result);
          progress.add(w.result.bytes);
          ++w.summary.files;
          w.summary.bytes += w.result.bytes;
          w.summary.placeholders += w.result.placeholders;
          if (w.result.matches.empty()) return;
          auto found = filter::to_findings(w.result, compiled, cfg.paths, rel, Source::kWorktree,
                                           w.summary.suppressed);
          std::move(found.begin(), found.end(), std::back_inserter(w.findings));
        },
        report.errors);
  }
  Summary& s = report.summary;
  for (auto& w : workers) {
    s.files += w->summary.files;
    s.bytes += w->summary.bytes;
    s.placeholders += w->summary.placeholders;
    s.suppressed += w->summary.suppressed;
    std::move(w->findings.begin(), w->findings.end(), std::back_inserter(report.findings));
  }
  s.env_files = filter::drop_ignored_env_files(report.findings, roots.base);
  s.suppressed += cfg.suppressions.apply(report.findings);
  s.seconds = seconds_since(start);
  return pipeline::finish(report, o);
}

int run_rules(const cli::Options& o) {
  cli::Config cfg = cli::load_config(o, ".");
  if (o.command == cli::Command::kRulesList) {
    for (const rules::Rule& r : cfg.rules)
      std::cout << fmt::format("{:<24} {:<5} {}\n{:<24} {}  ({})\n", r.id, to_string(r.environment),
                               r.regex, "", r.description, r.origin);
    return 0;
  }
  rules::CompiledRules compiled(cfg.rules);  // throws, naming the rule, if one does not compile
  std::vector<std::string> failures = scan::check_rules(compiled);
  for (std::string& f : scan::check_paths(cfg.paths)) failures.push_back(std::move(f));
  for (const std::string& f : failures)
    std::cerr << "zkscan: rules check: " << report::diagnostic_line(f) << '\n';
  size_t examples = 0;
  for (const rules::Rule& r : cfg.rules) examples += r.examples.size() + r.negative_examples.size();
  std::cout << fmt::format("{} rules compiled, {} key examples and {} path examples checked: {}\n",
                           cfg.rules.size(), examples, cfg.paths.examples().size(),
                           failures.empty() ? "ok" : fmt::format("{} failed", failures.size()));
  return failures.empty() ? 0 : 2;
}

}  // namespace

int run(const cli::Options& o) {
  switch (o.command) {
    case cli::Command::kScan:
      return run_scan(o);
    case cli::Command::kGit:
      return pipeline::run_git(o);
    case cli::Command::kHookInstall:
      return hooks::install(o);
    case cli::Command::kHookPrePush:
      return hooks::pre_push(o);
    case cli::Command::kAudit:
      return pipeline::run_audit(o);
    case cli::Command::kRulesList:
    case cli::Command::kRulesCheck:
      return run_rules(o);
    default:
      throw Error("this command is not available yet");
  }
}

}  // namespace zkscan
