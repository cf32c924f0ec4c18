#include "load.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "cpp_syntax.hpp"
#include "suggest.hpp"

namespace attest::dst::gen {
namespace {

std::string KindOf(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return "a text value";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    default: return "nothing";
  }
}

bool IsEmpty(const YAML::Node& node) {
  return node.IsNull() || ((node.IsSequence() || node.IsMap()) && node.size() == 0) ||
         (node.IsScalar() && node.Scalar().empty());
}

// The text under `key` in a mapping, or "" when it is missing or not text: lets messages
// about a step or scenario use its id or name even before its keys are checked.
std::string PeekText(const YAML::Node& map, std::string_view key) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key && it->second.IsScalar()) {
      return it->second.Scalar();
    }
  }
  return {};
}

// A key with its value, as found in a mapping.
struct Entry {
  YAML::Node key;
  YAML::Node value;
};

// The entries of one mapping by key, and the allowed keys that an unknown key in it was
// taken for (`stpes` for `steps`). A key reported as misspelled is not reported missing
// as well: one typo, one error, and that error is the one that names the typo.
struct Keyed {
  std::map<std::string, Entry> entries;
  std::set<std::string> misspelled;

  std::map<std::string, Entry>::const_iterator find(const std::string& key) const {
    return entries.find(key);
  }
  std::map<std::string, Entry>::const_iterator end() const { return entries.end(); }
  // True when `key` is absent, and not because it was misspelled (reported already).
  bool Missing(const std::string& key) const { return entries.count(key) == 0 && misspelled.count(key) == 0; }
  // True when `key` is absent because it was misspelled.
  bool Misspelled(const std::string& key) const {
    return entries.count(key) == 0 && misspelled.count(key) != 0;
  }
};

class Loader {
 public:
  Loader(std::string_view text, const std::string& path, LoadResult& out)
      : text_(text), path_(path), out_(out) {}

