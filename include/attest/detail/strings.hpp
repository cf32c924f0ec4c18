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

}  // namespace attest::detail
