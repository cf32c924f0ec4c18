// detail/strings.hpp: how names are joined for messages and how a comma list on a
// command line is taken apart.
#include <string>
#include <vector>

#include "attest/detail/strings.hpp"
#include "support/catch.hpp"

using attest::detail::Join;
using attest::detail::SplitList;
using Items = std::vector<std::string>;

TEST_CASE("Join lists names with a separator, nothing around them", "[core][strings]") {
  CHECK(Join({}).empty());
  CHECK(Join({"n1"}) == "n1");
  CHECK(Join({"n1", "n2", "n3"}) == "n1, n2, n3");
  CHECK(Join({"a", "b"}, "|") == "a|b");
}

TEST_CASE("SplitList keeps every item, empty ones too, so the caller can name them", "[core][strings]") {
  CHECK(SplitList("n1,n3") == Items{"n1", "n3"});
  CHECK(SplitList("n1") == Items{"n1"});
  CHECK(SplitList("") == Items{""});
  CHECK(SplitList("n1,,n3") == Items{"n1", "", "n3"});
  CHECK(SplitList(",n1,") == Items{"", "n1", ""});
  CHECK(SplitList("a=1;b=2", ';') == Items{"a=1", "b=2"});
}