  void Load() {
    out_.spec.path = path_;
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text_));
    } catch (const YAML::Exception& e) {
      Error(Position{path_, e.mark.line + 1, e.mark.column + 1}, "YAML syntax error: " + e.msg);
      return;
    }
    const Position top{path_, 1, 1};
    out_.spec.version_pos = top;
    out_.spec.package_pos = top;
    if (root.IsNull()) {
      Error(top,
            "the spec is empty; expected version, package, interfaces, instances and "
            "scenarios");
      return;
    }
    if (!root.IsMap()) {
      Error(At(root, top),
            "the spec must be a mapping with version, package, interfaces, "
            "instances and scenarios; found " +
                KindOf(root));
      return;
    }
    auto keys = Keys(root, "the spec", {"version", "package", "interfaces", "instances", "scenarios"});
    LoadVersion(keys, top);
    LoadPackage(keys, top);
    LoadInterfaces(keys, top);
    LoadInstances(keys, top);
    LoadScenarios(keys, top);
  }

 private:
  void Error(Position pos, std::string message) {
    out_.diagnostics.push_back(Diagnostic{std::move(pos), std::move(message)});
  }

  // yaml-cpp marks are 0-based; a null value carries no useful mark, hence the fallback.
  Position At(const YAML::Node& node, const Position& fallback) const {
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0 || node.IsNull()) return fallback;
    return Position{path_, mark.line + 1, mark.column + 1};
  }

  // Where a scalar's text starts: one column to the right of an opening quote, so that
  // an offset into the text becomes a column in the file.
  Position ContentAt(const YAML::Node& node, const Position& fallback) const {
    Position pos = At(node, fallback);
    const YAML::Mark mark = node.Mark();
    if (mark.pos >= 0 && static_cast<std::size_t>(mark.pos) < text_.size()) {
      const char c = text_[static_cast<std::size_t>(mark.pos)];
      if (c == '"' || c == '\'') ++pos.column;
    }
    return pos;
  }

  // For a block scalar (`script: |`) the text starts on the line after the indicator, at
  // the indentation of its first non-blank line.
  Position ScriptAt(const YAML::Node& node, const Position& fallback) const {
    const YAML::Mark mark = node.Mark();
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text_.size()) {
      return ContentAt(node, fallback);
    }
    std::size_t i = static_cast<std::size_t>(mark.pos);
    if (text_[i] != '|' && text_[i] != '>') return ContentAt(node, fallback);
    Position pos{path_, mark.line + 2, 1};
    std::size_t line_start = text_.find('\n', i);
    while (line_start != std::string_view::npos) {
      ++line_start;
      std::size_t j = line_start;
      while (j < text_.size() && text_[j] == ' ') ++j;
      if (j < text_.size() && text_[j] != '\n' && text_[j] != '\r') {
        pos.column = static_cast<int>(j - line_start) + 1;
        break;
      }
      line_start = text_.find('\n', line_start);
    }
    return pos;
  }

  // The entries of a mapping by key; unknown and repeated keys are reported.
  Keyed Keys(const YAML::Node& map, const std::string& where,
             std::initializer_list<std::string_view> allowed) {
    Keyed keyed;
    for (auto it = map.begin(); it != map.end(); ++it) {
      // A copy: yaml-cpp's operator-> returns a temporary, so a reference would dangle.
      const YAML::Node key = it->first;
      const Position pos = At(key, At(map, {path_, 1, 1}));
      if (!key.IsScalar()) {
        Error(pos, "keys of " + where + " must be plain names; found " + KindOf(key));
        continue;
      }
      const std::string& name = key.Scalar();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        std::vector<std::string> names(allowed.begin(), allowed.end());
        const std::string closest = ClosestName(name, names);
        if (!closest.empty()) keyed.misspelled.insert(closest);
        Error(pos, "unknown key '" + name + "' in " + where + " (allowed: " + JoinNames(names) + ")" +
                       DidYouMean(name, names));
        continue;
      }
      if (auto found = keyed.find(name); found != keyed.end()) {
        Error(pos, "duplicate key '" + name + "' in " + where + " (first at line " +
                       std::to_string(found->second.key.Mark().line + 1) + ")");
        continue;
      }
      keyed.entries.emplace(name, Entry{key, it->second});
    }
    return keyed;
  }

  // The text of a scalar value; reports anything else. Empty when it is not text.
  std::optional<std::string> Text(const Entry& entry, const std::string& what) {
    if (entry.value.IsNull()) return std::string();
    if (!entry.value.IsScalar()) {
      Error(At(entry.value, At(entry.key, {})), what + " must be text; found " + KindOf(entry.value));
      return std::nullopt;
    }
    return entry.value.Scalar();
  }

  void LoadVersion(const Keyed& keys, const Position& top) {
    const auto it = keys.find("version");
    if (it == keys.end()) {
      if (keys.Missing("version")) {
        Error(top, "missing 'version' (expected 'version: " + std::string(kSpecVersion) + "')");
      }
      return;
    }
    out_.spec.version_pos = At(it->second.value, At(it->second.key, top));
    const auto version = Text(it->second, "'version'");
    if (!version) return;
    if (version->empty()) {
      Error(out_.spec.version_pos, "'version' is empty (expected '" + std::string(kSpecVersion) + "')");
    }
    out_.spec.version = *version;
  }

  void LoadPackage(const Keyed& keys, const Position& top) {
    const auto it = keys.find("package");
    if (it == keys.end()) {
      if (keys.Missing("package")) {
        Error(top,
              "missing 'package' (the C++ namespace of the generated code, e.g. "
              "'package: acme::e2e')");
      }
      return;
    }
    out_.spec.package_pos = At(it->second.value, At(it->second.key, top));
    const auto package = Text(it->second, "'package'");
    if (!package) return;
    if (package->empty()) {
      Error(out_.spec.package_pos, "'package' is empty (it is the C++ namespace of the generated code)");
    }
    out_.spec.package = *package;
  }

  // A section that must be a non-empty mapping or list. Reports a missing, empty or
  // mistyped section and returns nothing then.
  std::optional<Entry> Section(const Keyed& keys, const std::string& name, bool want_map,
                               const std::string& hint, const Position& top) {
    const auto it = keys.find(name);
    if (it == keys.end()) {
      if (keys.Missing(name)) Error(top, "missing '" + name + "' (" + hint + ")");
      return std::nullopt;
    }
    const Entry& entry = it->second;
    const Position pos = At(entry.value, At(entry.key, top));
    if (IsEmpty(entry.value)) {
      Error(At(entry.key, top), "'" + name + "' is empty (" + hint + ")");
      return std::nullopt;
    }
    if (want_map ? !entry.value.IsMap() : !entry.value.IsSequence()) {
      Error(pos, "'" + name + "' must be " + (want_map ? "a mapping" : "a list") + " (" + hint + "); found " +
                     KindOf(entry.value));
      return std::nullopt;
    }
    return entry;
  }

  void LoadInterfaces(const Keyed& keys, const Position& top) {
    const auto section = Section(keys, "interfaces", true, "interface name -> methods: [signatures]", top);
    out_.spec.interfaces_misspelled = keys.Misspelled("interfaces");
    if (!section) return;
    for (auto it = section->value.begin(); it != section->value.end(); ++it) {
      Interface iface;
      iface.pos = At(it->first, top);
      if (!it->first.IsScalar()) {
        Error(iface.pos, "interface names must be plain names; found " + KindOf(it->first));
        continue;
      }
      iface.name = it->first.Scalar();
      const std::string where = "interface '" + iface.name + "'";
      const YAML::Node body = it->second;
      if (!body.IsMap()) {
        Error(At(body, iface.pos), where + " must be a mapping with 'methods'; found " + KindOf(body));
        out_.spec.interfaces.push_back(std::move(iface));
        continue;
      }
      auto fields = Keys(body, where, {"methods"});
      const auto methods = fields.find("methods");
      if (methods == fields.end()) {
        if (fields.Missing("methods")) Error(iface.pos, where + " has no 'methods'");
      } else if (IsEmpty(methods->second.value)) {
        Error(At(methods->second.key, iface.pos), where + " declares no methods");
      } else if (!methods->second.value.IsSequence()) {
        Error(At(methods->second.value, iface.pos), "'methods' of " + where +
                                                        " must be a list of signatures; found " +
                                                        KindOf(methods->second.value));
      } else {
        LoadMethods(methods->second.value, where, iface);
      }
      out_.spec.interfaces.push_back(std::move(iface));
    }
  }

  void LoadMethods(const YAML::Node& list, const std::string& where, Interface& iface) {
    std::size_t index = 0;
    for (const YAML::Node& item : list) {
      ++index;
      const Position pos = At(item, iface.pos);
      if (!item.IsScalar()) {
        Error(pos, "method " + std::to_string(index) + " of " + where +
                       " must be a signature written as text; found " + KindOf(item) +
                       " (quote a signature that contains ': ' or ' #')");
        continue;
      }
      Method method;
      method.signature = item.Scalar();
      method.pos = ContentAt(item, iface.pos);
      // Syntax errors are validation's to report (it re-parses what did not parse here).
      if (auto parsed = ParseSignature(method.signature); parsed.method) {
        parsed.method->signature = std::move(method.signature);
        parsed.method->pos = std::move(method.pos);
        method = std::move(*parsed.method);
      }
      iface.methods.push_back(std::move(method));
    }
  }

  void LoadInstances(const Keyed& keys, const Position& top) {
    const auto section = Section(keys, "instances", true, "actor name -> interface name", top);
    out_.spec.instances_misspelled = keys.Misspelled("instances");
    if (!section) return;
    for (auto it = section->value.begin(); it != section->value.end(); ++it) {
      Instance instance;
      instance.pos = At(it->first, top);
      if (!it->first.IsScalar()) {
        Error(instance.pos, "instance names must be plain names; found " + KindOf(it->first));
        continue;
      }
      instance.name = it->first.Scalar();
      const auto interface =
          Text(Entry{it->first, it->second}, "the interface of instance '" + instance.name + "'");
      if (!interface) continue;
      if (interface->empty()) {
        Error(instance.pos, "instance '" + instance.name + "' names no interface");
      }
      instance.interface = *interface;
      out_.spec.instances.push_back(std::move(instance));
    }
  }

  void LoadScenarios(const Keyed& keys, const Position& top) {
    const auto section = Section(keys, "scenarios", false, "a list of {name, description, steps}", top);
    if (!section) return;
    std::size_t index = 0;
    for (const YAML::Node& item : section->value) {
      ++index;
      Scenario scenario;
      scenario.pos = At(item, top);
      if (!item.IsMap()) {
        Error(scenario.pos, "scenario " + std::to_string(index) +
                                " must be a mapping with name, description and steps; found " + KindOf(item));
        continue;
      }
      const std::string numbered = "scenario " + std::to_string(index);
      const std::string peeked = PeekText(item, "name");
      const std::string where = peeked.empty() ? numbered : "scenario '" + peeked + "'";
      auto fields = Keys(item, where, {"name", "description", "steps"});
      if (auto name = fields.find("name"); name != fields.end()) {
        scenario.name = Text(name->second, "the name of " + numbered).value_or("");
      }
      if (scenario.name.empty() && (fields.find("name") != fields.end() || fields.Missing("name"))) {
        Error(scenario.pos, numbered + " has no 'name'");
      }
      if (auto description = fields.find("description"); description != fields.end()) {
        scenario.description = Text(description->second, "the description of " + where).value_or("");
      }
      const auto steps = fields.find("steps");
      if (steps == fields.end()) {
        if (fields.Missing("steps")) Error(scenario.pos, where + " has no steps");
      } else if (IsEmpty(steps->second.value)) {
        Error(At(steps->second.key, scenario.pos), where + " has no steps");
      } else if (!steps->second.value.IsSequence()) {
        Error(At(steps->second.value, scenario.pos),
              "'steps' of " + where + " must be a list; found " + KindOf(steps->second.value));
      } else {
        LoadSteps(steps->second.value, where, scenario);
      }
      out_.spec.scenarios.push_back(std::move(scenario));
    }
  }

  void LoadSteps(const YAML::Node& list, const std::string& scenario_where, Scenario& scenario) {
    std::size_t index = 0;
    for (const YAML::Node& item : list) {
      ++index;
      Step step;
      step.pos = At(item, scenario.pos);
      const std::string numbered = "step " + std::to_string(index) + " of " + scenario_where;
      if (!item.IsMap()) {
        Error(step.pos,
              numbered + " must be a mapping with id and parallel or script; found " + KindOf(item));
        continue;
      }
      const std::string peeked = PeekText(item, "id");
      const std::string where = peeked.empty() ? numbered : "step '" + peeked + "' of " + scenario_where;
      auto fields = Keys(item, where, {"id", "parallel", "script"});
      if (auto id = fields.find("id"); id != fields.end()) {
        step.id = Text(id->second, "the id of " + numbered).value_or("");
      }
      if (step.id.empty() && (fields.find("id") != fields.end() || fields.Missing("id"))) {
        Error(step.pos, numbered + " has no 'id'");
      }
      const auto parallel = fields.find("parallel");
      const auto script = fields.find("script");
      const bool has_parallel = parallel != fields.end();
      const bool has_script = script != fields.end();
      if (has_parallel && has_script) {
        Error(At(script->second.key, step.pos),
              where +
                  " has both 'parallel' and 'script'; a step is one or the other "
                  "(split it into two steps)");
      } else if (fields.Missing("parallel") && fields.Missing("script")) {
        Error(step.pos, where + " has neither 'parallel' nor 'script'");
      }
      if (has_parallel) LoadParallel(parallel->second, where, step);
      if (has_script) {
        const Entry& entry = script->second;
        if (auto text = Text(entry, "'script' of " + where)) {
          if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
            Error(At(entry.key, step.pos), "'script' of " + where + " is empty");
          }
          step.script = std::move(*text);
          step.script_pos = ScriptAt(entry.value, At(entry.key, step.pos));
        }
      }
      scenario.steps.push_back(std::move(step));
    }
  }

  void LoadParallel(const Entry& entry, const std::string& where, Step& step) {
    const Position key_pos = At(entry.key, step.pos);
    if (IsEmpty(entry.value)) {
      Error(key_pos, "'parallel' of " + where + " names no actor (expected actor -> calls)");
      return;
    }
    if (!entry.value.IsMap()) {
      Error(At(entry.value, key_pos), "'parallel' of " + where +
                                          " must be a mapping of actor -> list of calls; found " +
                                          KindOf(entry.value));
      return;
    }
    for (auto it = entry.value.begin(); it != entry.value.end(); ++it) {
      ActorCalls actor;
      actor.pos = At(it->first, key_pos);
      if (!it->first.IsScalar()) {
        Error(actor.pos, "actor names in " + where + " must be plain names; found " + KindOf(it->first));
        continue;
      }
      actor.actor = it->first.Scalar();
      const YAML::Node calls = it->second;
      if (IsEmpty(calls)) {
        Error(actor.pos, "actor '" + actor.actor + "' in " + where + " has no calls");
      } else if (!calls.IsSequence()) {
        Error(At(calls, actor.pos), "the calls of actor '" + actor.actor + "' in " + where +
                                        " must be a list; found " + KindOf(calls));
      } else {
        std::size_t index = 0;
        for (const YAML::Node& item : calls) {
          ++index;
          if (!item.IsScalar()) {
            Error(At(item, actor.pos), "call " + std::to_string(index) + " of actor '" + actor.actor +
                                           "' in " + where + " must be written as text; found " +
                                           KindOf(item) + " (quote a call that contains ': ' or ' #')");
            continue;
          }
          Call call;
          call.text = item.Scalar();
          call.pos = ContentAt(item, actor.pos);
          if (auto parsed = ParseCall(call.text); parsed.call) {
            call.method = std::move(parsed.call->method);
            call.args = std::move(parsed.call->args);
          }
          actor.calls.push_back(std::move(call));
        }
      }
      step.parallel.push_back(std::move(actor));
    }
  }

  std::string_view text_;
  const std::string& path_;
  LoadResult& out_;
};

}  // namespace

LoadResult LoadSpecText(std::string_view text, const std::string& path) {
  LoadResult result;
  Loader(text, path, result).Load();
  SortDiagnostics(result.diagnostics);
  return result;
}

LoadResult LoadSpecFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const std::string reason = std::strerror(errno);
    LoadResult result;
    result.spec.path = path;
    result.diagnostics.push_back(Diagnostic{Position{path, 0, 0}, "cannot read the spec: " + reason});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return LoadSpecText(text.str(), path);
}

}  // namespace attest::dst::gen
