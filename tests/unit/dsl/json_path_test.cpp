// JsonPathLookup and ValidateJsonPath: every path form and every malformed-path message.
#include <string>

#include <nlohmann/json.hpp>

#include "attest/dsl/json_path.hpp"
#include "support/catch.hpp"

using attest::JsonPathLookup;
using attest::ValidateJsonPath;
using nlohmann::json;

namespace {

const json kClusterInfo = json::parse(R"({
  "role": "leader",
  "term": 7,
  "leader": null,
  "healthy": true,
  "peers": ["n2", "n3", "n4"],
  "entries": [
    {"term": 1, "command": "set x"},
    {"term": 2, "command": "set y"},
    {"command": "noop"},
    {"term": 3, "tags": ["a", "b"]}
  ],
  "a.b": "dotted",
  "a": {"b": "nested"},
  "#": "hash key",
  "back\\slash": "slash",
  "0": "zero key",
  "meta": {"x": 1, "y": 2},
  "empty": [],
  "matrix": [[1, 2], [3, 4, 5]]
})");

// The message of the UsageError that `path` raises; fails the test if none.
std::string PathError(const std::string& path) {
  try {
    ValidateJsonPath(path);
  } catch (const attest::UsageError& error) {
    // Lookup must reject the path with the same words as validation.
    try {
      (void)JsonPathLookup(kClusterInfo, path);
    } catch (const attest::UsageError& again) {
      CHECK(std::string(again.what()) == error.what());
    }
    return error.what();
  }
  FAIL("no UsageError for path \"" << path << "\"");
  return {};
}

}  // namespace

TEST_CASE("JSON path: a top-level key gives its value, whatever its type") {
  CHECK(JsonPathLookup(kClusterInfo, "role") == json("leader"));
  CHECK(JsonPathLookup(kClusterInfo, "term") == json(7));
  CHECK(JsonPathLookup(kClusterInfo, "healthy") == json(true));
  CHECK(JsonPathLookup(kClusterInfo, "peers") == json({"n2", "n3", "n4"}));
  CHECK(JsonPathLookup(kClusterInfo, "meta") == json({{"x", 1}, {"y", 2}}));
}

TEST_CASE("JSON path: a null value is present, not missing") {
  const auto leader = JsonPathLookup(kClusterInfo, "leader");
  REQUIRE(leader.has_value());
  CHECK(leader->is_null());
}

TEST_CASE("JSON path: nested keys and array indexes") {
  CHECK(JsonPathLookup(kClusterInfo, "a.b") == json("nested"));
  CHECK(JsonPathLookup(kClusterInfo, "peers.0") == json("n2"));
  CHECK(JsonPathLookup(kClusterInfo, "peers.2") == json("n4"));
  CHECK(JsonPathLookup(kClusterInfo, "entries.0.term") == json(1));
  CHECK(JsonPathLookup(kClusterInfo, "entries.1.command") == json("set y"));
  CHECK(JsonPathLookup(kClusterInfo, "entries.3.tags.1") == json("b"));
  CHECK(JsonPathLookup(kClusterInfo, "matrix.1.2") == json(5));
}

TEST_CASE("JSON path: a digit key on an object is a key, not an index") {
  CHECK(JsonPathLookup(kClusterInfo, "0") == json("zero key"));
}

TEST_CASE("JSON path: a document that is itself an array or a scalar") {
  const json array = json::parse(R"([{"id": 1}, {"id": 2}])");
  CHECK(JsonPathLookup(array, "1.id") == json(2));
  CHECK(JsonPathLookup(array, "#") == json(2));
  CHECK(JsonPathLookup(array, "#.id") == json({1, 2}));
  CHECK_FALSE(JsonPathLookup(json(5), "x").has_value());
  CHECK_FALSE(JsonPathLookup(json("text"), "0").has_value());
}

