#include "cpp_syntax.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "cpp_names.hpp"

namespace attest::dst::gen {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsOpener(char c) { return c == '(' || c == '[' || c == '{'; }
bool IsCloser(char c) { return c == ')' || c == ']' || c == '}'; }
char CloserOf(char opener) {
  switch (opener) {
    case '(': return ')';
    case '[': return ']';
    case '{': return '}';
    default: return '>';
  }
}

std::string Quote(char c) { return std::string("'") + c + "'"; }

SyntaxError Err(std::string message, std::size_t offset) { return SyntaxError{std::move(message), offset}; }

// [begin, end) with surrounding whitespace removed.
std::pair<std::size_t, std::size_t> Trim(std::string_view t, std::size_t begin, std::size_t end) {
  while (begin < end && IsSpace(t[begin])) ++begin;
  while (end > begin && IsSpace(t[end - 1])) --end;
  return {begin, end};
}

// Runs of whitespace become one space: "std::map<int,   int>" and a type folded over two
// YAML lines read the same.
std::string CollapseSpaces(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// The bracket structure of a piece of C++: which bytes are code (not inside a literal),
// the nesting depth of each code byte and, for each opening bracket, its closer.
struct Layout {
  std::vector<bool> code;
  std::vector<int> depth;  // depth outside the bracket for brackets themselves
  std::vector<std::size_t> match;
};

// A single quote right after a number is a digit separator (1'000), not a char literal.
bool IsDigitSeparator(std::string_view t, std::size_t i) {
  if (i == 0 || !IsIdentChar(t[i - 1])) return false;
  std::size_t start = i;
  while (start > 0 && (IsIdentChar(t[start - 1]) || t[start - 1] == '\'' || t[start - 1] == '.')) --start;
  return t[start] >= '0' && t[start] <= '9';
}

// A '"' preceded by R (itself preceded by an optional u8/u/U/L prefix) opens a raw string.
bool IsRawStringQuote(std::string_view t, std::size_t i) {
  if (i == 0 || t[i - 1] != 'R') return false;
  std::size_t start = i - 1;
  while (start > 0 && IsIdentChar(t[start - 1])) --start;
  const std::string_view prefix = t.substr(start, i - start);
  return prefix == "R" || prefix == "u8R" || prefix == "uR" || prefix == "UR" || prefix == "LR";
}

std::optional<SyntaxError> MarkLiterals(std::string_view t, std::vector<bool>& code) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c != '"' && c != '\'') continue;
    if (c == '\'' && IsDigitSeparator(t, i)) continue;
    std::size_t end = kNone;
    if (c == '"' && IsRawStringQuote(t, i)) {
      const std::size_t paren = t.find('(', i + 1);
      if (paren != kNone) {
        const std::string terminator = ")" + std::string(t.substr(i + 1, paren - i - 1)) + "\"";
        const std::size_t found = t.find(terminator, paren + 1);
        if (found != kNone) end = found + terminator.size() - 1;
      }
      if (end == kNone) return Err("unterminated raw string literal", i);
    } else {
      for (std::size_t j = i + 1; j < t.size(); ++j) {
        if (t[j] == '\\') {
          ++j;
        } else if (t[j] == c) {
          end = j;
          break;
        }
      }
      if (end == kNone) {
        return Err(c == '"' ? "unterminated string literal (no closing '\"')"
                            : "unterminated character literal (no closing ''')",
                   i);
      }
    }
    for (std::size_t j = i; j <= end; ++j) code[j] = false;
    i = end;
  }
  return std::nullopt;
}

