// require:: assertions: each failure shows the values and the place it was written.
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <attest/dst.hpp>

#include "support/catch.hpp"

namespace require = attest::dst::require;

namespace {
// The message of the AssertionFailure fn throws, with this file's path cut to "F".
std::string Failure(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const attest::dst::AssertionFailure& failure) {
    std::string text = failure.what();
    const std::string file = failure.Where().file;
    if (text.rfind(file, 0) == 0) text.replace(0, file.size(), "F");
    return text;
  }
  return "<passed>";
}
}  // namespace

TEST_CASE("passing assertions do not throw and return what they promise", "[dst][require]") {
  require::True(true);
  require::False(false);
  require::Equal(3, 3u);
  require::Equal(std::string("a"), "a");
  require::NotEqual(1, 2);
  require::AtLeast(5, 5);
  require::AtMost(5, 5);
  require::Less(1, 2);
  require::Greater(2, 1);
  require::Contains(std::string("hello world"), "lo w");
  require::Contains(std::vector<int>{1, 2, 3}, 2);
  CHECK(require::NoThrow([] { return 7; }) == 7);
  require::Throws([] { throw 1; });
  const auto error = require::Throws<std::out_of_range>([] { throw std::out_of_range("idx 9"); });
  CHECK(std::string(error.what()) == "idx 9");
}

TEST_CASE("failures show both values and the location", "[dst][require]") {
  // clang-format off
  CHECK(Failure([] { require::True(1 > 2); }) == "F:" + std::to_string(__LINE__) + ": require::True failed\n  expected true, got false");
  CHECK(Failure([] { require::False(true, "flag must be off"); }) == "F:" + std::to_string(__LINE__) + ": require::False failed: flag must be off\n  expected false, got true");
  CHECK(Failure([] { require::Equal(std::string("S_HIGH"), "S_LOW"); }) == "F:" + std::to_string(__LINE__) + ": require::Equal failed\n  expected \"S_HIGH\", actual \"S_LOW\"");
  CHECK(Failure([] { require::Equal(std::vector<int>{1, 2}, std::vector<int>{2}); }) == "F:" + std::to_string(__LINE__) + ": require::Equal failed\n  expected [1, 2], actual [2]");
  CHECK(Failure([] { require::NotEqual(4, 4); }) == "F:" + std::to_string(__LINE__) + ": require::NotEqual failed\n  expected anything but 4, actual 4");
  CHECK(Failure([] { require::AtLeast(2, 3); }) == "F:" + std::to_string(__LINE__) + ": require::AtLeast failed\n  expected at least 3, actual 2");
  CHECK(Failure([] { require::AtMost(2.5, 1); }) == "F:" + std::to_string(__LINE__) + ": require::AtMost failed\n  expected at most 1, actual 2.5");
  CHECK(Failure([] { require::Less(3, 3); }) == "F:" + std::to_string(__LINE__) + ": require::Less failed\n  expected less than 3, actual 3");
  CHECK(Failure([] { require::Greater(std::optional<int>(), std::optional<int>(1)); }) == "F:" + std::to_string(__LINE__) + ": require::Greater failed\n  expected greater than 1, actual nullopt");
  CHECK(Failure([] { require::Contains(std::string("abc"), "z"); }) == "F:" + std::to_string(__LINE__) + ": require::Contains failed\n  \"abc\" does not contain \"z\"");
  CHECK(Failure([] { require::Fail("unreachable"); }) == "F:" + std::to_string(__LINE__) + ": require::Fail failed: unreachable");
  CHECK(Failure([] { require::NoThrow([] { throw std::invalid_argument("bad id"); }); }) == "F:" + std::to_string(__LINE__) + ": require::NoThrow failed\n  threw std::invalid_argument: bad id");
  CHECK(Failure([] { require::Throws([] {}); }) == "F:" + std::to_string(__LINE__) + ": require::Throws failed\n  expected an exception, none was thrown");
  CHECK(Failure([] { (void)require::Throws<std::out_of_range>([] { throw std::logic_error("other"); }); }) == "F:" + std::to_string(__LINE__) + ": require::Throws failed\n  expected an exception of type std::out_of_range, got std::logic_error: other");
  CHECK(Failure([] { (void)require::Throws<std::out_of_range>([] {}); }) == "F:" + std::to_string(__LINE__) + ": require::Throws failed\n  expected an exception of type std::out_of_range, none was thrown");
  // clang-format on
}

TEST_CASE("integers compare by value and C strings by content", "[dst][require]") {
  CHECK(Failure([] { require::Equal(-1, 4294967295u); }) != "<passed>");
  CHECK(Failure([] { require::AtLeast(std::size_t{0}, -1); }) == "<passed>");
  char buffer[] = "abc";
  CHECK(Failure([&] { require::Equal("abc", static_cast<const char*>(buffer)); }) == "<passed>");
}

TEST_CASE("#line directives decide the location an assertion reports", "[dst][require]") {
  std::string text;
  try {
#line 17 "specs/example.yaml"
    require::Equal(1, 2);
#line 81 "require_test.cpp"
  } catch (const attest::dst::AssertionFailure& failure) {
    text = failure.what();
    CHECK(failure.Where().line == 17);
    CHECK(failure.Assertion() == "require::Equal");
  }
  CHECK(text == "specs/example.yaml:17: require::Equal failed\n  expected 1, actual 2");
}
