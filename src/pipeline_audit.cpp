// `zkscan audit`: every object read once as for `zkscan git`, then one inventory entry per key.
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "audit/inventory.hpp"
#include "audit/report.hpp"
#include "model/error.hpp"
#include "pipeline.hpp"
#include "pipeline_git.hpp"

namespace zkscan::pipeline {

int run_audit(const cli::Options& o) {
  auto start = std::chrono::steady_clock::now();
  audit::Filter filter = audit::make_filter(o.author, o.since, o.until);  // bad dates fail first
  GitRun run(o, o.paths.empty() ? "." : o.paths.front(), "audit");
  source::ObjectScan scan = scan_all_objects(run);
  audit::Inventory inventory =
      audit::build_inventory(run.repo.get(), scan, run.rules, run.config, filter);
  run.report.summary.findings = inventory.entries.size();
  run.report.summary.suppressed = inventory.suppressed;
  run.report.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sort_report(run.report);

  report::Style style;
  style.show_secrets = o.show_secrets;
  style.color = o.format == "text" && o.output.empty() && !o.no_color &&
                std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
  audit::AuditReport report{run.report, inventory, filter};
  if (o.output.empty()) {
    audit::write(report, o.format, style, std::cout);
    std::cout.flush();
  } else {
    std::ofstream file(o.output, std::ios::binary | std::ios::trunc);
    if (!file) throw Error(fmt::format("cannot write report to {}", o.output));
    audit::write(report, o.format, style, file);
    if (!file.flush()) throw Error(fmt::format("cannot write report to {}", o.output));
  }
  if (!o.quiet) {
    for (const std::string& note : run.report.notes) std::cerr << "zkscan: note: " << note << '\n';
    if (o.format != "text" || !o.output.empty()) {
      for (const Diagnostic& d : run.report.errors)
        std::cerr << fmt::format("zkscan: error: {}: {}\n", d.path, d.message);
      std::cerr << fmt::format("zkscan: {} key{}, {} errors, {} commits, {:.2f} s\n",
                               inventory.entries.size(), inventory.entries.size() == 1 ? "" : "s",
                               run.report.errors.size(), inventory.commits,
                               run.report.summary.seconds);
    }
  }
  if (!run.report.errors.empty()) return 2;  // an incomplete inventory is never clean
  for (const audit::Entry& e : inventory.entries)
    if (e.severity >= o.fail_on) return 1;
  return 0;
}

}  // namespace zkscan::pipeline