// Decides which '<' and '>' are template brackets (see the header comment). In a
// signature (`strict`) a '<' after a name is always a template bracket, so one left open
// is an error rather than a less-than.
std::optional<SyntaxError> FindAngleBrackets(std::string_view t, const std::vector<bool>& code, bool strict,
                                             std::vector<bool>& angle) {
  angle.assign(t.size(), false);
  auto unclosed = [&](std::size_t at) { return Err("unbalanced brackets: '<' is never closed", at); };
  std::vector<std::pair<char, std::size_t>> stack;
  auto previous_code = [&](std::size_t i) -> std::size_t {
    while (i > 0) {
      --i;
      if (code[i] && !IsSpace(t[i])) return i;
      if (!code[i]) return kNone;  // right after a literal: an operator
    }
    return kNone;
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!code[i]) continue;
    const char c = t[i];
    const char next = i + 1 < t.size() ? t[i + 1] : '\0';
    if (IsOpener(c)) {
      stack.emplace_back(c, i);
    } else if (c == '<') {
      const std::size_t p = previous_code(i);
      if (next == '<' || next == '=' || p == kNone || !IsIdentChar(t[p])) continue;
      std::size_t word = p;
      while (word > 0 && IsIdentChar(t[word - 1])) --word;
      if (!IsIdentStart(t[word])) continue;  // a number: 1 < 2
      stack.emplace_back('<', i);
    } else if (c == '>') {
      if ((i > 0 && t[i - 1] == '-') || next == '=') continue;  // -> and >=
      if (!stack.empty() && stack.back().first == '<') {
        angle[stack.back().second] = true;
        angle[i] = true;
        stack.pop_back();
      }
    } else if (IsCloser(c)) {
      if (strict && !stack.empty() && stack.back().first == '<') {
        return unclosed(stack.back().second);
      }
      while (!stack.empty() && stack.back().first == '<') stack.pop_back();
      if (!stack.empty() && CloserOf(stack.back().first) == c) stack.pop_back();
    }
  }
  for (const auto& [opener, at] : stack) {
    if (strict && opener == '<') return unclosed(at);
  }
  return std::nullopt;
}

std::optional<SyntaxError> MakeLayout(std::string_view t, bool strict, Layout& layout) {
  layout.code.assign(t.size(), true);
  layout.depth.assign(t.size(), 0);
  layout.match.assign(t.size(), kNone);
  if (auto error = MarkLiterals(t, layout.code)) return error;
  std::vector<bool> angle;
  if (auto error = FindAngleBrackets(t, layout.code, strict, angle)) return error;
  std::vector<std::size_t> open;  // indexes of open brackets
  for (std::size_t i = 0; i < t.size(); ++i) {
    layout.depth[i] = static_cast<int>(open.size());
    if (!layout.code[i]) continue;
    const char c = t[i];
    if (IsOpener(c) || (c == '<' && angle[i])) {
      open.push_back(i);
    } else if (IsCloser(c) || (c == '>' && angle[i])) {
      if (open.empty()) {
        return Err("unbalanced brackets: " + Quote(c) + " has no opening bracket", i);
      }
      const char opener = t[open.back()];
      if (CloserOf(opener) != c) {
        return Err("unbalanced brackets: " + Quote(c) + " does not close the " + Quote(opener) + " before it",
                   i);
      }
      layout.match[open.back()] = i;
      open.pop_back();
      layout.depth[i] = static_cast<int>(open.size());
    }
  }
  if (!open.empty()) {
    return Err("unbalanced brackets: " + Quote(t[open.back()]) + " is never closed", open.back());
  }
  return std::nullopt;
}

// The [begin, end) ranges between the code commas at `depth` inside [begin, end).
std::vector<std::pair<std::size_t, std::size_t>> SplitAtCommas(std::string_view t, const Layout& layout,
                                                               std::size_t begin, std::size_t end,
                                                               int depth) {
  std::vector<std::pair<std::size_t, std::size_t>> pieces;
  std::size_t start = begin;
  for (std::size_t i = begin; i < end; ++i) {
    if (layout.code[i] && t[i] == ',' && layout.depth[i] == depth) {
      pieces.emplace_back(start, i);
      start = i + 1;
    }
  }
  pieces.emplace_back(start, end);
  return pieces;
}

bool IsBlank(std::string_view t, std::size_t begin, std::size_t end) {
  const auto [b, e] = Trim(t, begin, end);
  return b == e;
}

// Words that are part of a type, never a parameter name: in `unsigned int`, `int` is not
// the name of an `unsigned`.
bool IsTypeWord(std::string_view word) {
  static constexpr std::array<std::string_view, 17> kTypeWords = {
      "auto", "bool", "char",  "char16_t", "char32_t", "char8_t", "const",    "double", "float",
      "int",  "long", "short", "signed",   "unsigned", "void",    "volatile", "wchar_t"};
  return std::find(kTypeWords.begin(), kTypeWords.end(), word) != kTypeWords.end();
}

