// Path classification: ordered class rules over directory names and file globs.
#include "rules/paths.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <toml++/toml.h>

#include "model/error.hpp"
#include "util/glob.hpp"

namespace zkscan::rules {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::vector<std::string> strings(const toml::table& t, std::string_view key, const std::string& where) {
  std::vector<std::string> out;
  if (const toml::array* arr = t[key].as_array()) {
    for (const toml::node& n : *arr) {
      auto v = n.value<std::string>();
      if (!v) throw Error(fmt::format("{}: `{}` must be an array of strings", where, key));
      out.push_back(*v);
    }
  } else if (t.contains(key)) {
    throw Error(fmt::format("{}: `{}` must be an array of strings", where, key));
  }
  return out;
}

PathClass class_named(const toml::table& t, std::string_view key, const std::string& where) {
  std::string name = t[key].value_or(std::string{});
  auto cls = parse_path_class(name);
  if (!cls)
    throw Error(fmt::format("{}: `{}` must be frontend, mobile, nonprod or other, not '{}'", where,
                            key, name));
  return *cls;
}

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

PathClassifier PathClassifier::load(const std::string& file) {
  toml::table doc;
  try {
    doc = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    throw Error(fmt::format("{}:{}: {}", file, e.source().begin.line, e.description()));
  }
  PathClassifier c;
  c.extend(doc, file);
  if (const toml::array* arr = doc["examples"].as_array()) {
    for (const toml::node& n : *arr) {
      const toml::table* t = n.as_table();
      if (t == nullptr) throw Error(fmt::format("{}: examples must be tables", file));
      std::string where = fmt::format("{}: example", file);
      PathExample ex;
      ex.path = (*t)["path"].value_or(std::string{});
      ex.cls = class_named(*t, "class", where);
      ex.client_env = (*t)["client_env"].value_or(false);
      c.examples_.push_back(std::move(ex));
    }
  }
  return c;
}

void PathClassifier::extend(const toml::table& doc, const std::string& origin) {
  add_classes(doc, origin, /*front=*/!classes_.empty());
  if (const toml::table* env = doc["client_env"].as_table())
    for (std::string& p : strings(*env, "prefixes", origin)) client_prefixes_.push_back(std::move(p));
}

void PathClassifier::add_classes(const toml::table& doc, const std::string& origin, bool front) {
  const toml::node* node = doc.get("class");
  if (node == nullptr) return;
  const toml::array* arr = node->as_array();
  if (arr == nullptr) throw Error(fmt::format("{}: `class` must be an array of tables", origin));
  std::vector<ClassRule> added;
  for (const toml::node& n : *arr) {
    const toml::table* t = n.as_table();
    if (t == nullptr) throw Error(fmt::format("{}: `class` entries must be tables", origin));
    ClassRule rule;
    rule.origin = origin;
    rule.cls = class_named(*t, "name", fmt::format("{}: class", origin));
    for (const std::string& d : strings(*t, "dirs", origin)) rule.dirs.push_back(split(d, '/'));
    rule.files = strings(*t, "files", origin);
    added.push_back(std::move(rule));
  }
  // Classes from a project's config are more specific than the built-in ones: they go first.
  classes_.insert(front ? classes_.begin() : classes_.end(), added.begin(), added.end());
}

PathClass PathClassifier::classify(std::string_view path, bool client_env) const {
  if (client_env) return PathClass::kFrontend;
  std::vector<std::string> parts = split(path, '/');
  if (parts.empty()) return PathClass::kOther;
  const size_t ndirs = parts.size() - 1;  // the last part is the file name
  for (const ClassRule& rule : classes_) {
    for (const auto& seq : rule.dirs) {
      for (size_t i = 0; i + seq.size() <= ndirs; ++i) {
        if (std::equal(seq.begin(), seq.end(), parts.begin() + static_cast<ptrdiff_t>(i), iequal))
          return rule.cls;
      }
    }
    for (const std::string& glob : rule.files) {
      size_t want = static_cast<size_t>(std::count(glob.begin(), glob.end(), '/')) + 1;
      if (want > parts.size()) continue;
      std::string tail;
      for (size_t i = parts.size() - want; i < parts.size(); ++i) {
        if (!tail.empty()) tail += '/';
        tail += parts[i];
      }
      if (util::glob_match(glob, tail, /*fold_case=*/true)) return rule.cls;
    }
  }
  return PathClass::kOther;
}

bool PathClassifier::assigns_client_env(std::string_view before) const {
  // Walk back over quotes and spaces, an assignment sign, quotes and spaces, then an identifier.
  auto skip = [&](std::string_view chars) {
    while (!before.empty() && chars.find(before.back()) != std::string_view::npos)
      before.remove_suffix(1);
  };
  skip(" \t\"'`");
  if (before.empty() || (before.back() != '=' && before.back() != ':')) return false;
  before.remove_suffix(1);
  if (!before.empty() && before.back() == ':') before.remove_suffix(1);  // Makefile's :=
  skip(" \t\"'`");
  size_t end = before.size();
  while (!before.empty() && is_ident(before.back())) before.remove_suffix(1);
  std::string_view name = std::string_view(before.data() + before.size(), end - before.size());
  return std::any_of(client_prefixes_.begin(), client_prefixes_.end(), [&](const std::string& p) {
    return name.size() > p.size() && name.substr(0, p.size()) == p;
  });
}

}  // namespace zkscan::rules