TEST_CASE("JSON path: # gives the length of an array or an object") {
  CHECK(JsonPathLookup(kClusterInfo, "peers.#") == json(3));
  CHECK(JsonPathLookup(kClusterInfo, "entries.#") == json(4));
  CHECK(JsonPathLookup(kClusterInfo, "empty.#") == json(0));
  CHECK(JsonPathLookup(kClusterInfo, "meta.#") == json(2));
  CHECK(JsonPathLookup(kClusterInfo, "#") == json(kClusterInfo.size()));
  CHECK(JsonPathLookup(kClusterInfo, "entries.3.tags.#") == json(2));
}

TEST_CASE("JSON path: # of a scalar or of null does not exist") {
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "role.#").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "term.#").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "leader.#").has_value());
}

TEST_CASE("JSON path: #.key collects each element's value, skipping elements without it") {
  CHECK(JsonPathLookup(kClusterInfo, "entries.#.term") == json({1, 2, 3}));
  CHECK(JsonPathLookup(kClusterInfo, "entries.#.command") == json({"set x", "set y", "noop"}));
  CHECK(JsonPathLookup(kClusterInfo, "entries.#.absent") == json::array());
  CHECK(JsonPathLookup(kClusterInfo, "empty.#.term") == json::array());
}

TEST_CASE("JSON path: # may appear more than once") {
  CHECK(JsonPathLookup(kClusterInfo, "matrix.#.#") == json({2, 3}));
  CHECK(JsonPathLookup(kClusterInfo, "matrix.#.0") == json({1, 3}));
  CHECK(JsonPathLookup(kClusterInfo, "entries.#.tags.#") == json({2}));
}

TEST_CASE("JSON path: #.key on an object or a scalar does not exist") {
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "meta.#.x").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "role.#.x").has_value());
}

TEST_CASE("JSON path: backslash escapes a dot, a hash and itself") {
  CHECK(JsonPathLookup(kClusterInfo, "a\\.b") == json("dotted"));
  CHECK(JsonPathLookup(kClusterInfo, "\\#") == json("hash key"));
  CHECK(JsonPathLookup(kClusterInfo, "back\\\\slash") == json("slash"));
  const json special = json::parse(R"json({"what?": 1, "a*": 2, "x|y": 3, "@me": 4, "#(q)": 5})json");
  CHECK(JsonPathLookup(special, "what\\?") == json(1));
  CHECK(JsonPathLookup(special, "a\\*") == json(2));
  CHECK(JsonPathLookup(special, "x\\|y") == json(3));
  CHECK(JsonPathLookup(special, "\\@me") == json(4));
  CHECK(JsonPathLookup(special, "\\#(q)") == json(5));
}

TEST_CASE("JSON path: an escaped # on an array is a key, so it does not exist") {
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "peers.\\#").has_value());
}

TEST_CASE("JSON path: # inside a longer key is an ordinary character") {
  const json doc = json::parse(R"({"a#b": 1, "#x": 2})");
  CHECK(JsonPathLookup(doc, "a#b") == json(1));
  CHECK(JsonPathLookup(doc, "#x") == json(2));
}

TEST_CASE("JSON path: paths that do not exist give nullopt") {
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "absent").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "a.c").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "peers.3").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "peers.-1").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "peers.first").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "peers.1x").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "peers.99999999999999999999999").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "role.length").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "leader.name").has_value());
  CHECK_FALSE(JsonPathLookup(kClusterInfo, "entries.2.term").has_value());
  CHECK_FALSE(JsonPathLookup(json(), "x").has_value());
}

TEST_CASE("JSON path: lookup returns a copy that outlives the document") {
  std::optional<json> found;
  {
    const json doc = json::parse(R"({"list": [{"name": "kept"}]})");
    found = JsonPathLookup(doc, "list.0");
  }
  CHECK(found == json({{"name", "kept"}}));
}

