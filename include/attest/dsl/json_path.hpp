// gjson-style JSON path lookup, as used by Check::JSON and FetchResponse::JSON.
//
//   JsonPathLookup(doc, "role")            -> doc["role"]
//   JsonPathLookup(doc, "entries.0.term")  -> doc["entries"][0]["term"]
//   JsonPathLookup(doc, "peers.#")         -> number of elements (array) or members (object)
//   JsonPathLookup(doc, "entries.#.term")  -> array of each element's "term" (elements
//                                             without one are skipped, as in gjson)
//   JsonPathLookup(doc, "a\\.b")           -> doc["a.b"] (backslash escapes any character)
//
// A path that does not exist in the document gives std::nullopt; a malformed path throws
// attest::UsageError naming the path and the column of the problem.
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "attest/detail/inline.hpp"

namespace attest {

// Throws attest::UsageError if `path` is malformed; Check::JSON calls this when the
// check is built, so the mistake is reported where it is written.
void ValidateJsonPath(std::string_view path);

// The value at `path` (a copy), or std::nullopt when the document has nothing there.
std::optional<nlohmann::json> JsonPathLookup(const nlohmann::json& document, std::string_view path);

}  // namespace attest

#if ATTEST_HEADER_ONLY
#include "attest/dsl/detail/json_path_inl.hpp"
#endif