// True when `text` holds only words that cannot be a type alone (`const`, `struct`, ...),
// so the identifier after it must be the type: `const Foo` declares an unnamed Foo.
bool OnlyQualifierWords(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kQualifiers = {"class",    "const", "enum",    "struct",
                                                                  "typename", "union", "volatile"};
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && !IsSpace(text[j])) ++j;
    if (j > i &&
        std::find(kQualifiers.begin(), kQualifiers.end(), text.substr(i, j - i)) == kQualifiers.end())
      return false;
    i = j;
  }
  return true;
}

std::string Ordinal(std::size_t index) { return "parameter " + std::to_string(index + 1); }

std::optional<SyntaxError> ParseParameter(std::string_view t, const Layout& layout, std::size_t begin,
                                          std::size_t end, std::size_t index, Parameter& param) {
  const auto [b, e] = Trim(t, begin, end);
  if (b == e) return Err(Ordinal(index) + " is empty", begin);
  if (t.substr(b, e - b) == "...") {
    return Err("variadic parameters ('...') are not supported", b);
  }
  constexpr int depth = 1;  // inside the parameter list's parentheses
  std::size_t decl_end = e;
  for (std::size_t i = b; i < e; ++i) {
    if (!layout.code[i] || t[i] != '=' || layout.depth[i] != depth) continue;
    const char prev = i > 0 ? t[i - 1] : '\0';
    const char next = i + 1 < t.size() ? t[i + 1] : '\0';
    if (next == '=' || prev == '=' || prev == '!' || prev == '<' || prev == '>') continue;
    const auto [db, de] = Trim(t, i + 1, e);
    if (db == de) return Err(Ordinal(index) + " has '=' but no default value", i);
    param.default_value = std::string(t.substr(db, de - db));
    decl_end = i;
    break;
  }
  const auto [db, de] = Trim(t, b, decl_end);
  if (db == de) return Err(Ordinal(index) + " has no type", b);
  if (t[de - 1] == ']') {
    return Err(Ordinal(index) +
                   ": array parameters are not supported; use std::array or "
                   "std::vector",
               db);
  }
  if (t[de - 1] == ')') {
    return Err(Ordinal(index) +
                   ": function declarators are not supported; use "
                   "std::function<...> or a type alias",
               db);
  }
  std::size_t word = de;
  while (word > db && IsIdentChar(t[word - 1])) --word;
  if (word < de && IsIdentStart(t[word])) {
    const std::string_view name = t.substr(word, de - word);
    const auto [pb, pe] = Trim(t, db, word);
    const std::string_view prefix = t.substr(pb, pe - pb);
    const bool qualified = prefix.size() >= 2 && prefix.substr(prefix.size() - 2) == "::";
    if (!prefix.empty() && !qualified && !IsTypeWord(name) && !OnlyQualifierWords(prefix)) {
      if (IsKeyword(name)) {
        return Err(
            Ordinal(index) + ": '" + std::string(name) + "' is a C++ keyword and cannot be a parameter name",
            word);
      }
      param.name = std::string(name);
      param.type = CollapseSpaces(prefix);
      return std::nullopt;
    }
  }
  param.type = CollapseSpaces(t.substr(db, de - db));
  return std::nullopt;
}

// The position of the '(' that opens the parameter list: the first one at top level that
// does not belong to decltype(...) in the return type.
std::size_t FindParameterList(std::string_view t, const Layout& layout) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!layout.code[i] || t[i] != '(' || layout.depth[i] != 0) continue;
    std::size_t end = i;
    while (end > 0 && IsSpace(t[end - 1])) --end;
    std::size_t start = end;
    while (start > 0 && IsIdentChar(t[start - 1])) --start;
    const std::string_view word = t.substr(start, end - start);
    if (word == "decltype" || word == "alignof" || word == "sizeof") {
      i = layout.match[i];
      continue;
    }
    return i;
  }
  return kNone;
}

// The identifier right before the first '(', for callers to know which method a broken
// signature or call meant.
std::string NameBeforeFirstParen(std::string_view t) {
  std::size_t paren = t.find('(');
  if (paren == kNone) paren = t.size();
  std::size_t end = paren;
  while (end > 0 && IsSpace(t[end - 1])) --end;
  std::size_t start = end;
  while (start > 0 && IsIdentChar(t[start - 1])) --start;
  const std::string_view word = t.substr(start, end - start);
  return IsIdentifier(word) ? std::string(word) : std::string();
}

