// C++ names: what the generator accepts as class, member and namespace names.
#include <sstream>
#include <string>

#include "cpp_names.hpp"
#include "support/catch.hpp"

using namespace attest::dst::gen;

TEST_CASE("IsIdentifier accepts C++ identifiers only") {
  CHECK(IsIdentifier("worker1"));
  CHECK(IsIdentifier("_x"));
  CHECK(IsIdentifier("TaskStore"));
  CHECK_FALSE(IsIdentifier(""));
  CHECK_FALSE(IsIdentifier("1worker"));
  CHECK_FALSE(IsIdentifier("task-store"));
  CHECK_FALSE(IsIdentifier("a b"));
  CHECK_FALSE(IsIdentifier("a::b"));
}

TEST_CASE("IsKeyword knows every C++20 keyword and alternative token") {
  // [lex.key] and [lex.digraph], written out independently of the implementation's table.
  const std::string all =
      "alignas alignof asm auto bool break case catch char char8_t char16_t char32_t class "
      "concept const consteval constexpr constinit const_cast continue co_await co_return "
      "co_yield decltype default delete do double dynamic_cast else enum explicit export "
      "extern false float for friend goto if inline int long mutable namespace new noexcept "
      "nullptr operator private protected public register reinterpret_cast requires return "
      "short signed sizeof static static_assert static_cast struct switch template this "
      "thread_local throw true try typedef typeid typename union unsigned using virtual void "
      "volatile wchar_t while and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq";
  std::istringstream words(all);
  int count = 0;
  for (std::string word; words >> word; ++count) {
    INFO(word);
    CHECK(IsKeyword(word));
  }
  CHECK(count == 92);
  for (const char* word : {"override", "final", "import", "module", "Class", "worker", ""}) {
    INFO(word);
    CHECK_FALSE(IsKeyword(word));
  }
}

TEST_CASE("NamespaceProblem explains what is wrong with a namespace") {
  CHECK(NamespaceProblem("taskcoree2e").empty());
  CHECK(NamespaceProblem("acme::e2e::gen").empty());
  CHECK(NamespaceProblem("") == "it is empty");
  CHECK(NamespaceProblem("acme::::x") == "it has an empty part between '::'");
  CHECK(NamespaceProblem("::acme") == "it has an empty part between '::'");
  CHECK(NamespaceProblem("acme::") == "it has an empty part between '::'");
  CHECK(NamespaceProblem("acme::e2e-x") == "'e2e-x' is not a C++ identifier");
  CHECK(NamespaceProblem("acme::new") == "'new' is a C++ keyword");
}
