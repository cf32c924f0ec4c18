// Seeds and the small, fast random generator behind Context::Random() and jitter.
//
// Everything here is specified bit for bit (SplitMix64, xoshiro256**, FNV-1a) rather
// than left to std::uniform_int_distribution, so a seed means the same schedule with
// every compiler and standard library: a failure seen in CI reproduces on a laptop.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "attest/error.hpp"

namespace attest::dst {

// A UniformRandomBitGenerator (xoshiro256**), cheap to seed and copy, so every actor of
// every step can own one. Works with the <random> distributions.
class RandomGenerator {
 public:
  using result_type = std::uint64_t;
  explicit RandomGenerator(std::uint64_t seed = 0) noexcept;
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }
  result_type operator()() noexcept;
  // A value in [0, bound); 0 when bound is 0. Slightly biased for huge bounds, which
  // does not matter for test schedules and keeps the result portable.
  std::uint64_t Below(std::uint64_t bound) noexcept { return bound == 0 ? 0 : (*this)() % bound; }

 private:
  std::uint64_t state_[4];
};

namespace detail {

inline constexpr std::string_view kSeedVariable = "ATTEST_DST_SEED";

inline constexpr std::uint64_t SplitMix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Combines a seed with a value into a new, well-spread seed.
inline constexpr std::uint64_t MixSeed(std::uint64_t seed, std::uint64_t value) noexcept {
  std::uint64_t state = seed ^ (value * 0xd1342543de82ef95ULL);
  return SplitMix64(state);
}

inline constexpr std::uint64_t Fnv1a(std::string_view text) noexcept {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// A fresh seed for runs that were given none.
inline std::uint64_t RandomSeed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

// Parses a seed as printed in failure messages (decimal; 0x-prefixed hex accepted).
inline std::optional<std::uint64_t> ParseSeed(std::string_view text) {
  if (text.empty() || text.front() == '-' || text.front() == '+' || text.front() == ' ') {
    return std::nullopt;
  }
  std::string copy(text);
  char* end = nullptr;
  errno = 0;
  unsigned long long value = std::strtoull(copy.c_str(), &end, 0);
  if (errno != 0 || end == copy.c_str() || *end != '\0') return std::nullopt;
  return static_cast<std::uint64_t>(value);
}

// ATTEST_DST_SEED, when set, overrides every other seed. A malformed value is an error
// rather than silently ignored: the user asked for a specific run.
inline std::optional<std::uint64_t> SeedFromEnvironment() {
  const char* value = std::getenv(std::string(kSeedVariable).c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  if (auto seed = ParseSeed(value)) return seed;
  throw UsageError(std::string(kSeedVariable) + "=\"" + value +
                   "\" is not a seed: expected an unsigned 64-bit integer such as 12345");
}

}  // namespace detail

inline RandomGenerator::RandomGenerator(std::uint64_t seed) noexcept {
  for (auto& word : state_) word = detail::SplitMix64(seed);
}

inline RandomGenerator::result_type RandomGenerator::operator()() noexcept {
  auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

}  // namespace attest::dst
