// CLI11 definitions of every command and option; nothing here runs a scan.
#include "cli/options.hpp"

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "report/diagnostic.hpp"

namespace zkscan::cli {
namespace {

const std::vector<std::string> kReportFormats{"text", "json", "sarif", "gitlab"};

void add_common(CLI::App& app, Options& o, std::string& fail_on,
                const std::vector<std::string>& formats = kReportFormats) {
  app.add_option("--format", o.format, "Report format: " + CLI::detail::join(formats, "|"))
      ->check(CLI::IsMember(formats))
      ->type_name("FORMAT")
      ->default_str("text");
  app.add_option("--output,-o", o.output, "Write the report to FILE instead of stdout")
      ->type_name("FILE");
  app.add_option(
         "--config", o.config,
         "Extra rules, path classes and allowlists (default: .zkscan.toml at the scanned root)")
      ->type_name("FILE");
  app.add_option("--baseline", o.baseline,
                 "A previous JSON report: only findings not in it are reported")
      ->type_name("FILE");
  app.add_flag("--show-secrets", o.show_secrets, "Print full keys instead of zk_live_****abcd");
  app.add_option("--threads,-j", o.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u))
      ->type_name("N");
  app.add_option("--fail-on", fail_on, "Exit 1 only for findings at or above this severity")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}))
      ->type_name("SEVERITY")
      ->default_str("low");
  app.add_flag("--no-color", o.no_color, "No colours in text output (also: NO_COLOR)");
  app.add_flag("--quiet,-q", o.quiet, "No summary or notes on stderr");
}

// CLI11 says only "A subcommand is required" for a missing or misspelt command: name it, and
// the commands there are.
std::string command_error(const CLI::App& app, int argc, const char* const* argv) {
  const CLI::App* level = &app;
  std::string path = "zkscan";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.empty() || arg[0] == '-') break;
    const CLI::App* sub = nullptr;
    for (const CLI::App* s : level->get_subcommands({}))
      if (s->get_name() == arg) sub = s;
    if (sub == nullptr) {
      std::vector<std::string> names;
      for (const CLI::App* s : level->get_subcommands({})) names.push_back(s->get_name());
      return fmt::format("unknown command '{} {}' (one of: {})", path, arg,
                         CLI::detail::join(names, ", "));
    }
    level = sub;
    path += " " + arg;
  }
  std::vector<std::string> names;
  for (const CLI::App* s : level->get_subcommands({})) names.push_back(s->get_name());
  return fmt::format("'{}' needs a command (one of: {})", path, CLI::detail::join(names, ", "));
}

}  // namespace

