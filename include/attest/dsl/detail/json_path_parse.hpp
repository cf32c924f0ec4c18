// Splits a gjson-style path ("entries.0.term", "peers.#", "a\.b") into segments, and
// rejects malformed paths with a message naming the path and the 1-based column.
//
// Only the gjson forms the seeds use are supported: keys, array indexes, "#" (length, or
// "map the rest over every element"), and backslash escapes. gjson's wildcards (* ?),
// queries (#(...)), modifiers (@...) and pipes (|) are rejected rather than read as
// literal keys, so a ported path that relies on them fails loudly instead of silently
// never matching.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "attest/error.hpp"

namespace attest::detail {

struct JsonPathSegment {
  std::string key;    // the segment with escapes resolved
  bool hash = false;  // an unescaped "#" on its own: length, or map over an array
};

inline UsageError InvalidJsonPath(std::string_view path, std::size_t column, std::string_view problem) {
  std::string message = "invalid JSON path \"";
  message.append(path);
  message += "\" at column ";
  message += std::to_string(column);
  message += ": ";
  message.append(problem);
  return UsageError(message);
}

// Throws InvalidJsonPath for the first problem found, scanning left to right.
inline std::vector<JsonPathSegment> ParseJsonPath(std::string_view path) {
  if (path.empty()) throw InvalidJsonPath(path, 1, "the path is empty");

  std::vector<JsonPathSegment> segments;
  JsonPathSegment current;
  bool escaped_any = false;       // "\#" is the key "#", not the length operator
  std::size_t segment_start = 0;  // index of the current segment's first character

  const auto finish_segment = [&](std::size_t dot_index) {
    if (current.key.empty()) {
      if (dot_index == 0) throw InvalidJsonPath(path, 1, "the path starts with a dot");
      if (dot_index == path.size()) {
        throw InvalidJsonPath(path, dot_index, "the path ends with a dot");
      }
      throw InvalidJsonPath(path, dot_index + 1,
                            "empty key between two dots (write \\. for a dot inside a key)");
    }
    current.hash = !escaped_any && current.key == "#";
    segments.push_back(std::move(current));
    current = JsonPathSegment{};
    escaped_any = false;
  };

  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    const std::size_t column = i + 1;
    if (c == '\\') {
      if (i + 1 == path.size()) {
        throw InvalidJsonPath(path, column,
                              "a backslash at the end escapes nothing (write \\\\ for a "
                              "backslash inside a key)");
      }
      current.key += path[++i];
      escaped_any = true;
      continue;
    }
    if (c == '.') {
      finish_segment(i);
      segment_start = i + 1;
      continue;
    }
    if (c == '*' || c == '?') {
      throw InvalidJsonPath(path, column,
                            std::string("'") + c +
                                "' is a gjson wildcard, which attest does not support (write \\" + c +
                                " for a literal " + c + ")");
    }
    if (c == '|') {
      throw InvalidJsonPath(path, column,
                            "'|' is a gjson pipe, which attest does not support (write \\| for "
                            "a literal |)");
    }
    if (i == segment_start && c == '@') {
      throw InvalidJsonPath(path, column,
                            "'@' starts a gjson modifier, which attest does not support (write "
                            "\\@ for a literal @)");
    }
    if (i == segment_start && c == '#' && i + 1 < path.size() && path[i + 1] == '(') {
      throw InvalidJsonPath(path, column,
                            "'#(...)' is a gjson query, which attest does not support (write "
                            "\\# for a literal #)");
    }
    current.key += c;
  }
  finish_segment(path.size());
  return segments;
}

}  // namespace attest::detail
