// Rule loading (toml++) and Hyperscan compilation.
#include "rules/rules.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <toml++/toml.h>

#include "model/error.hpp"
#include "rules/db_cache.hpp"
#include "util/sha256.hpp"

namespace zkscan::rules {
namespace {

constexpr size_t kMaxVariableWidth = 4096;  // overlap cap for rules without a bounded width

std::vector<std::string> string_array(const toml::table& t, std::string_view key,
                                      const std::string& where) {
  std::vector<std::string> out;
  const toml::node* node = t.get(key);
  if (node == nullptr) return out;
  const toml::array* arr = node->as_array();
  if (arr == nullptr) throw Error(fmt::format("{}: `{}` must be an array of strings", where, key));
  for (const toml::node& item : *arr) {
    auto s = item.value<std::string>();
    if (!s) throw Error(fmt::format("{}: `{}` must be an array of strings", where, key));
    out.push_back(*s);
  }
  return out;
}

std::string required_string(const toml::table& t, std::string_view key, const std::string& where) {
  auto v = t[key].value<std::string>();
  if (!v || v->empty()) throw Error(fmt::format("{}: missing `{}`", where, key));
  return *v;
}

}  // namespace

std::vector<Rule> parse_rules(const toml::table& doc, const std::string& origin) {
  std::vector<Rule> out;
  const toml::node* node = doc.get("rules");
  if (node == nullptr) return out;
  const toml::array* arr = node->as_array();
  if (arr == nullptr) throw Error(fmt::format("{}: `rules` must be an array of tables", origin));
  size_t index = 0;
  for (const toml::node& item : *arr) {
    ++index;
    const toml::table* t = item.as_table();
    if (t == nullptr) throw Error(fmt::format("{}: rules[{}] is not a table", origin, index));
    Rule r;
    r.origin = origin;
    r.id = required_string(*t, "id", fmt::format("{}: rules[{}]", origin, index));
    std::string where = fmt::format("rule '{}' in {}", r.id, origin);
    r.regex = required_string(*t, "regex", where);
    r.description = (*t)["description"].value_or(std::string{});
    std::string env = (*t)["environment"].value_or(std::string{"live"});
    auto parsed = parse_environment(env);
    if (!parsed) throw Error(fmt::format("{}: environment must be live or test, not '{}'", where, env));
    r.environment = *parsed;
    r.entropy = (*t)["entropy"].value_or(3.0);
    r.keywords = string_array(*t, "keywords", where);
    r.examples = string_array(*t, "examples", where);
    r.negative_examples = string_array(*t, "negative_examples", where);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Rule> load_rule_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".toml" && entry.path().filename() != "paths.toml")
      files.push_back(entry.path());
  if (ec) throw Error(fmt::format("cannot read rules directory {}: {}", dir, ec.message()));
  std::sort(files.begin(), files.end());
  std::vector<Rule> out;
  for (const auto& file : files) {
    toml::table doc;
    try {
      doc = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
      throw Error(fmt::format("{}:{}: {}", file.string(), e.source().begin.line, e.description()));
    }
    merge_rules(out, parse_rules(doc, file.string()));
  }
  if (out.empty()) throw Error(fmt::format("no rules found in {}", dir));
  return out;
}

void merge_rules(std::vector<Rule>& base, std::vector<Rule> extra) {
  for (Rule& r : extra) {
    auto same = std::find_if(base.begin(), base.end(), [&](const Rule& b) { return b.id == r.id; });
    if (same != base.end())
      *same = std::move(r);
    else
      base.push_back(std::move(r));
  }
}

void CompiledRules::compile(const std::vector<const char*>& expressions,
                            const std::vector<unsigned>& flags, const std::vector<unsigned>& ids) {
  hs_compile_error_t* raw_error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, db_.out(),
                       &raw_error) == HS_SUCCESS)
    return;
  ffi::HsCompileError error(raw_error);
  int which = error ? error.get()->expression : -1;
  if (which >= 0) {
    const Rule& r = rules_[static_cast<size_t>(which)];
    throw Error(fmt::format("rule '{}' in {} does not compile: {}", r.id, r.origin, error.get()->message));
  }
  throw Error(fmt::format("rules do not compile: {}", error ? error.get()->message : "unknown"));
}

CompiledRules::CompiledRules(std::vector<Rule> rules) : rules_(std::move(rules)) {
  if (rules_.empty()) throw Error("no rules to compile");
  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < rules_.size(); ++i) {
    const Rule& r = rules_[i];
    ffi::Malloced<hs_expr_info_t> info;  // Hyperscan allocates it with malloc
    hs_compile_error_t* raw_error = nullptr;
    if (hs_expression_info(r.regex.c_str(), 0, info.out(), &raw_error) != HS_SUCCESS) {
      ffi::HsCompileError error(raw_error);
      throw Error(fmt::format("rule '{}' in {} does not compile: {}", r.id, r.origin,
                              error ? error.get()->message : "unknown error"));
    }
    uint32_t min_width = info.get()->min_width, max_width = info.get()->max_width;
    if (min_width == 0)
      throw Error(fmt::format("rule '{}' in {} can match an empty string", r.id, r.origin));
    min_width_ = std::min<size_t>(min_width_, min_width);
    bool fixed = min_width == max_width;
    widths_.push_back(fixed ? max_width : 0);
    overlap_ = std::max(overlap_, std::min<size_t>(max_width, kMaxVariableWidth) + 1);
    expressions.push_back(r.regex.c_str());
    flags.push_back(fixed ? 0u : static_cast<unsigned>(HS_FLAG_SOM_LEFTMOST));
    ids.push_back(static_cast<unsigned>(i));
  }
  // The compile inputs name the cached database, so a changed rule never reuses a stale one.
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  std::string key = fmt::format("{}\n{}/{}", hs_version(), platform.tune, platform.cpu_features);
  for (size_t i = 0; i < expressions.size(); ++i)
    key += fmt::format("\n{}\n{}\n{}", ids[i], flags[i], expressions[i]);
  std::string cache = db_cache_path(util::sha256_hex(key));
  db_ = load_cached_db(cache);
  if (!db_) {
    compile(expressions, flags, ids);
    store_cached_db(cache, db_.get());
  }
  scratch_ = ffi::make_scratch(db_.get());
}

}  // namespace zkscan::rules