Parsed parse(int argc, const char* const* argv) {
  Options o;
  std::string fail_on = "low";
  CLI::App app{"zkscan: finds Ziett API keys in files, git history and client-side code", "zkscan"};
  app.set_version_flag("--version", std::string("zkscan ") + ZKSCAN_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage, configuration or scan "
      "error.\nEnvironment: NO_COLOR turns colours off; ZKSCAN_RULES_DIR overrides the built-in "
      "rules directory.\nRun 'zkscan COMMAND --help' for a command's options.");

  auto* scan = app.add_subcommand("scan", "Scan files and directories (default: .); skips .git/");
  scan->add_option(
          "paths", o.paths,
          "Files and directories to scan; symlinks among them are followed, those inside are not")
      ->type_name("PATH");
  add_common(*scan, o, fail_on);

  auto* git = app.add_subcommand(
      "git", "Scan every object of a git repository: all refs, tags, stash, reflogs, unreachable "
             "objects and commit messages");
  git->add_option("repo", o.paths,
                  "Repository (work tree, bare repository or .git directory; default: .)")
      ->type_name("REPO")
      ->expected(0, 1);
  auto* staged = git->add_flag("--staged", o.staged, "Only what the index adds against HEAD (pre-commit)");
  auto* range = git->add_option("--range", o.range, "Only commits in A..B (CI gate, pre-push)")
                    ->type_name("A..B");
  auto* since = git->add_option("--since", o.since, "Only commits in REV..HEAD")->type_name("REV");
  staged->excludes(range)->excludes(since);
  range->excludes(since);
  add_common(*git, o, fail_on);

  auto* audit = app.add_subcommand("audit", "One entry per distinct key in the repository, for offboarding");
  audit->add_option("repo", o.paths, "Repository (default: .)")->type_name("REPO")->expected(0, 1);
  audit
      ->add_option("--author", o.author,
                   "Only keys introduced by a matching author (name or email, case-insensitive)")
      ->type_name("PATTERN");
  audit->add_option("--since", o.since, "Only commits committed on or after DATE (YYYY-MM-DD, UTC, or ISO 8601)")
      ->type_name("DATE");
  audit->add_option("--until", o.until, "Only commits committed on or before DATE (YYYY-MM-DD: the whole day)")
      ->type_name("DATE");
  add_common(*audit, o, fail_on, {"text", "json", "markdown"});

  auto* hook =
      app.add_subcommand("hook", "Git hooks: install them, or run the pre-push hook's body");
  hook->require_subcommand(1);
  auto* install = hook->add_subcommand("install", "Install the pre-commit and pre-push hooks (no flag: both)");
  install->add_flag("--pre-commit", o.pre_commit, "Install the pre-commit hook");
  install->add_flag("--pre-push", o.pre_push, "Install the pre-push hook");
  install->add_flag("--force", o.force, "Replace an existing hook of another tool");
  install->add_option("repo", o.paths, "Repository (default: .)")
      ->type_name("REPO")
      ->expected(0, 1);
  auto* pre_push = hook->add_subcommand("pre-push", "The pre-push hook body: reads git's stdin lines");
  pre_push->add_option("remote", o.paths, "Remote name and URL, as git passes them")
      ->type_name("REMOTE URL")
      ->expected(0, 2);
  add_common(*pre_push, o, fail_on);

  auto* rules = app.add_subcommand(
      "rules", "The key rules: list them, or check that they compile and pass their examples");
  rules->require_subcommand(1);
  auto* list =
      rules->add_subcommand("list", "List the key rules in use (built-in and from the config)");
  auto* check = rules->add_subcommand("check", "Compile every rule and check every example both ways");
  for (auto* sub : {list, check})
    sub->add_option("--config", o.config, "Extra rules and path classes (default: ./.zkscan.toml)")
        ->type_name("FILE");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return {std::nullopt, app.exit(e)};
  } catch (const CLI::CallForAllHelp& e) {
    return {std::nullopt, app.exit(e)};
  } catch (const CLI::CallForVersion& e) {
    return {std::nullopt, app.exit(e)};
  } catch (const CLI::RequiredError& e) {
    std::string what = e.what();
    if (what.find("subcommand") != std::string::npos) what = command_error(app, argc, argv);
    std::cerr << fmt::format("zkscan: error: {} (see zkscan --help)\n",
                             report::diagnostic_line(what));
    return {std::nullopt, 2};
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    if (what.empty()) what = e.get_name();
    std::cerr << fmt::format("zkscan: error: {} (see zkscan --help)\n",
                             report::diagnostic_line(what));
    return {std::nullopt, 2};
  }

  if (scan->parsed()) o.command = Command::kScan;
  if (git->parsed()) o.command = Command::kGit;
  if (audit->parsed()) o.command = Command::kAudit;
  if (install->parsed()) o.command = Command::kHookInstall;
  if (pre_push->parsed()) o.command = Command::kHookPrePush;
  if (list->parsed()) o.command = Command::kRulesList;
  if (check->parsed()) o.command = Command::kRulesCheck;
  o.fail_on = *parse_severity(fail_on);
  if (o.threads == 0) o.threads = std::max(1u, std::thread::hardware_concurrency());
  return {std::move(o), 0};
}

}  // namespace zkscan::cli
