// Fuzzes the JSON-path parser and lookup (dsl/json_path.hpp).
//
// Input: a path, then optionally '\n' and a JSON document to look it up in (a fixed
// document when there is none or it does not parse). A malformed path must be an
// attest::UsageError that names the path and a column inside it; a valid path must
// look up without throwing, and must parse back to the same segments when every
// character is escaped.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "attest/dsl/detail/json_path_parse.hpp"
#include "attest/dsl/detail/matcher_text.hpp"
#include "attest/dsl/json_path.hpp"
#include "attest/error.hpp"
#include "attest/report/detail/json_depth.hpp"
#include "harness.hpp"

namespace {

using attest::fuzz::RequireInvariant;

const nlohmann::json& DefaultDocument() {
  static const nlohmann::json document = nlohmann::json::parse(R"({
    "role": "leader", "term": 3, "a.b": 1, "#": "hash", "peers": ["n2", "n3"],
    "entries": [{"term": 1, "op": {"k": "x"}}, {"term": 2}, {"op": null}],
    "nested": {"list": [[1, 2], [3]], "": "empty key"}
  })");
  return document;
}

// The path that spells `segments` with every character escaped.
std::string Escaped(const std::vector<attest::detail::JsonPathSegment>& segments) {
  std::string path;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i != 0) path += '.';
    if (segments[i].hash) {
      path += '#';
      continue;
    }
    for (const char c : segments[i].key) {
      path += '\\';
      path += c;
    }
  }
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = attest::fuzz::AsText(data, size);
  const std::size_t newline = input.find('\n');
  const std::string_view path = input.substr(0, newline);

  nlohmann::json document = DefaultDocument();
  if (newline != std::string_view::npos) {
    const std::string_view text = input.substr(newline + 1);
    if (!attest::detail::JsonNestsDeeperThan(text)) {
      auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (!parsed.is_discarded()) document = std::move(parsed);
    }
  }

  std::vector<attest::detail::JsonPathSegment> segments;
  try {
    attest::ValidateJsonPath(path);
    segments = attest::detail::ParseJsonPath(path);
  } catch (const attest::UsageError& error) {
    const std::string message = error.what();
    RequireInvariant(message.rfind("invalid JSON path \"", 0) == 0,
                     "a path error starts with 'invalid JSON path \"'");
    // what() is a C string: a NUL in the path ends the message there.
    if (path.find('\0') != std::string_view::npos) return 0;
    const std::size_t at = message.find("\" at column ", 19 + path.size());
    RequireInvariant(at == 19 + path.size(), "a path error quotes the path whole");
    const std::size_t column = std::stoul(message.substr(at + 12));
    RequireInvariant(column >= 1 && column <= path.size() + 1, "the column is inside the path");
    return 0;
  }
  RequireInvariant(!segments.empty(), "a valid path has segments");

  const auto reparsed = attest::detail::ParseJsonPath(Escaped(segments));
  RequireInvariant(reparsed.size() == segments.size(), "escaping keeps the segment count");
  for (std::size_t i = 0; i < segments.size(); ++i) {
    RequireInvariant(reparsed[i].key == segments[i].key && reparsed[i].hash == segments[i].hash,
                     "escaping every character keeps each segment");
  }

  const auto found = attest::JsonPathLookup(document, path);
  if (found) (void)attest::detail::CompactJson(*found);
  return 0;
}
