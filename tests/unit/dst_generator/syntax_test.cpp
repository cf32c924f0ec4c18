// Signature and call parsing: commas split parameters/arguments only at top level.
#include <string>
#include <vector>

#include "cpp_syntax.hpp"
#include "support/catch.hpp"

using namespace attest::dst::gen;
using Catch::Matchers::Equals;

namespace {

Method Sig(const std::string& text) {
  SignatureParse parsed = ParseSignature(text);
  INFO(text);
  if (parsed.error) FAIL("unexpected error: " << parsed.error->message);
  REQUIRE(parsed.method);
  return *parsed.method;
}

SyntaxError SigError(const std::string& text) {
  SignatureParse parsed = ParseSignature(text);
  INFO(text);
  REQUIRE_FALSE(parsed.method);
  REQUIRE(parsed.error);
  return *parsed.error;
}

std::vector<std::string> Args(const std::string& text) {
  CallParse parsed = ParseCall(text);
  INFO(text);
  if (parsed.error) FAIL("unexpected error: " << parsed.error->message);
  REQUIRE(parsed.call);
  return parsed.call->args;
}

SyntaxError CallError(const std::string& text) {
  CallParse parsed = ParseCall(text);
  INFO(text);
  REQUIRE_FALSE(parsed.call);
  REQUIRE(parsed.error);
  return *parsed.error;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("signature: return type, name, named parameter") {
  const Method m = Sig("std::int64_t Enqueue(attest::dst::Context& ctx, std::string task)");
  CHECK(m.return_type == "std::int64_t");
  CHECK(m.name == "Enqueue");
  REQUIRE(m.params.size() == 2);
  CHECK(m.params[0].type == "attest::dst::Context&");
  CHECK(m.params[0].name == "ctx");
  CHECK_FALSE(m.params[0].default_value);
  CHECK(m.params[1].type == "std::string");
  CHECK(m.params[1].name == "task");
  CHECK(m.qualifiers.empty());
}

TEST_CASE("signature: the return type defaults to void") {
  const Method m = Sig("  Claim(attest::dst::Context& ctx)  ");
  CHECK(m.return_type == "void");
  CHECK(m.name == "Claim");
}

TEST_CASE("signature: no parameters, (void) and blanks") {
  CHECK(Sig("void Stop()").params.empty());
  CHECK(Sig("void Stop( )").params.empty());
  CHECK(Sig("void Stop(void)").params.empty());
}

TEST_CASE("signature: commas inside template arguments do not split parameters") {
  const Method m =
      Sig("std::map<std::string, std::vector<int>> Lookup(const std::map<std::string, int>& m, "
          "std::pair<int, int> p = {1, 2})");
  CHECK(m.return_type == "std::map<std::string, std::vector<int>>");
  REQUIRE(m.params.size() == 2);
  CHECK(m.params[0].type == "const std::map<std::string, int>&");
  CHECK(m.params[0].name == "m");
  CHECK(m.params[1].type == "std::pair<int, int>");
  CHECK(m.params[1].name == "p");
  CHECK(m.params[1].default_value == "{1, 2}");
}

TEST_CASE("signature: nested braces and parentheses in defaults") {
  const Method m = Sig("void F(std::vector<std::vector<int>> v = {{1, 2}, {3}}, int x = (1, 2), int y = 0)");
  REQUIRE(m.params.size() == 3);
  CHECK(m.params[0].default_value == "{{1, 2}, {3}}");
  CHECK(m.params[1].default_value == "(1, 2)");
  CHECK(m.params[2].default_value == "0");
}

TEST_CASE("signature: string and char literals may hold commas, quotes and brackets") {
  const Method m = Sig(R"~(void F(std::string s = "a, b (c] \", d", char c = ',', char d = ')', )~"
                       R"~(char q = '\'', std::string r = R"x(a, ") b)x"))~");
  REQUIRE(m.params.size() == 5);
  CHECK(m.params[0].default_value == R"~("a, b (c] \", d")~");
  CHECK(m.params[1].default_value == "','");
  CHECK(m.params[2].default_value == "')'");
  CHECK(m.params[3].default_value == R"~('\'')~");
  CHECK(m.params[4].default_value == R"~(R"x(a, ") b)x")~");
}

TEST_CASE("signature: function types inside templates, pointers, references") {
  const Method m =
      Sig("void F(std::function<void(int, int)> cb, const char* const name, int** pp, Foo&& f, "
          "std::array<int, 3>& a)");
  REQUIRE(m.params.size() == 5);
  CHECK(m.params[0].type == "std::function<void(int, int)>");
  CHECK(m.params[0].name == "cb");
  CHECK(m.params[1].type == "const char* const");
  CHECK(m.params[1].name == "name");
  CHECK(m.params[2].type == "int**");
  CHECK(m.params[3].type == "Foo&&");
  CHECK(m.params[3].name == "f");
  CHECK(m.params[4].type == "std::array<int, 3>&");
}

TEST_CASE("signature: unnamed parameters and multi-word builtin types") {
  const Method m = Sig("void F(unsigned long long, unsigned n, const Foo, std::string, int)");
  REQUIRE(m.params.size() == 5);
  CHECK(m.params[0].type == "unsigned long long");
  CHECK(m.params[0].name.empty());
  CHECK(m.params[1].type == "unsigned");
  CHECK(m.params[1].name == "n");
  CHECK(m.params[2].type == "const Foo");
  CHECK(m.params[2].name.empty());
  CHECK(m.params[3].type == "std::string");
  CHECK(m.params[3].name.empty());
  CHECK(m.params[4].type == "int");
  CHECK(m.params[4].name.empty());
}

TEST_CASE("signature: whitespace inside types is normalized") {
  const Method m = Sig("std::vector< int >   Get(const   std::string &  key)");
  CHECK(m.return_type == "std::vector< int >");
  REQUIRE(m.params.size() == 1);
  CHECK(m.params[0].type == "const std::string &");
  CHECK(m.params[0].name == "key");
}

TEST_CASE("signature: digit separators are not character literals") {
  const Method m = Sig("void F(int n = 1'000'000, int m = 2)");
  REQUIRE(m.params.size() == 2);
  CHECK(m.params[0].default_value == "1'000'000");
}

TEST_CASE("signature: decltype in the return type is not the parameter list") {
  const Method m = Sig("decltype(f(1, 2)) G(int a)");
  CHECK(m.return_type == "decltype(f(1, 2))");
  CHECK(m.name == "G");
  CHECK(m.params.size() == 1);
}

TEST_CASE("signature: trailing const and noexcept") {
  CHECK(Sig("int Size() const").qualifiers == "const");
  CHECK(Sig("int Size() noexcept").qualifiers == "noexcept");
  CHECK(Sig("int Size()   const   noexcept ").qualifiers == "const noexcept");
  CHECK(Sig("int Size()").qualifiers.empty());
}

TEST_CASE("signature errors say what and where") {
  auto check = [](const std::string& text, const std::string& message, std::size_t offset) {
    const SyntaxError e = SigError(text);
    CHECK_THAT(e.message, Equals(message));
    CHECK(e.offset == offset);
  };
  check("", "the signature is empty", 0);
  check("void Claim", "expected a parameter list: [return type] Name(parameters)", 10);
  check("(int a)", "expected the method name before '('", 0);
  check("void F(int a", "unbalanced brackets: '(' is never closed", 6);
  check("void F(int a))", "unbalanced brackets: ')' has no opening bracket", 13);
  check("void F(std::vector<int] a)", "unbalanced brackets: '<' is never closed", 18);
  check("void F(std::map<int, int x)", "unbalanced brackets: '<' is never closed", 15);
  check("void F(std::string s = \"a)", "unterminated string literal (no closing '\"')", 23);
  check("void my-method(int a)", "method name 'my-method' is not a C++ identifier", 5);
  check("void my- method(int a)", "the return type 'void my-' is not a C++ type", 0);
  check("void A::F()", "the method name must be a plain name (no 'Class::', no '~')", 8);
  check("virtual void F()",
        "'virtual' is not needed: every method becomes a pure virtual function of the "
        "generated interface",
        0);
  check("static int F()", "'static' is not allowed in a method signature", 0);
  check("void F(int a, )", "parameter 2 is empty", 13);
  check("void F(int a =)", "parameter 1 has '=' but no default value", 13);
  check("void F(= 3)", "parameter 1 has no type", 7);
  check("void F(int a = 1, int b)", "parameter 2 needs a default value because parameter 1 has one", 18);
  check("void F(int a, long a)", "parameter 2: the name 'a' is used twice", 14);
  check("void F(int new)", "parameter 1: 'new' is a C++ keyword and cannot be a parameter name", 11);
  check("void F(int a, ...)", "variadic parameters ('...') are not supported", 14);
  check("void F(int a[3])", "parameter 1: array parameters are not supported; use std::array or std::vector",
        7);
  check("void F(void (*cb)(int))",
        "parameter 1: function declarators are not supported; use std::function<...> or a "
        "type alias",
        7);
  check("int F() = 0",
        "unexpected '=' after the parameter list (only 'const' and then 'noexcept' may follow)", 8);
  check("int F() noexcept const",
        "unexpected 'const' after the parameter list (only 'const' and then 'noexcept' may "
        "follow)",
        17);
  check("auto F() -> int",
        "unexpected '->' after the parameter list (only 'const' and then 'noexcept' may "
        "follow)",
        9);
}

TEST_CASE("signature errors keep the method name when it can be read") {
  CHECK(ParseSignature("void Broken(std::map<int, int x)").name_hint == "Broken");
  CHECK(ParseSignature("void Broken(int a").name_hint == "Broken");
  CHECK(ParseSignature("void Broken(int a, )").name_hint == "Broken");
}

TEST_CASE("CanonicalParameterType compares types as overloading does") {
  CHECK(CanonicalParameterType("const int") == "int");
  CHECK(CanonicalParameterType("int const") == "int");
  CHECK(CanonicalParameterType("const std::string") == "std::string");
  CHECK(CanonicalParameterType("int* const") == "int*");
  CHECK(CanonicalParameterType("const int*") == "const int*");
  CHECK(CanonicalParameterType("const int&") == "const int&");
  CHECK(CanonicalParameterType("std::map< std::string ,int >") == "std::map<std::string,int>");
  CHECK(CanonicalParameterType("std::vector<const int>") == "std::vector<const int>");
  CHECK(CanonicalParameterType("unsigned   long") == "unsigned long");
}

TEST_CASE("call: method and top-level arguments") {
  const CallParse parsed = ParseCall(R"~(Enqueue(ctx, "S_LOW", 1, 1, {}))~");
  REQUIRE(parsed.call);
  CHECK(parsed.call->method == "Enqueue");
  CHECK_THAT(parsed.call->args, Equals(Strings{"ctx", "\"S_LOW\"", "1", "1", "{}"}));
}

TEST_CASE("call: no arguments") {
  CHECK(Args("Claim()").empty());
  CHECK(Args("  Claim (  )  ").empty());
}

TEST_CASE("call: brackets, templates and literals keep their commas") {
  CHECK_THAT(Args("F(std::pair<int, int>{1, 2}, x)"), Equals(Strings{"std::pair<int, int>{1, 2}", "x"}));
  CHECK_THAT(Args("F(std::vector<std::vector<int>>{{1}, {2, 3}}, 2)"),
             Equals(Strings{"std::vector<std::vector<int>>{{1}, {2, 3}}", "2"}));
  CHECK_THAT(Args(R"~(F("a, b", 'c', ',', ")", "(", R"x(,")x"))~"),
             Equals(Strings{R"~("a, b")~", "'c'", "','", R"~(")")~", R"~("(")~", R"~(R"x(,")x")~"}));
  CHECK_THAT(Args("F({1, {2, 3}}, [](int a, int b) { return a < b; }, g(1, 2), v[1, 2])"),
             Equals(Strings{"{1, {2, 3}}", "[](int a, int b) { return a < b; }", "g(1, 2)", "v[1, 2]"}));
}

TEST_CASE("call: a '<' that is never closed is a less-than") {
  CHECK_THAT(Args("F(a < b, c)"), Equals(Strings{"a < b", "c"}));
  CHECK_THAT(Args("F(1 < 2, 3 > 2)"), Equals(Strings{"1 < 2", "3 > 2"}));
  CHECK_THAT(Args("F(x >> 2, y << 1, p->z, n >= 1)"), Equals(Strings{"x >> 2", "y << 1", "p->z", "n >= 1"}));
  CHECK_THAT(Args("F(1'000, 'x')"), Equals(Strings{"1'000", "'x'"}));
}

TEST_CASE("call errors say what and where") {
  auto check = [](const std::string& text, const std::string& message, std::size_t offset) {
    const SyntaxError e = CallError(text);
    CHECK_THAT(e.message, Equals(message));
    CHECK(e.offset == offset);
  };
  check("", "the call is empty", 0);
  check("   ", "the call is empty", 0);
  check("1F()", "expected a call of the form Name(arguments)", 0);
  check("Claim", "expected a call of the form Name(arguments), with '(' after 'Claim'", 5);
  check("a.b(c)", "expected a call of the form Name(arguments), with '(' after 'a'", 1);
  check("F<int>(c)", "expected a call of the form Name(arguments), with '(' after 'F'", 1);
  check("F(a", "unbalanced brackets: '(' is never closed", 1);
  check("F(a))", "unbalanced brackets: ')' has no opening bracket", 4);
  check("F(a]", "unbalanced brackets: ']' does not close the '(' before it", 3);
  check("F({a)}", "unbalanced brackets: ')' does not close the '{' before it", 4);
  check("F(\"a)", "unterminated string literal (no closing '\"')", 2);
  check("F('a)", "unterminated character literal (no closing ''')", 2);
  check("F(R\"x(a)\")", "unterminated raw string literal", 3);
  check("F(a) extra", "unexpected text 'extra' after the call's closing ')'", 5);
  check("F(a); G(b)", "unexpected text '; G(b)' after the call's closing ')'", 4);
  check("F(a, )", "argument 2 is empty", 4);
  check("F(, a)", "argument 1 is empty", 2);
}
