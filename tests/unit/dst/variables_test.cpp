// Cross-step variables: typed get<T>, clear failures, thread safety.
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <attest/dst.hpp>

#include "support/catch.hpp"

using attest::dst::Variables;

namespace {
std::string MessageOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const attest::UsageError& error) {
    return error.what();
  }
  return "<no exception>";
}
}  // namespace

TEST_CASE("values come back with the type they were stored with", "[dst][variables]") {
  Variables vars;
  vars.Set("id", std::int64_t{42});
  vars.Set("name", "literal");
  vars.Set("labels", std::vector<std::string>{"a", "b"});
  CHECK(vars.Get<std::int64_t>("id") == 42);
  CHECK(vars.Get<std::string>("name") == "literal");  // literals are stored as std::string
  CHECK(vars.Get<std::vector<std::string>>("labels").size() == 2);
  vars.Set("id", std::int64_t{43});
  CHECK(vars.Get<std::int64_t>("id") == 43);
  CHECK(vars.Has("labels"));
  CHECK(vars.Names() == std::vector<std::string>{"id", "labels", "name"});
}

TEST_CASE("a wrong type names the variable, the stored type and the requested type", "[dst][variables]") {
  Variables vars;
  vars.Set("taskAId", std::int64_t{1});
  CHECK(MessageOf([&] { (void)vars.Get<int>("taskAId"); }) ==
        "get<int>(\"taskAId\"): variable \"taskAId\" holds a long, not a int");
  vars.Set("name", std::string("x"));
  CHECK(MessageOf([&] { (void)vars.Get<const char*>("name"); }) ==
        "get<char const*>(\"name\"): variable \"name\" holds a std::string, not a char const*");
}

TEST_CASE("a missing name lists the variables that were set", "[dst][variables]") {
  Variables vars;
  CHECK(MessageOf([&] { (void)vars.Get<int>("x"); }) ==
        "get<int>(\"x\"): no variable \"x\" was set in this scenario run (set so far: none)");
  vars.Set("b", 1);
  vars.Set("a", 2);
  CHECK(MessageOf([&] { (void)vars.Get<int>("c"); }) ==
        "get<int>(\"c\"): no variable \"c\" was set in this scenario run (set so far: a, b)");
}

TEST_CASE("set and get outside a scenario run say so", "[dst][variables]") {
  CHECK(MessageOf([] { attest::dst::set("k", 1); }) ==
        "set(\"k\") called outside a scenario run: variables exist only in scripts and calls "
        "run by a scenario (not on threads they start themselves)");
  CHECK_THAT(MessageOf([] { (void)attest::dst::get<int>("k"); }),
             Catch::Matchers::StartsWith("get(\"k\") called outside a scenario run"));
}

TEST_CASE("the free set/get use the thread's current variables", "[dst][variables]") {
  Variables vars;
  {
    attest::dst::detail::ScopedVariables scope(vars);
    attest::dst::set("n", 5);
    CHECK(attest::dst::get<int>("n") == 5);
  }
  CHECK(vars.Get<int>("n") == 5);
  CHECK(attest::dst::detail::CurrentVariables() == nullptr);
}

TEST_CASE("concurrent writers and readers are safe", "[dst][variables]") {
  Variables vars;
  constexpr int kThreads = 4;
  constexpr int kWrites = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&vars, t] {
      attest::dst::detail::ScopedVariables scope(vars);
      for (int i = 0; i < kWrites; ++i) {
        attest::dst::set("t" + std::to_string(t), i);
        (void)attest::dst::get<int>("t" + std::to_string(t));
        attest::dst::set("shared", i);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) CHECK(vars.Get<int>("t" + std::to_string(t)) == kWrites - 1);
  CHECK(vars.Get<int>("shared") == kWrites - 1);
}
