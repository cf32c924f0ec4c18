// Renders values and types for failure messages: `require::Equal` shows both sides,
// `get<T>` names the stored and the requested type.
#pragma once

#include <array>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <iterator>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>

#if __has_include(<cxxabi.h>)
#include <cxxabi.h>
#define ATTEST_DST_HAS_CXXABI 1
#endif

namespace attest::dst::detail {

// The readable name of a type: "long", "std::vector<int, std::allocator<int> >".
inline std::string Demangle(const char* mangled) {
#ifdef ATTEST_DST_HAS_CXXABI
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(mangled, nullptr, nullptr, &status),
                                              std::free);
  if (status == 0 && name) {
    std::string text = name.get();
    // The full spelling of std::string helps nobody reading a failure.
    const std::string_view verbose =
        "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >";
    for (auto at = text.find(verbose); at != std::string::npos; at = text.find(verbose)) {
      text.replace(at, verbose.size(), "std::string");
    }
    return text;
  }
#endif
  return mangled;
}

template <class T>
std::string TypeName() {
  return Demangle(typeid(T).name());
}

// The type of the exception being handled, inside a catch (...) block.
inline std::string CurrentExceptionTypeName() {
#ifdef ATTEST_DST_HAS_CXXABI
  if (const std::type_info* type = abi::__cxa_current_exception_type()) {
    return Demangle(type->name());
  }
#endif
  return "unknown type";
}

inline std::string QuoteText(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out.push_back(c);
    }
  }
  out += '"';
  return out;
}

template <class T>
concept Streamable = requires(std::ostream& os, const T& value) {
  os << value;
};

template <class T>
concept StringLike = std::convertible_to<const T&, std::string_view>;

template <class T>
concept Range = requires(const T& value) {
  std::begin(value);
  std::end(value);
};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T>
struct IsPair : std::false_type {};
template <class A, class B>
struct IsPair<std::pair<A, B>> : std::true_type {};

inline constexpr std::size_t kMaxDescribedElements = 20;

// A short text for a value of any type; types with no way to print show their type.
template <class T>
std::string Describe(const T& value) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, std::nullptr_t>) {
    return "nullptr";
  } else if constexpr (std::is_same_v<U, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_same_v<U, char>) {
    return std::string("'") + value + "'";
  } else if constexpr (StringLike<U>) {
    if constexpr (std::is_pointer_v<U>) {
      if (value == nullptr) return "nullptr";
    }
    return QuoteText(std::string_view(value));
  } else if constexpr (std::is_floating_point_v<U>) {
    std::array<char, 64> buffer{};
    auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return error == std::errc() ? std::string(buffer.data(), end) : std::string("?");
  } else if constexpr (std::is_integral_v<U>) {
    return std::to_string(value);
  } else if constexpr (std::is_enum_v<U>) {
    return TypeName<U>() + "(" + std::to_string(static_cast<std::underlying_type_t<U>>(value)) + ")";
  } else if constexpr (IsOptional<U>::value) {
    return value ? Describe(*value) : std::string("nullopt");
  } else if constexpr (IsPair<U>::value) {
    return "(" + Describe(value.first) + ", " + Describe(value.second) + ")";
  } else if constexpr (Streamable<U>) {
    std::ostringstream out;
    out << value;
    return out.str();
  } else if constexpr (Range<U>) {
    std::string out = "[";
    std::size_t count = 0;
    for (const auto& element : value) {
      if (count > 0) out += ", ";
      if (count == kMaxDescribedElements) {
        out += "...";
        break;
      }
      out += Describe(element);
      ++count;
    }
    return out + "]";
  } else {
    return "<" + TypeName<U>() + ">";
  }
}

// The message of the exception being handled, inside a catch (...) block.
inline std::string CurrentExceptionText() {
  try {
    throw;
  } catch (const std::exception& error) {
    return error.what();
  } catch (...) {
    return "exception of type " + CurrentExceptionTypeName() + " (not a std::exception)";
  }
}

}  // namespace attest::dst::detail

#undef ATTEST_DST_HAS_CXXABI
