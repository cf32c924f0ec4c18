// Small string helpers shared by every layer's messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace attest::detail {

// "a, b, c": the one way attest lists names in messages.
inline std::string Join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += separator;
    out += items[i];
  }
  return out;
}

// "n1,,n3" -> {"n1", "", "n3"}: every item, empty ones too, so that the caller can
// name the one that is wrong; "" -> {""}.
inline std::vector<std::string> SplitList(std::string_view text, char separator = ',') {
  std::vector<std::string> items;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    items.emplace_back(
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return items;
    start = end + 1;
  }
}

}  // namespace attest::detail