TEST_CASE("JSON path: valid paths pass validation") {
  CHECK_NOTHROW(ValidateJsonPath("role"));
  CHECK_NOTHROW(ValidateJsonPath("entries.0.term"));
  CHECK_NOTHROW(ValidateJsonPath("peers.#"));
  CHECK_NOTHROW(ValidateJsonPath("entries.#.term"));
  CHECK_NOTHROW(ValidateJsonPath("a\\.b"));
  CHECK_NOTHROW(ValidateJsonPath("\\\\"));
  CHECK_NOTHROW(ValidateJsonPath("a@b"));
  CHECK_NOTHROW(ValidateJsonPath("x.#y"));
}

TEST_CASE("JSON path: an empty path is rejected") {
  CHECK(PathError("") == "invalid JSON path \"\" at column 1: the path is empty");
}

TEST_CASE("JSON path: a leading dot is rejected at column 1") {
  CHECK(PathError(".role") == "invalid JSON path \".role\" at column 1: the path starts with a dot");
  CHECK(PathError(".") == "invalid JSON path \".\" at column 1: the path starts with a dot");
}

TEST_CASE("JSON path: a trailing dot is rejected at its column") {
  CHECK(PathError("role.") == "invalid JSON path \"role.\" at column 5: the path ends with a dot");
  CHECK(PathError("a\\..") == "invalid JSON path \"a\\..\" at column 4: the path ends with a dot");
}

TEST_CASE("JSON path: an empty segment is rejected at the second dot") {
  CHECK(PathError("a..b") ==
        "invalid JSON path \"a..b\" at column 3: empty key between two dots (write \\. for a dot "
        "inside a key)");
  CHECK(PathError("entries.0...term") ==
        "invalid JSON path \"entries.0...term\" at column 11: empty key between two dots (write "
        "\\. for a dot inside a key)");
}

TEST_CASE("JSON path: a dangling backslash is rejected at its column") {
  CHECK(PathError("role\\") ==
        "invalid JSON path \"role\\\" at column 5: a backslash at the end escapes nothing "
        "(write \\\\ for a backslash inside a key)");
  CHECK(PathError("\\") ==
        "invalid JSON path \"\\\" at column 1: a backslash at the end escapes nothing "
        "(write \\\\ for a backslash inside a key)");
  // An escaped backslash followed by a dangling one: the column is the last character.
  CHECK(PathError("a\\\\\\") ==
        "invalid JSON path \"a\\\\\\\" at column 4: a backslash at the end escapes nothing "
        "(write \\\\ for a backslash inside a key)");
}

TEST_CASE("JSON path: gjson features attest does not support are rejected, not read as keys") {
  CHECK(PathError("peers.*") ==
        "invalid JSON path \"peers.*\" at column 7: '*' is a gjson wildcard, which attest does "
        "not support (write \\* for a literal *)");
  CHECK(PathError("ro?e") ==
        "invalid JSON path \"ro?e\" at column 3: '?' is a gjson wildcard, which attest does "
        "not support (write \\? for a literal ?)");
  CHECK(PathError("entries.#(term>1).command") ==
        "invalid JSON path \"entries.#(term>1).command\" at column 9: '#(...)' is a gjson query, "
        "which attest does not support (write \\# for a literal #)");
  CHECK(PathError("peers|@reverse") ==
        "invalid JSON path \"peers|@reverse\" at column 6: '|' is a gjson pipe, which attest "
        "does not support (write \\| for a literal |)");
  CHECK(PathError("peers.@reverse") ==
        "invalid JSON path \"peers.@reverse\" at column 7: '@' starts a gjson modifier, which "
        "attest does not support (write \\@ for a literal @)");
}

TEST_CASE("JSON path: the first problem from the left is the one reported") {
  CHECK(PathError("a..b.") ==
        "invalid JSON path \"a..b.\" at column 3: empty key between two dots (write \\. for a "
        "dot inside a key)");
}

TEST_CASE("JSON path: errors are attest::UsageError, catchable as attest::Error") {
  CHECK_THROWS_AS(ValidateJsonPath("a..b"), attest::UsageError);
  CHECK_THROWS_AS(JsonPathLookup(kClusterInfo, ""), attest::Error);
}
