// Which nodes a request goes to, and how their answers add up to a pass:
//   Node("n1")            that node must pass
//   d.AllNodes(...)        every selected node must pass
//   d.ExactlyOneNode(...)  exactly one must pass
//   d.AtLeastOneNode(...)  at least one must pass
//   d.ExceptNodes(...)     every node but the named ones must pass
// Without names a selector means every node. Stopped or killed nodes are left out when
// the selector is resolved (Do::Names), right before the requests are sent.
#pragma once

#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "attest/detail/strings.hpp"

namespace attest {

class NodeSelector {
 public:
  enum class Rule { Single, All, ExactlyOne, AtLeastOne, Except };

  NodeSelector(Rule rule, std::vector<std::string> names) : rule_(rule), names_(std::move(names)) {}

  // Node(name): one name, held without a vector, since nearly every check names one node.
  explicit NodeSelector(std::string name)
      : rule_(Rule::Single), one_name_(std::move(name)), named_one_(true) {}

  Rule GetRule() const { return rule_; }
  std::span<const std::string> Names() const {
    return named_one_ ? std::span<const std::string>(&one_name_, 1) : std::span<const std::string>(names_);
  }

  // Whether `passed` of `total` nodes passing satisfies the rule.
  bool Passes(std::size_t passed, std::size_t total) const {
    switch (rule_) {
      case Rule::ExactlyOne: return passed == 1;
      case Rule::AtLeastOne: return passed >= 1;
      default: return total > 0 && passed == total;
    }
  }

  // "exactly one must pass", for verdicts.
  std::string RuleText() const {
    switch (rule_) {
      case Rule::ExactlyOne: return "exactly one must pass";
      case Rule::AtLeastOne: return "at least one must pass";
      default: return "all must pass";
    }
  }

  // "all nodes [n1, n2]" given the names the selector resolved to.
  std::string Describe(const std::vector<std::string>& resolved) const {
    std::string list = JoinNames(resolved);
    switch (rule_) {
      case Rule::Single: return Names().empty() ? list : Names().front();
      case Rule::All: return "all nodes " + list;
      case Rule::ExactlyOne: return "exactly one of " + list;
      case Rule::AtLeastOne: return "at least one of " + list;
      case Rule::Except: return "all nodes except " + JoinNames(Names()) + ": " + list;
    }
    return list;
  }

  // For messages only, so the copy into Join's vector costs nothing that matters.
  static std::string JoinNames(std::span<const std::string> names) {
    return "[" + detail::Join(std::vector<std::string>(names.begin(), names.end())) + "]";
  }

 private:
  Rule rule_;
  std::string one_name_;            // the name, for Node(name)
  std::vector<std::string> names_;  // the names, for every other selector
  bool named_one_ = false;
};

// Targets one named node.
inline NodeSelector Node(std::string name) { return NodeSelector(std::move(name)); }

namespace detail {

// Flattens selector arguments given one by one ("n1", "n2") or as vectors (d.Names(...)).
inline void AppendNames(std::vector<std::string>&) {}
template <class First, class... Rest>
void AppendNames(std::vector<std::string>& out, First&& first, Rest&&... rest) {
  if constexpr (std::is_convertible_v<First, std::string>) {
    out.emplace_back(std::forward<First>(first));
  } else {
    static_assert(std::is_convertible_v<First, const std::vector<std::string>&>,
                  "node selectors take node names (strings) or std::vector<std::string>");
    const std::vector<std::string>& names = first;
    out.insert(out.end(), names.begin(), names.end());
  }
  AppendNames(out, std::forward<Rest>(rest)...);
}

}  // namespace detail
}  // namespace attest
