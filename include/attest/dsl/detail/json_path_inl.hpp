// Definitions of dsl/json_path.hpp.
#pragma once

#include "attest/dsl/json_path.hpp"

#include <charconv>
#include <cstddef>
#include <span>
#include <system_error>

#include <nlohmann/json.hpp>

#include "attest/dsl/detail/json_path_parse.hpp"

namespace attest {
namespace detail {

// An array index is all digits (gjson does not count from the end).
ATTEST_INLINE std::optional<std::size_t> JsonPathIndex(const std::string& key) {
  std::size_t index = 0;
  const char* end = key.data() + key.size();
  const auto [stop, error] = std::from_chars(key.data(), end, index);
  if (error != std::errc{} || stop != end) return std::nullopt;
  return index;
}

ATTEST_INLINE std::optional<nlohmann::json> JsonPathWalk(const nlohmann::json& node,
                                                         std::span<const JsonPathSegment> rest) {
  if (rest.empty()) return node;
  const JsonPathSegment& segment = rest.front();
  const auto after = rest.subspan(1);

  if (segment.hash) {
    if (after.empty()) {
      if (node.is_array() || node.is_object()) return nlohmann::json(node.size());
      return std::nullopt;
    }
    if (!node.is_array()) return std::nullopt;
    nlohmann::json collected = nlohmann::json::array();
    for (const nlohmann::json& element : node) {
      if (auto found = JsonPathWalk(element, after)) collected.push_back(std::move(*found));
    }
    return collected;
  }

  if (node.is_object()) {
    const auto it = node.find(segment.key);
    if (it == node.end()) return std::nullopt;
    return JsonPathWalk(*it, after);
  }
  if (node.is_array()) {
    const auto index = JsonPathIndex(segment.key);
    if (!index || *index >= node.size()) return std::nullopt;
    return JsonPathWalk(node[*index], after);
  }
  return std::nullopt;
}

}  // namespace detail

ATTEST_INLINE void ValidateJsonPath(std::string_view path) { (void)detail::ParseJsonPath(path); }

ATTEST_INLINE std::optional<nlohmann::json> JsonPathLookup(const nlohmann::json& document,
                                                           std::string_view path) {
  const auto segments = detail::ParseJsonPath(path);
  return detail::JsonPathWalk(document, segments);
}

}  // namespace attest