std::optional<SyntaxError> CheckSpecifiers(std::string_view return_type, std::size_t offset) {
  static constexpr std::array<std::string_view, 9> kSpecifiers = {
      "consteval", "constexpr", "explicit", "extern", "friend", "inline", "mutable", "static", "virtual"};
  std::size_t end = 0;
  while (end < return_type.size() && IsIdentChar(return_type[end])) ++end;
  const std::string_view first = return_type.substr(0, end);
  if (first == "virtual") {
    return Err(
        "'virtual' is not needed: every method becomes a pure virtual function of the "
        "generated interface",
        offset);
  }
  if (std::find(kSpecifiers.begin(), kSpecifiers.end(), first) != kSpecifiers.end()) {
    return Err("'" + std::string(first) + "' is not allowed in a method signature", offset);
  }
  return std::nullopt;
}

std::optional<SyntaxError> ParseQualifiers(std::string_view t, std::size_t begin, std::size_t end,
                                           std::string& qualifiers) {
  std::vector<std::pair<std::string_view, std::size_t>> words;
  for (std::size_t i = begin; i < end;) {
    while (i < end && IsSpace(t[i])) ++i;
    std::size_t j = i;
    while (j < end && !IsSpace(t[j])) ++j;
    if (j > i) words.emplace_back(t.substr(i, j - i), i);
    i = j;
  }
  std::size_t next = 0;
  if (next < words.size() && words[next].first == "const") {
    qualifiers = "const";
    ++next;
  }
  if (next < words.size() && words[next].first == "noexcept") {
    qualifiers += qualifiers.empty() ? "noexcept" : " noexcept";
    ++next;
  }
  if (next < words.size()) {
    return Err("unexpected '" + std::string(words[next].first) +
                   "' after the parameter list (only 'const' and then 'noexcept' may follow)",
               words[next].second);
  }
  return std::nullopt;
}

}  // namespace

SignatureParse ParseSignature(std::string_view t) {
  SignatureParse result;
  auto fail = [&](SyntaxError error) {
    result.error = std::move(error);
    return result;
  };
  const auto [b, e] = Trim(t, 0, t.size());
  if (b == e) return fail(Err("the signature is empty", 0));
  Layout layout;
  if (auto error = MakeLayout(t, /*strict=*/true, layout)) {
    result.name_hint = NameBeforeFirstParen(t);
    return fail(std::move(*error));
  }
  const std::size_t open = FindParameterList(t, layout);
  if (open == kNone) {
    result.name_hint = NameBeforeFirstParen(t);
    return fail(Err("expected a parameter list: [return type] Name(parameters)", e));
  }
  std::size_t name_end = open;
  while (name_end > b && IsSpace(t[name_end - 1])) --name_end;
  std::size_t name_start = name_end;
  while (name_start > b && IsIdentChar(t[name_start - 1])) --name_start;
  if (name_start == name_end || !IsIdentStart(t[name_start])) {
    return fail(Err("expected the method name before '('", open));
  }
  Method method;
  method.name = std::string(t.substr(name_start, name_end - name_start));
  result.name_hint = method.name;
  const auto [rb, re] = Trim(t, b, name_start);
  const std::string_view return_type = t.substr(rb, re - rb);
  if (!return_type.empty() && (return_type.back() == ':' || return_type.back() == '~')) {
    return fail(Err("the method name must be a plain name (no 'Class::', no '~')", name_start));
  }
  if (!return_type.empty()) {
    // `void my-method()` must not read as a method `method` returning `void my-`.
    const char last = return_type.back();
    if (!IsIdentChar(last) && last != '>' && last != '*' && last != '&' && last != ')') {
      if (IsSpace(t[name_start - 1])) {
        return fail(Err("the return type '" + std::string(return_type) + "' is not a C++ type", rb));
      }
      std::size_t token = name_start;
      while (token > rb && !IsSpace(t[token - 1])) --token;
      return fail(
          Err("method name '" + std::string(t.substr(token, name_end - token)) + "' is not a C++ identifier",
              token));
    }
  }
  if (auto error = CheckSpecifiers(return_type, rb)) return fail(std::move(*error));
  method.return_type = return_type.empty() ? "void" : CollapseSpaces(return_type);

  const std::size_t close = layout.match[open];
  if (!IsBlank(t, open + 1, close)) {
    const auto pieces = SplitAtCommas(t, layout, open + 1, close, 1);
    const auto [vb, ve] = Trim(t, open + 1, close);
    if (pieces.size() > 1 || t.substr(vb, ve - vb) != "void") {
      for (std::size_t i = 0; i < pieces.size(); ++i) {
        Parameter param;
        if (auto error = ParseParameter(t, layout, pieces[i].first, pieces[i].second, i, param)) {
          return fail(std::move(*error));
        }
        if (!param.name.empty()) {
          for (const Parameter& earlier : method.params) {
            if (earlier.name == param.name) {
              return fail(Err(Ordinal(i) + ": the name '" + param.name + "' is used twice",
                              Trim(t, pieces[i].first, pieces[i].second).first));
            }
          }
        }
        if (!param.default_value && !method.params.empty() && method.params.back().default_value) {
          return fail(Err(Ordinal(i) + " needs a default value because " + Ordinal(i - 1) + " has one",
                          Trim(t, pieces[i].first, pieces[i].second).first));
        }
        method.params.push_back(std::move(param));
      }
    }
  }
  if (auto error = ParseQualifiers(t, close + 1, e, method.qualifiers)) {
    return fail(std::move(*error));
  }
  result.method = std::move(method);
  return result;
}

CallParse ParseCall(std::string_view t) {
  CallParse result;
  auto fail = [&](SyntaxError error) {
    result.error = std::move(error);
    return result;
  };
  const auto [b, e] = Trim(t, 0, t.size());
  if (b == e) return fail(Err("the call is empty", 0));
  if (!IsIdentStart(t[b])) return fail(Err("expected a call of the form Name(arguments)", b));
  std::size_t name_end = b;
  while (name_end < e && IsIdentChar(t[name_end])) ++name_end;
  Call call;
  call.method = std::string(t.substr(b, name_end - b));
  result.name_hint = call.method;
  std::size_t open = name_end;
  while (open < e && IsSpace(t[open])) ++open;
  if (open == e || t[open] != '(') {
    return fail(
        Err("expected a call of the form Name(arguments), with '(' after '" + call.method + "'", open));
  }
  Layout layout;
  if (auto error = MakeLayout(t, /*strict=*/false, layout)) return fail(std::move(*error));
  const std::size_t close = layout.match[open];
  const auto [rest, rest_end] = Trim(t, close + 1, e);
  if (rest != rest_end) {
    return fail(Err(
        "unexpected text '" + std::string(t.substr(rest, rest_end - rest)) + "' after the call's closing ')'",
        rest));
  }
  if (!IsBlank(t, open + 1, close)) {
    const auto pieces = SplitAtCommas(t, layout, open + 1, close, 1);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const auto [ab, ae] = Trim(t, pieces[i].first, pieces[i].second);
      if (ab == ae) {
        return fail(Err("argument " + std::to_string(i + 1) + " is empty", pieces[i].first));
      }
      call.args.emplace_back(t.substr(ab, ae - ab));
    }
  }
  result.call = std::move(call);
  return result;
}

std::string CanonicalParameterType(std::string_view type) {
  // Tokens: words (identifiers, numbers) and single punctuation characters, each with its
  // bracket depth.
  struct Token {
    std::string text;
    int depth;
  };
  std::vector<Token> tokens;
  int depth = 0;
  for (std::size_t i = 0; i < type.size();) {
    const char c = type[i];
    if (IsSpace(c)) {
      ++i;
    } else if (IsIdentChar(c)) {
      std::size_t j = i;
      while (j < type.size() && IsIdentChar(type[j])) ++j;
      tokens.push_back({std::string(type.substr(i, j - i)), depth});
      i = j;
    } else {
      if (IsCloser(c) || c == '>') --depth;
      tokens.push_back({std::string(1, c), depth});
      if (IsOpener(c) || c == '<') ++depth;
      ++i;
    }
  }
  // Top-level cv: anywhere when the type has no top-level declarator, else after the last
  // top-level '*' (`int* const`); `const int&` and `const int*` keep theirs.
  std::size_t first_top_level_cv = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].depth == 0 && (tokens[i].text == "*" || tokens[i].text == "&")) {
      first_top_level_cv = tokens[i].text == "*" ? i + 1 : tokens.size();
    }
  }
  std::string out;
  bool previous_is_word = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (i >= first_top_level_cv && token.depth == 0 && (token.text == "const" || token.text == "volatile"))
      continue;
    const bool is_word = IsIdentChar(token.text.front());
    if (is_word && previous_is_word) out += ' ';
    out += token.text;
    previous_is_word = is_word;
  }
  return out;
}

}  // namespace attest::dst::gen
